import LanternLanguage
import LanternSchema

/// The state of one request's execution: the output buffer, errors, the response path, and
/// the results of asynchronous work from earlier passes.
@usableFromInline
struct ExecutionState<Context: Sendable> {
    @usableFromInline
    let schema: Schema
    @usableFromInline
    let source: Source
    @usableFromInline
    let fragments: [String: FragmentDefinition]
    @usableFromInline
    let variables: JSONObject
    @usableFromInline
    let context: Context
    @usableFromInline
    let collector: FieldCollector
    @usableFromInline
    let onInternalError: @Sendable (any Error, [PathComponent]) -> Void

    @usableFromInline
    var writer = JSONWriter(capacity: 1024)
    @usableFromInline
    var errors: [GraphQLError] = []
    @usableFromInline
    var path: [PathComponent] = []

    /// Asynchronous work found in this pass, by response path.
    @usableFromInline
    var pending: [(path: [PathComponent], work: @Sendable () async throws -> any Sendable)] = []
    /// Results of asynchronous work from earlier passes, by response path.
    @usableFromInline
    var asyncResults: [[PathComponent]: Result<any Sendable, any Error>] = [:]

    @usableFromInline
    init(schema: Schema, document: Document, variables: JSONObject, context: Context,
         onInternalError: @escaping @Sendable (any Error, [PathComponent]) -> Void) {
        self.schema = schema
        self.source = document.source
        var fragments: [String: FragmentDefinition] = [:]
        for case .fragment(let fragment) in document.definitions where fragments[fragment.name.value] == nil {
            fragments[fragment.name.value] = fragment
        }
        self.fragments = fragments
        self.variables = variables
        self.context = context
        self.collector = FieldCollector(schema: schema, fragments: fragments, variables: variables)
        self.onInternalError = onInternalError
    }

    // MARK: Errors

    /// Records an execution error at the current path, located at the plan's field nodes.
    @usableFromInline
    mutating func recordError(_ message: String, _ plan: FieldPlan, code: String? = nil) {
        errors.append(GraphQLError(message, locations: plan.nodes.map { source.location(of: $0.span.start) },
                                   path: path, code: code))
    }

    @usableFromInline
    mutating func recordError(_ error: GraphQLError) {
        var located = error
        located.path = path
        errors.append(located)
    }

    /// A resolver's error: public errors keep their message and code, anything else is masked.
    @usableFromInline
    mutating func recordThrown(_ error: any Error, _ plan: FieldPlan) {
        if let publicError = error as? any PublicError {
            recordError(publicError.message, plan, code: publicError.code)
        } else if let graphQLError = error as? GraphQLError {
            var located = graphQLError
            if located.locations.isEmpty { located.locations = plan.nodes.map { source.location(of: $0.span.start) } }
            recordError(located)
        } else {
            onInternalError(error, path)
            recordError("Internal server error", plan, code: "INTERNAL")
        }
    }

    // MARK: Plans

    @usableFromInline
    mutating func children(of plan: FieldPlan, objectType: Int) -> [FieldPlan] {
        if plan.lastChildType == objectType { return plan.lastChildren }
        if let cached = plan.children[objectType] {
            plan.lastChildType = objectType
            plan.lastChildren = cached
            return cached
        }
        let selectionSets = plan.nodes.compactMap(\.selectionSet)
        let plans = collector.collect(selectionSets, objectType: objectType)
        plan.children[objectType] = plans
        plan.lastChildType = objectType
        plan.lastChildren = plans
        return plans
    }

    @usableFromInline
    mutating func arguments(of plan: FieldPlan) -> Result<JSONObject, GraphQLError> {
        if let arguments = plan.arguments { return arguments }
        let result: Result<JSONObject, GraphQLError>
        if plan.definition.arguments.isEmpty && plan.nodes[0].arguments.isEmpty {
            result = .success(JSONObject())
        } else {
            result = ArgumentCoercion.coerce(plan.definition.arguments, plan.nodes[0], schema: schema,
                                             variables: variables, source: source)
        }
        plan.arguments = result
        return result
    }

    @usableFromInline
    func info(for plan: FieldPlan) -> ResolveInfo {
        if let info = plan.info { return info }
        var names: [String] = []
        for node in plan.nodes {
            for case .field(let child) in node.selectionSet?.selections ?? [] where !names.contains(child.name.value) {
                names.append(child.name.value)
            }
        }
        let info = ResolveInfo(fieldName: plan.definition.name, responseKey: plan.responseKey, parentType: plan.parentType,
                               fieldIndex: plan.fieldIndex, returnType: plan.definition.type, selectedFieldNames: names)
        plan.info = info
        return info
    }
}
