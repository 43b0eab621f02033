/// A JSON value, as read from variables, root values and default values, and as produced
/// by input coercion. Integers written without a fraction or exponent stay `.int`, so that
/// `1` and `1.0` can be told apart where GraphQL cares, and compared equal where it doesn't.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The number as a double, for numeric values.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// The value as an integer when it is a number with no fractional part.
    public var integralValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value):
            guard value.isFinite, value.rounded() == value, abs(value) < 9.007_199_254_740_992e15 else { return nil }
            return Int(value)
        default: return nil
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }
}

/// A JSON object that keeps its keys in insertion order.
///
/// Small objects (the usual case) look keys up linearly, which is fastest for a handful of keys;
/// above `indexThreshold` keys a hash index sits beside the ordered keys, so that building or
/// reading an object a client sent with thousands of keys stays linear overall instead of
/// quadratic.
public struct JSONObject: Sendable, Hashable, Sequence {
    public private(set) var keys: [String] = []
    public private(set) var values: [JSONValue] = []
    /// Position of each key, kept only once the object has more than `indexThreshold` keys.
    private var positions: [String: Int]?

    static let indexThreshold = 16

    public init() {}

    public init(_ pairs: [(String, JSONValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return keys.firstIndex(of: key)
    }

    public subscript(key: String) -> JSONValue? {
        get {
            guard let index = position(of: key) else { return nil }
            return values[index]
        }
        set {
            if let index = position(of: key) {
                if let newValue { values[index] = newValue } else {
                    keys.remove(at: index)
                    values.remove(at: index)
                    if positions != nil { reindex() }
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
                if positions != nil {
                    positions![key] = keys.count - 1
                } else if keys.count > Self.indexThreshold {
                    reindex()
                }
            }
        }
    }

    private mutating func reindex() {
        guard keys.count > Self.indexThreshold else { positions = nil; return }
        var built = [String: Int](minimumCapacity: keys.count)
        for (offset, key) in keys.enumerated() { built[key] = offset }
        positions = built
    }

    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.keys == rhs.keys && lhs.values == rhs.values
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(keys)
        hasher.combine(values)
    }

    public func makeIterator() -> Zip2Sequence<[String], [JSONValue]>.Iterator {
        zip(keys, values).makeIterator()
    }
}
