import LanternLanguage

/// Not in the spec, recommended by graphql-js: an introspection query may nest `fields`,
/// `interfaces`, `possibleTypes` and `inputFields` at most `maxDepth` deep, so a client cannot
/// make the server expand the schema combinatorially.
enum MaxIntrospectionDepthRule {
    static let listFields: Set<String> = ["fields", "interfaces", "possibleTypes", "inputFields"]

    static func check(_ context: inout ValidationContext, maxDepth: Int) {
        for operation in context.document.operations {
            var visited: Set<String> = []
            var withinLimit: Set<FragmentAtDepth> = []
            if exceeds(operation.selectionSet, depth: 0, maxDepth: maxDepth, context, &visited, &withinLimit) {
                context.report("Maximum introspection depth exceeded", [operation.span])
            }
        }
    }

    /// A fragment entered at a depth; once found within the limit there, it is not walked again,
    /// so a chain of fragments each spread twice costs linear time rather than 2^n.
    private struct FragmentAtDepth: Hashable {
        var name: String
        var depth: Int
    }

    private static func exceeds(_ selectionSet: SelectionSet, depth: Int, maxDepth: Int, _ context: ValidationContext,
                                _ visited: inout Set<String>, _ withinLimit: inout Set<FragmentAtDepth>) -> Bool {
        for selection in selectionSet.selections {
            switch selection {
            case .field(let field):
                var nextDepth = depth
                if listFields.contains(field.name.value) {
                    nextDepth += 1
                    if nextDepth >= maxDepth { return true }
                }
                if let sub = field.selectionSet, exceeds(sub, depth: nextDepth, maxDepth: maxDepth, context, &visited, &withinLimit) { return true }
            case .inlineFragment(let fragment):
                if exceeds(fragment.selectionSet, depth: depth, maxDepth: maxDepth, context, &visited, &withinLimit) { return true }
            case .fragmentSpread(let spread):
                let key = FragmentAtDepth(name: spread.name.value, depth: depth)
                guard !visited.contains(spread.name.value), !withinLimit.contains(key),
                      let fragment = context.fragments[spread.name.value] else { continue }
                visited.insert(spread.name.value)
                let result = exceeds(fragment.selectionSet, depth: depth, maxDepth: maxDepth, context, &visited, &withinLimit)
                visited.remove(spread.name.value)
                if result { return true }
                withinLimit.insert(key)
            }
        }
        return false
    }
}
