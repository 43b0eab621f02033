/// A reference to a schema type: a named type by its index in `Schema.types`, or a list or
/// non-null wrapper. Indices make type checks integer comparisons, not string lookups.
public indirect enum TypeRef: Hashable, Sendable {
    case named(Int)
    case list(TypeRef)
    case nonNull(TypeRef)

    /// The index of the innermost named type.
    @inlinable public var namedIndex: Int {
        switch self {
        case .named(let index): return index
        case .list(let inner), .nonNull(let inner): return inner.namedIndex
        }
    }

    @inlinable public var isNonNull: Bool {
        if case .nonNull = self { return true }
        return false
    }

    @inlinable public var isList: Bool {
        if case .list = self { return true }
        return false
    }

    /// The type without its outer non-null wrapper.
    @inlinable public var nullable: TypeRef {
        if case .nonNull(let inner) = self { return inner }
        return self
    }
}

/// The built-in scalars, recognised by identity rather than by name at run time.
public enum BuiltinScalar: String, Sendable, CaseIterable {
    case int = "Int", float = "Float", string = "String", boolean = "Boolean", id = "ID"
}

public enum TypeKind: String, Sendable {
    case scalar = "SCALAR", object = "OBJECT", interface = "INTERFACE", union = "UNION"
    case enumType = "ENUM", inputObject = "INPUT_OBJECT"
}
