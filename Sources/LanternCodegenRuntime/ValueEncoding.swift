import LanternExecution

/// The conversions generated dispatch code calls to turn Swift values into the executor's value
/// type. Named functions with explicit types keep large generated files fast to type-check.
public protocol GeneratedValue: Sendable {
    static var null: Self { get }
    static func leaf(_ json: JSONValue) -> Self
    static func list(_ items: [Self]) -> Self
}

extension GeneratedValue {
    @inlinable public static func string(_ value: String) -> Self { leaf(.string(value)) }
    @inlinable public static func int(_ value: Int) -> Self { leaf(.int(value)) }
    @inlinable public static func double(_ value: Double) -> Self { leaf(.double(value)) }
    @inlinable public static func bool(_ value: Bool) -> Self { leaf(.bool(value)) }
    @inlinable public static func enumValue<E: RawRepresentable<String>>(_ value: E) -> Self { leaf(.string(value.rawValue)) }

    @inlinable public static func optional<T>(_ value: T?, _ encode: (T) -> Self) -> Self {
        if let value { return encode(value) }
        return null
    }

    @inlinable public static func list<T>(_ values: [T], _ encode: (T) -> Self) -> Self {
        list(values.map(encode))
    }
}
