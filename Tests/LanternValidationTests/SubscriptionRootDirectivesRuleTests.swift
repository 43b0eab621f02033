import Testing
@testable import LanternValidation

/// September 2025: `@skip` and `@include` are not allowed anywhere in a subscription's root
/// selection set, including inside fragments collected at the root. One error, at the directive.
@Suite("Subscription root @skip/@include")
struct SubscriptionRootDirectivesRuleTests {
    @Test("directives below the root field are allowed")
    func nested() {
        expectValid("subscription S($b: Boolean!) { newDog { name @skip(if: $b) } }")
    }

    @Test("@skip on the root field is an error at the directive")
    func onRootField() {
        expectErrors("subscription S { newDog @skip(if: false) { name } }", at: [[(1, 25)]])
    }

    @Test("@include in a fragment collected at the root is an error at the directive")
    func inFragment() {
        expectErrors("subscription S { ...F } fragment F on SubscriptionRoot { newDog @include(if: true) { name } }",
                     at: [[(1, 65)]])
    }

    @Test("@skip on an inline fragment at the root is an error")
    func onInlineFragment() {
        expectErrors("subscription S { ... @skip(if: false) { newDog { name } } }", at: [[(1, 22)]])
    }
}
