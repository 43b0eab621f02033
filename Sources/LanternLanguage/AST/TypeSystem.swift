/// `schema { … }` or `extend schema …`.
public struct SchemaDefinition: Sendable {
    public var description: Description?
    public var directives: [Directive]
    public var operationTypes: [OperationTypeDefinition]
    public var span: Span

    public init(description: Description? = nil, directives: [Directive], operationTypes: [OperationTypeDefinition], span: Span = .none) {
        self.description = description
        self.directives = directives
        self.operationTypes = operationTypes
        self.span = span
    }
}

public struct OperationTypeDefinition: Sendable {
    public var operation: OperationType
    public var type: NamedType
    public var span: Span

    public init(operation: OperationType, type: NamedType, span: Span = .none) {
        self.operation = operation
        self.type = type
        self.span = span
    }
}

/// A named type definition or extension. Extensions use the same node shapes, without a
/// description.
public enum TypeDefinition: Sendable {
    case scalar(ScalarTypeDefinition)
    case object(ObjectTypeDefinition)
    case interface(ObjectTypeDefinition)
    case union(UnionTypeDefinition)
    case enumType(EnumTypeDefinition)
    case inputObject(InputObjectTypeDefinition)

    public var name: Name {
        switch self {
        case .scalar(let node): return node.name
        case .object(let node), .interface(let node): return node.name
        case .union(let node): return node.name
        case .enumType(let node): return node.name
        case .inputObject(let node): return node.name
        }
    }

    public var description: Description? {
        switch self {
        case .scalar(let node): return node.description
        case .object(let node), .interface(let node): return node.description
        case .union(let node): return node.description
        case .enumType(let node): return node.description
        case .inputObject(let node): return node.description
        }
    }

    public var directives: [Directive] {
        switch self {
        case .scalar(let node): return node.directives
        case .object(let node), .interface(let node): return node.directives
        case .union(let node): return node.directives
        case .enumType(let node): return node.directives
        case .inputObject(let node): return node.directives
        }
    }

    public var span: Span {
        switch self {
        case .scalar(let node): return node.span
        case .object(let node), .interface(let node): return node.span
        case .union(let node): return node.span
        case .enumType(let node): return node.span
        case .inputObject(let node): return node.span
        }
    }

    /// The SDL keyword of this kind.
    public var keyword: String {
        switch self {
        case .scalar: return "scalar"
        case .object: return "type"
        case .interface: return "interface"
        case .union: return "union"
        case .enumType: return "enum"
        case .inputObject: return "input"
        }
    }
}

public struct ScalarTypeDefinition: Sendable {
    public var description: Description?
    public var name: Name
    public var directives: [Directive]
    public var span: Span

    public init(description: Description? = nil, name: Name, directives: [Directive], span: Span = .none) {
        self.description = description
        self.name = name
        self.directives = directives
        self.span = span
    }
}

/// An object type or an interface: both have interfaces, directives and fields.
public struct ObjectTypeDefinition: Sendable {
    public var description: Description?
    public var name: Name
    public var interfaces: [NamedType]
    public var directives: [Directive]
    public var fields: [FieldDefinition]
    public var span: Span

    public init(description: Description? = nil, name: Name, interfaces: [NamedType], directives: [Directive], fields: [FieldDefinition], span: Span = .none) {
        self.description = description
        self.name = name
        self.interfaces = interfaces
        self.directives = directives
        self.fields = fields
        self.span = span
    }
}

public struct FieldDefinition: Sendable {
    public var description: Description?
    public var name: Name
    public var arguments: [InputValueDefinition]
    public var type: TypeReference
    public var directives: [Directive]
    public var span: Span

    public init(description: Description? = nil, name: Name, arguments: [InputValueDefinition], type: TypeReference, directives: [Directive], span: Span = .none) {
        self.description = description
        self.name = name
        self.arguments = arguments
        self.type = type
        self.directives = directives
        self.span = span
    }
}

public struct InputValueDefinition: Sendable {
    public var description: Description?
    public var name: Name
    public var type: TypeReference
    public var defaultValue: Value?
    public var directives: [Directive]
    public var span: Span

    public init(description: Description? = nil, name: Name, type: TypeReference, defaultValue: Value? = nil, directives: [Directive], span: Span = .none) {
        self.description = description
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.directives = directives
        self.span = span
    }
}

public struct UnionTypeDefinition: Sendable {
    public var description: Description?
    public var name: Name
    public var directives: [Directive]
    public var types: [NamedType]
    public var span: Span

    public init(description: Description? = nil, name: Name, directives: [Directive], types: [NamedType], span: Span = .none) {
        self.description = description
        self.name = name
        self.directives = directives
        self.types = types
        self.span = span
    }
}

public struct EnumTypeDefinition: Sendable {
    public var description: Description?
    public var name: Name
    public var directives: [Directive]
    public var values: [EnumValueDefinition]
    public var span: Span

    public init(description: Description? = nil, name: Name, directives: [Directive], values: [EnumValueDefinition], span: Span = .none) {
        self.description = description
        self.name = name
        self.directives = directives
        self.values = values
        self.span = span
    }
}

public struct EnumValueDefinition: Sendable {
    public var description: Description?
    public var name: Name
    public var directives: [Directive]
    public var span: Span

    public init(description: Description? = nil, name: Name, directives: [Directive], span: Span = .none) {
        self.description = description
        self.name = name
        self.directives = directives
        self.span = span
    }
}

public struct InputObjectTypeDefinition: Sendable {
    public var description: Description?
    public var name: Name
    public var directives: [Directive]
    public var fields: [InputValueDefinition]
    public var span: Span

    public init(description: Description? = nil, name: Name, directives: [Directive], fields: [InputValueDefinition], span: Span = .none) {
        self.description = description
        self.name = name
        self.directives = directives
        self.fields = fields
        self.span = span
    }
}

public struct DirectiveDefinition: Sendable {
    public var description: Description?
    public var name: Name
    public var arguments: [InputValueDefinition]
    public var isRepeatable: Bool
    public var locations: [Name]
    public var span: Span

    public init(description: Description? = nil, name: Name, arguments: [InputValueDefinition], isRepeatable: Bool, locations: [Name], span: Span = .none) {
        self.description = description
        self.name = name
        self.arguments = arguments
        self.isRepeatable = isRepeatable
        self.locations = locations
        self.span = span
    }
}

/// Where a directive may appear.
public enum DirectiveLocation: String, Sendable, CaseIterable, Hashable {
    case query = "QUERY", mutation = "MUTATION", subscription = "SUBSCRIPTION", field = "FIELD"
    case fragmentDefinition = "FRAGMENT_DEFINITION", fragmentSpread = "FRAGMENT_SPREAD"
    case inlineFragment = "INLINE_FRAGMENT", variableDefinition = "VARIABLE_DEFINITION"
    case schema = "SCHEMA", scalar = "SCALAR", object = "OBJECT", fieldDefinition = "FIELD_DEFINITION"
    case argumentDefinition = "ARGUMENT_DEFINITION", interface = "INTERFACE", union = "UNION"
    case enumType = "ENUM", enumValue = "ENUM_VALUE", inputObject = "INPUT_OBJECT"
    case inputFieldDefinition = "INPUT_FIELD_DEFINITION"
}
