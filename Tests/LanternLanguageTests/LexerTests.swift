import Testing
@testable import LanternLanguage

@Suite("Lexer: ignored tokens, punctuators, names")
struct LexerIgnoredTokenTests {
    @Test("a BOM, tabs, spaces, commas and comments are ignored between tokens")
    func ignoredTokens() {
        let document = parses("\u{FEFF}query ,,\t# comment\n { a\u{FEFF} , b }")
        #expect(document?.operations.first?.selectionSet.selections.count == 2)
    }

    @Test("LF, CR and CRLF each end one line")
    func lineTerminators() {
        expectSyntaxError("{\n\r\r\n  ?", at: 4, 3)
    }

    @Test("columns count UTF-16 code units: an emoji before the error counts two")
    func utf16Columns() {
        expectSyntaxError("# 😀\n\"😀\" ?", at: 2, 6)
    }

    @Test("every punctuator is a token", arguments: ["!", "$", "&", "(", ")", "...", ":", "=", "@", "[", "]", "{", "|", "}"])
    func punctuators(_ punctuator: String) throws {
        var source = Source(punctuator)
        try source.bytes.withUnsafeBufferPointer { buffer in
            var lexer = Lexer(bytes: buffer, source: source)
            try lexer.advance()
            #expect(lexer.token.end - lexer.token.start == punctuator.utf8.count)
        }
        source = Source("")
    }

    @Test("a single dot is not a token")
    func singleDot() { expectSyntaxError("{ a . }", at: 1, 5, containing: "Unexpected character: \".\"") }

    @Test("a single quote gets graphql-js's hint")
    func singleQuote() { expectSyntaxError("{ a(b: 'c') }", at: 1, 8, containing: "single quote") }

    @Test("names are ASCII only; other characters are unexpected")
    func nonASCIIName() { expectSyntaxError("{ é }", at: 1, 3, containing: "U+00E9") }

    @Test("keywords are contextual: fields may be named query, on, true, null")
    func contextualKeywords() {
        #expect(parses("{ query on true null fragment }") != nil)
    }
}

@Suite("Lexer: numbers")
struct LexerNumberTests {
    @Test("valid numbers", arguments: ["0", "-0", "123", "-123", "1.0", "1e50", "6.02e23", "-1.5E-3", "0.5", "1E+2"])
    func valid(_ literal: String) {
        let value = parseValue(literal)
        switch value {
        case .int(let text, _), .float(let text, _): #expect(text == literal)
        default: Issue.record("not a number: \(String(describing: value))")
        }
    }

    @Test("ints and floats are told apart")
    func kinds() {
        if case .int = parseValue("12") {} else { Issue.record("12 is an Int") }
        if case .float = parseValue("1e5") {} else { Issue.record("1e5 is a Float") }
    }

    @Test("invalid numbers are errors at the offending character",
          arguments: [("00", 9), ("01", 9), ("-01", 10), ("1.", 10), ("1.e3", 10), ("1e", 10), ("1e+", 11),
                      ("0x1", 9), ("1a", 9), ("1.2.3", 11), ("123abc", 11), ("1_000", 9), ("-", 9), ("-a", 9)])
    func invalid(_ literal: String, column: Int) {
        expectSyntaxError("{ f(a: \(literal)) }", at: 1, column, containing: "Invalid number")
    }

    @Test(".5 and +1 are not numbers", arguments: [".5", "+1"])
    func notNumbers(_ literal: String) {
        expectSyntaxError("{ f(a: \(literal)) }", at: 1, 8, containing: "Unexpected character")
    }
}

@Suite("Lexer: strings")
struct LexerStringTests {
    @Test("simple escapes", arguments: [
        (#""\"""#, "\""), (#""\\""#, "\\"), (#""\/""#, "/"), (#""\b""#, "\u{8}"), (#""\f""#, "\u{C}"),
        (#""\n""#, "\n"), (#""\r""#, "\r"), (#""\t""#, "\t"),
    ])
    func escapes(_ literal: String, expected: String) {
        #expect(stringValue(literal) == expected)
    }

    @Test("fixed-width unicode escapes and valid surrogate pairs")
    func fixedUnicode() {
        #expect(stringValue(#""\u00e9""#) == "é")
        #expect(stringValue(#""\uD83D\uDCA9""#) == "💩")
    }

    @Test("variable-width unicode escapes, leading zeros allowed")
    func variableUnicode() {
        #expect(stringValue(#""\u{1F4A9}""#) == "💩")
        #expect(stringValue(#""\u{0000000041}""#) == "A")
    }

    @Test("a lone surrogate escape is an error at the escape",
          arguments: [#""a\uD83Dz""#, #""a\uDEAD""#, #""a\u{D800}""#, #""a\uD83D\u0041""#])
    func loneSurrogate(_ literal: String) {
        expectSyntaxError("{ f(a: \(literal)) }", at: 1, 10, containing: "Invalid Unicode escape sequence")
    }

    @Test("out-of-range and empty variable escapes are errors", arguments: [#""a\u{110000}""#, #""a\u{}""#, #""a\u{12""#])
    func badVariableEscape(_ literal: String) {
        expectSyntaxError("{ f(a: \(literal)) }", at: 1, 10, containing: "Invalid Unicode escape sequence")
    }

    @Test("an unknown escape is an error")
    func unknownEscape() {
        expectSyntaxError(#"{ f(a: "\x") }"#, at: 1, 9, containing: "Invalid character escape sequence")
    }

    @Test("a raw line terminator ends the string with an error", arguments: ["\"ab\ncd\"", "\"ab\rcd\""])
    func unterminated(_ literal: String) {
        expectSyntaxError("{ f(a: \(literal)) }", at: 1, 11, containing: "Unterminated string")
    }

    @Test("a string running to the end of input is unterminated at the end")
    func unterminatedAtEnd() {
        expectSyntaxError("{ f(a: \"abc", at: 1, 12, containing: "Unterminated string")
    }

    @Test("control characters and any scalar value are allowed in strings")
    func controlCharacters() {
        #expect(stringValue("\"a\u{7}b 😀\"") == "a\u{7}b 😀")
    }

    @Test("block strings are dedented by BlockStringValue")
    func blockStringDedent() {
        let literal = "\"\"\"\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n  \"\"\""
        #expect(stringValue(literal) == "Hello,\n  World!\n\nYours,\n  GraphQL.")
    }

    @Test("block strings keep escapes raw except \\\"\"\"")
    func blockStringEscapes() {
        #expect(stringValue(#""""a\nb \""" c""""#) == #"a\nb """ c"#)
    }

    @Test("block strings normalise CRLF and CR to LF")
    func blockStringLineEndings() {
        #expect(stringValue("\"\"\"a\r\nb\rc\"\"\"") == "a\nb\nc")
    }

    @Test("six quotes are one empty block string")
    func emptyBlockString() {
        #expect(stringValue("\"\"\"\"\"\"") == "")
    }

    @Test("an unterminated block string is an error at the end")
    func unterminatedBlock() {
        expectSyntaxError("\"\"\"abc", at: 1, 7, containing: "Unterminated string")
    }
}
