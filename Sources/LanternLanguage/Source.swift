/// A GraphQL document's text, kept as the exact UTF-8 bytes it was read from.
///
/// The lexer works on these bytes directly; line and column numbers are computed
/// only when an error needs them, so the common path never pays for them.
public struct Source: Sendable {
    /// A name for messages, such as a file path.
    public let name: String
    /// The UTF-8 bytes of the document, byte for byte as read (BOM and CRLF kept).
    public let bytes: [UInt8]

    public init(_ text: String, name: String = "GraphQL request") {
        self.name = name
        self.bytes = Array(text.utf8)
    }

    public init(bytes: [UInt8], name: String = "GraphQL request") {
        self.name = name
        self.bytes = bytes
    }

    /// The 1-based line and column of a byte offset. Columns count UTF-16 code units,
    /// as graphql-js does, so that tools agree on positions; `\n`, `\r\n` and a lone `\r`
    /// end lines.
    public func location(of offset: Int) -> SourceLocation {
        var line = 1
        var lineStart = 0
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                lineStart = index + 1
            } else if byte == 0x0D {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                    if index + 1 >= end { break }
                    index += 1
                }
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        var column = 1
        var cursor = lineStart
        while cursor < end {
            let byte = bytes[cursor]
            if byte < 0x80 || (byte >= 0xC0 && byte < 0xF0) {
                column += 1
            } else if byte >= 0xF0 {
                column += 2
            }
            cursor += 1
        }
        return SourceLocation(line: line, column: column)
    }
}

/// A 1-based line and UTF-16 column in a source.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A range of bytes in a source; every AST node carries one.
public struct Span: Hashable, Sendable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    public static let none = Span(start: 0, end: 0)
}
