import LanternLanguage

/// Variables Are Input Types (§5.8.2).
enum VariablesAreInputTypesRule {
    static func check(_ variable: VariableDefinition, _ context: inout ValidationContext) {
        guard let type = context.typeRef(variable.type), !context.schema.types[type.namedIndex].isInputType else { return }
        context.report("Variable \"$\(variable.variable.name.value)\" cannot be non-input type \"\(variable.type)\".",
                       [variable.type.span])
    }
}
