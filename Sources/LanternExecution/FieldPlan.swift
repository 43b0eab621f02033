import LanternLanguage
import LanternSchema
import Synchronization

/// One response key of a selection set, collected for a concrete object type: the merged
/// field nodes, the schema field, the pre-encoded JSON key, the coerced arguments, and the
/// plans of its children. Plans are built before execution and reused for every object a field
/// is resolved on; everything the hot path reads is immutable. Arguments that use variables are
/// coerced per request (`ExecutionState.arguments(of:)`), so plans of an operation whose shape
/// does not depend on variables are cached with its document and shared by concurrent requests.
@usableFromInline
final class FieldPlan: @unchecked Sendable {
    @usableFromInline
    enum Kind {
        case field
        case typename
        case schema
        case type
    }

    @usableFromInline let kind: Kind
    @usableFromInline let responseKey: String
    /// `"key":` as JSON bytes.
    @usableFromInline let keyBytes: [UInt8]
    @usableFromInline let parentType: Int
    @usableFromInline let fieldIndex: Int
    @usableFromInline let definition: SchemaField
    @usableFromInline let type: TypeRef
    @usableFromInline let nodes: [Field]
    /// The coerced arguments (empty when coercion failed, see `argumentError`, or when they use
    /// variables, see `argumentsUseVariables`).
    @usableFromInline let arguments: JSONObject
    /// The arguments use variables: they are coerced once per request, not in the plan.
    @usableFromInline let argumentsUseVariables: Bool
    /// Why the arguments could not be coerced: reported each time the field executes.
    @usableFromInline let argumentError: GraphQLError?
    @usableFromInline let info: ResolveInfo
    /// The children when the field's type is an object type (built eagerly). A failure (a
    /// `@skip`/`@include` condition that cannot be coerced) is reported each time the field
    /// completes an object, as graphql-js's `collectSubfields` throws there.
    @usableFromInline let objectChildren: Result<[FieldPlan], GraphQLError>
    /// The children per runtime type when the field's type is abstract (built on first use, by
    /// whichever request gets there first).
    @usableFromInline let abstractChildren = Mutex<[Int: Result<[FieldPlan], GraphQLError>]>([:])

    @usableFromInline
    init(kind: Kind, responseKey: String, parentType: Int, fieldIndex: Int, definition: SchemaField, nodes: [Field],
         arguments: Result<JSONObject, GraphQLError>?, objectChildren: Result<[FieldPlan], GraphQLError>) {
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
        switch arguments {
        case .success(let coerced)?:
            self.arguments = coerced
            self.argumentError = nil
            self.argumentsUseVariables = false
        case .failure(let error)?:
            self.arguments = JSONObject()
            self.argumentError = error
            self.argumentsUseVariables = false
        case nil:
            self.arguments = JSONObject()
            self.argumentError = nil
            self.argumentsUseVariables = true
        }
        var names: [String] = []
        for node in nodes {
            for case .field(let child) in node.selectionSet?.selections ?? [] where !names.contains(child.name.value) {
                names.append(child.name.value)
            }
        }
        self.info = ResolveInfo(fieldName: definition.name, responseKey: responseKey, parentType: parentType,
                                fieldIndex: fieldIndex, returnType: definition.type, selectedFieldNames: names)
        self.objectChildren = objectChildren
    }
}
