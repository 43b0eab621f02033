/// Reads tokens from UTF-8 bytes, one at a time, as the parser asks for them.
///
/// The lexer never builds `Character`s: names and numbers are byte ranges, and only
/// string literals are decoded (escapes resolved, block strings dedented).
struct Lexer {
    let bytes: UnsafeBufferPointer<UInt8>
    let source: Source
    /// The current token.
    var token: Token
    /// The decoded value when `token` is a string or block string.
    var stringValue: String = ""
    /// Where the previous token ended (for node spans).
    var previousEnd: Int = 0
    var position: Int = 0

    init(bytes: UnsafeBufferPointer<UInt8>, source: Source) {
        self.bytes = bytes
        self.source = source
        self.token = Token(kind: .startOfFile, start: 0, end: 0)
    }

    @inline(__always)
    func byte(at index: Int) -> UInt8 {
        index < bytes.count ? bytes[index] : 0
    }

    func error(_ reason: String, at offset: Int) -> SyntaxError {
        SyntaxError(reason: reason, offset: offset, source: source)
    }

    /// The text of the current token's bytes (names, numbers).
    var tokenText: String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self)
    }

    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// Whether the current token is the name `keyword`.
    @inline(__always)
    func isKeyword(_ keyword: StaticString) -> Bool {
        guard token.kind == .name, token.end - token.start == keyword.utf8CodeUnitCount else { return false }
        let pointer = keyword.utf8Start
        var index = 0
        while index < keyword.utf8CodeUnitCount {
            if bytes[token.start + index] != pointer[index] { return false }
            index += 1
        }
        return true
    }

    /// Moves to the next significant token.
    mutating func advance() throws(SyntaxError) {
        previousEnd = token.end
        if token.kind == .endOfFile { return }
        token = try readToken()
    }

    /// The token after the current one, without moving (errors in it are thrown, as in graphql-js).
    func lookahead() throws(SyntaxError) -> Token {
        var copy = self
        return try copy.readToken()
    }

    private mutating func readToken() throws(SyntaxError) -> Token {
        let count = bytes.count
        while position < count {
            let start = position
            let code = bytes[position]
            switch code {
            case 0x09, 0x20, 0x2C, 0x0A, 0x0D:
                position += 1
                continue
            case 0xEF where byte(at: position + 1) == 0xBB && byte(at: position + 2) == 0xBF:
                position += 3
                continue
            case 0x23: // #
                skipComment()
                continue
            case 0x21: return punctuator(.bang, start)
            case 0x24: return punctuator(.dollar, start)
            case 0x26: return punctuator(.ampersand, start)
            case 0x28: return punctuator(.parenLeft, start)
            case 0x29: return punctuator(.parenRight, start)
            case 0x2E:
                if byte(at: position + 1) == 0x2E && byte(at: position + 2) == 0x2E {
                    position += 3
                    return Token(kind: .spread, start: start, end: position)
                }
            case 0x3A: return punctuator(.colon, start)
            case 0x3D: return punctuator(.equals, start)
            case 0x40: return punctuator(.at, start)
            case 0x5B: return punctuator(.bracketLeft, start)
            case 0x5D: return punctuator(.bracketRight, start)
            case 0x7B: return punctuator(.braceLeft, start)
            case 0x7C: return punctuator(.pipe, start)
            case 0x7D: return punctuator(.braceRight, start)
            case 0x22:
                if byte(at: position + 1) == 0x22 && byte(at: position + 2) == 0x22 {
                    return try readBlockString(start)
                }
                return try readString(start)
            default:
                break
            }
            if isDigit(code) || code == 0x2D {
                return try readNumber(start)
            }
            if isNameStart(code) {
                return readName(start)
            }
            throw unexpectedCharacter(at: start)
        }
        return Token(kind: .endOfFile, start: count, end: count)
    }

    @inline(__always)
    private mutating func punctuator(_ kind: TokenKind, _ start: Int) -> Token {
        position = start + 1
        return Token(kind: kind, start: start, end: position)
    }

    private mutating func skipComment() {
        position += 1
        while position < bytes.count {
            let code = bytes[position]
            if code == 0x0A || code == 0x0D { break }
            position += 1
        }
    }

    private mutating func readName(_ start: Int) -> Token {
        position = start + 1
        while position < bytes.count, isNameContinue(bytes[position]) {
            position += 1
        }
        return Token(kind: .name, start: start, end: position)
    }

    func unexpectedCharacter(at offset: Int) -> SyntaxError {
        let code = byte(at: offset)
        if code == 0x27 {
            return error("Unexpected single quote character ('), did you mean to use a double quote (\")?", at: offset)
        }
        if let scalar = decodeScalar(at: offset) {
            return error("Unexpected character: \(describeCodePoint(scalar.value)).", at: offset)
        }
        return error("Invalid character: \(describeByte(code)).", at: offset)
    }

    /// Decodes the UTF-8 scalar at `offset`, or nil for an invalid sequence.
    func decodeScalar(at offset: Int) -> (value: UInt32, length: Int)? {
        let lead = byte(at: offset)
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard offset + length <= bytes.count else { return nil }
        for index in 1..<length {
            let next = bytes[offset + index]
            guard next & 0xC0 == 0x80 else { return nil }
            value = (value << 6) | UInt32(next & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return nil }
        return (value, length)
    }
}

@inline(__always) func isDigit(_ code: UInt8) -> Bool { code >= 0x30 && code <= 0x39 }
@inline(__always) func isNameStart(_ code: UInt8) -> Bool {
    (code >= 0x41 && code <= 0x5A) || (code >= 0x61 && code <= 0x7A) || code == 0x5F
}
@inline(__always) func isNameContinue(_ code: UInt8) -> Bool { isNameStart(code) || isDigit(code) }

/// How graphql-js prints a code point in a message: `"a"` for printable ASCII, `U+0007` otherwise.
func describeCodePoint(_ value: UInt32) -> String {
    if value >= 0x20 && value <= 0x7E {
        let character = String(UnicodeScalar(UInt8(value)))
        return character == "\"" ? "'\"'" : "\"\(character)\""
    }
    let hex = String(value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}

func describeByte(_ value: UInt8) -> String {
    let hex = String(value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}
