extension Parser {
    /// A value literal; with `isConst`, variables are rejected (default values, type-system
    /// directives).
    mutating func parseValue(isConst: Bool) throws(SyntaxError) -> Value {
        let current = token
        let currentSpan = Span(start: current.start, end: current.end)
        switch current.kind {
        case .bracketLeft:
            try enterNesting()
            try advance()
            var values: [Value] = []
            while !(try expectOptional(.bracketRight)) {
                values.append(try parseValue(isConst: isConst))
            }
            leaveNesting()
            return .list(values, span(from: current.start))
        case .braceLeft:
            try enterNesting()
            try advance()
            var fields: [ObjectField] = []
            while !(try expectOptional(.braceRight)) {
                let start = token.start
                let name = try parseName()
                try expect(.colon)
                let value = try parseValue(isConst: isConst)
                fields.append(ObjectField(name: name, value: value, span: span(from: start)))
            }
            leaveNesting()
            return .object(fields, span(from: current.start))
        case .int:
            let text = lexer.tokenText
            try advance()
            return .int(text, currentSpan)
        case .float:
            let text = lexer.tokenText
            try advance()
            return .float(text, currentSpan)
        case .string, .blockString:
            let value = lexer.stringValue
            try advance()
            return .string(StringValue(value: value, isBlock: current.kind == .blockString, span: currentSpan))
        case .name:
            if lexer.isKeyword("true") { try advance(); return .boolean(true, currentSpan) }
            if lexer.isKeyword("false") { try advance(); return .boolean(false, currentSpan) }
            if lexer.isKeyword("null") { try advance(); return .null(currentSpan) }
            let text = lexer.tokenText
            try advance()
            return .enumValue(text, currentSpan)
        case .dollar:
            if isConst {
                try advance()
                if peek(.name) {
                    throw error("Unexpected variable \"$\(lexer.tokenText)\" in constant value.", at: current.start)
                }
                throw unexpected(current)
            }
            return .variable(try parseVariable())
        default:
            throw unexpected()
        }
    }
}
