import LanternLanguage
import LanternSchema

/// CoerceArgumentValues (§6.4.1): execution errors, located at the field or the value.
@usableFromInline
enum ArgumentCoercion {
    @usableFromInline
    static func coerce(_ definitions: [SchemaInputValue], _ field: Field, schema: Schema, variables: JSONObject,
                       source: Source) -> Result<JSONObject, GraphQLError> {
        coerce(definitions, field.arguments, nodeSpan: field.span, schema: schema, variables: variables, source: source)
    }

    @usableFromInline
    static func coerce(_ definitions: [SchemaInputValue], _ arguments: [Argument], nodeSpan: Span, schema: Schema,
                       variables: JSONObject, source: Source) -> Result<JSONObject, GraphQLError> {
        var coerced = JSONObject()
        for definition in definitions {
            let name = definition.name
            let type = definition.type
            guard let argument = arguments.first(where: { $0.name.value == name }) else {
                if let defaultValue = definition.defaultValue {
                    coerced[name] = defaultValue
                } else if type.isNonNull {
                    return .failure(error("Argument \"\(name)\" of required type \"\(schema.describe(type))\" was not provided.", nodeSpan, source))
                }
                continue
            }
            var isNull = false
            if case .null = argument.value { isNull = true }
            if case .variable(let variable) = argument.value {
                guard let value = variables[variable.name.value] else {
                    if let defaultValue = definition.defaultValue {
                        coerced[name] = defaultValue
                    } else if type.isNonNull {
                        return .failure(error("Argument \"\(name)\" of required type \"\(schema.describe(type))\" was provided the variable \"$\(variable.name.value)\" which was not provided a runtime value.",
                                              argument.value.span, source))
                    }
                    continue
                }
                isNull = value == .null
            }
            if isNull && type.isNonNull {
                return .failure(error("Argument \"\(name)\" of non-null type \"\(schema.describe(type))\" must not be null.", argument.value.span, source))
            }
            guard let value = ValueCoercion.valueFromLiteral(argument.value, type: type, types: schema.types, variables: variables) else {
                return .failure(error("Argument \"\(name)\" has invalid value \(Printer.print(argument.value)).", argument.value.span, source))
            }
            coerced[name] = value
        }
        return .success(coerced)
    }

    @usableFromInline
    static func error(_ message: String, _ span: Span, _ source: Source) -> GraphQLError {
        GraphQLError(message, locations: [source.location(of: span.start)], code: "BAD_USER_INPUT")
    }
}
