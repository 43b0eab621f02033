import Testing
@testable import LanternValidation

/// §5.5.2.3 Fragment Spread Is Possible.
@Suite("PossibleFragmentSpreads")
struct PossibleFragmentSpreadsTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("{ pet { ... on Dog { barks } ... on CatOrDog { __typename } } }")
    }

    @Test("rejects: fragment invalidObjectWithinObject on Cat { ...dogFragment }")
    func invalid0() {
        expectErrors("fragment invalidObjectWithinObject on Cat { ...dogFragment } fragment dogFragment on Dog { barkVolume } { cat { ...invalidObjectWithinObject } }", at: [[(1, 45)]],
                     messages: ["Fragment 'dogFragment' cannot be spread here as objects of type 'Cat' can never be of type 'Dog'."])
    }

    @Test("rejects: { dog { ... on Cat { meows } } catOrDog { ... on Human { nam")
    func invalid1() {
        expectErrors("{ dog { ... on Cat { meows } } catOrDog { ... on Human { name } } }", at: [[(1, 9)], [(1, 43)]],
                     messages: ["Fragment cannot be spread here as objects of type 'Dog' can never be of type 'Cat'.", "Fragment cannot be spread here as objects of type 'CatOrDog' can never be of type 'Human'."])
    }
}
