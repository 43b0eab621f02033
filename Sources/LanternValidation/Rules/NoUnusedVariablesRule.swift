import LanternLanguage

/// All Variables Used (§5.8.4).
enum NoUnusedVariablesRule {
    static func check(_ context: inout ValidationContext, usages: [Int: [VariableUsage]]) {
        for operation in context.document.operations {
            let used = Set(NoUndefinedVariablesRule.recursiveUsages(operation, usages: usages, context).map(\.name))
            for definition in operation.variableDefinitions where !used.contains(definition.variable.name.value) {
                let name = definition.variable.name.value
                let message = operation.name.map { "Variable \"$\(name)\" is never used in operation \"\($0.value)\"." }
                    ?? "Variable \"$\(name)\" is never used."
                context.report(message, [definition.span])
            }
        }
    }
}
