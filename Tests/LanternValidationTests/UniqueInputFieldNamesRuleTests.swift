import Testing
@testable import LanternValidation

/// §5.6.3 Input Object Field Uniqueness.
@Suite("UniqueInputFieldNames")
struct UniqueInputFieldNamesTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("{ complicatedArgs { complexArgField(complexArg: { requiredField: true, intField: 1 }) } }")
    }

    @Test("rejects: { complicatedArgs { complexArgField(complexArg: { requiredFi")
    func invalid0() {
        expectErrors("{ complicatedArgs { complexArgField(complexArg: { requiredField: true, requiredField: false }) } }", at: [[(1, 51), (1, 72)]],
                     messages: ["There can be only one input field named 'requiredField'."])
    }
}
