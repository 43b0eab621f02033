import LanternLanguage

/// Operation Name Uniqueness (§5.2.2.1): named operations have distinct names, across kinds.
enum UniqueOperationNamesRule {
    static func check(_ context: inout ValidationContext) {
        var seen: [String: Span] = [:]
        for case .operation(let operation) in context.document.definitions {
            guard let name = operation.name else { continue }
            if let previous = seen[name.value] {
                context.report("There can be only one operation named \"\(name.value)\".", [previous, name.span])
            } else {
                seen[name.value] = name.span
            }
        }
    }
}
