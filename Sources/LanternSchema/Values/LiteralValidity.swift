import LanternLanguage

/// Whether a literal can be coerced to an input type, with graphql-js's
/// ValuesOfCorrectType messages; shared by operation validation and by the type-system
/// check that default values are coercible.
public enum LiteralValidity {
    public struct Problem: Sendable {
        public var message: String
        public var span: Span
    }

    public static func isValid(_ literal: LanternLanguage.Value, type: TypeRef, schema: Schema) -> Bool {
        var problems: [Problem] = []
        check(literal, type: type, schema: schema, variableTypes: nil, into: &problems)
        return problems.isEmpty
    }

    /// Appends every problem with `literal` at `type` (nil when the location's type is unknown).
    /// `variableTypes` maps variable names to their declared types, for the OneOf rule.
    public static func check(_ literal: LanternLanguage.Value, type: TypeRef?, schema: Schema,
                             variableTypes: [String: TypeReference]?, into problems: inout [Problem]) {
        guard let type else { return }
        switch literal {
        case .variable:
            return
        case .null(let span):
            if type.isNonNull {
                problems.append(Problem(message: "Expected value of type \"\(schema.describe(type))\", found null.", span: span))
            }
        case .list(let items, _):
            if case .list(let itemType) = type.nullable.shape {
                for item in items { check(item, type: itemType, schema: schema, variableTypes: variableTypes, into: &problems) }
            } else {
                checkLeaf(literal, type: type, schema: schema, into: &problems)
            }
        case .object(let fields, let span):
            let named = schema.types[type.namedIndex]
            guard named.kind == .inputObject else {
                checkLeaf(literal, type: type, schema: schema, into: &problems)
                return
            }
            for field in named.inputFields where field.isRequired && !fields.contains(where: { $0.name.value == field.name }) {
                problems.append(Problem(message: "Field \"\(named.name).\(field.name)\" of required type \"\(schema.describe(field.type))\" was not provided.", span: span))
            }
            if named.isOneOf {
                if fields.count != 1 {
                    problems.append(Problem(message: "OneOf Input Object \"\(named.name)\" must specify exactly one key.", span: span))
                } else if case .null = fields[0].value {
                    problems.append(Problem(message: "Field \"\(named.name).\(fields[0].name.value)\" must be non-null.", span: span))
                } else if case .variable(let variable) = fields[0].value,
                          let declared = variableTypes?[variable.name.value], !declared.isNonNullReference {
                    problems.append(Problem(message: "Variable \"\(variable.name.value)\" must be non-nullable to be used for OneOf Input Object \"\(named.name)\".", span: span))
                }
            }
            for field in fields {
                guard let fieldIndex = named.inputFieldIndex[field.name.value] else {
                    let hint = Suggestions.didYouMean(Suggestions.list(field.name.value, named.inputFields.map(\.name)))
                    problems.append(Problem(message: "Field \"\(field.name.value)\" is not defined by type \"\(named.name)\".\(hint)", span: field.span))
                    continue
                }
                check(field.value, type: named.inputFields[fieldIndex].type, schema: schema, variableTypes: variableTypes, into: &problems)
            }
        default:
            checkLeaf(literal, type: type, schema: schema, into: &problems)
        }
    }

    static func checkLeaf(_ literal: LanternLanguage.Value, type: TypeRef, schema: Schema, into problems: inout [Problem]) {
        let named = schema.types[type.namedIndex]
        let printed = Printer.print(literal)
        guard named.isLeaf else {
            problems.append(Problem(message: "Expected value of type \"\(schema.describe(type))\", found \(printed).", span: literal.span))
            return
        }
        if named.kind == .enumType {
            guard case .enumValue(let name, _) = literal else {
                let hint = Suggestions.didYouMean(Suggestions.list(printed, named.enumValues.map(\.name)), subMessage: "the enum value")
                problems.append(Problem(message: "Enum \"\(named.name)\" cannot represent non-enum value: \(printed).\(hint)", span: literal.span))
                return
            }
            if named.enumValueIndex[name] == nil {
                let hint = Suggestions.didYouMean(Suggestions.list(name, named.enumValues.map(\.name)), subMessage: "the enum value")
                problems.append(Problem(message: "Value \"\(name)\" does not exist in \"\(named.name)\" enum.\(hint)", span: literal.span))
            }
            return
        }
        guard let builtin = named.builtinScalar else { return }
        if ValueCoercion.builtinScalarFromLiteral(literal, builtin) != nil { return }
        let message: String
        switch builtin {
        case .int:
            if case .int(let text, _) = literal {
                message = "Int cannot represent non 32-bit signed integer value: \(text)"
            } else {
                message = "Int cannot represent non-integer value: \(printed)"
            }
        case .float: message = "Float cannot represent non numeric value: \(printed)"
        case .string: message = "String cannot represent a non string value: \(printed)"
        case .boolean: message = "Boolean cannot represent a non boolean value: \(printed)"
        case .id: message = "ID cannot represent a non-string and non-integer value: \(printed)"
        }
        problems.append(Problem(message: message, span: literal.span))
    }
}
