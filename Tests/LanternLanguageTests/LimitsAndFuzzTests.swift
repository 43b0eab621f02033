import Testing
@testable import LanternLanguage

@Suite("Parser limits")
struct ParserLimitTests {
    @Test("selection sets 100,000 deep are an error, not a stack overflow")
    func deepSelections() {
        let text = String(repeating: "{a", count: 100_000) + String(repeating: "}", count: 100_000)
        #expect(throws: SyntaxError.self) { try Parser.parse(text, options: ParseOptions(maxTokens: .max, maxSourceBytes: .max)) }
    }

    @Test("lists 100,000 deep are an error, not a stack overflow")
    func deepLists() {
        let text = "{ f(a: " + String(repeating: "[", count: 100_000) + ") }"
        #expect(throws: SyntaxError.self) { try Parser.parse(text, options: ParseOptions(maxTokens: .max, maxSourceBytes: .max)) }
    }

    @Test("list types 100,000 deep are an error, not a stack overflow")
    func deepTypes() {
        let text = "query ($a: " + String(repeating: "[", count: 100_000) + "Int) { f }"
        #expect(throws: SyntaxError.self) { try Parser.parse(text, options: ParseOptions(maxTokens: .max, maxSourceBytes: .max)) }
    }

    @Test("exceeding maxTokens is a clear error at the first token over")
    func maxTokens() {
        expectSyntaxError("{ a b c d }", at: 1, 7, containing: "Document contains more than 3 tokens. Parsing aborted.",
                          options: ParseOptions(maxTokens: 3))
    }

    @Test("nesting up to the depth limit parses")
    func withinDepth() throws {
        let text = String(repeating: "{a", count: 499) + "}" + String(repeating: "}", count: 498)
        _ = try Parser.parse(String(text.dropFirst(1)).isEmpty ? "{a}" : text)
    }

    @Test("sources over maxSourceBytes are rejected before lexing")
    func maxBytes() {
        #expect(throws: SyntaxError.self) { try Parser.parse("{ aaaaaaaaaa }", options: ParseOptions(maxSourceBytes: 4)) }
    }
}

/// A small deterministic generator (SplitMix64), so failures reproduce from the seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Parser robustness")
struct ParserRobustnessTests {
    static let seeds = [
        "query Q($a: Int = 1, $b: [String!]! @d) { a(x: $a, y: \"s\\u00e9\", z: [1, 2.5e3, {k: ENUM}]) @skip(if: true) { ...F ... on T { b } } }",
        "fragment F on T @d { a b: c(d: \"\"\"block\n  text\"\"\") }",
        "\"desc\" type T implements I & J @d { f(a: Int = 1): [T!]! @deprecated(reason: \"r\") }",
        "schema { query: Q } extend type T { g: Int } union U = | A | B enum E { A B } input I @oneOf { a: Int }",
        "directive @d(a: Int) repeatable on FIELD | OBJECT\nscalar S @specifiedBy(url: \"u\") # comment",
        "{ a\r\n b\r c\u{FEFF} \"😀\\u{1F600}\\uD83D\\uDE00\" }",
    ]
    static let fragments = ["{", "}", "(", ")", "[", "]", ":", "$", "@", "!", "=", "|", "&", "...", "\"", "\"\"\"",
                            "\\u", "\\u{", "1", "-", ".", "e", "0", "on", "query", "fragment", "extend", "#", "\n", "\r",
                            "\u{FEFF}", "é", "😀", "\u{0}", " ", ",", "type", "null", "true", "'"]

    @Test("100,000 seeded random and mutated documents each parse or fail with a syntax error")
    func randomDocuments() {
        var generator = SeededGenerator(state: 0x1A47_E127)
        var parsed = 0
        var rejected = 0
        for iteration in 0..<100_000 {
            var bytes = Array(Self.seeds[iteration % Self.seeds.count].utf8)
            let mutations = Int.random(in: 1...6, using: &generator)
            for _ in 0..<mutations {
                let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<5, using: &generator) {
                case 0: if !bytes.isEmpty { bytes.remove(at: position) }
                case 1: bytes.insert(contentsOf: Array(Self.fragments.randomElement(using: &generator)!.utf8), at: position)
                case 2: if !bytes.isEmpty { bytes[position] = UInt8.random(in: 0...255, using: &generator) }
                case 3:
                    let length = Int.random(in: 0...min(20, bytes.count - position), using: &generator)
                    bytes.insert(contentsOf: bytes[position..<(position + length)], at: position)
                default:
                    bytes = Array(bytes.prefix(position))
                }
            }
            do {
                _ = try Parser.parse(Source(bytes: bytes))
                parsed += 1
            } catch {
                #expect(error.location.line >= 1 && error.location.column >= 1)
                rejected += 1
            }
        }
        #expect(parsed + rejected == 100_000)
        #expect(parsed > 0 && rejected > 0)
    }
}
