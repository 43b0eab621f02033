import Testing
@testable import LanternSchema

/// Schemas checked against the answers of graphql-js (via graphql-core, its port), by stage:
/// SDL rules, then type-system validation. Each case names what it exercises.
@Suite("Schema checks")
struct SchemaCheckTests {
    @Test("valid kitchen sink")
    func case0() {
        expectSchemaErrors("\"\"\"The root\"\"\"\ntype Query { \"single\" a(x: Int = 1, y: [String] = \"s\", z: In = {b: 2}): String @deprecated b: Float @deprecated(reason: \"gone\") }\n    input In { a: Int = 1 b: Int c: [Float] = [1.5, 2] d: E = ONE }\n    enum E { \"first\" ONE TWO @deprecated(reason: \"\"\"multi\nline\"\"\") }\n    scalar Date @specifiedBy(url: \"https://example.com/date\")\n    interface Node { id: ID! }\n    interface Resource implements Node { id: ID! url: String }\n    type Image implements Resource & Node { id: ID! url: String }\n    union U = | Image\n    directive @custom(a: Int = 3, \"described\" b: String) repeatable on FIELD_DEFINITION | OBJECT\n    extend type Query { c: Date d: U e: Node }\n    extend enum E { THREE }\n    extend input In { e: ID = 7 }\n    extend union U = Image2\n    type Image2 { x: Int }", at: [])
    }

    @Test("custom root names")
    func case1() {
        expectSchemaErrors("schema { query: Q mutation: M } type Q { a: Int } type M { b: Int }", at: [])
    }

    @Test("schema description")
    func case2() {
        expectSchemaErrors("\"\"\"desc\nof schema\"\"\" schema { query: Query } type Query { a(arg: String = \"with \\\"quotes\\\" and \\n newline\"): Int }", at: [])
    }

    @Test("number defaults")
    func case3() {
        expectSchemaErrors("type Query { a(f: Float = 1.0, g: Float = 1e5, h: Float = 0.000001, i: Float = 1e21, j: ID = 123, k: ID = \"abc\", l: [Int] = 3): Int }", at: [])
    }

    @Test("descriptions")
    func case4() {
        expectSchemaErrors("\"\"\"\n  indented\n    more\n\"\"\"\ntype Query {\n  \"\"\"\n  Field desc\n  \"\"\"\n  a: Int\n  \"  leading space\" b: Int\n  \"trailing quote\\\"\" c: Int\n}", at: [])
    }

    @Test("argument descriptions")
    func case5() {
        expectSchemaErrors("type Query { a(\n      \"arg one\" x: Int\n      y: Int\n    ): Int }", at: [])
    }

    @Test("lone schema definition")
    func case6() {
        expectSchemaErrors("type Query { a: Int } schema { query: Query } schema { query: Query }", at: [[(1, 47)], [(1, 32), (1, 56)]])
    }

    @Test("unique type, enum value and input field names")
    func case7() {
        expectSchemaErrors("type Query { a: Int } type Query { b: Int } enum E { A A } input I { x: Int x: Int }", at: [[(1, 6), (1, 28)], [(1, 54), (1, 56)], [(1, 70), (1, 77)]])
    }

    @Test("unique arguments, known types, unique directives")
    func case8() {
        expectSchemaErrors("type Query { a(x: Int, x: Int, x: String): Unknown b: [Missing!] } directive @d(q: Int, q: Int) on FIELD directive @d on FIELD", at: [[(1, 16), (1, 24), (1, 32)], [(1, 44)], [(1, 56)], [(1, 81), (1, 89)], [(1, 79), (1, 117)]])
    }

    @Test("known directives, locations, required directive arguments")
    func case9() {
        expectSchemaErrors("type Query @unknown { a: Int @deprecated @deprecated b: Int @specifiedBy(url: \"x\") } scalar S @specifiedBy", at: [[(1, 12)], [(1, 30), (1, 42)], [(1, 61)], [(1, 95)]])
    }

    @Test("possible type extensions")
    func case10() {
        expectSchemaErrors("type Query { a: Int } extend type Nope { b: Int } extend interface Query { c: Int } extend scalar String @d", at: [[(1, 35)], [(1, 1), (1, 51)], [(1, 99)], [(1, 106)]])
    }

