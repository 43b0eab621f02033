/// A schema coordinate (`Type`, `Type.field`, `Type.field(arg:)`, `@directive`,
/// `@directive(arg:)`), the spec's separate mini-grammar for naming schema elements.
public enum SchemaCoordinate: Hashable, Sendable, CustomStringConvertible {
    case type(String)
    case member(type: String, member: String)
    case argument(type: String, field: String, argument: String)
    case directive(String)
    case directiveArgument(directive: String, argument: String)

    /// Parses a coordinate. No ignored characters (spaces, commas, comments) are allowed.
    /// - Throws: `SyntaxError` pointing at the first byte that does not fit.
    public static func parse(_ text: String) throws(SyntaxError) -> SchemaCoordinate {
        let source = Source(text, name: "schema coordinate")
        let bytes = source.bytes
        var index = 0
        func fail(_ reason: String) -> SyntaxError { SyntaxError(reason: reason, offset: index, source: source) }
        func describeHere() -> String {
            index < bytes.count ? describeCodePoint(UInt32(bytes[index])) : "<EOF>"
        }
        func readName() throws(SyntaxError) -> String {
            let start = index
            guard index < bytes.count, isNameStart(bytes[index]) else {
                throw fail("Expected Name, found \(describeHere()).")
            }
            index += 1
            while index < bytes.count, isNameContinue(bytes[index]) { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        func expect(_ byte: UInt8) throws(SyntaxError) {
            guard index < bytes.count, bytes[index] == byte else {
                throw fail("Expected \"\(Character(UnicodeScalar(byte)))\", found \(describeHere()).")
            }
            index += 1
        }
        func readArgument() throws(SyntaxError) -> String? {
            guard index < bytes.count, bytes[index] == 0x28 else { return nil }
            index += 1
            let name = try readName()
            try expect(0x3A)
            try expect(0x29)
            return name
        }
        let result: SchemaCoordinate
        if index < bytes.count, bytes[index] == 0x40 {
            index += 1
            let name = try readName()
            if let argument = try readArgument() {
                result = .directiveArgument(directive: name, argument: argument)
            } else {
                result = .directive(name)
            }
        } else {
            let typeName = try readName()
            if index < bytes.count, bytes[index] == 0x2E {
                index += 1
                let member = try readName()
                if let argument = try readArgument() {
                    result = .argument(type: typeName, field: member, argument: argument)
                } else {
                    result = .member(type: typeName, member: member)
                }
            } else {
                result = .type(typeName)
            }
        }
        guard index == bytes.count else { throw fail("Expected <EOF>, found \(describeHere()).") }
        return result
    }

    public var description: String {
        switch self {
        case .type(let name): return name
        case .member(let type, let member): return "\(type).\(member)"
        case .argument(let type, let field, let argument): return "\(type).\(field)(\(argument):)"
        case .directive(let name): return "@\(name)"
        case .directiveArgument(let directive, let argument): return "@\(directive)(\(argument):)"
        }
    }
}
