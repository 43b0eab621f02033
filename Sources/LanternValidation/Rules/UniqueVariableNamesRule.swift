import LanternLanguage

/// Variable Uniqueness (§5.8.1).
enum UniqueVariableNamesRule {
    static func check(_ context: inout ValidationContext) {
        for operation in context.document.operations {
            var groups: [String: [Span]] = [:]
            var order: [String] = []
            for definition in operation.variableDefinitions {
                let name = definition.variable.name
                if groups[name.value] == nil { order.append(name.value) }
                groups[name.value, default: []].append(name.span)
            }
            for name in order where groups[name]!.count > 1 {
                context.report("There can be only one variable named \"$\(name)\".", groups[name]!)
            }
        }
    }
}
