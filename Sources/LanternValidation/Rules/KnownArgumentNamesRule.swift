import LanternLanguage
import LanternSchema

/// Argument Names (§5.4.1): arguments are defined on their field or directive.
enum KnownArgumentNamesRule {
    static func reportUnknownFieldArgument(_ argument: Argument, field: SchemaField, parentType: Int, _ context: inout ValidationContext) {
        let hint = Suggestions.didYouMean(Suggestions.list(argument.name.value, field.arguments.map(\.name)))
        context.report("Unknown argument \"\(argument.name.value)\" on field \"\(context.schema.types[parentType].name).\(field.name)\".\(hint)",
                       [argument.span])
    }

    static func reportUnknownDirectiveArgument(_ argument: Argument, directive: SchemaDirective, _ context: inout ValidationContext) {
        let hint = Suggestions.didYouMean(Suggestions.list(argument.name.value, directive.arguments.map(\.name)))
        context.report("Unknown argument \"\(argument.name.value)\" on directive \"@\(directive.name)\".\(hint)", [argument.span])
    }
}
