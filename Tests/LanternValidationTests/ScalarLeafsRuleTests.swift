import Testing
@testable import LanternValidation

/// §5.3.3 Leaf Field Selections.
@Suite("ScalarLeafs")
struct ScalarLeafsTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("{ dog { name barkVolume } }")
    }

    @Test("rejects: { dog { name { first } barkVolume } human }")
    func invalid0() {
        expectErrors("{ dog { name { first } barkVolume } human }", at: [[(1, 14)], [(1, 37)]],
                     messages: ["Field 'name' must not have a selection since type 'String' has no subfields.", "Field 'human' of type 'Human' must have a selection of subfields. Did you mean 'human { ... }'?"])
    }
}
