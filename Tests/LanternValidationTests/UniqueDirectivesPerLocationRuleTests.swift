import Testing
@testable import LanternValidation

/// §5.7.3 Directives Are Unique per Location.
@Suite("UniqueDirectivesPerLocation")
struct UniqueDirectivesPerLocationTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("{ dog { name @repeatableOnField @repeatableOnField } }")
    }

    @Test("rejects: { dog { name @onField @onField } }")
    func invalid0() {
        expectErrors("{ dog { name @onField @onField } }", at: [[(1, 14), (1, 23)]],
                     messages: ["The directive '@onField' can only be used once at this location."])
    }
}
