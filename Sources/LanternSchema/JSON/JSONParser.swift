/// A JSON reader over UTF-8 bytes that builds `JSONValue`s directly: no Foundation, no `Any`.
public struct JSONParser {
    /// Why a text is not JSON, with the byte offset.
    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public let reason: String
        public let offset: Int
        /// The text may be valid JSON, but it exceeds one of the parser's size limits.
        public var exceedsLimit: Bool = false
        public var description: String { "Invalid JSON at byte \(offset): \(reason)" }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    private var valueCount = 0
    private let maxDepth: Int
    private let maxKeysPerObject: Int
    private let maxValues: Int

    private init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, maxKeysPerObject: Int, maxValues: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.maxKeysPerObject = maxKeysPerObject
        self.maxValues = maxValues
    }

    /// Parses one JSON value, surrounded by optional whitespace. The limits bound the work a
    /// hostile text can cause: nesting, keys in one object and values in the whole text.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 512, maxKeysPerObject: Int = 10_000,
                             maxValues: Int = 200_000) throws(Error) -> JSONValue {
        let result: Result<JSONValue, Error> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer, maxDepth: maxDepth, maxKeysPerObject: maxKeysPerObject, maxValues: maxValues)
            do throws(Error) {
                parser.skipWhitespace()
                let value = try parser.parseValue()
                parser.skipWhitespace()
                guard parser.index == buffer.count else { throw parser.fail("unexpected trailing characters") }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    public static func parse(_ text: String, maxDepth: Int = 512, maxKeysPerObject: Int = 10_000,
                             maxValues: Int = 200_000) throws(Error) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth, maxKeysPerObject: maxKeysPerObject, maxValues: maxValues)
    }

    private func fail(_ reason: String) -> Error { Error(reason: reason, offset: index) }

    private func limitExceeded(_ reason: String) -> Error {
        Error(reason: reason, offset: index, exceedsLimit: true)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(Error) -> JSONValue {
        guard index < bytes.count else { throw fail("unexpected end of input") }
        valueCount += 1
        if valueCount > maxValues { throw limitExceeded("more than \(maxValues) values") }
        switch bytes[index] {
        case 0x7B: return try parseObject()
        case 0x5B: return try parseArray()
        case 0x22: return .string(try parseString())
        case 0x74: try expectLiteral("true"); return .bool(true)
        case 0x66: try expectLiteral("false"); return .bool(false)
        case 0x6E: try expectLiteral("null"); return .null
        default: return try parseNumber()
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(Error) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("unexpected end of input") }
        for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] {
            throw fail("invalid literal")
        }
        index += count
    }

    private mutating func nest() throws(Error) {
        depth += 1
        if depth > maxDepth { throw limitExceeded("nested too deeply") }
    }

    private mutating func parseObject() throws(Error) -> JSONValue {
        try nest()
        index += 1
        var object = JSONObject()
        skipWhitespace()
        if index < bytes.count, bytes[index] == 0x7D {
            index += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == 0x22 else { throw fail("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == 0x3A else { throw fail("expected ':'") }
            index += 1
            skipWhitespace()
            object[key] = try parseValue()
            if object.count > maxKeysPerObject { throw limitExceeded("an object with more than \(maxKeysPerObject) keys") }
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input") }
            if bytes[index] == 0x2C { index += 1; continue }
            if bytes[index] == 0x7D { index += 1; break }
            throw fail("expected ',' or '}'")
        }
        depth -= 1
        return .object(object)
    }

    private mutating func parseArray() throws(Error) -> JSONValue {
        try nest()
        index += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == 0x5D {
            index += 1
            depth -= 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            array.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input") }
            if bytes[index] == 0x2C { index += 1; continue }
            if bytes[index] == 0x5D { index += 1; break }
            throw fail("expected ',' or ']'")
        }
        depth -= 1
        return .array(array)
    }

    private mutating func parseString() throws(Error) -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == 0x5C { break }
            if byte < 0x20 { throw fail("control character in string") }
            index += 1
        }
        var output = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                index += 1
                return String(decoding: output, as: UTF8.self)
            }
            if byte < 0x20 { throw fail("control character in string") }
            if byte != 0x5C {
                output.append(byte)
                index += 1
                continue
            }
            guard index + 1 < bytes.count else { throw fail("unexpected end of input") }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case 0x22: output.append(0x22)
            case 0x5C: output.append(0x5C)
            case 0x2F: output.append(0x2F)
            case 0x62: output.append(0x08)
            case 0x66: output.append(0x0C)
            case 0x6E: output.append(0x0A)
            case 0x72: output.append(0x0D)
            case 0x74: output.append(0x09)
            case 0x75:
                var code = try readHex4()
                if code >= 0xD800 && code <= 0xDBFF {
                    if index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 {
                        index += 2
                        let trailing = try readHex4()
                        guard trailing >= 0xDC00 && trailing <= 0xDFFF else { throw fail("invalid surrogate pair") }
                        code = (code - 0xD800) * 0x400 + (trailing - 0xDC00) + 0x10000
                    } else {
                        throw fail("lone surrogate")
                    }
                } else if code >= 0xDC00 && code <= 0xDFFF {
                    throw fail("lone surrogate")
                }
                UTF8Encoding.append(code, to: &output)
            default:
                throw fail("invalid escape")
            }
        }
        throw fail("unterminated string")
    }

    private mutating func readHex4() throws(Error) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("invalid unicode escape") }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x37)
            case 0x61...0x66: digit = UInt32(byte - 0x57)
            default: throw fail("invalid unicode escape")
            }
            value = value << 4 | digit
        }
        index += 4
        return value
    }

    private mutating func parseNumber() throws(Error) -> JSONValue {
        let start = index
        if index < bytes.count, bytes[index] == 0x2D { index += 1 }
        guard index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 else { throw fail("invalid value") }
        if bytes[index] == 0x30 {
            index += 1
        } else {
            while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == 0x2E {
            isInteger = false
            index += 1
            guard index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 else { throw fail("invalid number") }
            while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
        }
        if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            guard index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 else { throw fail("invalid number") }
            while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let value = Int(text) { return .int(value) }
        guard let value = Double(text) else { throw fail("invalid number") }
        return .double(value)
    }
}
