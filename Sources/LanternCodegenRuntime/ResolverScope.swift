import LanternExecution
import Synchronization

/// The context generated resolvers run with: the application's own context plus what the
/// generated code keeps per request (the batch loaders of batched fields).
public final class ResolverScope<Context: Sendable>: Sendable {
    public let context: Context
    private let batches = Mutex<[BatchKey: any Sendable]>([:])

    /// A batched field with the arguments it was given: parents asking with different
    /// arguments (aliases) batch separately.
    private struct BatchKey: Hashable {
        var field: Int
        var arguments: JSONObject
    }

    public init(_ context: Context) { self.context = context }

    /// The request's batch for the batched field numbered `field`, created on first use.
    public func batch<Parent: Sendable, Value: Sendable>(
        _ field: Int, arguments: JSONObject = JSONObject(), make: () -> ParentBatch<Parent, Value>
    ) -> ParentBatch<Parent, Value> {
        let key = BatchKey(field: field, arguments: arguments)
        return batches.withLock { batches in
            if let existing = batches[key] as? ParentBatch<Parent, Value> { return existing }
            let created = make()
            batches[key] = created
            return created
        }
    }
}

/// What a resolver can see of the query below its field (look-ahead), to avoid fetching what
/// nobody asked for.
public struct FieldSelection: Sendable {
    public let info: ResolveInfo

    public init(_ info: ResolveInfo) { self.info = info }

    /// The names of the fields selected directly under this one.
    public var fieldNames: [String] { info.selectedFieldNames }

    public func contains(_ field: String) -> Bool { info.selectedFieldNames.contains(field) }
}

/// How a custom scalar's Swift type travels as JSON. The generator names one per scalar.
public protocol ScalarCoding {
    associatedtype Value: Sendable
    static func encode(_ value: Value) -> JSONValue
    /// Throws a `ClientError` with a message for the client when the input is not a valid value.
    static func decode(_ json: JSONValue) throws -> Value
}

/// Reading coerced input values in generated code. The executor has already validated inputs
/// against the schema, so failures here mean a scalar's own decoding refused the value.
public enum InputDecoding {
    public static func string(_ json: JSONValue?) throws -> String {
        if case .string(let text)? = json { return text }
        throw ClientError("Expected a string.")
    }

    public static func int(_ json: JSONValue?) throws -> Int {
        if let value = json?.integralValue { return value }
        throw ClientError("Expected an integer.")
    }

    public static func double(_ json: JSONValue?) throws -> Double {
        if let value = json?.doubleValue { return value }
        throw ClientError("Expected a number.")
    }

    public static func bool(_ json: JSONValue?) throws -> Bool {
        if case .bool(let value)? = json { return value }
        throw ClientError("Expected a boolean.")
    }

    public static func enumValue<E: RawRepresentable<String>>(_ json: JSONValue?, as _: E.Type) throws -> E {
        if case .string(let text)? = json, let value = E(rawValue: text) { return value }
        throw ClientError("Expected a value of \(E.self).")
    }

    /// An enum bound to an existing Swift enum, through the generated name-to-case mapping.
    public static func enumValue<E>(_ json: JSONValue?, _ parse: (String) -> E?) throws -> E {
        if case .string(let text)? = json, let value = parse(text) { return value }
        throw ClientError("Expected a value of \(E.self).")
    }

    /// An `ID` bound to a typed identifier (`UserID`): any type whose raw value is the id string.
    public static func identifier<I: RawRepresentable<String>>(_ json: JSONValue?, as _: I.Type) throws -> I {
        if case .string(let text)? = json, let value = I(rawValue: text) { return value }
        throw ClientError("Expected an ID.")
    }

    public static func list<T>(_ json: JSONValue?, _ element: (JSONValue?) throws -> T) throws -> [T] {
        guard case .array(let items)? = json else { throw ClientError("Expected a list.") }
        return try items.map(element)
    }

    /// Nil for absent or null.
    public static func optional<T>(_ json: JSONValue?, _ decode: (JSONValue?) throws -> T) throws -> T? {
        guard let json, json != .null else { return nil }
        return try decode(json)
    }

    public static func omittable<T: Sendable>(_ json: JSONValue?, _ decode: (JSONValue?) throws -> T) throws -> Omittable<T> {
        guard let json else { return .absent }
        if json == .null { return .null }
        return .value(try decode(json))
    }
}

/// `DateTime` as `Date`, in RFC 3339 with fractional seconds (UTC).
public enum DateTimeCoding: ScalarCoding {
    public static func encode(_ value: Date) -> JSONValue {
        .string(value.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)))
    }

    public static func decode(_ json: JSONValue) throws -> Date {
        guard case .string(let text) = json else { throw ClientError("A DateTime is an RFC 3339 string.") }
        if let date = try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)) { return date }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        throw ClientError("\"\(text)\" is not an RFC 3339 date-time such as 2026-11-21T09:30:00Z.")
    }
}

import Foundation
