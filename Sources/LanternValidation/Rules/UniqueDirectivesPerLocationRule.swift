import LanternLanguage

/// Directives Are Unique per Location (§5.7.3), unless `repeatable`.
enum UniqueDirectivesPerLocationRule {
    static func check(_ directives: [Directive], _ context: inout ValidationContext) {
        guard directives.count > 1 else { return }
        var seen: [String: Span] = [:]
        for directive in directives {
            let name = directive.name.value
            guard let definition = context.schema.directive(named: name), !definition.isRepeatable else { continue }
            if let previous = seen[name] {
                context.report("The directive \"@\(name)\" can only be used once at this location.", [previous, directive.span])
            } else {
                seen[name] = directive.span
            }
        }
    }
}
