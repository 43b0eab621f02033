import LanternLanguage

/// All Variable Uses Defined (§5.8.3): through every fragment an operation reaches.
enum NoUndefinedVariablesRule {
    static func check(_ context: inout ValidationContext, usages: [Int: [VariableUsage]]) {
        for operation in context.document.operations {
            let defined = Set(operation.variableDefinitions.map(\.variable.name.value))
            for usage in recursiveUsages(operation, usages: usages, context) where !defined.contains(usage.name) {
                let message = operation.name.map { "Variable \"$\(usage.name)\" is not defined by operation \"\($0.value)\"." }
                    ?? "Variable \"$\(usage.name)\" is not defined."
                context.report(message, [usage.span, operation.span])
            }
        }
    }

    static func recursiveUsages(_ operation: OperationDefinition, usages: [Int: [VariableUsage]], _ context: ValidationContext) -> [VariableUsage] {
        var result = usages[operation.span.start] ?? []
        for fragment in context.referencedFragments(of: operation) {
            result += usages[fragment.span.start] ?? []
        }
        return result
    }
}
