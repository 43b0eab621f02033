import LanternLanguage
import LanternSchema

/// The static measures of one operation that `OperationLimits` bounds. Computed once per
/// document and operation and cached with the document; only a cost that depends on the
/// request's variables (a slicing argument given as a variable) is recomputed per request.
public struct OperationAnalysis: Sendable {
    public var operation: OperationType
    public var depth: Int
    public var aliases: Int
    public var rootFields: Int
    public var mostDirectivesOnAField: Int
    /// The cost when it does not depend on variables; nil when it must be computed per request.
    public var fixedCost: Double?

    /// Measures `operation` of `document`. The document must be valid (no fragment cycles).
    public static func analyze(_ operation: OperationDefinition, in document: Document, schema: Schema,
                               costModel: CostModel, limits: OperationLimits) -> OperationAnalysis {
        var shape = ShapeWalk(fragments: document.fragmentIndex)
        let measures = shape.measure(operation.selectionSet)
        let rootFields = shape.rootFieldCount(operation.selectionSet)
        var costWalk = CostAnalysis(schema: schema, model: costModel, fragments: shape.fragments, limits: limits,
                                    operation: operation, variables: nil)
        let cost = costWalk.cost(of: operation)
        return OperationAnalysis(operation: operation.operation, depth: measures.depth, aliases: measures.aliases,
                                 rootFields: rootFields, mostDirectivesOnAField: measures.directives,
                                 fixedCost: costWalk.readVariables ? nil : cost)
    }

    /// The cost with the request's variables (the cached one when it does not depend on them).
    public func cost(of operation: OperationDefinition, in document: Document, schema: Schema, costModel: CostModel,
                     limits: OperationLimits, variables: JSONObject) -> Double {
        if let fixedCost { return fixedCost }
        var costWalk = CostAnalysis(schema: schema, model: costModel, fragments: document.fragmentIndex, limits: limits,
                                    operation: operation, variables: variables)
        return costWalk.cost(of: operation)
    }
}

extension Document {
    /// Fragments by name (the first of a name, as validation has reported duplicates).
    var fragmentIndex: [String: FragmentDefinition] {
        var index: [String: FragmentDefinition] = [:]
        for fragment in fragments where index[fragment.name.value] == nil { index[fragment.name.value] = fragment }
        return index
    }
}

/// Saturating sums and products: a hostile document must not overflow a count.
@inline(__always) func saturatingAdd(_ lhs: Int, _ rhs: Int) -> Int {
    let (sum, overflow) = lhs.addingReportingOverflow(rhs)
    return overflow ? Int.max : sum
}

/// Depth, aliases and directives per field, with each fragment measured once however often it
/// is spread (so a document whose expansion is exponential is measured in linear time).
struct ShapeWalk {
    struct Measures {
        var depth = 0
        var aliases = 0
        var directives = 0
    }

    let fragments: [String: FragmentDefinition]
    private var measured: [String: Measures] = [:]
    private var rootCounts: [String: Int] = [:]

    init(fragments: [String: FragmentDefinition]) {
        self.fragments = fragments
    }

    mutating func measure(_ set: SelectionSet) -> Measures {
        var result = Measures()
        for selection in set.selections {
            switch selection {
            case .field(let field):
                var depth = 1, aliases = field.alias == nil ? 0 : 1
                result.directives = max(result.directives, field.directives.count)
                if let sub = field.selectionSet {
                    let inner = measure(sub)
                    depth = saturatingAdd(inner.depth, 1)
                    aliases = saturatingAdd(aliases, inner.aliases)
                    result.directives = max(result.directives, inner.directives)
                }
                result.depth = max(result.depth, depth)
                result.aliases = saturatingAdd(result.aliases, aliases)
            case .inlineFragment(let fragment):
                result.combine(measure(fragment.selectionSet))
            case .fragmentSpread(let spread):
                result.combine(measureFragment(spread.name.value))
            }
        }
        return result
    }

    private mutating func measureFragment(_ name: String) -> Measures {
        if let known = measured[name] { return known }
        guard let fragment = fragments[name] else { return Measures() }
        measured[name] = Measures()  // a cycle (invalid anyway) ends here
        let result = measure(fragment.selectionSet)
        measured[name] = result
        return result
    }

    /// Fields selected at the root, fragments expanded (aliases count separately, as they run separately).
    mutating func rootFieldCount(_ set: SelectionSet) -> Int {
        var count = 0
        for selection in set.selections {
            switch selection {
            case .field: count = saturatingAdd(count, 1)
            case .inlineFragment(let fragment): count = saturatingAdd(count, rootFieldCount(fragment.selectionSet))
            case .fragmentSpread(let spread):
                let name = spread.name.value
                if let known = rootCounts[name] {
                    count = saturatingAdd(count, known)
                } else if let fragment = fragments[name] {
                    rootCounts[name] = 0
                    let inner = rootFieldCount(fragment.selectionSet)
                    rootCounts[name] = inner
                    count = saturatingAdd(count, inner)
                }
            }
        }
        return count
    }
}

extension ShapeWalk.Measures {
    mutating func combine(_ other: ShapeWalk.Measures) {
        depth = max(depth, other.depth)
        aliases = saturatingAdd(aliases, other.aliases)
        directives = max(directives, other.directives)
    }
}
