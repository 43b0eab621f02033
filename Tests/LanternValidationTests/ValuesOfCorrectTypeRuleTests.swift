import Testing
@testable import LanternValidation

/// §5.6.1 Values of Correct Type.
@Suite("ValuesOfCorrectType")
struct ValuesOfCorrectTypeTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("{ complicatedArgs { intArgField(intArg: 3) enumArgField(enumArg: BROWN) complexArgField(complexArg: { requiredField: true }) } }")
    }

    @Test("rejects: { complicatedArgs { intArgField(intArg: '3') stringArgField(")
    func invalid0() {
        expectErrors("{ complicatedArgs { intArgField(intArg: \"3\") stringArgField(stringArg: 1) booleanArgField(booleanArg: 1.0) } }", at: [[(1, 41)], [(1, 72)], [(1, 103)]],
                     messages: ["Int cannot represent non-integer value: \"3\"", "String cannot represent a non string value: 1", "Boolean cannot represent a non boolean value: 1.0"])
    }

    @Test("rejects: { complicatedArgs { intArgField(intArg: 2147483648) enumArgF")
    func invalid1() {
        expectErrors("{ complicatedArgs { intArgField(intArg: 2147483648) enumArgField(enumArg: NOPE) } }", at: [[(1, 41)], [(1, 75)]],
                     messages: ["Int cannot represent non 32-bit signed integer value: 2147483648", "Value 'NOPE' does not exist in 'FurColor' enum."])
    }

    @Test("rejects: { complicatedArgs { complexArgField(complexArg: { intField: ")
    func invalid2() {
        expectErrors("{ complicatedArgs { complexArgField(complexArg: { intField: 4 }) b: complexArgField(complexArg: { requiredField: true, unknownField: 1 }) } }", at: [[(1, 49)], [(1, 120)]],
                     messages: ["Field 'ComplexInput.requiredField' of required type 'Boolean!' was not provided.", "Field 'unknownField' is not defined by type 'ComplexInput'."])
    }

    @Test("rejects: { complicatedArgs { nonNullIntArgField(nonNullIntArg: null) ")
    func invalid3() {
        expectErrors("{ complicatedArgs { nonNullIntArgField(nonNullIntArg: null) } }", at: [[(1, 55)]],
                     messages: ["Expected value of type 'Int!', found null."])
    }
}
