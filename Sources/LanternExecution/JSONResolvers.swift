import LanternSchema

/// Default resolvers over a JSON value: a field is the property of the parent object with the
/// field's name; an abstract value names its type in `"__typename"`. This is how the engine
/// command line runs a schema without code.
public struct JSONResolvers: Resolvers {
    public typealias Source = JSONValue
    public typealias Context = Void

    /// Time between subscription events (see `subscribe`).
    public var eventInterval: Duration

    public init(eventInterval: Duration = .milliseconds(100)) {
        self.eventInterval = eventInterval
    }

    @inlinable
    public func resolve(_ info: ResolveInfo, source: JSONValue, arguments: JSONObject, context: Void) throws -> Resolution<JSONValue> {
        if case .object(let object) = source, let value = object[info.fieldName] { return .value(value) }
        return .value(.null)
    }

    public func typeName(of value: JSONValue, abstractType: SchemaType) throws -> String? {
        if case .object(let object) = value, case .string(let name)? = object["__typename"] { return name }
        return nil
    }

    @inlinable
    public func view(_ value: JSONValue) -> ValueView {
        switch value {
        case .null: return .null
        case .array(let items): return .list(count: items.count)
        default: return .value
        }
    }

    @inlinable
    public func element(of list: JSONValue, at index: Int) -> JSONValue {
        if case .array(let items) = list { return items[index] }
        return .null
    }

    @inlinable
    public func leafValue(_ value: JSONValue) -> JSONValue { value }

    /// A subscription over a JSON root streams the elements of the root's array of that name,
    /// each as the event `{"<field>": element}`, `eventInterval` apart.
    public func subscribe(_ info: ResolveInfo, source: JSONValue, arguments: JSONObject, context: Void) async throws
        -> AsyncThrowingStream<JSONValue, any Error> {
        let elements: [JSONValue]
        if case .array(let items)? = source[info.fieldName] { elements = items } else { elements = [] }
        let interval = eventInterval
        let name = info.fieldName
        return AsyncThrowingStream { continuation in
            let task = Task {
                for element in elements {
                    if Task.isCancelled { break }
                    continuation.yield(.object(JSONObject([(name, element)])))
                    try? await Task.sleep(for: interval)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// The engine command line's execution: default resolvers over a JSON root.
public enum JSONExecution {
    public static func execute(schema: Schema, document: Document, operationName: String?, variables: JSONObject,
                               root: JSONValue) -> [UInt8] {
        Execution.executeSynchronously(schema: schema, document: document, operationName: operationName,
                                       variables: variables, root: root, resolvers: JSONResolvers(), context: ()).json
    }
}
