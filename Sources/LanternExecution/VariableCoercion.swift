import LanternLanguage
import LanternSchema

/// CoerceVariableValues (§6.4.1): request errors, every one of them reported, each at its
/// variable definition.
@usableFromInline
struct VariableCoercion {
    @usableFromInline
    let schema: Schema
    @usableFromInline
    let source: Source
    @usableFromInline
    static let maxErrors = 50

    @usableFromInline
    func coerce(_ definitions: [VariableDefinition], values: JSONObject) -> Result<JSONObject, GraphQLErrors> {
        var coerced = JSONObject()
        var errors: [GraphQLError] = []
        for definition in definitions {
            let name = definition.variable.name.value
            guard let type = typeRef(definition.type) else { continue }
            let typeString = definition.type.description
            let location = [source.location(of: definition.span.start)]
            guard let value = values[name] else {
                if let defaultLiteral = definition.defaultValue {
                    if let value = ValueCoercion.valueFromLiteral(defaultLiteral, type: type, types: schema.types) {
                        coerced[name] = value
                    }
                } else if type.isNonNull {
                    errors.append(GraphQLError("Variable \"$\(name)\" of required type \"\(typeString)\" was not provided.",
                                               locations: location, code: "BAD_USER_INPUT"))
                }
                continue
            }
            if value == .null && type.isNonNull {
                errors.append(GraphQLError("Variable \"$\(name)\" of non-null type \"\(typeString)\" must not be null.",
                                           locations: location, code: "BAD_USER_INPUT"))
                continue
            }
            var problems: [(path: [PathComponent], value: JSONValue, message: String)] = []
            let result = coerceInput(value, type: type, path: [], &problems)
            if problems.isEmpty {
                coerced[name] = result ?? .null
            } else {
                // One value can hold thousands of problems; report no more than the error limit,
                // and never echo a huge value back in full.
                for problem in problems.prefix(max(1, Self.maxErrors - errors.count)) {
                    let at = problem.path.isEmpty ? "" : " at \"\(name)\(Self.printPath(problem.path))\""
                    errors.append(GraphQLError("Variable \"$\(name)\" got invalid value \(Self.shortened(inspect(problem.value)))\(at); \(problem.message)",
                                               locations: location, code: "BAD_USER_INPUT"))
                }
            }
            if errors.count >= Self.maxErrors {
                errors.append(GraphQLError("Too many errors processing variables, error limit reached. Execution aborted."))
                break
            }
        }
        return errors.isEmpty ? .success(coerced) : .failure(GraphQLErrors(errors))
    }

    /// A printed value cut to a length that fits an error message.
    static func shortened(_ printed: String) -> String {
        printed.utf8.count <= 512 ? printed : String(printed.prefix(500)) + "…"
    }

    @usableFromInline
    func typeRef(_ reference: TypeReference) -> TypeRef? {
        switch reference {
        case .named(let named): return schema.typeIndex[named.name.value].map { .named($0) }
        case .list(let inner, _): return typeRef(inner).map { .list($0) }
        case .nonNull(let inner, _): return typeRef(inner).map { .nonNull($0) }
        }
    }

    @usableFromInline
    static func printPath(_ path: [PathComponent]) -> String {
        path.map { component in
            switch component {
            case .key(let key): return ".\(key)"
            case .index(let index): return "[\(index)]"
            }
        }.joined()
    }

