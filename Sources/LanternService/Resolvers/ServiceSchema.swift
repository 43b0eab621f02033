import LanternCodegenRuntime
import LanternDomain
import LanternExecution

/// The generated schema bound to `ServiceResolvers`, with the one rule the service adds for every
/// field: no text argument may contain U+0000 (PostgreSQL cannot store it, and no id, cursor or
/// name has one), refused up front as BAD_USER_INPUT on both databases alike.
struct ServiceSchema: Resolvers {
    typealias Source = GeneratedSchema.Value
    typealias Context = ResolverScope<RequestContext>

    let generated: ExecutableSchema<ServiceResolvers>

    init() throws { generated = try ExecutableSchema(ServiceResolvers()) }

    var schema: Schema { generated.schema }

    func resolve(_ info: ResolveInfo, source: Source, arguments: JSONObject, context: Context) throws -> Resolution<Source> {
        if !arguments.isEmpty { try Self.rejectNUL(arguments) }
        return try generated.resolve(info, source: source, arguments: arguments, context: context)
    }

    func subscribe(_ info: ResolveInfo, source: Source, arguments: JSONObject, context: Context) async throws
        -> AsyncThrowingStream<Source, any Error> {
        if !arguments.isEmpty { try Self.rejectNUL(arguments) }
        return try await generated.subscribe(info, source: source, arguments: arguments, context: context)
    }

    /// An incident event's log cursor, so Server-Sent Events carry it as `id:`.
    func eventID(of event: Source) -> String? {
        if case .incidentEvent(let event) = event { return event.cursor }
        return nil
    }

    func typeName(of value: Source, abstractType: SchemaType) throws -> String? {
        try generated.typeName(of: value, abstractType: abstractType)
    }

    func view(_ value: Source) -> ValueView { generated.view(value) }

    func element(of list: Source, at index: Int) -> Source { generated.element(of: list, at: index) }

    func leafValue(_ value: Source) -> JSONValue { generated.leafValue(value) }

    static func rejectNUL(_ arguments: JSONObject) throws {
        func check(_ value: JSONValue) throws {
            switch value {
            case .string(let text):
                if text.utf8.contains(0) { throw DomainError.badInput("Text arguments must not contain the NUL character.") }
            case .array(let items): for item in items { try check(item) }
            case .object(let object): for (_, item) in object { try check(item) }
            default: return
            }
        }
        for (_, value) in arguments { try check(value) }
    }
}
