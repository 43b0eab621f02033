SDLS = [
    # valid, printing
    '''"""The root"""\ntype Query { "single" a(x: Int = 1, y: [String] = "s", z: In = {b: 2}): String @deprecated b: Float @deprecated(reason: "gone") }
    input In { a: Int = 1 b: Int c: [Float] = [1.5, 2] d: E = ONE }
    enum E { "first" ONE TWO @deprecated(reason: """multi\nline""") }
    scalar Date @specifiedBy(url: "https://example.com/date")
    interface Node { id: ID! }
    interface Resource implements Node { id: ID! url: String }
    type Image implements Resource & Node { id: ID! url: String }
    union U = | Image
    directive @custom(a: Int = 3, "described" b: String) repeatable on FIELD_DEFINITION | OBJECT
    extend type Query { c: Date d: U e: Node }
    extend enum E { THREE }
    extend input In { e: ID = 7 }
    extend union U = Image2
    type Image2 { x: Int }''',
    '''schema { query: Q mutation: M } type Q { a: Int } type M { b: Int }''',
    '''"""desc\nof schema""" schema { query: Query } type Query { a(arg: String = "with \\"quotes\\" and \\n newline"): Int }''',
    '''type Query { a(f: Float = 1.0, g: Float = 1e5, h: Float = 0.000001, i: Float = 1e21, j: ID = 123, k: ID = "abc", l: [Int] = 3): Int }''',
    '''"""\n  indented\n    more\n"""\ntype Query {\n  """\n  Field desc\n  """\n  a: Int\n  "  leading space" b: Int\n  "trailing quote\\"" c: Int\n}''',
    '''type Query { a(
      "arg one" x: Int
      y: Int
    ): Int }''',
    # SDL rule errors
    '''type Query { a: Int } schema { query: Query } schema { query: Query }''',
    '''type Query { a: Int } type Query { b: Int } enum E { A A } input I { x: Int x: Int }''',
    '''type Query { a(x: Int, x: Int, x: String): Unknown b: [Missing!] } directive @d(q: Int, q: Int) on FIELD directive @d on FIELD''',
    '''type Query @unknown { a: Int @deprecated @deprecated b: Int @specifiedBy(url: "x") } scalar S @specifiedBy''',
    '''type Query { a: Int } extend type Nope { b: Int } extend interface Query { c: Int } extend scalar String @d''',
    '''type Query { a: Int @deprecated(reason: "x", reason: "y", nope: 1) } extend type Query @d2 type T @d2 { a: Int } directive @d2 on OBJECT''',
    '''schema { query: Query query: Query } extend schema { query: Query } type Query { a: Int }''',
    # schema validation errors
    '''type Query''',
    '''type Query { a: Int } interface I { f: Int } type T implements I { g: Int } type T2 implements I { f: String }''',
    '''type Query { a: In } input In { b: Query }''',
    '''type Query { a: Int } union U = Query | Int | Query''',
    '''type Query { a: Int } input A { b: B! } input B { c: C! } input C { a: A! d: [A!]! }''',
    '''type Query { __bad: Int a(__arg: Int): Int } type __T { a: Int } enum E { __X }''',
    '''type Query { a(x: Int! @deprecated): Int } input I { y: Int! @deprecated z: Int @deprecated }''',
    '''schema { query: I } interface I { a: Int }''',
    '''schema { mutation: M } type M { a: Int }''',
    '''type Query { a: Int } interface A implements B { x: Int } interface B implements A { x: Int }''',
    '''type Query { a: Int } interface A { x(a: Int, b: String): Int } type T implements A { x(a: String, c: Int!): Int } type T2 implements A & A { x(a: Int, b: String): Int }''',
    '''type Query { a: Int } interface A { x: Int } interface B implements A { x: Int } type T implements B { x: Int }''',
    '''type Query { a: Int } interface I { x: [Int] y: I z: Int! } type T implements I { x: [Int!]! y: T z: Int }''',
    '''type Query { a: Int } type T implements Query { a: Int } type T2 implements T2 { a: Int }''',
    '''type Query { a: Int } enum E input I extend enum E @d directive @d on ENUM''',
    '''directive @__d on FIELD directive @d(a: Query) on FIELD type Query { a: Int }''',
]

CASES = []
for i, sdl in enumerate(SDLS):
    CASES.append({"name": f"schema-check-{i}", "cmd": "schema-check", "schema": sdl})
for i in range(6):
    CASES.append({"name": f"print-{i}", "cmd": "print-schema", "schema": SDLS[i], **({"spec": "JS prints 0.000001"} if i == 3 else {})})
