import LanternLanguage

/// Fragment Spread Target Defined (§5.5.2.1).
enum KnownFragmentNamesRule {
    static func check(_ spread: FragmentSpread, _ context: inout ValidationContext) {
        if context.fragments[spread.name.value] == nil {
            context.report("Unknown fragment \"\(spread.name.value)\".", [spread.name.span])
        }
    }
}
