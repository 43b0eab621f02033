import LanternLanguage
import LanternSchema

/// Field Selections (§5.3.1): a selected field exists on its parent type (meta-fields where
/// they apply).
enum FieldsOnCorrectTypeRule {
    static func check(_ field: Field, parentType: Int?, definition: SchemaField?, _ context: inout ValidationContext) {
        guard let parentType, definition == nil else { return }
        context.report("Cannot query field \"\(field.name.value)\" on type \"\(context.schema.types[parentType].name)\".", [field.span])
    }
}
