import LanternLanguage

extension Schema {
    /// The schema as SDL, the way graphql-js's `printSchema` prints it: custom directives
    /// first, then types in definition order with extensions merged in; built-in scalars,
    /// built-in directives and introspection types left out.
    public func printed() -> String {
        var blocks: [String] = []
        if let schemaBlock = printSchemaDefinition() { blocks.append(schemaBlock) }
        for directive in directives where !BuiltinDefinitions.directiveNames.contains(directive.name) {
            blocks.append(printDirective(directive))
        }
        for type in types where type.builtinScalar == nil && !type.isIntrospection {
            blocks.append(printType(type))
        }
        return blocks.joined(separator: "\n\n")
    }

    private func printSchemaDefinition() -> String? {
        let defaultNames = (queryType.map { types[$0].name == "Query" } ?? true)
            && (mutationType.map { types[$0].name == "Mutation" } ?? true)
            && (subscriptionType.map { types[$0].name == "Subscription" } ?? true)
        if description == nil && defaultNames { return nil }
        var lines: [String] = []
        if let queryType { lines.append("  query: \(types[queryType].name)") }
        if let mutationType { lines.append("  mutation: \(types[mutationType].name)") }
        if let subscriptionType { lines.append("  subscription: \(types[subscriptionType].name)") }
        return printDescription(description) + "schema {\n" + lines.joined(separator: "\n") + "\n}"
    }

    private func printType(_ type: SchemaType) -> String {
        let head = printDescription(type.description)
        switch type.kind {
        case .scalar:
            return head + "scalar \(type.name)" + (type.specifiedByURL.map { " @specifiedBy(url: \(Printer.printString($0)))" } ?? "")
        case .object, .interface:
            let keyword = type.kind == .object ? "type" : "interface"
            let interfaces = type.interfaces.isEmpty ? "" : " implements " + type.interfaces.map { types[$0].name }.joined(separator: " & ")
            let fields = type.fields.enumerated().map { index, field in
                printDescription(field.description, indentation: "  ", firstInBlock: index == 0) + "  " + field.name
                    + printArguments(field.arguments, indentation: "  ") + ": " + describe(field.type)
                    + printDeprecated(field.deprecationReason)
            }
            return head + "\(keyword) \(type.name)" + interfaces + printBlock(fields)
        case .union:
            let members = type.unionMembers.isEmpty ? "" : " = " + type.unionMembers.map { types[$0].name }.joined(separator: " | ")
            return head + "union \(type.name)" + members
        case .enumType:
            let values = type.enumValues.enumerated().map { index, value in
                printDescription(value.description, indentation: "  ", firstInBlock: index == 0) + "  " + value.name
                    + printDeprecated(value.deprecationReason)
            }
            return head + "enum \(type.name)" + printBlock(values)
        case .inputObject:
            let fields = type.inputFields.enumerated().map { index, field in
                printDescription(field.description, indentation: "  ", firstInBlock: index == 0) + "  " + printInputValue(field)
            }
            return head + "input \(type.name)" + (type.isOneOf ? " @oneOf" : "") + printBlock(fields)
        }
    }

    private func printDirective(_ directive: SchemaDirective) -> String {
        printDescription(directive.description) + "directive @" + directive.name + printArguments(directive.arguments)
            + (directive.isRepeatable ? " repeatable" : "") + " on " + directive.locations.map(\.rawValue).joined(separator: " | ")
    }

    private func printBlock(_ items: [String]) -> String {
        items.isEmpty ? "" : " {\n" + items.joined(separator: "\n") + "\n}"
    }

    private func printArguments(_ arguments: [SchemaInputValue], indentation: String = "") -> String {
        if arguments.isEmpty { return "" }
        if arguments.allSatisfy({ $0.description == nil }) {
            return "(" + arguments.map(printInputValue).joined(separator: ", ") + ")"
        }
        return "(\n" + arguments.enumerated().map { index, argument in
            printDescription(argument.description, indentation: "  " + indentation, firstInBlock: index == 0)
                + "  " + indentation + printInputValue(argument)
        }.joined(separator: "\n") + "\n" + indentation + ")"
    }

    private func printInputValue(_ value: SchemaInputValue) -> String {
        var declaration = value.name + ": " + describe(value.type)
        if let defaultValue = value.defaultValue,
           let literal = ValueCoercion.literalText(defaultValue, type: value.type, types: types) {
            declaration += " = " + literal
        }
        return declaration + printDeprecated(value.deprecationReason)
    }

    private func printDeprecated(_ reason: String?) -> String {
        guard let reason else { return "" }
        if reason != "No longer supported" { return " @deprecated(reason: \(Printer.printString(reason)))" }
        return " @deprecated"
    }

    private func printDescription(_ description: String?, indentation: String = "", firstInBlock: Bool = true) -> String {
        guard let description else { return "" }
        let text = BlockString.isPrintable(description) ? BlockString.print(description) : Printer.printString(description)
        let prefix = !indentation.isEmpty && !firstInBlock ? "\n" + indentation : indentation
        return prefix + text.replacing("\n", with: "\n" + indentation) + "\n"
    }
}
