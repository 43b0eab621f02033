import LanternLanguage
import LanternSchema
import Synchronization

/// When the field plans of an operation can be kept with its prepared document: when no
/// `@skip`/`@include` condition reads a variable, the plans are the same for every request
/// (arguments that use variables are coerced per request), so a cached request goes from its
/// variables straight to resolvers.
@usableFromInline
enum PlanCaching {
    /// Whether `value` reads a variable anywhere inside it.
    @usableFromInline
    static func usesVariables(_ value: Value) -> Bool {
        switch value {
        case .variable: return true
        case .list(let items, _): return items.contains(where: usesVariables)
        case .object(let fields, _): return fields.contains { usesVariables($0.value) }
        default: return false
        }
    }

    /// Whether the operation's shape is independent of variables.
    static func isCacheable(_ operation: OperationDefinition, fragments: [String: FragmentDefinition]) -> Bool {
        var visited: Set<String> = []
        return isCacheable(operation.selectionSet, fragments: fragments, visited: &visited)
    }

    private static func isCacheable(_ selectionSet: SelectionSet, fragments: [String: FragmentDefinition],
                                    visited: inout Set<String>) -> Bool {
        for selection in selectionSet.selections {
            for directive in selection.directives where directive.name.value == "skip" || directive.name.value == "include" {
                if directive.arguments.contains(where: { usesVariables($0.value) }) { return false }
            }
            switch selection {
            case .field(let field):
                if let children = field.selectionSet, !isCacheable(children, fragments: fragments, visited: &visited) { return false }
            case .inlineFragment(let fragment):
                if !isCacheable(fragment.selectionSet, fragments: fragments, visited: &visited) { return false }
            case .fragmentSpread(let spread):
                guard visited.insert(spread.name.value).inserted, let fragment = fragments[spread.name.value] else { continue }
                if !isCacheable(fragment.selectionSet, fragments: fragments, visited: &visited) { return false }
            }
        }
        return true
    }
}

/// The root plans cached for one operation of a prepared document.
enum CachedPlans: Sendable {
    case plans(Result<[FieldPlan], GraphQLError>)
    /// A condition reads a variable: plans are built per request.
    case perRequest
}

/// The plans of a prepared document's operations, by operation name.
final class PlanCache: Sendable {
    private let entries = Mutex<[String?: CachedPlans]>([:])

    func plans(for operation: OperationDefinition, fragments: [String: FragmentDefinition],
               build: () -> Result<[FieldPlan], GraphQLError>) -> Result<[FieldPlan], GraphQLError> {
        let key = operation.name?.value
        switch entries.withLock({ $0[key] }) {
        case .plans(let plans)?: return plans
        case .perRequest?: return build()
        case nil:
            guard PlanCaching.isCacheable(operation, fragments: fragments) else {
                entries.withLock { $0[key] = .perRequest }
                return build()
            }
            let built = build()
            return entries.withLock { entries in
                if case .plans(let first)? = entries[key] { return first }
                entries[key] = .plans(built)
                return built
            }
        }
    }
}
