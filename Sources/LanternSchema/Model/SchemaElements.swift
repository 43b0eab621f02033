import LanternLanguage

/// An output field of an object or interface type. Schema elements are classes so that the
/// hot path shares them instead of copying; they are not mutated once the schema is built.
public final class SchemaField: @unchecked Sendable {
    public var name: String
    public var description: String?
    public var arguments: [SchemaInputValue]
    public var type: TypeRef
    public var deprecationReason: String?
    /// The SDL node, for error locations; nil for built-in fields.
    public var node: FieldDefinition?
    /// The file the node came from.
    public var sourceIndex: Int = 0

    public init(name: String, description: String? = nil, arguments: [SchemaInputValue], type: TypeRef,
                deprecationReason: String? = nil, node: FieldDefinition? = nil, sourceIndex: Int = 0) {
        self.name = name
        self.description = description
        self.arguments = arguments
        self.type = type
        self.deprecationReason = deprecationReason
        self.node = node
        self.sourceIndex = sourceIndex
    }

    public func argument(named name: String) -> SchemaInputValue? {
        arguments.first { $0.name == name }
    }
}

/// An argument or input-object field.
public final class SchemaInputValue: @unchecked Sendable {
    public var name: String
    public var description: String?
    public var type: TypeRef
    /// The default, coerced to `type`; nil when there is none (or it could not be coerced).
    public var defaultValue: JSONValue?
    /// The default literal as written.
    public var defaultLiteral: LanternLanguage.Value?
    public var deprecationReason: String?
    public var node: InputValueDefinition?
    public var sourceIndex: Int = 0

    public init(name: String, description: String? = nil, type: TypeRef, defaultValue: JSONValue? = nil,
                defaultLiteral: LanternLanguage.Value? = nil, deprecationReason: String? = nil,
                node: InputValueDefinition? = nil, sourceIndex: Int = 0) {
        self.name = name
        self.description = description
        self.type = type
        self.defaultValue = defaultValue
        self.defaultLiteral = defaultLiteral
        self.deprecationReason = deprecationReason
        self.node = node
        self.sourceIndex = sourceIndex
    }

    /// Non-null with no default: must be given.
    public var isRequired: Bool { type.isNonNull && defaultValue == nil }
}

public final class SchemaEnumValue: @unchecked Sendable {
    public var name: String
    public var description: String?
    public var deprecationReason: String?
    public var node: EnumValueDefinition?
    public var sourceIndex: Int = 0

    public init(name: String, description: String? = nil, deprecationReason: String? = nil,
                node: EnumValueDefinition? = nil, sourceIndex: Int = 0) {
        self.name = name
        self.description = description
        self.deprecationReason = deprecationReason
        self.node = node
        self.sourceIndex = sourceIndex
    }
}

public final class SchemaDirective: @unchecked Sendable {
    public var name: String
    public var description: String?
    public var arguments: [SchemaInputValue]
    public var locations: [DirectiveLocation]
    public var isRepeatable: Bool
    public var isBuiltin: Bool
    public var node: DirectiveDefinition?
    public var sourceIndex: Int = 0

    public init(name: String, description: String?, arguments: [SchemaInputValue], locations: [DirectiveLocation],
                isRepeatable: Bool, isBuiltin: Bool, node: DirectiveDefinition?, sourceIndex: Int) {
        self.name = name
        self.description = description
        self.arguments = arguments
        self.locations = locations
        self.isRepeatable = isRepeatable
        self.isBuiltin = isBuiltin
        self.node = node
        self.sourceIndex = sourceIndex
    }

    public func argument(named name: String) -> SchemaInputValue? {
        arguments.first { $0.name == name }
    }
}

/// A named type. One struct for every kind keeps lookups uniform; the members that do not
/// apply to a kind are empty.
public final class SchemaType: @unchecked Sendable {
    public var name: String
    public var kind: TypeKind
    public var description: String?
    public var fields: [SchemaField] = []
    public var fieldIndex: [String: Int] = [:]
    public var interfaces: [Int] = []
    public var unionMembers: [Int] = []
    public var enumValues: [SchemaEnumValue] = []
    public var enumValueIndex: [String: Int] = [:]
    public var inputFields: [SchemaInputValue] = []
    public var inputFieldIndex: [String: Int] = [:]
    public var specifiedByURL: String?
    public var isOneOf = false
    public var builtinScalar: BuiltinScalar?
    public var isIntrospection = false
    public var definition: TypeDefinition?
    public var extensions: [TypeDefinition] = []
    public var sourceIndex: Int = 0
    public var extensionSourceIndices: [Int] = []
    /// Its position in its schema's `types` (set when the schema is assembled), so code that
    /// holds a type can index tables by it without a name lookup.
    public internal(set) var index: Int = -1

    public init(name: String, kind: TypeKind) {
        self.name = name
        self.kind = kind
    }

    public var isComposite: Bool { kind == .object || kind == .interface || kind == .union }
    public var isAbstract: Bool { kind == .interface || kind == .union }
    public var isLeaf: Bool { kind == .scalar || kind == .enumType }
    public var isInputType: Bool { kind == .scalar || kind == .enumType || kind == .inputObject }
    public var isOutputType: Bool { kind != .inputObject }

    @inlinable public func field(named name: String) -> SchemaField? {
        guard let index = fieldIndex[name] else { return nil }
        return fields[index]
    }
}
