/// An error as GraphQL responses carry it: a message, where in the document it points, and
/// for execution errors the response path. `extensions.code` tells clients what kind of
/// problem it is without parsing the message.
public struct GraphQLError: Error, Sendable, Hashable {
    public var message: String
    public var locations: [SourceLocation]
    /// The names of the sources each location is in (parallel to `locations`; may be empty).
    public var sourceNames: [String]
    public var path: [PathComponent]?
    /// A machine-readable code (`extensions.code`), such as `GRAPHQL_VALIDATION_FAILED`.
    public var code: String?
    /// Further `extensions` entries after `code`, for what a client needs to act on the error:
    /// the computed cost and the limit of a refused operation, when to retry, and so on.
    public var details: [ErrorDetail] = []

    public init(_ message: String, locations: [SourceLocation] = [], sourceNames: [String] = [],
                path: [PathComponent]? = nil, code: String? = nil) {
        self.message = message
        self.locations = locations
        self.sourceNames = sourceNames
        self.path = path
        self.code = code
    }

    /// An error located at byte offsets in one source.
    public init(_ message: String, spans: [Span], in source: Source, code: String? = nil) {
        self.message = message
        self.locations = spans.map { source.location(of: $0.start) }
        self.sourceNames = spans.map { _ in source.name }
        self.path = nil
        self.code = code
    }

    public init(syntaxError: SyntaxError) {
        self.init(syntaxError.message, locations: [syntaxError.location], sourceNames: [syntaxError.sourceName],
                  code: "GRAPHQL_PARSE_FAILED")
    }
}

/// One entry of an error's `extensions` beside `code`.
public struct ErrorDetail: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case int(Int)
        case double(Double)
        case string(String)
    }

    public var key: String
    public var value: Value

    public init(_ key: String, _ value: Value) {
        self.key = key
        self.value = value
    }
}

/// One step of a response path: a response key or a list index.
public enum PathComponent: Sendable, Hashable {
    case key(String)
    case index(Int)
}

/// Several errors that together fail a request (validation, variable coercion, …).
public struct GraphQLErrors: Error, Sendable {
    public var errors: [GraphQLError]

    public init(_ errors: [GraphQLError]) {
        self.errors = errors
    }
}
