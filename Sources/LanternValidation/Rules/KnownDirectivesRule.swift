import LanternLanguage
import LanternSchema

/// Directives Are Defined (§5.7.1) and Directives Are in Valid Locations (§5.7.2).
enum KnownDirectivesRule {
    static func check(_ directive: Directive, definition: SchemaDirective?, location: DirectiveLocation, _ context: inout ValidationContext) {
        guard let definition else {
            context.report("Unknown directive \"@\(directive.name.value)\".", [directive.span])
            return
        }
        if !definition.locations.contains(location) {
            context.report("Directive \"@\(directive.name.value)\" may not be used on \(location.rawValue).", [directive.span])
        }
    }
}
