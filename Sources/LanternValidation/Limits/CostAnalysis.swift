import LanternLanguage
import LanternSchema

/// Static cost of an operation as the IBM GraphQL Cost Directives draft defines it:
///
/// - a field costs its weight (`CostModel`), plus the weights of the arguments it is given,
///   plus its selection set's cost times its size; the size is 1 for a single value and, for a
///   list, the largest slicing argument given (`@listSize(slicingArguments:)`, falling back to
///   that argument's default), else `assumedSize`, else `OperationLimits.defaultListSize`;
/// - `@listSize(sizedFields:)` gives that size to the named child fields instead (a connection
///   sized by `first` multiplies its `edges`);
/// - fragments are expanded and aliases count as separate fields; on an abstract type the most
///   expensive possible type counts; `@skip`/`@include` are ignored (the bound holds either way);
/// - introspection fields cost 0: `MaxIntrospectionDepth` bounds them.
///
/// Each (selection set, type, sizing) is costed once, so fragments spread many times are not
/// walked many times: the analysis is linear in the document, whatever it expands to.
struct CostAnalysis {
    let schema: Schema
    let model: CostModel
    let fragments: [String: FragmentDefinition]
    let limits: OperationLimits
    let operation: OperationDefinition
    /// The request's variables; nil for the static pass, which notes whether it needed them.
    let variables: JSONObject?
    private(set) var readVariables = false

    private struct Sizing: Hashable {
        var fields: [String]
        var size: Double
        var owner: ObjectIdentifier
    }

    private struct Key: Hashable {
        var start: Int
        var end: Int
        var scope: Int
        var object: Int
        var sizing: Sizing?
    }

    private var memo: [Key: Double] = [:]

    init(schema: Schema, model: CostModel, fragments: [String: FragmentDefinition], limits: OperationLimits,
         operation: OperationDefinition, variables: JSONObject?) {
        self.schema = schema
        self.model = model
        self.fragments = fragments
        self.limits = limits
        self.operation = operation
        self.variables = variables
    }

    mutating func cost(of operation: OperationDefinition) -> Double {
        guard let root = schema.rootType(for: operation.operation) else { return 0 }
        return cost(operation.selectionSet, type: root, sizing: nil)
    }

    /// A selection set on `type`; on an abstract type, the most expensive of its possible types.
    private mutating func cost(_ set: SelectionSet, type: Int, sizing: Sizing?) -> Double {
        guard schema[type].isAbstract else { return exact(set, scope: type, object: type, sizing: sizing) }
        let possible = schema.possibleTypes(of: type)
        guard !possible.isEmpty else { return exact(set, scope: type, object: -1, sizing: sizing) }
        var most = 0.0
        for object in possible { most = max(most, exact(set, scope: type, object: object, sizing: sizing)) }
        return most
    }

    /// A selection set whose fields are looked up on `scope`, for runtime object type `object`
    /// (-1: unknown, every fragment applies).
    private mutating func exact(_ set: SelectionSet, scope: Int, object: Int, sizing: Sizing?) -> Double {
        let key = Key(start: set.span.start, end: set.span.end, scope: scope, object: object, sizing: sizing)
        let memoised = set.span != .none
        if memoised {
            if let known = memo[key] { return known }
            memo[key] = 0  // a fragment cycle (invalid anyway) ends here
        }
        var total = 0.0
        for selection in set.selections {
            switch selection {
            case .field(let field):
                total += fieldCost(field, scope: scope, sizing: sizing)
            case .inlineFragment(let fragment):
                let condition = fragment.typeCondition.flatMap { schema.typeIndex[$0.name.value] } ?? scope
                guard applies(condition, to: object) else { continue }
                total += exact(fragment.selectionSet, scope: condition, object: object, sizing: sizing)
            case .fragmentSpread(let spread):
                guard let fragment = fragments[spread.name.value],
                      let condition = schema.typeIndex[fragment.typeCondition.name.value],
                      applies(condition, to: object) else { continue }
                total += exact(fragment.selectionSet, scope: condition, object: object, sizing: sizing)
            }
        }
        if memoised { memo[key] = total }
        return total
    }

    private func applies(_ condition: Int, to object: Int) -> Bool {
        object < 0 || condition == object || (schema[condition].isAbstract && schema.isSubType(condition, object))
    }

    private mutating func fieldCost(_ field: Field, scope: Int, sizing: Sizing?) -> Double {
        let name = field.name.value
        if name.utf8.first == 0x5F, name.hasPrefix("__") { return 0 }
        guard schema[scope].isComposite, let definition = schema.fieldDefinition(name, on: scope) else { return 0 }
        let named = definition.type.namedIndex
        let facts = model.cost(of: definition, returning: schema[named])
        var total = facts.weight
        for argument in field.arguments {
            if let weight = facts.argumentWeights[argument.name.value] { total += weight }
        }
        let declared = facts.listSize.flatMap { size(from: $0, field: field, definition: definition) }
        let inherited = sizing.flatMap { $0.fields.contains(name) ? $0.size : nil }
        var childSizing: Sizing?
        var multiplier = inherited ?? 1
        if let listSize = facts.listSize, !listSize.sizedFields.isEmpty {
            childSizing = Sizing(fields: listSize.sizedFields, size: declared ?? Double(limits.defaultListSize),
                                 owner: ObjectIdentifier(definition))
            if Self.listDepth(definition.type) > 0 { multiplier = inherited ?? Double(limits.defaultListSize) }
        } else {
            let depth = Self.listDepth(definition.type)
            if depth > 0 {
                multiplier = declared ?? inherited ?? Double(limits.defaultListSize)
                for _ in 1..<depth { multiplier *= Double(limits.defaultListSize) }
            }
        }
        if let selections = field.selectionSet {
            total += multiplier * cost(selections, type: named, sizing: childSizing)
        }
        return total
    }

    private static func listDepth(_ type: TypeRef) -> Int {
        var depth = 0, current = type
        while true {
            switch current.shape {
            case .named: return depth
            case .list(let inner): depth += 1; current = inner
            case .nonNull(let inner): current = inner
            }
        }
    }

    /// The size `@listSize` gives this occurrence: the largest slicing argument, else `assumedSize`.
    private mutating func size(from listSize: CostModel.ListSize, field: Field, definition: SchemaField) -> Double? {
        var largest: Int?
        for name in listSize.slicingArguments {
            let given = field.arguments.first { $0.name.value == name }?.value
            let value: Int?
            switch given {
            case .int(let text, _)?: value = Int(text)
            case .variable(let variable)?: value = variableValue(variable.name.value) ?? definition.argument(named: name)?.defaultValue?.integralValue
            case nil: value = definition.argument(named: name)?.defaultValue?.integralValue
            default: value = nil
            }
            if let value { largest = max(largest ?? 0, max(value, 0)) }
        }
        if let largest { return Double(largest) }
        return listSize.assumedSize.map { Double(max($0, 0)) }
    }

    private mutating func variableValue(_ name: String) -> Int? {
        if let variables {
            if let value = variables[name] { return value.integralValue }
        } else {
            readVariables = true
        }
        guard let definition = operation.variableDefinitions.first(where: { $0.variable.name.value == name }),
              case .int(let text, _)? = definition.defaultValue else { return nil }
        return Int(text)
    }
}
