import LanternLanguage

/// Literal input coercion (the spec's CoerceLiteral, graphql-js's `valueFromAST`) and the
/// reverse, a coerced value printed back as a literal (`astFromValue`).
public enum ValueCoercion {
    /// Coerces a literal to `type`; nil when it cannot be coerced. Variables are looked up in
    /// `variables` (already coerced); an absent variable makes the literal invalid unless
    /// it sits where the spec lets it fall back (list items, object fields).
    public static func valueFromLiteral(_ literal: LanternLanguage.Value, type: TypeRef, types: [SchemaType],
                                        variables: JSONObject? = nil) -> JSONValue? {
        if case .variable(let variable) = literal {
            guard let value = variables?[variable.name.value] else { return nil }
            if value == .null && type.isNonNull { return nil }
            return value
        }
        switch type.shape {
        case .nonNull(let inner):
            if case .null = literal { return nil }
            return valueFromLiteral(literal, type: inner, types: types, variables: variables)
        case .list(let itemType):
            if case .null = literal { return .null }
            if case .list(let items, _) = literal {
                var values: [JSONValue] = []
                values.reserveCapacity(items.count)
                for item in items {
                    if isMissingVariable(item, variables) {
                        if itemType.isNonNull { return nil }
                        values.append(.null)
                    } else {
                        guard let value = valueFromLiteral(item, type: itemType, types: types, variables: variables) else { return nil }
                        values.append(value)
                    }
                }
                return .array(values)
            }
            guard let single = valueFromLiteral(literal, type: itemType, types: types, variables: variables) else { return nil }
            return .array([single])
        case .named(let index):
            if case .null = literal { return .null }
            let schemaType = types[index]
            switch schemaType.kind {
            case .inputObject:
                guard case .object(let fields, _) = literal else { return nil }
                var result = JSONObject()
                for field in schemaType.inputFields {
                    let node = fields.first { $0.name.value == field.name }
                    if node == nil || isMissingVariable(node!.value, variables) {
                        if let defaultValue = field.defaultValue {
                            result[field.name] = defaultValue
                        } else if field.type.isNonNull {
                            return nil
                        }
                        continue
                    }
                    guard let value = valueFromLiteral(node!.value, type: field.type, types: types, variables: variables) else { return nil }
                    result[field.name] = value
                }
                if schemaType.isOneOf {
                    guard result.count == 1, result.values[0] != .null else { return nil }
                }
                return .object(result)
            case .enumType:
                guard case .enumValue(let name, _) = literal, schemaType.enumValueIndex[name] != nil else { return nil }
                return .string(name)
            case .scalar:
                if let builtin = schemaType.builtinScalar {
                    return builtinScalarFromLiteral(literal, builtin)
                }
                return untypedValue(literal, variables: variables)
            default:
                return nil
            }
        }
    }

    static func isMissingVariable(_ literal: LanternLanguage.Value, _ variables: JSONObject?) -> Bool {
        if case .variable(let variable) = literal { return variables?[variable.name.value] == nil }
        return false
    }

    /// The built-in scalars' literal coercion.
    public static func builtinScalarFromLiteral(_ literal: LanternLanguage.Value, _ scalar: BuiltinScalar) -> JSONValue? {
        switch scalar {
        case .int:
            guard case .int(let text, _) = literal, let value = Int32(text) else { return nil }
            return .int(Int(value))
        case .float:
            switch literal {
            case .int(let text, _), .float(let text, _):
                guard let value = Double(text), value.isFinite else { return nil }
                return .double(value)
            default: return nil
            }
        case .string:
            guard case .string(let string) = literal else { return nil }
            return .string(string.value)
        case .boolean:
            guard case .boolean(let flag, _) = literal else { return nil }
            return .bool(flag)
        case .id:
            switch literal {
            case .string(let string): return .string(string.value)
            case .int(let text, _): return .string(text)
            default: return nil
            }
        }
    }

    /// A literal as plain JSON, for custom scalars (graphql-js's `valueFromASTUntyped`).
    public static func untypedValue(_ literal: LanternLanguage.Value, variables: JSONObject?) -> JSONValue? {
        switch literal {
        case .null: return .null
        case .int(let text, _):
            if let value = Int(text) { return .int(value) }
            return Double(text).map { .double($0) }
        case .float(let text, _): return Double(text).map { .double($0) }
        case .string(let string): return .string(string.value)
        case .boolean(let flag, _): return .bool(flag)
        case .enumValue(let name, _): return .string(name)
        case .list(let items, _):
            return .array(items.map { untypedValue($0, variables: variables) ?? .null })
        case .object(let fields, _):
            var object = JSONObject()
            for field in fields { object[field.name.value] = untypedValue(field.value, variables: variables) ?? .null }
            return .object(object)
        case .variable(let variable):
            return variables?[variable.name.value]
        }
    }

    /// A coerced value printed back as a literal of `type`, as graphql-js's `astFromValue`
    /// then `print` do; used for `defaultValue` in introspection and in printed schemas.
    public static func literalText(_ value: JSONValue, type: TypeRef, types: [SchemaType]) -> String? {
        literal(value, type: type, types: types).map { Printer.print($0) }
    }

