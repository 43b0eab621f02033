/// Prints AST nodes as canonical GraphQL text, in graphql-js's `print` style, such that
/// parsing the output gives back the same tree.
public enum Printer {
    public static func print(_ document: Document) -> String {
        var parts: [String] = []
        parts.reserveCapacity(document.definitions.count)
        for definition in document.definitions {
            var text = print(definition)
            // graphql-js prints an anonymous query as the `{ … }` shorthand; after a type-system
            // definition with no body, that brace would be read back as the body. Keep `query`.
            if case .operation(let operation) = definition, text.hasPrefix("{"), let previous = parts.last,
               !previous.hasSuffix("}"), operation.description == nil {
                text = "query " + text
            }
            parts.append(text)
        }
        return join(parts, "\n\n")
    }

    public static func print(_ definition: Definition) -> String {
        switch definition {
        case .operation(let node): return print(node)
        case .fragment(let node): return print(node)
        case .schema(let node):
            return prefixDescription(node.description)
                + join(["schema", join(node.directives.map(print), " "), block(node.operationTypes.map(print))], " ")
        case .schemaExtension(let node):
            return join(["extend schema", join(node.directives.map(print), " "), block(node.operationTypes.map(print))], " ")
        case .type(let node): return print(node, extending: false)
        case .typeExtension(let node): return print(node, extending: true)
        case .directive(let node): return print(node)
        }
    }

    public static func print(_ node: OperationDefinition) -> String {
        let variables = wrap("(", join(node.variableDefinitions.map(print), ", "), ")")
        let prefix = join([node.operation.rawValue, join([node.name?.value ?? "", variables], ""),
                           join(node.directives.map(print), " ")], " ")
        let body = (prefix == "query" && node.description == nil ? "" : prefix + " ") + print(node.selectionSet)
        return prefixDescription(node.description) + body
    }

    public static func print(_ node: VariableDefinition) -> String {
        prefixDescription(node.description, separator: " ")
            + "$" + node.variable.name.value + ": " + print(node.type)
            + wrap(" = ", node.defaultValue.map(print) ?? "") + wrap(" ", join(node.directives.map(print), " "))
    }

    public static func print(_ node: SelectionSet) -> String {
        block(node.selections.map(print))
    }

    public static func print(_ node: Selection) -> String {
        switch node {
        case .field(let field):
            let prefix = wrap("", field.alias?.value ?? "", ": ") + field.name.value
            var argumentsLine = prefix + wrap("(", join(field.arguments.map(print), ", "), ")")
            if argumentsLine.utf16.count > 80 {
                argumentsLine = prefix + wrap("(\n", indent(join(field.arguments.map(print), "\n")), "\n)")
            }
            return join([argumentsLine, join(field.directives.map(print), " "), field.selectionSet.map(print) ?? ""], " ")
        case .fragmentSpread(let spread):
            return "..." + spread.name.value + wrap(" ", join(spread.directives.map(print), " "))
        case .inlineFragment(let fragment):
            return join(["...", wrap("on ", fragment.typeCondition?.name.value ?? ""),
                         join(fragment.directives.map(print), " "), print(fragment.selectionSet)], " ")
        }
    }

    public static func print(_ node: FragmentDefinition) -> String {
        prefixDescription(node.description)
            + "fragment \(node.name.value) on \(node.typeCondition.name.value) "
            + wrap("", join(node.directives.map(print), " "), " ") + print(node.selectionSet)
    }

    public static func print(_ node: Argument) -> String {
        node.name.value + ": " + print(node.value)
    }

    public static func print(_ node: Directive) -> String {
        "@" + node.name.value + wrap("(", join(node.arguments.map(print), ", "), ")")
    }

    public static func print(_ value: Value) -> String {
        switch value {
        case .variable(let variable): return "$" + variable.name.value
        case .int(let text, _), .float(let text, _), .enumValue(let text, _): return text
        case .string(let string): return string.isBlock ? BlockString.print(string.value) : printString(string.value)
        case .boolean(let flag, _): return flag ? "true" : "false"
        case .null: return "null"
        case .list(let values, _): return "[" + join(values.map(print), ", ") + "]"
        case .object(let fields, _):
            return "{" + join(fields.map { $0.name.value + ": " + print($0.value) }, ", ") + "}"
        }
    }

