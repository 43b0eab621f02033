import LanternLanguage
import LanternSchema

/// All Variable Usages Are Allowed (§5.8.5): IsVariableUsageAllowed for every usage, through
/// fragments. A variable defined twice (UniqueVariableNames reports that) is checked against
/// its last definition, as graphql-js 16 does: the spec does not say which one applies.
enum VariablesInAllowedPositionRule {
    static func check(_ context: inout ValidationContext, usages: [Int: [VariableUsage]]) {
        for operation in context.document.operations {
            var definitions: [String: VariableDefinition] = [:]
            for definition in operation.variableDefinitions {
                definitions[definition.variable.name.value] = definition
            }
            for usage in NoUndefinedVariablesRule.recursiveUsages(operation, usages: usages, context) {
                guard let definition = definitions[usage.name], let locationType = usage.locationType,
                      let variableType = context.typeRef(definition.type) else { continue }
                if !isAllowed(variableType, definition.defaultValue, locationType, usage.hasLocationDefault, context) {
                    context.report("Variable \"$\(usage.name)\" of type \"\(definition.type)\" used in position expecting type \"\(context.schema.describe(locationType))\".",
                                   [definition.span, usage.span])
                }
            }
        }
    }

    static func isAllowed(_ variableType: TypeRef, _ variableDefault: LanternLanguage.Value?, _ locationType: TypeRef,
                          _ hasLocationDefault: Bool, _ context: ValidationContext) -> Bool {
        if case .nonNull(let nullableLocation) = locationType.shape, !variableType.isNonNull {
            var hasNonNullDefault = false
            if let variableDefault {
                if case .null = variableDefault {} else { hasNonNullDefault = true }
            }
            if !hasNonNullDefault && !hasLocationDefault { return false }
            return context.isSubType(variableType, nullableLocation)
        }
        return context.isSubType(variableType, locationType)
    }
}
