import LanternLanguage

/// Fragments Must Be Used (§5.5.1.4): every fragment is reachable from some operation.
enum NoUnusedFragmentsRule {
    static func check(_ context: inout ValidationContext) {
        var used: Set<String> = []
        for operation in context.document.operations {
            for fragment in context.referencedFragments(of: operation) {
                used.insert(fragment.name.value)
            }
        }
        for case .fragment(let fragment) in context.document.definitions where !used.contains(fragment.name.value) {
            context.report("Fragment \"\(fragment.name.value)\" is never used.", [fragment.span])
        }
    }
}
