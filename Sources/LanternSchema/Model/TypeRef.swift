/// A reference to a schema type: a named type (by its index in `Schema.types`) inside zero or
/// more list and non-null wrappers. It is two words with no reference counting, so passing
/// and comparing types on the hot path costs nothing; `shape` gives the enum view.
public struct TypeRef: Hashable, Sendable {
    /// The index of the innermost named type.
    public let namedIndex: Int
    /// The wrappers, outermost in the lowest two bits: 1 = list, 2 = non-null. Up to 32 levels;
    /// deeper wrapping (never meaningful) is not represented.
    @usableFromInline let wrappers: UInt64

    @inlinable init(namedIndex: Int, wrappers: UInt64) {
        self.namedIndex = namedIndex
        self.wrappers = wrappers
    }

    @inlinable public static func named(_ index: Int) -> TypeRef { TypeRef(namedIndex: index, wrappers: 0) }

    @inlinable public static func list(_ inner: TypeRef) -> TypeRef {
        inner.wrappers >> 62 != 0 ? inner : TypeRef(namedIndex: inner.namedIndex, wrappers: inner.wrappers << 2 | 1)
    }

    @inlinable public static func nonNull(_ inner: TypeRef) -> TypeRef {
        inner.wrappers >> 62 != 0 ? inner : TypeRef(namedIndex: inner.namedIndex, wrappers: inner.wrappers << 2 | 2)
    }

    /// The outermost layer of the type.
    public enum Shape: Sendable {
        case named(Int)
        case list(TypeRef)
        case nonNull(TypeRef)
    }

    @inlinable public var shape: Shape {
        switch wrappers & 3 {
        case 1: return .list(TypeRef(namedIndex: namedIndex, wrappers: wrappers >> 2))
        case 2: return .nonNull(TypeRef(namedIndex: namedIndex, wrappers: wrappers >> 2))
        default: return .named(namedIndex)
        }
    }

    @inlinable public var isNonNull: Bool { wrappers & 3 == 2 }
    @inlinable public var isList: Bool { wrappers & 3 == 1 }
    @inlinable public var isNamed: Bool { wrappers == 0 }

    /// The type without its outer non-null wrapper.
    @inlinable public var nullable: TypeRef {
        isNonNull ? TypeRef(namedIndex: namedIndex, wrappers: wrappers >> 2) : self
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
