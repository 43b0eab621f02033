/// A value literal (or variable) as written in a document.
public enum Value: Sendable {
    case variable(Variable)
    case int(String, Span)
    case float(String, Span)
    case string(StringValue)
    case boolean(Bool, Span)
    case null(Span)
    case enumValue(String, Span)
    case list([Value], Span)
    case object([ObjectField], Span)

    public var span: Span {
        switch self {
        case .variable(let variable): return variable.span
        case .int(_, let span), .float(_, let span), .boolean(_, let span), .null(let span),
             .enumValue(_, let span), .list(_, let span), .object(_, let span):
            return span
        case .string(let string): return string.span
        }
    }
}

public struct StringValue: Sendable {
    public var value: String
    public var isBlock: Bool
    public var span: Span

    public init(value: String, isBlock: Bool, span: Span = .none) {
        self.value = value
        self.isBlock = isBlock
        self.span = span
    }
}

public struct ObjectField: Sendable {
    public var name: Name
    public var value: Value
    public var span: Span

    public init(name: Name, value: Value, span: Span = .none) {
        self.name = name
        self.value = value
        self.span = span
    }
}

/// A type reference: `Name`, `[T]` or `T!`.
public indirect enum TypeReference: Sendable, Hashable, CustomStringConvertible {
    case named(NamedType)
    case list(TypeReference, Span)
    case nonNull(TypeReference, Span)

    public var span: Span {
        switch self {
        case .named(let named): return named.span
        case .list(_, let span), .nonNull(_, let span): return span
        }
    }

    /// The innermost named type.
    public var namedType: NamedType {
        switch self {
        case .named(let named): return named
        case .list(let inner, _), .nonNull(let inner, _): return inner.namedType
        }
    }

    public var description: String {
        switch self {
        case .named(let named): return named.name.value
        case .list(let inner, _): return "[\(inner)]"
        case .nonNull(let inner, _): return "\(inner)!"
        }
    }
}

public struct NamedType: Sendable, Hashable {
    public var name: Name
    public var span: Span { name.span }

    public init(name: Name) { self.name = name }
}
