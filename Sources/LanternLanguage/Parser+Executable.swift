extension Parser {
    mutating func parseOperationDefinition() throws(SyntaxError) -> OperationDefinition {
        let start = token.start
        if peek(.braceLeft) {
            let selectionSet = try parseSelectionSet()
            return OperationDefinition(operation: .query, selectionSet: selectionSet, isShorthand: true, span: span(from: start))
        }
        let description = try parseDescription()
        let operation = try parseOperationType()
        var name: Name?
        if peek(.name) { name = try parseName() }
        let variables = try parseVariableDefinitions()
        let directives = try parseDirectives(isConst: false)
        let selectionSet = try parseSelectionSet()
        return OperationDefinition(description: description, operation: operation, name: name,
                                   variableDefinitions: variables, directives: directives,
                                   selectionSet: selectionSet, span: span(from: start))
    }

    mutating func parseOperationType() throws(SyntaxError) -> OperationType {
        let operationToken = token
        guard operationToken.kind == .name else {
            throw error("Expected Name, found \(describe(operationToken)).", at: operationToken.start)
        }
        let operation: OperationType?
        if lexer.isKeyword("query") { operation = .query }
        else if lexer.isKeyword("mutation") { operation = .mutation }
        else if lexer.isKeyword("subscription") { operation = .subscription }
        else { operation = nil }
        try advance()
        guard let operation else { throw unexpected(operationToken) }
        return operation
    }

    mutating func parseVariableDefinitions() throws(SyntaxError) -> [VariableDefinition] {
        guard try expectOptional(.parenLeft) else { return [] }
        var definitions: [VariableDefinition] = []
        repeat {
            definitions.append(try parseVariableDefinition())
        } while !(try expectOptional(.parenRight))
        return definitions
    }

    mutating func parseVariableDefinition() throws(SyntaxError) -> VariableDefinition {
        let start = token.start
        let description = try parseDescription()
        let variable = try parseVariable()
        try expect(.colon)
        let type = try parseTypeReference()
        var defaultValue: Value?
        if try expectOptional(.equals) {
            defaultValue = try parseValue(isConst: true)
        }
        let directives = try parseDirectives(isConst: true)
        return VariableDefinition(description: description, variable: variable, type: type,
                                  defaultValue: defaultValue, directives: directives, span: span(from: start))
    }

    mutating func parseVariable() throws(SyntaxError) -> Variable {
        let start = token.start
        try expect(.dollar)
        let name = try parseName()
        return Variable(name: name, span: span(from: start))
    }

    mutating func parseSelectionSet() throws(SyntaxError) -> SelectionSet {
        let start = token.start
        try enterNesting()
        try expect(.braceLeft)
        var selections: [Selection] = []
        repeat {
            selections.append(try parseSelection())
        } while !(try expectOptional(.braceRight))
        leaveNesting()
        return SelectionSet(selections: selections, span: span(from: start))
    }

    mutating func parseSelection() throws(SyntaxError) -> Selection {
        if peek(.spread) { return try parseFragment() }
        return .field(try parseField())
    }

    mutating func parseField() throws(SyntaxError) -> Field {
        let start = token.start
        let nameOrAlias = try parseName()
        var alias: Name?
        let name: Name
        if try expectOptional(.colon) {
            alias = nameOrAlias
            name = try parseName()
        } else {
            name = nameOrAlias
        }
        let arguments = try parseArguments(isConst: false)
        let directives = try parseDirectives(isConst: false)
        let selectionSet = peek(.braceLeft) ? try parseSelectionSet() : nil
        return Field(alias: alias, name: name, arguments: arguments, directives: directives,
                     selectionSet: selectionSet, span: span(from: start))
    }

    mutating func parseArguments(isConst: Bool) throws(SyntaxError) -> [Argument] {
        guard try expectOptional(.parenLeft) else { return [] }
        var arguments: [Argument] = []
        repeat {
            let start = token.start
            let name = try parseName()
            try expect(.colon)
            let value = try parseValue(isConst: isConst)
            arguments.append(Argument(name: name, value: value, span: span(from: start)))
        } while !(try expectOptional(.parenRight))
        return arguments
    }

    mutating func parseFragment() throws(SyntaxError) -> Selection {
        let start = token.start
        try expect(.spread)
        let hasTypeCondition = try expectOptionalKeyword("on")
        if !hasTypeCondition && peek(.name) {
            let name = try parseFragmentName()
            let directives = try parseDirectives(isConst: false)
            return .fragmentSpread(FragmentSpread(name: name, directives: directives, span: span(from: start)))
        }
        let typeCondition = hasTypeCondition ? try parseNamedType() : nil
        let directives = try parseDirectives(isConst: false)
        let selectionSet = try parseSelectionSet()
        return .inlineFragment(InlineFragment(typeCondition: typeCondition, directives: directives,
                                              selectionSet: selectionSet, span: span(from: start)))
    }

    mutating func parseFragmentDefinition() throws(SyntaxError) -> FragmentDefinition {
        let start = token.start
        let description = try parseDescription()
        try expectKeyword("fragment")
        let name = try parseFragmentName()
        try expectKeyword("on")
        let typeCondition = try parseNamedType()
        let directives = try parseDirectives(isConst: false)
        let selectionSet = try parseSelectionSet()
        return FragmentDefinition(description: description, name: name, typeCondition: typeCondition,
                                  directives: directives, selectionSet: selectionSet, span: span(from: start))
    }

    mutating func parseFragmentName() throws(SyntaxError) -> Name {
        if lexer.isKeyword("on") { throw unexpected() }
        return try parseName()
    }

    mutating func parseDirectives(isConst: Bool) throws(SyntaxError) -> [Directive] {
        guard peek(.at) else { return [] }
        var directives: [Directive] = []
        while peek(.at) {
            let start = token.start
            try advance()
            let name = try parseName()
            let arguments = try parseArguments(isConst: isConst)
            directives.append(Directive(name: name, arguments: arguments, span: span(from: start)))
        }
        return directives
    }

    mutating func parseTypeReference() throws(SyntaxError) -> TypeReference {
        let start = token.start
        var type: TypeReference
        if try expectOptional(.bracketLeft) {
            try enterNesting()
            let inner = try parseTypeReference()
            try expect(.bracketRight)
            leaveNesting()
            type = .list(inner, span(from: start))
        } else {
            type = .named(try parseNamedType())
        }
        if try expectOptional(.bang) {
            type = .nonNull(type, span(from: start))
        }
        return type
    }

    mutating func parseNamedType() throws(SyntaxError) -> NamedType {
        NamedType(name: try parseName())
    }
}
