extension Parser {
    mutating func parseSchemaDefinition() throws(SyntaxError) -> SchemaDefinition {
        let start = token.start
        let description = try parseDescription()
        try expectKeyword("schema")
        let directives = try parseDirectives(isConst: true)
        try expect(.braceLeft)
        var operationTypes: [OperationTypeDefinition] = []
        repeat {
            operationTypes.append(try parseOperationTypeDefinition())
        } while !(try expectOptional(.braceRight))
        return SchemaDefinition(description: description, directives: directives,
                                operationTypes: operationTypes, span: span(from: start))
    }

    mutating func parseOperationTypeDefinition() throws(SyntaxError) -> OperationTypeDefinition {
        let start = token.start
        let operation = try parseOperationType()
        try expect(.colon)
        let type = try parseNamedType()
        return OperationTypeDefinition(operation: operation, type: type, span: span(from: start))
    }

    /// A type definition; the current token is its description or keyword.
    mutating func parseTypeDefinition() throws(SyntaxError) -> TypeDefinition {
        let start = token.start
        let description = try parseDescription()
        return try parseTypeBody(start: start, description: description, isExtension: false)
    }

    mutating func parseTypeBody(start: Int, description: Description?, isExtension: Bool) throws(SyntaxError) -> TypeDefinition {
        let keyword = lexer.tokenText
        try advance()
        let name = try parseName()
        switch keyword {
        case "scalar":
            let directives = try parseDirectives(isConst: true)
            if isExtension && directives.isEmpty { throw unexpected() }
            return .scalar(ScalarTypeDefinition(description: description, name: name, directives: directives, span: span(from: start)))
        case "type", "interface":
            let interfaces = try parseImplementsInterfaces()
            let directives = try parseDirectives(isConst: true)
            let fields = try parseFieldsDefinition()
            if isExtension && interfaces.isEmpty && directives.isEmpty && fields.isEmpty { throw unexpected() }
            let node = ObjectTypeDefinition(description: description, name: name, interfaces: interfaces,
                                            directives: directives, fields: fields, span: span(from: start))
            return keyword == "type" ? .object(node) : .interface(node)
        case "union":
            let directives = try parseDirectives(isConst: true)
            var types: [NamedType] = []
            if try expectOptional(.equals) {
                _ = try expectOptional(.pipe)
                repeat {
                    types.append(try parseNamedType())
                } while try expectOptional(.pipe)
            }
            if isExtension && directives.isEmpty && types.isEmpty { throw unexpected() }
            return .union(UnionTypeDefinition(description: description, name: name, directives: directives,
                                              types: types, span: span(from: start)))
        case "enum":
            let directives = try parseDirectives(isConst: true)
            var values: [EnumValueDefinition] = []
            if try expectOptional(.braceLeft) {
                repeat {
                    values.append(try parseEnumValueDefinition())
                } while !(try expectOptional(.braceRight))
            }
            if isExtension && directives.isEmpty && values.isEmpty { throw unexpected() }
            return .enumType(EnumTypeDefinition(description: description, name: name, directives: directives,
                                                values: values, span: span(from: start)))
        default:
            let directives = try parseDirectives(isConst: true)
            var fields: [InputValueDefinition] = []
            if try expectOptional(.braceLeft) {
                repeat {
                    fields.append(try parseInputValueDefinition())
                } while !(try expectOptional(.braceRight))
            }
            if isExtension && directives.isEmpty && fields.isEmpty { throw unexpected() }
            return .inputObject(InputObjectTypeDefinition(description: description, name: name, directives: directives,
                                                          fields: fields, span: span(from: start)))
        }
    }

    mutating func parseImplementsInterfaces() throws(SyntaxError) -> [NamedType] {
        guard try expectOptionalKeyword("implements") else { return [] }
        _ = try expectOptional(.ampersand)
        var interfaces: [NamedType] = []
        repeat {
            interfaces.append(try parseNamedType())
        } while try expectOptional(.ampersand)
        return interfaces
    }