    static func literal(_ value: JSONValue, type: TypeRef, types: [SchemaType]) -> LanternLanguage.Value? {
        let none = Span.none
        switch type.shape {
        case .nonNull(let inner):
            let result = literal(value, type: inner, types: types)
            if case .null = result { return nil }
            return result
        case .list(let itemType):
            if value == .null { return .null(none) }
            if case .array(let items) = value {
                return .list(items.compactMap { literal($0, type: itemType, types: types) }, none)
            }
            return literal(value, type: itemType, types: types)
        case .named(let index):
            if value == .null { return .null(none) }
            let schemaType = types[index]
            switch schemaType.kind {
            case .inputObject:
                guard case .object(let object) = value else { return nil }
                var fields: [ObjectField] = []
                for field in schemaType.inputFields {
                    guard let fieldValue = object[field.name], let node = literal(fieldValue, type: field.type, types: types) else { continue }
                    fields.append(ObjectField(name: Name(field.name), value: node, span: none))
                }
                return .object(fields, none)
            case .enumType:
                guard case .string(let name) = value, schemaType.enumValueIndex[name] != nil else { return nil }
                return .enumValue(name, none)
            case .scalar:
                guard let serialized = schemaType.builtinScalar.map({ OutputCoercion.serialize(value, $0) })
                        ?? Optional(value) else { return nil }
                return untypedLiteral(serialized, isID: schemaType.builtinScalar == .id)
            default:
                return nil
            }
        }
    }

    private static func untypedLiteral(_ value: JSONValue, isID: Bool) -> LanternLanguage.Value? {
        let none = Span.none
        switch value {
        case .null: return .null(none)
        case .bool(let flag): return .boolean(flag, none)
        case .int(let number): return .int(String(number), none)
        case .double(let number):
            guard number.isFinite else { return nil }
            let text = JSNumber.format(number)
            return isIntegerText(text) ? .int(text, none) : .float(text, none)
        case .string(let text):
            if isID && isIntegerText(text) { return .int(text, none) }
            return .string(StringValue(value: text, isBlock: false, span: none))
        case .array(let items):
            return .list(items.compactMap { untypedLiteral($0, isID: false) }, none)
        case .object(let object):
            return .object(object.compactMap { key, item in
                untypedLiteral(item, isID: false).map { ObjectField(name: Name(key), value: $0, span: none) }
            }, none)
        }
    }

    static func isIntegerText(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if bytes.first == 0x2D { bytes = bytes.dropFirst() }
        guard let first = bytes.first, first >= 0x30 && first <= 0x39 else { return false }
        if first == 0x30 && bytes.count > 1 { return false }
        return bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}

/// Result coercion of the built-in scalars, with graphql-js's leniency (numeric strings for
/// Int and Float, numbers for String and Boolean); nil means the value cannot be serialized.
public enum OutputCoercion {
    public static func serialize(_ value: JSONValue, _ scalar: BuiltinScalar) -> JSONValue? {
        switch scalar {
        case .int:
            switch value {
            case .bool(let flag): return .int(flag ? 1 : 0)
            case .int(let number): return Int32(exactly: number) != nil ? .int(number) : nil
            case .double(let number):
                guard number.isFinite, number.rounded() == number, let exact = Int32(exactly: number) else { return nil }
                return .int(Int(exact))
            case .string(let text):
                guard !text.isEmpty, let number = jsNumber(text), number.rounded() == number,
                      let exact = Int32(exactly: number) else { return nil }
                return .int(Int(exact))
            default: return nil
            }
        case .float:
            switch value {
            case .bool(let flag): return .int(flag ? 1 : 0)
            case .int: return value
            case .double(let number): return number.isFinite ? value : nil
            case .string(let text):
                guard !text.isEmpty, let number = jsNumber(text), number.isFinite else { return nil }
                return number.rounded() == number && abs(number) < 1e15 ? .int(Int(number)) : .double(number)
            default: return nil
            }
        case .string:
            switch value {
            case .string: return value
            case .bool(let flag): return .string(flag ? "true" : "false")
            case .int(let number): return .string(String(number))
            case .double(let number): return number.isFinite ? .string(JSNumber.format(number)) : nil
            default: return nil
            }
        case .boolean:
            switch value {
            case .bool: return value
            case .int(let number): return .bool(number != 0)
            case .double(let number): return number.isFinite ? .bool(number != 0) : nil
            default: return nil
            }
        case .id:
            switch value {
            case .string: return value
            case .int(let number): return .string(String(number))
            case .double(let number):
                guard number.isFinite, number.rounded() == number else { return nil }
                return .string(JSNumber.format(number))
            default: return nil
            }
        }
    }

    /// JavaScript's `Number(text)` for the common decimal forms.
    static func jsNumber(_ text: String) -> Double? {
        let trimmed = text.trimmingSpaces
        if trimmed.isEmpty { return 0 }
        if trimmed.lowercased().hasPrefix("0x") { return UInt64(trimmed.dropFirst(2), radix: 16).map(Double.init) }
        guard trimmed.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45 }) else {
            return nil
        }
        return Double(trimmed)
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\n" || first == "\r" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\n" || last == "\r" { scalars.removeLast() }
        return String(scalars)
    }
}
