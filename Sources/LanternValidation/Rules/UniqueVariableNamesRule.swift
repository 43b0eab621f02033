import LanternLanguage

/// Variable Uniqueness (§5.8.1).
enum UniqueVariableNamesRule {
    static func check(_ context: inout ValidationContext) {
        for operation in context.document.operations {
            for (name, spans) in duplicateNames(operation.variableDefinitions.map(\.variable.name)) {
                context.report("There can be only one variable named \"$\(name)\".", spans)
            }
        }
    }
}
