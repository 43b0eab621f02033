import LanternLanguage

/// Fragments on Composite Types (§5.5.1.3): type conditions name object, interface or union types.
enum FragmentsOnCompositeTypesRule {
    static func check(_ fragment: InlineFragment, _ context: inout ValidationContext) {
        guard let condition = fragment.typeCondition, let index = context.schema.typeIndex[condition.name.value],
              !context.schema.types[index].isComposite else { return }
        context.report("Fragment cannot condition on non composite type \"\(condition.name.value)\".", [condition.span])
    }

    static func check(_ fragment: FragmentDefinition, _ context: inout ValidationContext) {
        let condition = fragment.typeCondition
        guard let index = context.schema.typeIndex[condition.name.value], !context.schema.types[index].isComposite else { return }
        context.report("Fragment \"\(fragment.name.value)\" cannot condition on non composite type \"\(condition.name.value)\".",
                       [condition.span])
    }
}