    public static func print(_ type: TypeReference) -> String {
        type.description
    }

    // MARK: - Type system

    static func print(_ node: TypeDefinition, extending: Bool) -> String {
        let head = extending ? "extend " + node.keyword : node.keyword
        let description = extending ? "" : prefixDescription(node.description)
        let directives = join(node.directives.map(print), " ")
        switch node {
        case .scalar(let scalar):
            return description + join([head, scalar.name.value, directives], " ")
        case .object(let object), .interface(let object):
            return description + join([head, object.name.value,
                                       wrap("implements ", join(object.interfaces.map { $0.name.value }, " & ")),
                                       directives, block(object.fields.map(print))], " ")
        case .union(let union):
            return description + join([head, union.name.value, directives,
                                       wrap("= ", join(union.types.map { $0.name.value }, " | "))], " ")
        case .enumType(let enumType):
            let values = enumType.values.map { value in
                prefixDescription(value.description) + join([value.name.value, join(value.directives.map(print), " ")], " ")
            }
            return description + join([head, enumType.name.value, directives, block(values)], " ")
        case .inputObject(let input):
            return description + join([head, input.name.value, directives, block(input.fields.map(print))], " ")
        }
    }

    public static func print(_ node: OperationTypeDefinition) -> String {
        node.operation.rawValue + ": " + node.type.name.value
    }

    public static func print(_ node: FieldDefinition) -> String {
        prefixDescription(node.description) + node.name.value + printArgumentDefinitions(node.arguments)
            + ": " + print(node.type) + wrap(" ", join(node.directives.map(print), " "))
    }

    public static func print(_ node: InputValueDefinition) -> String {
        prefixDescription(node.description)
            + join([node.name.value + ": " + print(node.type), wrap("= ", node.defaultValue.map(print) ?? ""),
                    join(node.directives.map(print), " ")], " ")
    }

    public static func print(_ node: DirectiveDefinition) -> String {
        prefixDescription(node.description) + "directive @" + node.name.value
            + printArgumentDefinitions(node.arguments) + (node.isRepeatable ? " repeatable" : "")
            + " on " + join(node.locations.map { $0.value }, " | ")
    }

    static func printArgumentDefinitions(_ arguments: [InputValueDefinition]) -> String {
        let printed = arguments.map(print)
        if printed.contains(where: { $0.contains("\n") }) {
            return wrap("(\n", indent(join(printed, "\n")), "\n)")
        }
        return wrap("(", join(printed, ", "), ")")
    }

    static func prefixDescription(_ description: Description?, separator: String = "\n") -> String {
        guard let description else { return "" }
        let text = description.isBlock ? BlockString.print(description.value) : printString(description.value)
        return text + separator
    }

    // MARK: - graphql-js's string helpers

    static func join(_ parts: [String], _ separator: String) -> String {
        var result = ""
        var first = true
        for part in parts where !part.isEmpty {
            if !first { result += separator }
            result += part
            first = false
        }
        return result
    }

    static func wrap(_ start: String, _ text: String, _ end: String = "") -> String {
        text.isEmpty ? "" : start + text + end
    }

    static func indent(_ text: String) -> String {
        wrap("  ", text.replacingAll("\n", with: "\n  "))
    }

    static func block(_ items: [String]) -> String {
        wrap("{\n", indent(join(items, "\n")), "\n}")
    }

    /// A `"…"` string literal with JSON-style escapes, as graphql-js's `printString`.
    public static func printString(_ value: String) -> String {
        var result = "\""
        result.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x08: result += "\\b"
            case 0x09: result += "\\t"
            case 0x0A: result += "\\n"
            case 0x0C: result += "\\f"
            case 0x0D: result += "\\r"
            case 0x22: result += "\\\""
            case 0x5C: result += "\\\\"
            case 0x00...0x1F, 0x7F...0x9F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
