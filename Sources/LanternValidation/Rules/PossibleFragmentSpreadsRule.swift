import LanternLanguage

/// Fragment Spread Is Possible (§5.5.2.3): the fragment's type and the parent type share a
/// possible object type.
enum PossibleFragmentSpreadsRule {
    static func check(_ fragment: InlineFragment, fragmentType: Int?, parentType: Int?, _ context: inout ValidationContext) {
        guard let fragmentType, let parentType, context.schema.types[fragmentType].isComposite,
              context.schema.types[parentType].isComposite, !context.doTypesOverlap(fragmentType, parentType) else { return }
        context.report("Fragment cannot be spread here as objects of type \"\(context.schema.types[parentType].name)\" can never be of type \"\(context.schema.types[fragmentType].name)\".",
                       [fragment.span])
    }

    static func check(_ spread: FragmentSpread, parentType: Int?, _ context: inout ValidationContext) {
        guard let parentType, let fragment = context.fragments[spread.name.value],
              let fragmentType = context.schema.typeIndex[fragment.typeCondition.name.value],
              context.schema.types[fragmentType].isComposite, !context.doTypesOverlap(fragmentType, parentType) else { return }
        context.report("Fragment \"\(spread.name.value)\" cannot be spread here as objects of type \"\(context.schema.types[parentType].name)\" can never be of type \"\(context.schema.types[fragmentType].name)\".",
                       [spread.span])
    }
}
