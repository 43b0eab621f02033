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

    /// An argument of a directive defined in the document itself, checked against that definition.
    static func check(_ argument: Argument, declared: DirectiveDefinition, _ context: inout ValidationContext) {
        let names = declared.arguments.map(\.name.value)
        guard !names.contains(argument.name.value) else { return }
        let hint = Suggestions.didYouMean(Suggestions.list(argument.name.value, names))
        context.report("Unknown argument \"\(argument.name.value)\" on directive \"@\(declared.name.value)\".\(hint)", [argument.span])
    }
}
