import Testing
@testable import LanternValidation

/// §5.4.1 Argument Names.
@Suite("KnownArgumentNames")
struct KnownArgumentNamesTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("{ dog { doesKnowCommand(dogCommand: SIT) name @skip(if: false) } }")
    }

    @Test("rejects: { dog { doesKnowCommand(dogcommand: SIT, unknown: true) name")
    func invalid0() {
        expectErrors("{ dog { doesKnowCommand(dogcommand: SIT, unknown: true) name @skip(iff: true, if: false) } }", at: [[(1, 25)], [(1, 42)], [(1, 68)]],
                     messages: ["Unknown argument 'dogcommand' on field 'Dog.doesKnowCommand'. Did you mean 'dogCommand'?", "Unknown argument 'unknown' on field 'Dog.doesKnowCommand'.", "Unknown argument 'iff' on directive '@skip'. Did you mean 'if'?"])
    }
}
