import LanternLanguage
import LanternSchema

/// Field Selections (§5.3.1): a selected field exists on its parent type (meta-fields where
/// they apply).
enum FieldsOnCorrectTypeRule {
    static func check(_ field: Field, parentType: Int?, definition: SchemaField?, _ context: inout ValidationContext) {
        guard let parentType, definition == nil else { return }
        let schema = context.schema
        let name = field.name.value
        var hint = Suggestions.didYouMean(suggestedTypes(parentType, name, schema), subMessage: "to use an inline fragment on")
        if hint.isEmpty {
            let type = schema.types[parentType]
            if type.kind == .object || type.kind == .interface {
                hint = Suggestions.didYouMean(Suggestions.list(name, type.fields.map(\.name)))
            }
        }
        context.report("Cannot query field \"\(name)\" on type \"\(schema.types[parentType].name)\".\(hint)", [field.span])
    }

    /// Types under an abstract type that do have the field, most widely useful first.
    static func suggestedTypes(_ abstract: Int, _ fieldName: String, _ schema: Schema) -> [String] {
        guard schema.types[abstract].isAbstract else { return [] }
        var suggested: [Int] = []
        var usage: [Int: Int] = [:]
        for possible in schema.possibleTypes(of: abstract) where schema.types[possible].fieldIndex[fieldName] != nil {
            if !suggested.contains(possible) { suggested.append(possible) }
            usage[possible] = 1
            for interface in schema.types[possible].interfaces where schema.types[interface].fieldIndex[fieldName] != nil {
                if !suggested.contains(interface) { suggested.append(interface) }
                usage[interface, default: 0] += 1
            }
        }
        return suggested.sorted { a, b in
            let difference = usage[b, default: 0] - usage[a, default: 0]
            if difference != 0 { return difference < 0 }
            if schema.types[a].kind == .interface && schema.isSubType(a, b) { return true }
            if schema.types[b].kind == .interface && schema.isSubType(b, a) { return false }
            return Suggestions.naturalLess(schema.types[a].name, schema.types[b].name)
        }.map { schema.types[$0].name }
    }
}
