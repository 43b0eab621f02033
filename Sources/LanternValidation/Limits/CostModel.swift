import LanternLanguage
import LanternSchema

/// What a schema's `@cost` and `@listSize` directives (IBM GraphQL Cost Directives draft) say,
/// read once per schema so that analysing an operation never looks at SDL nodes.
///
/// Weights follow the draft: a field's own `@cost`, else the `@cost` of the type it returns,
/// else 1 for composite types and 0 for scalars and enums; an argument's `@cost` is added when
/// the operation gives that argument. Weights may be written as strings (`"2.5"`, as the draft
/// declares them) or as numbers.
public final class CostModel: Sendable {
    /// `@listSize` of one field.
    public struct ListSize: Sendable, Hashable {
        public var assumedSize: Int?
        public var slicingArguments: [String]
        public var sizedFields: [String]
        public var requireOneSlicingArgument: Bool
    }

    /// Everything the analysis needs to know about one field definition.
    public struct FieldCost: Sendable {
        public var weight: Double
        public var argumentWeights: [String: Double]
        public var listSize: ListSize?
    }

    private let fields: [ObjectIdentifier: FieldCost]
    private let leafWeight = FieldCost(weight: 0, argumentWeights: [:], listSize: nil)
    private let compositeWeight = FieldCost(weight: 1, argumentWeights: [:], listSize: nil)

    public init(schema: Schema) {
        var typeWeights: [Int: Double] = [:]
        for (index, type) in schema.types.enumerated() {
            let nodes = (type.definition.map { [$0] } ?? []) + type.extensions
            for node in nodes {
                if let weight = Self.weight(in: node.directives) { typeWeights[index] = weight }
            }
        }
        var fields: [ObjectIdentifier: FieldCost] = [:]
        for type in schema.types where type.kind == .object || type.kind == .interface {
            for field in type.fields {
                let named = field.type.namedIndex
                let weight = Self.weight(in: field.node?.directives ?? [])
                    ?? typeWeights[named] ?? (schema[named].isComposite ? 1 : 0)
                var argumentWeights: [String: Double] = [:]
                for argument in field.arguments {
                    if let weight = Self.weight(in: argument.node?.directives ?? []) { argumentWeights[argument.name] = weight }
                }
                let listSize = (field.node?.directives ?? []).first { $0.name.value == "listSize" }.map(Self.listSize)
                fields[ObjectIdentifier(field)] = FieldCost(weight: weight, argumentWeights: argumentWeights, listSize: listSize)
            }
        }
        self.fields = fields
    }

    /// The cost facts of `field` (meta-fields and fields of types built without SDL get defaults).
    public func cost(of field: SchemaField, returning type: SchemaType) -> FieldCost {
        fields[ObjectIdentifier(field)] ?? (type.isComposite ? compositeWeight : leafWeight)
    }

    private static func weight(in directives: [Directive]) -> Double? {
        guard let cost = directives.first(where: { $0.name.value == "cost" }),
              let argument = cost.arguments.first(where: { $0.name.value == "weight" }) else { return nil }
        switch argument.value {
        case .string(let text): return Double(text.value)
        case .int(let text, _), .float(let text, _): return Double(text)
        default: return nil
        }
    }

    private static func listSize(_ directive: Directive) -> ListSize {
        var size = ListSize(assumedSize: nil, slicingArguments: [], sizedFields: [], requireOneSlicingArgument: true)
        for argument in directive.arguments {
            switch (argument.name.value, argument.value) {
            case ("assumedSize", .int(let text, _)): size.assumedSize = Int(text)
            case ("slicingArguments", let value): size.slicingArguments = strings(value)
            case ("sizedFields", let value): size.sizedFields = strings(value)
            case ("requireOneSlicingArgument", .boolean(let flag, _)): size.requireOneSlicingArgument = flag
            default: continue
            }
        }
        return size
    }

    private static func strings(_ value: Value) -> [String] {
        switch value {
        case .string(let string): return [string.value]
        case .list(let items, _): return items.flatMap(strings)
        default: return []
        }
    }
}
