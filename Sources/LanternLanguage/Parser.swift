/// Parses GraphQL documents (the full grammar of the September 2025 edition) by recursive
/// descent, one token of lookahead, with token and depth limits.
public struct Parser {
    var lexer: Lexer
    let options: ParseOptions
    var tokenCount = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>, source: Source, options: ParseOptions) {
        self.lexer = Lexer(bytes: bytes, source: source)
        self.options = options
    }

    /// Parses a whole document.
    /// - Throws: `SyntaxError` on the first token that does not fit, or a limit exceeded.
    public static func parse(_ source: Source, options: ParseOptions = .default) throws(SyntaxError) -> Document {
        if source.bytes.count > options.maxSourceBytes {
            throw SyntaxError(reason: "Document is larger than \(options.maxSourceBytes) bytes. Parsing aborted.", offset: 0, source: source)
        }
        let result: Result<Document, SyntaxError> = source.bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(bytes: buffer, source: source, options: options)
            do throws(SyntaxError) {
                let definitions = try parser.parseDocument()
                return .success(Document(definitions: definitions, source: source, tokenCount: parser.tokenCount))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses a document from text.
    public static func parse(_ text: String, options: ParseOptions = .default) throws(SyntaxError) -> Document {
        try parse(Source(text), options: options)
    }

    // MARK: - Token helpers

    var token: Token { lexer.token }

    func error(_ reason: String, at offset: Int) -> SyntaxError {
        lexer.error(reason, at: offset)
    }

    mutating func advance() throws(SyntaxError) {
        try lexer.advance()
        if lexer.token.kind != .endOfFile {
            tokenCount += 1
            if tokenCount > options.maxTokens {
                throw error("Document contains more than \(options.maxTokens) tokens. Parsing aborted.", at: lexer.token.start)
            }
        }
    }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .name, .int, .float:
            return "\(token.kind.description) \"\(lexer.text(token.start, token.end))\""
        case .string, .blockString:
            var copy = lexer
            copy.position = token.start
            if let value = try? copy.lookaheadStringValue() {
                return "\(token.kind.description) \"\(value)\""
            }
            return token.kind.description
        default:
            return token.kind.description
        }
    }

    func unexpected(_ token: Token? = nil) -> SyntaxError {
        let target = token ?? lexer.token
        return error("Unexpected \(describe(target)).", at: target.start)
    }

    @inline(__always)
    func peek(_ kind: TokenKind) -> Bool { lexer.token.kind == kind }

    mutating func expect(_ kind: TokenKind) throws(SyntaxError) {
        guard lexer.token.kind == kind else {
            throw error("Expected \(kind.description), found \(describe(lexer.token)).", at: lexer.token.start)
        }
        try advance()
    }

    @inline(__always)
    mutating func expectOptional(_ kind: TokenKind) throws(SyntaxError) -> Bool {
        guard lexer.token.kind == kind else { return false }
        try advance()
        return true
    }

    mutating func expectKeyword(_ keyword: StaticString) throws(SyntaxError) {
        guard lexer.isKeyword(keyword) else {
            throw error("Expected \"\(keyword)\", found \(describe(lexer.token)).", at: lexer.token.start)
        }
        try advance()
    }

    mutating func expectOptionalKeyword(_ keyword: StaticString) throws(SyntaxError) -> Bool {
        guard lexer.isKeyword(keyword) else { return false }
        try advance()
        return true
    }

    mutating func parseName() throws(SyntaxError) -> Name {
        let current = lexer.token
        guard current.kind == .name else {
            throw error("Expected Name, found \(describe(current)).", at: current.start)
        }
        let name = Name(lexer.tokenText, span: Span(start: current.start, end: current.end))
        try advance()
        return name
    }

    mutating func enterNesting() throws(SyntaxError) {
        depth += 1
        if depth > options.maxDepth {
            throw error("Document exceeds the maximum nesting depth of \(options.maxDepth). Parsing aborted.", at: lexer.token.start)
        }
    }

    @inline(__always)
    mutating func leaveNesting() { depth -= 1 }

    func span(from start: Int) -> Span {
        Span(start: start, end: lexer.previousEnd)
    }

    // MARK: - Document

    mutating func parseDocument() throws(SyntaxError) -> [Definition] {
        try advance()
        var definitions: [Definition] = []
        repeat {
            definitions.append(try parseDefinition())
        } while !peek(.endOfFile)
        return definitions
    }

    mutating func parseDefinition() throws(SyntaxError) -> Definition {
        if peek(.braceLeft) {
            return .operation(try parseOperationDefinition())
        }
        let hasDescription = peek(.string) || peek(.blockString)
        let keywordToken = hasDescription ? try lexer.lookahead() : lexer.token
        if hasDescription && keywordToken.kind == .braceLeft {
            throw error("Unexpected description, descriptions are not supported on shorthand queries.", at: lexer.token.start)
        }
        if keywordToken.kind == .name {
            switch lexer.text(keywordToken.start, keywordToken.end) {
            case "schema": return .schema(try parseSchemaDefinition())
            case "scalar", "type", "interface", "union", "enum", "input":
                return .type(try parseTypeDefinition())
            case "directive": return .directive(try parseDirectiveDefinition())
            case "query", "mutation", "subscription": return .operation(try parseOperationDefinition())
            case "fragment": return .fragment(try parseFragmentDefinition())
            case "extend":
                if hasDescription {
                    throw error("Unexpected description, descriptions are not supported on type extensions.", at: lexer.token.start)
                }
                return try parseTypeSystemExtension()
            default: break
            }
        }
        throw unexpected(keywordToken)
    }

    mutating func parseDescription() throws(SyntaxError) -> Description? {
        let current = lexer.token
        guard current.kind == .string || current.kind == .blockString else { return nil }
        let description = Description(lexer.stringValue, isBlock: current.kind == .blockString,
                                      span: Span(start: current.start, end: current.end))
        try advance()
        return description
    }
}

extension Lexer {
    /// Re-reads the string token at `position` for a message.
    mutating func lookaheadStringValue() throws(SyntaxError) -> String {
        let start = position
        if byte(at: start + 1) == 0x22 && byte(at: start + 2) == 0x22 {
            _ = try readBlockString(start)
        } else {
            _ = try readString(start)
        }
        return stringValue
    }
}
