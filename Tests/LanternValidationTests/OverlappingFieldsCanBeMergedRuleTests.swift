import Testing
@testable import LanternValidation

/// §5.3.2 Field Selection Merging.
@Suite("OverlappingFieldsCanBeMerged")
struct OverlappingFieldsCanBeMergedTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("{ dog { name name a: barks a: barks } catOrDog { ... on Dog { v: name } ... on Cat { v: nickname } } }")
    }

    @Test("rejects: { dog { name: nickname name } }")
    func invalid0() {
        expectErrors("{ dog { name: nickname name } }", at: [[(1, 9), (1, 24)]],
                     messages: ["Fields 'name' conflict because 'nickname' and 'name' are different fields. Use different aliases on the fields to fetch both if this was intentional."])
    }

    @Test("rejects: { dog { doesKnowCommand(dogCommand: SIT) doesKnowCommand(dog")
    func invalid1() {
        expectErrors("{ dog { doesKnowCommand(dogCommand: SIT) doesKnowCommand(dogCommand: HEEL) } }", at: [[(1, 9), (1, 42)]],
                     messages: ["Fields 'doesKnowCommand' conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional."])
    }

    @Test("rejects: { pet { ... on Dog { v: barkVolume } ... on Cat { v: nicknam")
    func invalid2() {
        expectErrors("{ pet { ... on Dog { v: barkVolume } ... on Cat { v: nickname } } }", at: [[(1, 22), (1, 51)]],
                     messages: ["Fields 'v' conflict because they return conflicting types 'Int' and 'String'. Use different aliases on the fields to fetch both if this was intentional."])
    }

    @Test("rejects: { dog { x: mother { name } x: father { name } } dog { mother")
    func invalid3() {
        expectErrors("{ dog { x: mother { name } x: father { name } } dog { mother { name: barks } } }", at: [[(1, 9), (1, 28)]],
                     messages: ["Fields 'x' conflict because 'mother' and 'father' are different fields. Use different aliases on the fields to fetch both if this was intentional."])
    }
}
