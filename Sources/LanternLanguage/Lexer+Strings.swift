extension Lexer {
    /// A `"…"` string: escapes resolved, raw line terminators rejected.
    mutating func readString(_ start: Int) throws(SyntaxError) -> Token {
        var cursor = start + 1
        var chunkStart = cursor
        var decoded: [UInt8] = []
        var hasEscapes = false
        let count = bytes.count
        while cursor < count {
            let code = bytes[cursor]
            if code == 0x22 {
                if hasEscapes {
                    decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[chunkStart..<cursor]))
                    stringValue = String(decoding: decoded, as: UTF8.self)
                } else {
                    stringValue = text(chunkStart, cursor)
                }
                position = cursor + 1
                return Token(kind: .string, start: start, end: position)
            }
            if code == 0x5C {
                if !hasEscapes {
                    hasEscapes = true
                    decoded.reserveCapacity(cursor - start + 16)
                }
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[chunkStart..<cursor]))
                let size = try readEscape(at: cursor, into: &decoded)
                cursor += size
                chunkStart = cursor
                continue
            }
            if code == 0x0A || code == 0x0D { break }
            if code < 0x80 {
                cursor += 1
            } else if let scalar = decodeScalar(at: cursor) {
                cursor += scalar.length
            } else {
                throw error("Invalid character within String: \(describeByte(code)).", at: cursor)
            }
        }
        throw error("Unterminated string.", at: cursor)
    }

    /// Reads one escape sequence starting at the backslash; returns its length in bytes.
    private func readEscape(at offset: Int, into output: inout [UInt8]) throws(SyntaxError) -> Int {
        let next = byte(at: offset + 1)
        switch next {
        case 0x22: output.append(0x22)
        case 0x5C: output.append(0x5C)
        case 0x2F: output.append(0x2F)
        case 0x62: output.append(0x08)
        case 0x66: output.append(0x0C)
        case 0x6E: output.append(0x0A)
        case 0x72: output.append(0x0D)
        case 0x74: output.append(0x09)
        case 0x75:
            if byte(at: offset + 2) == 0x7B {
                return try readVariableWidthEscape(at: offset, into: &output)
            }
            return try readFixedWidthEscape(at: offset, into: &output)
        default:
            let end = min(bytes.count, offset + 1 + (decodeScalar(at: offset + 1)?.length ?? 1))
            throw error("Invalid character escape sequence: \"\(text(offset, end))\".", at: offset)
        }
        return 2
    }

    /// `\u{…}`: any number of hex digits whose value is a Unicode scalar value.
    private func readVariableWidthEscape(at offset: Int, into output: inout [UInt8]) throws(SyntaxError) -> Int {
        var cursor = offset + 3
        var value: UInt32 = 0
        var digits = 0
        var valid = true
        while cursor < bytes.count {
            let code = bytes[cursor]
            if code == 0x7D {
                if digits == 0 || !valid || !isScalarValue(value) { break }
                appendUTF8(value, to: &output)
                return cursor + 1 - offset
            }
            guard let digit = hexValue(code) else { break }
            digits += 1
            if value > 0x10FFFF { valid = false } else { value = (value << 4) | digit }
            cursor += 1
        }
        let end = min(bytes.count, cursor + 1)
        throw error("Invalid Unicode escape sequence: \"\(text(offset, end))\".", at: offset)
    }

    /// `\uXXXX`, where a leading surrogate must be followed by a `\uXXXX` trailing one.
    private func readFixedWidthEscape(at offset: Int, into output: inout [UInt8]) throws(SyntaxError) -> Int {
        if let code = readHex4(at: offset + 2) {
            if isScalarValue(code) {
                appendUTF8(code, to: &output)
                return 6
            }
            if code >= 0xD800 && code <= 0xDBFF && byte(at: offset + 6) == 0x5C && byte(at: offset + 7) == 0x75,
               let trailing = readHex4(at: offset + 8), trailing >= 0xDC00 && trailing <= 0xDFFF {
                appendUTF8((code - 0xD800) * 0x400 + (trailing - 0xDC00) + 0x10000, to: &output)
                return 12
            }
        }
        var end = offset + 2
        while end < min(bytes.count, offset + 6), bytes[end] != 0x22 { end += 1 }
        throw error("Invalid Unicode escape sequence: \"\(text(offset, min(bytes.count, offset + 6)))\".", at: offset)
    }

    private func readHex4(at offset: Int) -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for index in 0..<4 {
            guard let digit = hexValue(bytes[offset + index]) else { return nil }
            value = (value << 4) | digit
        }
        return value
    }

    /// A `"""…"""` block string: only `\"""` is an escape; the value is dedented as the
    /// spec's BlockStringValue says.
    mutating func readBlockString(_ start: Int) throws(SyntaxError) -> Token {
        var cursor = start + 3
        var chunkStart = cursor
        var current: [UInt8] = []
        var lines: [[UInt8]] = []
        let count = bytes.count
        while cursor < count {
            let code = bytes[cursor]
            if code == 0x22 && byte(at: cursor + 1) == 0x22 && byte(at: cursor + 2) == 0x22 {
                current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[chunkStart..<cursor]))
                lines.append(current)
                stringValue = BlockString.value(ofLines: lines)
                position = cursor + 3
                return Token(kind: .blockString, start: start, end: position)
            }
            if code == 0x5C && byte(at: cursor + 1) == 0x22 && byte(at: cursor + 2) == 0x22 && byte(at: cursor + 3) == 0x22 {
                current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[chunkStart..<cursor]))
                current.append(contentsOf: [0x22, 0x22, 0x22])
                cursor += 4
                chunkStart = cursor
                continue
            }
            if code == 0x0A || code == 0x0D {
                current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[chunkStart..<cursor]))
                lines.append(current)
                current = []
                cursor += (code == 0x0D && byte(at: cursor + 1) == 0x0A) ? 2 : 1
                chunkStart = cursor
                continue
            }
            if code < 0x80 {
                cursor += 1
            } else if let scalar = decodeScalar(at: cursor) {
                cursor += scalar.length
            } else {
                throw error("Invalid character within String: \(describeByte(code)).", at: cursor)
            }
        }
        throw error("Unterminated string.", at: cursor)
    }
}

@inline(__always) func hexValue(_ code: UInt8) -> UInt32? {
    switch code {
    case 0x30...0x39: return UInt32(code - 0x30)
    case 0x41...0x46: return UInt32(code - 0x37)
    case 0x61...0x66: return UInt32(code - 0x57)
    default: return nil
    }
}

@inline(__always) func isScalarValue(_ value: UInt32) -> Bool {
    value <= 0xD7FF || (value >= 0xE000 && value <= 0x10FFFF)
}

/// UTF-8 encoding of one scalar value, shared by the lexer and the JSON reader.
public enum UTF8Encoding {
    public static func append(_ value: UInt32, to output: inout [UInt8]) {
        appendUTF8(value, to: &output)
    }
}

func appendUTF8(_ value: UInt32, to output: inout [UInt8]) {
    if value < 0x80 {
        output.append(UInt8(value))
    } else if value < 0x800 {
        output.append(UInt8(0xC0 | (value >> 6)))
        output.append(UInt8(0x80 | (value & 0x3F)))
    } else if value < 0x10000 {
        output.append(UInt8(0xE0 | (value >> 12)))
        output.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
        output.append(UInt8(0x80 | (value & 0x3F)))
    } else {
        output.append(UInt8(0xF0 | (value >> 18)))
        output.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
        output.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
        output.append(UInt8(0x80 | (value & 0x3F)))
    }
}
