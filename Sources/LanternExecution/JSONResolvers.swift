import LanternSchema

/// Default resolvers over a JSON value: a field is the property of the parent object with the
/// field's name; an abstract value names its type in `"__typename"`. This is how the engine
/// command line runs a schema without code.
public struct JSONResolvers: Resolvers {
    public typealias Source = JSONValue
    public typealias Context = Void

    public init() {}

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
}

/// The engine command line's execution: default resolvers over a JSON root.
public enum JSONExecution {
    public static func execute(schema: Schema, document: Document, operationName: String?, variables: JSONObject,
                               root: JSONValue) -> [UInt8] {
        Execution.executeSynchronously(schema: schema, document: document, operationName: operationName,
                                       variables: variables, root: root, resolvers: JSONResolvers(), context: ()).json
    }
}
