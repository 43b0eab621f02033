import LanternLanguage
import LanternSchema

/// Argument Names (§5.4.1): arguments are defined on their field or directive.
enum KnownArgumentNamesRule {
    static func reportUnknownFieldArgument(_ argument: Argument, field: SchemaField, parentType: Int, _ context: inout ValidationContext) {
        context.report("Unknown argument \"\(argument.name.value)\" on field \"\(context.schema.types[parentType].name).\(field.name)\".",
                       [argument.span])
    }

    static func reportUnknownDirectiveArgument(_ argument: Argument, directive: SchemaDirective, _ context: inout ValidationContext) {
        context.report("Unknown argument \"\(argument.name.value)\" on directive \"@\(directive.name)\".", [argument.span])
    }
}
