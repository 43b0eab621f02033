import Testing
@testable import LanternValidation

/// §5.5.1.4 Fragments Must Be Used.
@Suite("NoUnusedFragments")
struct NoUnusedFragmentsTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("{ dog { ...F } } fragment F on Dog { name }")
    }

    @Test("rejects: query Foo { human(id: 4) { ...HumanFields1 } } fragment Huma")
    func invalid0() {
        expectErrors("query Foo { human(id: 4) { ...HumanFields1 } } fragment HumanFields1 on Human { name } fragment Unused1 on Human { name } fragment Unused2 on Human { ...Unused1 }", at: [[(1, 88)], [(1, 123)]],
                     messages: ["Fragment 'Unused1' is never used.", "Fragment 'Unused2' is never used."])
    }
}
