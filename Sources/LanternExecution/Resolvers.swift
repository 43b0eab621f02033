import LanternSchema

/// How an application's values are read by the executor. Generic over the application's own
/// value type (`Source`) and request context, so the executor is specialised per application:
/// no `any` boxing per field, and property reads stay synchronous.
public protocol Resolvers<Context>: Sendable {
    /// The application's value type: what a resolver returns and a child field receives.
    associatedtype Source: Sendable
    /// Per-request data (the authenticated principal, loaders, …).
    associatedtype Context: Sendable

    /// Resolves one field of an object. Return `.value` for synchronous reads; `.pending`
    /// for real asynchronous work, which the executor runs concurrently with the other pending
    /// work of the same pass.
    func resolve(_ info: ResolveInfo, source: Source, arguments: JSONObject, context: Context) throws -> Resolution<Source>

    /// The name of the concrete object type of a value of an abstract type, or nil if unknown.
    func typeName(of value: Source, abstractType: SchemaType) throws -> String?

    /// How completion sees a value: null, a list (and its length), or something else.
    func view(_ value: Source) -> ValueView

    /// The element at `index` of a value `view` called a list.
    func element(of list: Source, at index: Int) -> Source

    /// A value of a leaf (scalar or enum) field as JSON, for serialisation.
    func leafValue(_ value: Source) -> JSONValue

    /// The source event stream of a subscription root field (CreateSourceEventStream).
    /// Each event becomes the root value of one execution of the subscription's selection set.
    func subscribe(_ info: ResolveInfo, source: Source, arguments: JSONObject, context: Context) async throws
        -> AsyncThrowingStream<Source, any Error>

    /// A subscription event's resume id (the position a client reconnects after), if it has one.
    func eventID(of event: Source) -> String?
}

extension Resolvers {
    public func subscribe(_ info: ResolveInfo, source: Source, arguments: JSONObject, context: Context) async throws
        -> AsyncThrowingStream<Source, any Error> {
        throw ClientError("Subscriptions are not supported for field \"\(info.fieldName)\".", code: "BAD_REQUEST")
    }

    public func eventID(of event: Source) -> String? { nil }
}

/// What a resolver produced.
public enum Resolution<Source: Sendable>: Sendable {
    case value(Source)
    case pending(@Sendable () async throws -> Source)
}

/// A value as completion needs to see it. Lists report their length and are read element by
/// element, so completing a list allocates nothing.
public enum ValueView: Sendable {
    case null
    case list(count: Int)
    case value
}

/// What a resolver knows about the field it resolves. Built once per field of a request
/// and shared by every object the field is resolved on.
public final class ResolveInfo: Sendable {
    /// The field's name (not its alias).
    public let fieldName: String
    /// The key the field has in the response (its alias, or its name).
    public let responseKey: String
    /// The object type the field belongs to.
    public let parentType: Int
    /// The field's index in the parent type's `fields`, or -1 for meta-fields.
    public let fieldIndex: Int
    /// The field's type.
    public let returnType: TypeRef
    /// The names of the fields selected under this one (look-ahead), in order, de-duplicated.
    public let selectedFieldNames: [String]

    public init(fieldName: String, responseKey: String, parentType: Int, fieldIndex: Int, returnType: TypeRef,
                selectedFieldNames: [String]) {
        self.fieldName = fieldName
        self.responseKey = responseKey
        self.parentType = parentType
        self.fieldIndex = fieldIndex
        self.returnType = returnType
        self.selectedFieldNames = selectedFieldNames
    }
}

/// An error whose message is meant for clients. Anything else a resolver throws is masked
/// as "Internal server error" with code INTERNAL.
public protocol PublicError: Error {
    var message: String { get }
    /// The `extensions.code` clients see.
    var code: String { get }
    /// More `extensions` entries, such as `retryAfterSeconds`.
    var details: [ErrorDetail] { get }
}

extension PublicError {
    public var details: [ErrorDetail] { [] }
}

/// A public error with a message and a code.
public struct ClientError: PublicError, Sendable {
    public let message: String
    public let code: String

    public init(_ message: String, code: String = "BAD_USER_INPUT") {
        self.message = message
        self.code = code
    }
}
