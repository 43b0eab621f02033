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
        self.collector = FieldCollector(schema: schema, fragments: fragments, variables: variables, source: document.source)
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
            let details = publicError.details
            if !details.isEmpty { errors[errors.count - 1].details = details }
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
    mutating func children(of plan: FieldPlan, objectType: Int) -> Result<[FieldPlan], GraphQLError> {
        if objectType == plan.type.namedIndex { return plan.objectChildren }
        if let cached = plan.abstractChildren[objectType] { return cached }
        let plans = collector.collect(plan.nodes.compactMap(\.selectionSet), objectType: objectType)
        plan.abstractChildren[objectType] = plans
        return plans
    }

    @usableFromInline
    mutating func arguments(of plan: FieldPlan) -> Result<JSONObject, GraphQLError> {
        if let error = plan.argumentError { return .failure(error) }
        return .success(plan.arguments)
    }

}
