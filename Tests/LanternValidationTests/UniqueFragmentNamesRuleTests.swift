import Testing
@testable import LanternValidation

/// §5.5.1.1 Fragment Name Uniqueness.
@Suite("UniqueFragmentNames")
struct UniqueFragmentNamesTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("{ dog { ...fragA ...fragB } } fragment fragA on Dog { name } fragment fragB on Dog { barks }")
    }

    @Test("rejects: { dog { ...fragA } } fragment fragA on Dog { name } fragment")
    func invalid0() {
        expectErrors("{ dog { ...fragA } } fragment fragA on Dog { name } fragment fragA on Dog { barks }", at: [[(1, 31), (1, 62)]],
                     messages: ["There can be only one fragment named 'fragA'."])
    }
}
