/// A document that does not match the GraphQL grammar, or that exceeds a parser limit.
///
/// The message reads like graphql-js's (`Syntax Error: Expected Name, found "}".`) so that
/// people and tools recognise it; `location` points at the first token or escape that
/// does not fit.
public struct SyntaxError: Error, Sendable, CustomStringConvertible {
    /// The message without the `Syntax Error: ` prefix.
    public let reason: String
    /// The byte offset the error points at.
    public let offset: Int
    /// The 1-based line and UTF-16 column of `offset`.
    public let location: SourceLocation
    /// The name of the source, for messages.
    public let sourceName: String

    public init(reason: String, offset: Int, source: Source) {
        self.reason = reason
        self.offset = offset
        self.location = source.location(of: offset)
        self.sourceName = source.name
    }

    /// The full message, as graphql-js prints it.
    public var message: String { "Syntax Error: \(reason)" }

    public var description: String { "\(sourceName):\(location.line):\(location.column): \(message)" }
}