    @Test("directive arguments and repeated directives on extensions")
    func case11() {
        expectSchemaErrors("type Query { a: Int @deprecated(reason: \"x\", reason: \"y\", nope: 1) } extend type Query @d2 type T @d2 { a: Int } directive @d2 on OBJECT", at: [[(1, 59)], [(1, 33), (1, 46)]])
    }

    @Test("unique operation types across schema extension")
    func case12() {
        expectSchemaErrors("schema { query: Query query: Query } extend schema { query: Query } type Query { a: Int }", at: [[(1, 10), (1, 23)], [(1, 10), (1, 54)]])
    }

    @Test("type without fields")
    func case13() {
        expectSchemaErrors("type Query", at: [[(1, 1)]])
    }

    @Test("interface implementation")
    func case14() {
        expectSchemaErrors("type Query { a: Int } interface I { f: Int } type T implements I { g: Int } type T2 implements I { f: String }", at: [[(1, 37), (1, 46)], [(1, 40), (1, 103)]])
    }

    @Test("input and output types in the wrong places")
    func case15() {
        expectSchemaErrors("type Query { a: In } input In { b: Query }", at: [[(1, 17)], [(1, 36)]])
    }

    @Test("union members")
    func case16() {
        expectSchemaErrors("type Query { a: Int } union U = Query | Int | Query", at: [[(1, 41)], [(1, 33), (1, 47)]])
    }

    @Test("non-null input cycles")
    func case17() {
        expectSchemaErrors("type Query { a: Int } input A { b: B! } input B { c: C! } input C { a: A! d: [A!]! }", at: [[(1, 33), (1, 51), (1, 69)]])
    }

    @Test("reserved __ names")
    func case18() {
        expectSchemaErrors("type Query { __bad: Int a(__arg: Int): Int } type __T { a: Int } enum E { __X }", at: [[(1, 14)], [(1, 27)], [(1, 46)], [(1, 75)]])
    }

    @Test("deprecated required arguments and input fields")
    func case19() {
        expectSchemaErrors("type Query { a(x: Int! @deprecated): Int } input I { y: Int! @deprecated z: Int @deprecated }", at: [[(1, 24), (1, 19)], [(1, 62), (1, 57)]])
    }

    @Test("query root must be an object")
    func case20() {
        expectSchemaErrors("schema { query: I } interface I { a: Int }", at: [[(1, 17)]])
    }

    @Test("query root must exist")
    func case21() {
        expectSchemaErrors("schema { mutation: M } type M { a: Int }", at: [[(1, 1)]])
    }

    @Test("interface cycles")
    func case22() {
        expectSchemaErrors("type Query { a: Int } interface A implements B { x: Int } interface B implements A { x: Int }", at: [[(1, 82), (1, 46)], [(1, 46), (1, 82)]])
    }

    @Test("interface argument types and extra required arguments")
    func case23() {
        expectSchemaErrors("type Query { a: Int } interface A { x(a: Int, b: String): Int } type T implements A { x(a: String, c: Int!): Int } type T2 implements A & A { x(a: Int, b: String): Int }", at: [[(1, 42), (1, 92)], [(1, 47), (1, 87)], [(1, 100), (1, 37)], [(1, 135), (1, 139)]])
    }

    @Test("transitive interfaces")
    func case24() {
        expectSchemaErrors("type Query { a: Int } interface A { x: Int } interface B implements A { x: Int } type T implements B { x: Int }", at: [[(1, 69), (1, 100)]])
    }

    @Test("covariant interface field types")
    func case25() {
        expectSchemaErrors("type Query { a: Int } interface I { x: [Int] y: I z: Int! } type T implements I { x: [Int!]! y: T z: Int }", at: [[(1, 54), (1, 102)]])
    }

    @Test("implementing non-interfaces and self")
    func case26() {
        expectSchemaErrors("type Query { a: Int } type T implements Query { a: Int } type T2 implements T2 { a: Int }", at: [[(1, 41)], [(1, 77)]])
    }

    @Test("empty enum and input, extension")
    func case27() {
        expectSchemaErrors("type Query { a: Int } enum E input I extend enum E @d directive @d on ENUM", at: [[(1, 23), (1, 38)], [(1, 30)]])
    }

    @Test("reserved directive name and non-input argument")
    func case28() {
        expectSchemaErrors("directive @__d on FIELD directive @d(a: Query) on FIELD type Query { a: Int }", at: [[(1, 1)], [(1, 38)]])
    }
}
