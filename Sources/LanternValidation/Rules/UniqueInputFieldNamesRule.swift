import LanternLanguage

/// Input Object Field Uniqueness (§5.6.3), at every level of a literal.
enum UniqueInputFieldNamesRule {
    static func check(_ value: LanternLanguage.Value, _ context: inout ValidationContext) {
        switch value {
        case .list(let items, _):
            for item in items { check(item, &context) }
        case .object(let fields, _):
            var seen: [String: Span] = [:]
            for field in fields {
                if let previous = seen[field.name.value] {
                    context.report("There can be only one input field named \"\(field.name.value)\".", [previous, field.name.span])
                } else {
                    seen[field.name.value] = field.name.span
                }
                check(field.value, &context)
            }
        default:
            break
        }
    }
}
