import LanternLanguage
import LanternSchema

/// Single Root Field (§5.2.4.1): a subscription selects exactly one root field, not an
/// introspection field, and (September 2025) uses no `@skip`/`@include` in its root selection set.
enum SingleFieldSubscriptionsRule {
    static func check(_ context: inout ValidationContext) {
        for case .operation(let operation) in context.document.definitions where operation.operation == .subscription {
            guard let root = context.schema.subscriptionType else { continue }
            var groups: [(key: String, name: String, spans: [Span])] = []
            var directives: [Span] = []
            var visited: Set<String> = []
            collect(operation.selectionSet, root: root, &context, &groups, &directives, &visited)
            let label = operation.name.map { "Subscription \"\($0.value)\"" } ?? "Anonymous Subscription"
            for span in directives {
                context.report("\(label) must not use `@skip` or `@include` directives in the top level selection.", [span])
            }
            if groups.count > 1 {
                context.report("\(label) must select only one top level field.", groups.dropFirst().flatMap(\.spans))
            }
            for group in groups where group.name.hasPrefix("__") {
                context.report("\(label) must not select an introspection top level field.", group.spans)
            }
        }
    }

    private static func collect(_ selectionSet: SelectionSet, root: Int, _ context: inout ValidationContext,
                                _ groups: inout [(key: String, name: String, spans: [Span])], _ directives: inout [Span],
                                _ visited: inout Set<String>) {
        for selection in selectionSet.selections {
            for directive in selection.directives where directive.name.value == "skip" || directive.name.value == "include" {
                directives.append(directive.span)
            }
            switch selection {
            case .field(let field):
                let key = field.responseKey
                if let index = groups.firstIndex(where: { $0.key == key }) {
                    groups[index].spans.append(field.span)
                } else {
                    groups.append((key, field.name.value, [field.span]))
                }
            case .inlineFragment(let fragment):
                if let condition = fragment.typeCondition, !applies(condition.name.value, root: root, context) { continue }
                collect(fragment.selectionSet, root: root, &context, &groups, &directives, &visited)
            case .fragmentSpread(let spread):
                guard !visited.contains(spread.name.value), let fragment = context.fragments[spread.name.value] else { continue }
                visited.insert(spread.name.value)
                if !applies(fragment.typeCondition.name.value, root: root, context) { continue }
                collect(fragment.selectionSet, root: root, &context, &groups, &directives, &visited)
            }
        }
    }

    private static func applies(_ typeName: String, root: Int, _ context: ValidationContext) -> Bool {
        guard let index = context.schema.typeIndex[typeName] else { return false }
        return index == root || context.schema.isSubType(index, root)
    }
}
