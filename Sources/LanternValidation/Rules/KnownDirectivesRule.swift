import LanternLanguage
import LanternSchema

/// Directives Are Defined (§5.7.1) and Directives Are in Valid Locations (§5.7.2). A directive
/// defined in the document itself is known with that definition's locations, as in graphql-js.
enum KnownDirectivesRule {
    static func check(_ directive: Directive, definition: SchemaDirective?, location: DirectiveLocation, _ context: inout ValidationContext) {
        let allowed: Bool
        if let declared = context.documentDirectives[directive.name.value] {
            allowed = declared.locations.contains { $0.value == location.rawValue }
        } else if let definition {
            allowed = definition.locations.contains(location)
        } else {
            context.report("Unknown directive \"@\(directive.name.value)\".", [directive.span])
            return
        }
        if !allowed {
            context.report("Directive \"@\(directive.name.value)\" may not be used on \(location.rawValue).", [directive.span])
        }
    }
}
