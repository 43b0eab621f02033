import LanternLanguage
import LanternSchema

/// Required Arguments (§5.4.3): non-null arguments without a default are given.
enum ProvidedRequiredArgumentsRule {
    static func check(_ field: Field, definition: SchemaField, _ context: inout ValidationContext) {
        for argument in definition.arguments where argument.isRequired
            && !field.arguments.contains(where: { $0.name.value == argument.name }) {
            context.report("Field \"\(definition.name)\" argument \"\(argument.name)\" of type \"\(context.schema.describe(argument.type))\" is required, but it was not provided.",
                           [field.span])
        }
    }

    static func check(_ directive: Directive, definition: SchemaDirective, _ context: inout ValidationContext) {
        for argument in definition.arguments where argument.isRequired
            && !directive.arguments.contains(where: { $0.name.value == argument.name }) {
            context.report("Directive \"@\(definition.name)\" argument \"\(argument.name)\" of type \"\(context.schema.describe(argument.type))\" is required, but it was not provided.",
                           [directive.span])
        }
    }

    /// A directive defined in the document itself: its non-null arguments without a default.
    static func check(_ directive: Directive, declared: DirectiveDefinition, _ context: inout ValidationContext) {
        for argument in declared.arguments where argument.defaultValue == nil
            && !directive.arguments.contains(where: { $0.name.value == argument.name.value }) {
            guard case .nonNull = argument.type else { continue }
            context.report("Directive \"@\(declared.name.value)\" argument \"\(argument.name.value)\" of type \"\(argument.type)\" is required, but it was not provided.",
                           [directive.span])
        }
    }
}
