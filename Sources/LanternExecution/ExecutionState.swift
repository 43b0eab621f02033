import LanternLanguage
import LanternSchema

/// The state of one request's execution: the output being written, errors, the response path,
/// and the fields whose resolvers returned pending work (see `ResponseAssembly.swift`).
///
/// Generic over the application's resolvers, so pending work keeps its result type: a pending
/// field's value reaches completion typed, never boxed as `any Sendable` or looked up by path.
@usableFromInline
struct ExecutionState<Main: Resolvers> {
    @usableFromInline
    typealias Context = Main.Context

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

    /// The segment being written: the response's root object, or a pending field's value.
    @usableFromInline
    var writer = JSONWriter(capacity: 1024)
    @usableFromInline
    var errors: [GraphQLError] = []
    @usableFromInline
    var path: [PathComponent] = []
    /// Arguments that use variables, coerced for this request, by plan.
    @usableFromInline
    var requestArguments: [ObjectIdentifier: Result<JSONObject, GraphQLError>] = [:]

    // MARK: Resumable execution

    /// Finished segments; 0 is the root object (stored when execution finishes). Empty until a
    /// field returns pending work, so synchronous execution allocates nothing for it.
    @usableFromInline
    var segments: [[UInt8]] = []
    /// The index of the segment `writer` holds.
    @usableFromInline
    var segment = 0
    /// Every field that returned pending work, in the order found (document order per level).
    @usableFromInline
    var pendingFields: [PendingField<Main.Source>] = []
    /// Nullable positions that contain pending fields; 0 is `data` itself (added with the first
    /// pending field).
    @usableFromInline
    var regions: [NullableRegion] = []
    /// Pending fields (index ≥ 0) and regions (`~index`) whose enclosing nullable position is
    /// not known yet: the innermost nullable position around them adopts them when it ends.
    @usableFromInline
    var orphans: [Int] = []
    /// The first pending field not yet started.
    @usableFromInline
    var nextPending = 0

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
        if let cached = plan.abstractChildren.withLock({ $0[objectType] }) { return cached }
        let plans = collector.collect(plan.nodes.compactMap(\.selectionSet), objectType: objectType)
        return plan.abstractChildren.withLock { children in
            if let first = children[objectType] { return first }
            children[objectType] = plans
            return plans
        }
    }

    /// The plan's coerced arguments: from the plan, or, when they use variables, coerced with
    /// this request's variables once per request.
    @usableFromInline
    mutating func arguments(of plan: FieldPlan) -> Result<JSONObject, GraphQLError> {
        if let error = plan.argumentError { return .failure(error) }
        guard plan.argumentsUseVariables else { return .success(plan.arguments) }
        let key = ObjectIdentifier(plan)
        if let coerced = requestArguments[key] { return coerced }
        let coerced = ArgumentCoercion.coerce(plan.definition.arguments, plan.nodes[0], schema: schema, variables: variables,
                                              source: source)
        requestArguments[key] = coerced
        return coerced
    }
}
