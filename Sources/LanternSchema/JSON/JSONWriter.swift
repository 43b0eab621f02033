/// Writes JSON as UTF-8 bytes straight into a buffer: strings escaped as JSON requires,
/// numbers formatted as JavaScript's `String(n)` does, so output matches graphql-js's.
public struct JSONWriter: Sendable {
    public var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inlinable
    public mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inlinable
    public mutating func byte(_ value: UInt8) { bytes.append(value) }

    @inlinable
    public mutating func string(_ value: String) {
        if let done = value.utf8.withContiguousStorageIfAvailable({ utf8 -> Bool in
            appendEscaped(utf8)
            return true
        }), done {
            return
        }
        var copy = value
        copy.withUTF8 { appendEscaped($0) }
    }

    /// Appends `utf8` as a JSON string: quotes, and escapes only where JSON requires them.
    @inlinable
    public mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(0x22)
        var chunkStart = 0
        var index = 0
        let count = utf8.count
        while index < count {
            let byte = utf8[index]
            if byte >= 0x20 && byte != 0x22 && byte != 0x5C {
                index += 1
                continue
            }
            if chunkStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[chunkStart..<index])) }
            appendEscape(byte)
            index += 1
            chunkStart = index
        }
        if chunkStart < count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[chunkStart..<count])) }
        bytes.append(0x22)
    }

    @usableFromInline
    mutating func appendEscape(_ byte: UInt8) {
        switch byte {
        case 0x22: bytes.append(0x5C); bytes.append(0x22)
        case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
        case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
        case 0x0D: bytes.append(0x5C); bytes.append(0x72)
        case 0x09: bytes.append(0x5C); bytes.append(0x74)
        case 0x08: bytes.append(0x5C); bytes.append(0x62)
        case 0x0C: bytes.append(0x5C); bytes.append(0x66)
        default:
            let hex: StaticString = "0123456789abcdef"
            bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex.utf8Start[Int(byte >> 4)], hex.utf8Start[Int(byte & 0xF)]])
        }
    }

    @inlinable
    public mutating func int(_ value: Int) {
        if value >= 0 && value < 10 {
            bytes.append(0x30 + UInt8(value))
            return
        }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
        }
        if value < 0 { bytes.append(0x2D) }
        withUnsafeBytes(of: &digits) { buffer in
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    public mutating func double(_ value: Double) {
        bytes.append(contentsOf: JSNumber.format(value).utf8)
    }

    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: raw("null")
        case .bool(let flag): flag ? raw("true") : raw("false")
        case .int(let number): int(number)
        case .double(let number): double(number)
        case .string(let text): string(text)
        case .array(let items):
            byte(0x5B)
            for (index, item) in items.enumerated() {
                if index > 0 { byte(0x2C) }
                self.value(item)
            }
            byte(0x5D)
        case .object(let object):
            byte(0x7B)
            var first = true
            for (key, item) in object {
                if !first { byte(0x2C) }
                first = false
                string(key)
                byte(0x3A)
                self.value(item)
            }
            byte(0x7D)
        }
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

extension JSONValue {
    /// Compact JSON text.
    public var jsonText: String {
        var writer = JSONWriter()
        writer.value(self)
        return writer.text
    }
}

/// JavaScript's Number-to-String conversion (ECMAScript Number::toString), used wherever
/// graphql-js's output depends on it: `1.0` prints `1`, `1e21` prints `1e+21`.
public enum JSNumber {
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return "0" }
        if value.rounded() == value && abs(value) < 1e21 {
            if abs(value) < 9.2e18 { return String(Int(value)) }
        }
        // Swift's description gives the shortest round-tripping digits; re-lay them out.
        let negative = value < 0
        var text = "\(abs(value))"
        var exponent = 0
        if let eIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: eIndex)...]) ?? 0
            text = String(text[..<eIndex])
        }
        var integerPart = text
        var fractionPart = ""
        if let dot = text.firstIndex(of: ".") {
            integerPart = String(text[..<dot])
            fractionPart = String(text[text.index(after: dot)...])
        }
        var digits = integerPart + fractionPart
        var pointPosition = integerPart.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        let k = digits.count
        let n = pointPosition
        var result: String
        if k <= n && n <= 21 {
            result = digits + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            let index = digits.index(digits.startIndex, offsetBy: n)
            result = digits[..<index] + "." + digits[index...]
        } else if -6 < n && n <= 0 {
            result = "0." + String(repeating: "0", count: -n) + digits
        } else {
            let e = n - 1
            let sign = e < 0 ? "-" : "+"
            let mantissa = k == 1 ? digits : String(digits.prefix(1)) + "." + String(digits.dropFirst())
            result = mantissa + "e" + sign + String(abs(e))
        }
        return negative ? "-" + result : result
    }
}
