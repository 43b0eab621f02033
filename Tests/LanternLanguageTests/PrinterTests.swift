import Testing
@testable import LanternLanguage

@Suite("Printer")
struct PrinterTests {
    static let kitchenSink = #"""
    "op" query Q($a: [Int!]! = [1, 2] @d, "v" $b: In = {x: "s\n", y: null}) @dir {
      alias: field(a: 1.5, b: $a, c: ENUM, d: """block""") @skip(if: false) {
        ...F
        ... on T { x }
        ... @include(if: true) { y }
      }
    }
    { short }
    fragment F on T @d { a }
    mutation { m }
    subscription S { s }
    """d""" schema @a { query: Q }
    "s" scalar S @specifiedBy(url: "u")
    type A implements B & C @d { "f" f(a: Int = 1 @d, "b" b: In): [A!]! @deprecated(reason: "x") }
    interface B implements C { f: Int }
    union U @d = A | B
    enum E { "one" ONE @deprecated TWO }
    input I @oneOf { a: Int, b: String = "x" }
    directive @d(a: Int) repeatable on FIELD | OBJECT
    extend schema @d
    extend scalar S @d
    extend type T implements I { g: Int }
    extend interface I { g: Int }
    extend union U = X
    extend enum E { THREE }
    extend input I2 { c: Int }
    """#

    @Test("printing is canonical: printing the parse of printed text changes nothing")
    func roundTrip() throws {
        let document = try Parser.parse(Self.kitchenSink)
        let printed = Printer.print(document)
        let reparsed = try Parser.parse(printed)
        #expect(Printer.print(reparsed) == printed)
        #expect(reparsed.definitions.count == document.definitions.count)
    }

    @Test("queries print in graphql-js's style")
    func queryStyle() throws {
        let document = try Parser.parse("query ($a: Int = 1) { a(x: $a) @skip(if: true) { b } ...F ... on T { c } }")
        #expect(Printer.print(document) == """
        query ($a: Int = 1) {
          a(x: $a) @skip(if: true) {
            b
          }
          ...F
          ... on T {
            c
          }
        }
        """)
    }

    @Test("the anonymous query without variables prints as the shorthand")
    func shorthandPrint() throws {
        #expect(Printer.print(try Parser.parse("query { a }")) == "{\n  a\n}")
    }

    @Test("long argument lists break onto lines")
    func longArguments() throws {
        let text = "{ field(argumentNumberOne: 1111111111, argumentNumberTwo: 2222222222, argumentNumberThree: 3) }"
        #expect(Printer.print(try Parser.parse(text)).contains("(\n    argumentNumberOne: 1111111111\n"))
    }

    @Test("strings escape control characters, quotes and backslashes")
    func stringEscapes() {
        #expect(Printer.printString("a\"b\\c\n\u{1}\u{7F}é") == #""a\"b\\c\n\u0001\u007Fé""#)
    }

    @Test("block strings print as graphql-js does")
    func blockStrings() {
        #expect(BlockString.print("abc") == #""""abc""""#)
        #expect(BlockString.print("a\nb") == "\"\"\"\na\nb\n\"\"\"")
        #expect(BlockString.print("ends with \"") == "\"\"\"\nends with \"\n\"\"\"")
        #expect(BlockString.print(" leading space") == #"""" leading space""""#)
    }
}

@Suite("Printer round trips found by fuzzing")
struct PrinterFuzzRegressionTests {
    @Test("an anonymous query after a body-less type definition keeps its keyword")
    func shorthandAfterBodylessType() throws {
        let document = try Parser.parse("type T @x query { b }")
        let printed = Printer.print(document)
        #expect(printed == "type T @x\n\nquery {\n  b\n}")
        #expect(Printer.print(try Parser.parse(printed)) == printed)
    }
}
