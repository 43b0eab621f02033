import LanternLanguage
import LanternSchema

/// One response key of a selection set, collected for a concrete object type: the merged
/// field nodes, the schema field, the pre-encoded JSON key, and (built on first use, then
/// reused for every list item) the plans of its children per runtime type.
@usableFromInline
final class FieldPlan {
    @usableFromInline
    enum Kind {
        case field
        case typename
        case schema
        case type
    }

    @usableFromInline
    let kind: Kind
    @usableFromInline
    let responseKey: String
    /// `"key":` as JSON bytes.
    @usableFromInline
    let keyBytes: [UInt8]
    @usableFromInline
    let parentType: Int
    @usableFromInline
    let fieldIndex: Int
    @usableFromInline
    let definition: SchemaField
    @usableFromInline
    let type: TypeRef
    @usableFromInline
    let nodes: [Field]
    @usableFromInline
    var arguments: Result<JSONObject, GraphQLError>?
    @usableFromInline
    var children: [Int: [FieldPlan]] = [:]
    /// The last runtime type's children, checked before the dictionary (lists are usually of one type).
    @usableFromInline
    var lastChildType = -1
    @usableFromInline
    var lastChildren: [FieldPlan] = []
    @usableFromInline
    var info: ResolveInfo?

    @usableFromInline
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
        self.type = definition.type
        self.nodes = nodes
    }
}
