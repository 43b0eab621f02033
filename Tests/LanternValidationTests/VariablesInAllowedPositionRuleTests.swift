import Testing
@testable import LanternValidation

/// §5.8.5 All Variable Usages Are Allowed.
@Suite("VariablesInAllowedPosition")
struct VariablesInAllowedPositionTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("query Q($a: Int = 1) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $a) } }")
    }

    @Test("rejects: query Q($intArg: Int) { complicatedArgs { nonNullIntArgField")
    func invalid0() {
        expectErrors("query Q($intArg: Int) { complicatedArgs { nonNullIntArgField(nonNullIntArg: $intArg) } }", at: [[(1, 9), (1, 77)]],
                     messages: ["Variable '$intArg' of type 'Int' used in position expecting type 'Int!'."])
    }

    @Test("rejects: query Q($a: String, $b: [String]) { complicatedArgs { string")
    func invalid1() {
        expectErrors("query Q($a: String, $b: [String]) { complicatedArgs { stringListNonNullArgField(stringListNonNullArg: $b) intArgField(intArg: $a) } }", at: [[(1, 21), (1, 103)], [(1, 9), (1, 127)]],
                     messages: ["Variable '$b' of type '[String]' used in position expecting type '[String!]'.", "Variable '$a' of type 'String' used in position expecting type 'Int'."])
    }

    @Test("a variable defined twice is checked against its last definition, as in graphql-js 16")
    func duplicateDefinitions() {
        expectErrors("query Q($v: String, $v: Int) { complicatedArgs { stringArgField(stringArg: $v) } }", at: [[(1, 10), (1, 22)], [(1, 21), (1, 76)]],
                     messages: ["There can be only one variable named '$v'.", "Variable '$v' of type 'Int' used in position expecting type 'String'."])
        expectErrors("query Q($v: Int, $v: String, $v: Boolean) { complicatedArgs { stringArgField(stringArg: $v) } }",
                     at: [[(1, 10), (1, 19), (1, 31)], [(1, 30), (1, 89)]],
                     messages: ["There can be only one variable named '$v'.", "Variable '$v' of type 'Boolean' used in position expecting type 'String'."])
        expectErrors("query Q($v: Int, $v: String) { complicatedArgs { stringArgField(stringArg: $v) } }", at: [[(1, 10), (1, 19)]],
                     messages: ["There can be only one variable named '$v'."])
    }
}
