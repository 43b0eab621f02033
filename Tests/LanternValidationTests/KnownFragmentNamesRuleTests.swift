import Testing
@testable import LanternValidation

/// §5.5.2.1 Fragment Spread Target Defined.
@Suite("KnownFragmentNames")
struct KnownFragmentNamesTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("{ dog { ...F } } fragment F on Dog { name }")
    }

    @Test("rejects: { dog { ...UnknownFragment1 ... on Dog { ...UnknownFragment2")
    func invalid0() {
        expectErrors("{ dog { ...UnknownFragment1 ... on Dog { ...UnknownFragment2 } } }", at: [[(1, 12)], [(1, 45)]],
                     messages: ["Unknown fragment 'UnknownFragment1'.", "Unknown fragment 'UnknownFragment2'."])
    }
}
