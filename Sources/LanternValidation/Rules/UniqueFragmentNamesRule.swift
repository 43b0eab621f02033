import LanternLanguage

/// Fragment Name Uniqueness (§5.5.1.1).
enum UniqueFragmentNamesRule {
    static func check(_ context: inout ValidationContext) {
        var seen: [String: Span] = [:]
        for case .fragment(let fragment) in context.document.definitions {
            if let previous = seen[fragment.name.value] {
                context.report("There can be only one fragment named \"\(fragment.name.value)\".", [previous, fragment.name.span])
            } else {
                seen[fragment.name.value] = fragment.name.span
            }
        }
    }
}
