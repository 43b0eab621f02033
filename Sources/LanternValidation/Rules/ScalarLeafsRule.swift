import LanternLanguage
import LanternSchema

/// Leaf Field Selections (§5.3.3): leaves have no selection set; composites must have one.
enum ScalarLeafsRule {
    static func check(_ field: Field, definition: SchemaField?, _ context: inout ValidationContext) {
        guard let definition else { return }
        let type = context.schema.types[definition.type.namedIndex]
        let typeString = context.schema.describe(definition.type)
        if type.isLeaf {
            if let selectionSet = field.selectionSet {
                context.report("Field \"\(field.name.value)\" must not have a selection since type \"\(typeString)\" has no subfields.",
                               [selectionSet.span])
            }
        } else if field.selectionSet == nil {
            context.report("Field \"\(field.name.value)\" of type \"\(typeString)\" must have a selection of subfields. Did you mean \"\(field.name.value) { ... }\"?",
                           [field.span])
        }
    }
}
