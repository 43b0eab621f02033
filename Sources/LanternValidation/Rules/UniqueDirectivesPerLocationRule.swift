import LanternLanguage

/// Directives Are Unique per Location (§5.7.3), unless `repeatable`. As in graphql-js, a
/// directive defined in the document itself is repeatable as that definition says, and the
/// schema's definition and extensions, or a type's, are one location.
enum UniqueDirectivesPerLocationRule {
    static func check(_ directives: [Directive], _ context: inout ValidationContext) {
        guard directives.count > 1 else { return }
        var seen: [String: Span] = [:]
        check(directives, seen: &seen, &context)
    }

    /// `seen`: the non-repeatable directives already found at this location.
    static func check(_ directives: [Directive], seen: inout [String: Span], _ context: inout ValidationContext) {
        for directive in directives {
            let name = directive.name.value
            guard let isRepeatable = context.documentDirectives[name]?.isRepeatable ?? context.schema.directive(named: name)?.isRepeatable,
                  !isRepeatable else { continue }
            if let previous = seen[name] {
                context.report("The directive \"@\(name)\" can only be used once at this location.", [previous, directive.span])
            } else {
                seen[name] = directive.span
            }
        }
    }
}
