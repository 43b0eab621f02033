import LanternLanguage
import LanternSchema

/// One response key of a selection set, collected for a concrete object type: the merged
/// field nodes, the schema field, the pre-encoded JSON key, and (built on first use, then
/// reused for every list item) the plans of its children per runtime type.
final class FieldPlan {
    enum Kind {
        case field
        case typename
        case schema
        case type
    }

    let kind: Kind
    let responseKey: String
    /// `"key":` as JSON bytes.
    let keyBytes: [UInt8]
    let parentType: Int
    let fieldIndex: Int
    let definition: SchemaField
    let nodes: [Field]
    var arguments: Result<JSONObject, GraphQLError>?
    var children: [Int: [FieldPlan]] = [:]
    var info: ResolveInfo?

    init(kind: Kind, responseKey: String, parentType: Int, fieldIndex: Int, definition: SchemaField, nodes: [Field]) {
        self.kind = kind
        self.responseKey = responseKey
        var writer = JSONWriter(capacity: responseKey.utf8.count + 3)
        writer.string(responseKey)
        writer.byte(0x3A)
        self.keyBytes = writer.bytes
        self.parentType = parentType
        self.fieldIndex = fieldIndex
        self.definition = definition
        self.nodes = nodes
    }
}
