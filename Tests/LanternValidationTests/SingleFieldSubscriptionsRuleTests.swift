import Testing
@testable import LanternValidation

/// §5.2.4.1 Single Root Field.
@Suite("SingleFieldSubscriptions")
struct SingleFieldSubscriptionsTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("subscription Sub { newDog { name } }")
    }

    @Test("rejects: subscription Sub { newDog { name } newCat { name } }")
    func invalid0() {
        expectErrors("subscription Sub { newDog { name } newCat { name } }", at: [[(1, 36)]],
                     messages: ["Subscription 'Sub' must select only one top level field."])
    }

    @Test("rejects: subscription { newDog { name } __typename }")
    func invalid1() {
        expectErrors("subscription { newDog { name } __typename }", at: [[(1, 32)], [(1, 32)]],
                     messages: ["Anonymous Subscription must select only one top level field.", "Anonymous Subscription must not select an introspection top level field."])
    }

    @Test("rejects: subscription Sub { ...F } fragment F on SubscriptionRoot { n")
    func invalid2() {
        expectErrors("subscription Sub { ...F } fragment F on SubscriptionRoot { newDog { name } newCat { name } }", at: [[(1, 76)]],
                     messages: ["Subscription 'Sub' must select only one top level field."])
    }
}
