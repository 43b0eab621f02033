extension Lexer {
    /// IntValue and FloatValue, with the spec's lookahead: no leading zeros, a digit after
    /// `.` and `e`, and no `.` or name start right after the number.
    mutating func readNumber(_ start: Int) throws(SyntaxError) -> Token {
        var cursor = start
        var code = bytes[cursor]
        var isFloat = false
        if code == 0x2D {
            cursor += 1
            code = byte(at: cursor)
        }
        if code == 0x30 {
            cursor += 1
            code = byte(at: cursor)
            if isDigit(code) {
                throw error("Invalid number, unexpected digit after 0: \(describe(at: cursor)).", at: cursor)
            }
        } else {
            cursor = try readDigits(cursor)
            code = byte(at: cursor)
        }
        if code == 0x2E && cursor < bytes.count {
            isFloat = true
            cursor = try readDigits(cursor + 1)
            code = byte(at: cursor)
        }
        if (code == 0x45 || code == 0x65) && cursor < bytes.count {
            isFloat = true
            cursor += 1
            code = byte(at: cursor)
            if code == 0x2B || code == 0x2D {
                cursor += 1
            }
            cursor = try readDigits(cursor)
            code = byte(at: cursor)
        }
        if cursor < bytes.count && (code == 0x2E || isNameStart(code)) {
            throw error("Invalid number, expected digit but got: \(describe(at: cursor)).", at: cursor)
        }
        position = cursor
        return Token(kind: isFloat ? .float : .int, start: start, end: cursor)
    }

    private func readDigits(_ start: Int) throws(SyntaxError) -> Int {
        guard start < bytes.count, isDigit(bytes[start]) else {
            throw error("Invalid number, expected digit but got: \(describe(at: start)).", at: start)
        }
        var cursor = start + 1
        while cursor < bytes.count, isDigit(bytes[cursor]) {
            cursor += 1
        }
        return cursor
    }

    /// The code point at `offset` as graphql-js describes it, `<EOF>` past the end.
    func describe(at offset: Int) -> String {
        if offset >= bytes.count { return "<EOF>" }
        if let scalar = decodeScalar(at: offset) { return describeCodePoint(scalar.value) }
        return describeByte(bytes[offset])
    }
}