    /// graphql-js's `coerceInputValue`: returns the coerced value, appending every problem.
    @usableFromInline
    func coerceInput(_ value: JSONValue, type: TypeRef, path: [PathComponent],
                     _ problems: inout [(path: [PathComponent], value: JSONValue, message: String)]) -> JSONValue? {
        switch type.shape {
        case .nonNull(let inner):
            if value != .null { return coerceInput(value, type: inner, path: path, &problems) }
            problems.append((path, value, "Expected non-nullable type \"\(schema.describe(type))\" not to be null."))
            return nil
        case .list(let itemType):
            if value == .null { return .null }
            if case .array(let items) = value {
                var result: [JSONValue] = []
                result.reserveCapacity(items.count)
                for (index, item) in items.enumerated() {
                    result.append(coerceInput(item, type: itemType, path: path + [.index(index)], &problems) ?? .null)
                }
                return .array(result)
            }
            return coerceInput(value, type: itemType, path: path, &problems).map { .array([$0]) }
        case .named(let index):
            if value == .null { return .null }
            let named = schema.types[index]
            switch named.kind {
            case .inputObject:
                guard case .object(let object) = value else {
                    problems.append((path, value, "Expected type \"\(named.name)\" to be an object."))
                    return nil
                }
                var result = JSONObject()
                for field in named.inputFields {
                    guard let fieldValue = object[field.name] else {
                        if let defaultValue = field.defaultValue {
                            result[field.name] = defaultValue
                        } else if field.type.isNonNull {
                            problems.append((path, value, "Field \"\(field.name)\" of required type \"\(schema.describe(field.type))\" was not provided."))
                        }
                        continue
                    }
                    result[field.name] = coerceInput(fieldValue, type: field.type, path: path + [.key(field.name)], &problems) ?? .null
                }
                for key in object.keys where named.inputFieldIndex[key] == nil {
                    let hint = Suggestions.didYouMean(Suggestions.list(key, named.inputFields.map(\.name)))
                    problems.append((path, value, "Field \"\(key)\" is not defined by type \"\(named.name)\".\(hint)"))
                }
                if named.isOneOf {
                    if result.count != 1 {
                        problems.append((path, value, "Exactly one key must be specified for OneOf type \"\(named.name)\"."))
                    } else if result.values[0] == .null {
                        problems.append((path + [.key(result.keys[0])], .null, "Field \"\(result.keys[0])\" must be non-null."))
                    }
                }
                return .object(result)
            case .enumType:
                guard case .string(let name) = value else {
                    problems.append((path, value, "Enum \"\(named.name)\" cannot represent non-string value: \(inspect(value))."))
                    return nil
                }
                guard named.enumValueIndex[name] != nil else {
                    let hint = Suggestions.didYouMean(Suggestions.list(name, named.enumValues.map(\.name)), subMessage: "the enum value")
                    problems.append((path, value, "Value \"\(name)\" does not exist in \"\(named.name)\" enum.\(hint)"))
                    return nil
                }
                return value
            case .scalar:
                guard let builtin = named.builtinScalar else { return value }
                return coerceBuiltin(value, builtin, path: path, &problems)
            default:
                return nil
            }
        }
    }

    @usableFromInline
    func coerceBuiltin(_ value: JSONValue, _ scalar: BuiltinScalar, path: [PathComponent],
                               _ problems: inout [(path: [PathComponent], value: JSONValue, message: String)]) -> JSONValue? {
        switch scalar {
        case .int:
            guard let number = value.integralValue else {
                problems.append((path, value, "Int cannot represent non-integer value: \(inspect(value))"))
                return nil
            }
            guard Int32(exactly: number) != nil else {
                problems.append((path, value, "Int cannot represent non 32-bit signed integer value: \(inspect(value))"))
                return nil
            }
            return .int(number)
        case .float:
            guard let number = value.doubleValue, number.isFinite else {
                problems.append((path, value, "Float cannot represent non numeric value: \(inspect(value))"))
                return nil
            }
            return .double(number)
        case .string:
            guard case .string = value else {
                problems.append((path, value, "String cannot represent a non string value: \(inspect(value))"))
                return nil
            }
            return value
        case .boolean:
            guard case .bool = value else {
                problems.append((path, value, "Boolean cannot represent a non boolean value: \(inspect(value))"))
                return nil
            }
            return value
        case .id:
            if case .string = value { return value }
            if let number = value.integralValue { return .string(String(number)) }
            problems.append((path, value, "ID cannot represent value: \(inspect(value))"))
            return nil
        }
    }
}

/// A JSON value the way graphql-js's `inspect` shows it in messages.
@usableFromInline
func inspect(_ value: JSONValue) -> String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .int(let number): return String(number)
    case .double(let number): return JSNumber.format(number)
    case .string: return value.jsonText
    case .array(let items): return "[" + items.map(inspect).joined(separator: ", ") + "]"
    case .object(let object):
        if object.isEmpty { return "{}" }
        return "{ " + object.map { "\($0.0): \(inspect($0.1))" }.joined(separator: ", ") + " }"
    }
}
