import LanternLanguage
import LanternSchema

/// Values of Correct Type (§5.6.1, with Input Object Field Names and Required Fields, and the
/// OneOf literal rules): every literal can be coerced to the type of its position.
enum ValuesOfCorrectTypeRule {
    static func check(_ value: LanternLanguage.Value, type: TypeRef?, _ context: inout ValidationContext) {
        guard let type else { return }
        if case .variable = value { return }
        var problems: [LiteralValidity.Problem] = []
        LiteralValidity.check(value, type: type, schema: context.schema, variableTypes: context.variableTypes, into: &problems)
        for problem in problems { context.report(problem.message, [problem.span]) }
    }
}
