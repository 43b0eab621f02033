import LanternLanguage

/// Default values of arguments and input fields.
extension SchemaDiffer {
    mutating func compareDefaults(_ oldValue: SchemaInputValue, _ newValue: SchemaInputValue, _ coordinate: SchemaCoordinate,
                                  subject: String, at location: SchemaChange.Location?) {
        switch (oldValue.defaultLiteral, newValue.defaultLiteral) {
        case let (oldLiteral?, nil):
            if newValue.type.isNonNull {
                // Without its default a non-null input must now be given.
                report(.breaking, .defaultValueChanged, coordinate,
                       "\(subject) lost its default value \(Printer.print(oldLiteral)) and is now required.", at: location)
            } else {
                report(.dangerous, .defaultValueChanged, coordinate,
                       "\(subject) lost its default value \(Printer.print(oldLiteral)).", at: location)
            }
        case let (nil, newLiteral?):
            report(.safe, .defaultValueChanged, coordinate, "\(subject) gained the default value \(Printer.print(newLiteral)).", at: location)
        case let (oldLiteral?, newLiteral?):
            if !Self.sameDefault(oldValue, oldLiteral, newValue, newLiteral) {
                report(.dangerous, .defaultValueChanged, coordinate,
                       "\(subject) changed its default value from \(Printer.print(oldLiteral)) to \(Printer.print(newLiteral)).",
                       at: location)
            }
        case (nil, nil):
            break
        }
    }

    /// Whether two defaults are the same value: compared after coercion, so `{a: 1, b: 2}` and
    /// `{b: 2, a: 1}`, or `1` and `1.0` for a `Float`, are equal; as written if either could not
    /// be coerced.
    static func sameDefault(_ oldValue: SchemaInputValue, _ oldLiteral: LanternLanguage.Value, _ newValue: SchemaInputValue,
                            _ newLiteral: LanternLanguage.Value) -> Bool {
        if let oldCoerced = oldValue.defaultValue, let newCoerced = newValue.defaultValue {
            return canonical(oldCoerced) == canonical(newCoerced)
        }
        return Printer.print(oldLiteral) == Printer.print(newLiteral)
    }

    /// A text form of a value in which equal values are equal: object keys sorted, numbers
    /// by their numeric value.
    static func canonical(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number):
            if let integral = value.integralValue { return String(integral) }
            return String(number)
        case .string(let text): return Printer.printString(text)
        case .array(let items): return "[" + items.map(canonical).joined(separator: ",") + "]"
        case .object(let object):
            let pairs = zip(object.keys, object.values).sorted { $0.0 < $1.0 }
            return "{" + pairs.map { "\($0.0):\(canonical($0.1))" }.joined(separator: ",") + "}"
        }
    }
}
