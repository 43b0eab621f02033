/// The kinds of lexical token in a GraphQL document. Punctuators print as themselves,
/// the others as graphql-js names them, so messages match.
public enum TokenKind: UInt8, Sendable {
    case startOfFile, endOfFile
    case bang, dollar, ampersand, parenLeft, parenRight, spread, colon, equals, at
    case bracketLeft, bracketRight, braceLeft, pipe, braceRight
    case name, int, float, string, blockString

    /// The description graphql-js gives in messages: `"{"`, `Name`, `<EOF>`.
    public var description: String {
        switch self {
        case .startOfFile: return "<SOF>"
        case .endOfFile: return "<EOF>"
        case .bang: return "\"!\""
        case .dollar: return "\"$\""
        case .ampersand: return "\"&\""
        case .parenLeft: return "\"(\""
        case .parenRight: return "\")\""
        case .spread: return "\"...\""
        case .colon: return "\":\""
        case .equals: return "\"=\""
        case .at: return "\"@\""
        case .bracketLeft: return "\"[\""
        case .bracketRight: return "\"]\""
        case .braceLeft: return "\"{\""
        case .pipe: return "\"|\""
        case .braceRight: return "\"}\""
        case .name: return "Name"
        case .int: return "Int"
        case .float: return "Float"
        case .string: return "String"
        case .blockString: return "BlockString"
        }
    }
}

/// One token: its kind and byte range. String tokens carry their decoded value in the
/// lexer, not here, so tokens stay trivially copyable.
public struct Token: Sendable {
    public var kind: TokenKind
    public var start: Int
    public var end: Int
}