    mutating func parseFieldsDefinition() throws(SyntaxError) -> [FieldDefinition] {
        guard try expectOptional(.braceLeft) else { return [] }
        var fields: [FieldDefinition] = []
        repeat {
            let start = token.start
            let description = try parseDescription()
            let name = try parseName()
            let arguments = try parseArgumentDefinitions()
            try expect(.colon)
            let type = try parseTypeReference()
            let directives = try parseDirectives(isConst: true)
            fields.append(FieldDefinition(description: description, name: name, arguments: arguments,
                                          type: type, directives: directives, span: span(from: start)))
        } while !(try expectOptional(.braceRight))
        return fields
    }

    mutating func parseArgumentDefinitions() throws(SyntaxError) -> [InputValueDefinition] {
        guard try expectOptional(.parenLeft) else { return [] }
        var arguments: [InputValueDefinition] = []
        repeat {
            arguments.append(try parseInputValueDefinition())
        } while !(try expectOptional(.parenRight))
        return arguments
    }

    mutating func parseInputValueDefinition() throws(SyntaxError) -> InputValueDefinition {
        let start = token.start
        let description = try parseDescription()
        let name = try parseName()
        try expect(.colon)
        let type = try parseTypeReference()
        var defaultValue: Value?
        if try expectOptional(.equals) {
            defaultValue = try parseValue(isConst: true)
        }
        let directives = try parseDirectives(isConst: true)
        return InputValueDefinition(description: description, name: name, type: type, defaultValue: defaultValue,
                                    directives: directives, span: span(from: start))
    }

    mutating func parseEnumValueDefinition() throws(SyntaxError) -> EnumValueDefinition {
        let start = token.start
        let description = try parseDescription()
        if lexer.isKeyword("true") || lexer.isKeyword("false") || lexer.isKeyword("null") {
            throw error("\(describe(token)) is reserved and cannot be used for an enum value.", at: token.start)
        }
        let name = try parseName()
        let directives = try parseDirectives(isConst: true)
        return EnumValueDefinition(description: description, name: name, directives: directives, span: span(from: start))
    }

    mutating func parseDirectiveDefinition() throws(SyntaxError) -> DirectiveDefinition {
        let start = token.start
        let description = try parseDescription()
        try expectKeyword("directive")
        try expect(.at)
        let name = try parseName()
        let arguments = try parseArgumentDefinitions()
        let isRepeatable = try expectOptionalKeyword("repeatable")
        try expectKeyword("on")
        _ = try expectOptional(.pipe)
        var locations: [Name] = []
        repeat {
            let locationToken = token
            let location = try parseName()
            guard DirectiveLocation(rawValue: location.value) != nil else { throw unexpected(locationToken) }
            locations.append(location)
        } while try expectOptional(.pipe)
        return DirectiveDefinition(description: description, name: name, arguments: arguments,
                                   isRepeatable: isRepeatable, locations: locations, span: span(from: start))
    }

    mutating func parseTypeSystemExtension() throws(SyntaxError) -> Definition {
        let start = token.start
        let keywordToken = try lexer.lookahead()
        guard keywordToken.kind == .name else { throw unexpected(keywordToken) }
        switch lexer.text(keywordToken.start, keywordToken.end) {
        case "schema":
            try advance()
            try advance()
            let directives = try parseDirectives(isConst: true)
            var operationTypes: [OperationTypeDefinition] = []
            if try expectOptional(.braceLeft) {
                repeat {
                    operationTypes.append(try parseOperationTypeDefinition())
                } while !(try expectOptional(.braceRight))
            }
            if directives.isEmpty && operationTypes.isEmpty { throw unexpected() }
            return .schemaExtension(SchemaDefinition(description: nil, directives: directives,
                                                     operationTypes: operationTypes, span: span(from: start)))
        case "scalar", "type", "interface", "union", "enum", "input":
            try advance()
            return .typeExtension(try parseTypeBody(start: start, description: nil, isExtension: true))
        default:
            throw unexpected(keywordToken)
        }
    }
}
