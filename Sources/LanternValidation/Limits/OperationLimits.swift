/// Bounds on the work one operation may ask for, checked after validation and before any
/// resolver runs. A document of a few hundred bytes can otherwise ask for millions of resolver
/// calls (aliases, fragments spread many times, nested lists), so a server needs these on by
/// default; each bound can be raised, or turned off with nil.
public struct OperationLimits: Sendable, Hashable {
    /// Deepest field nesting, with fragments expanded (`{ a { b } }` is 2). `MAX_DEPTH_EXCEEDED`.
    public var maxDepth: Int?
    /// Most aliased fields in the operation, with fragments expanded. `MAX_ALIASES_EXCEEDED`.
    public var maxAliases: Int?
    /// Most root fields of a mutation, with fragments expanded; mutations run one after another,
    /// so each root field is a unit of serial work. `MAX_ROOT_FIELDS_EXCEEDED`.
    public var maxMutationRootFields: Int?
    /// Most directives on one field. `MAX_DIRECTIVES_EXCEEDED`.
    public var maxDirectivesPerField: Int?
    /// Highest static cost, as the IBM GraphQL Cost Directives draft computes it from `@cost` and
    /// `@listSize` (see `CostAnalysis`). `COST_LIMIT_EXCEEDED`.
    public var maxCost: Double?
    /// The size assumed for a list field that has no `@listSize` and no slicing argument.
    public var defaultListSize: Int

    public init(maxDepth: Int? = 15, maxAliases: Int? = 30, maxMutationRootFields: Int? = 10,
                maxDirectivesPerField: Int? = 10, maxCost: Double? = 10_000, defaultListSize: Int = 10) {
        self.maxDepth = maxDepth
        self.maxAliases = maxAliases
        self.maxMutationRootFields = maxMutationRootFields
        self.maxDirectivesPerField = maxDirectivesPerField
        self.maxCost = maxCost
        self.defaultListSize = defaultListSize
    }

    /// What a server applies unless configured otherwise.
    public static let `default` = OperationLimits()
    /// No bound at all (the engine command line, which checks conformance, uses this).
    public static let unlimited = OperationLimits(maxDepth: nil, maxAliases: nil, maxMutationRootFields: nil,
                                                  maxDirectivesPerField: nil, maxCost: nil)

    /// The first bound `analysis` exceeds, as the request error a client receives (with the
    /// measured value and the limit in `extensions`), or nil when it is within every bound.
    public func violation(of analysis: OperationAnalysis, cost: Double) -> GraphQLError? {
        if let maxDepth, analysis.depth > maxDepth {
            return Self.refusal("The operation is nested \(analysis.depth) levels deep; the limit is \(maxDepth).",
                                code: "MAX_DEPTH_EXCEEDED", measure: "depth", analysis.depth, limit: maxDepth)
        }
        if let maxAliases, analysis.aliases > maxAliases {
            return Self.refusal("The operation uses \(analysis.aliases) aliases; the limit is \(maxAliases).",
                                code: "MAX_ALIASES_EXCEEDED", measure: "aliases", analysis.aliases, limit: maxAliases)
        }
        if let maxMutationRootFields, analysis.operation == .mutation, analysis.rootFields > maxMutationRootFields {
            return Self.refusal("The mutation has \(analysis.rootFields) root fields; the limit is \(maxMutationRootFields).",
                                code: "MAX_ROOT_FIELDS_EXCEEDED", measure: "rootFields", analysis.rootFields, limit: maxMutationRootFields)
        }
        if let maxDirectivesPerField, analysis.mostDirectivesOnAField > maxDirectivesPerField {
            return Self.refusal("A field carries \(analysis.mostDirectivesOnAField) directives; the limit is \(maxDirectivesPerField).",
                                code: "MAX_DIRECTIVES_EXCEEDED", measure: "directives", analysis.mostDirectivesOnAField,
                                limit: maxDirectivesPerField)
        }
        if let maxCost, cost > maxCost {
            var error = GraphQLError("The operation's estimated cost is \(Self.describe(cost)); the limit is \(Self.describe(maxCost)).",
                                     code: "COST_LIMIT_EXCEEDED")
            error.details = [ErrorDetail("cost", Self.detailValue(cost)), ErrorDetail("limit", Self.detailValue(maxCost))]
            return error
        }
        return nil
    }

    private static func refusal(_ message: String, code: String, measure: String, _ value: Int, limit: Int) -> GraphQLError {
        var error = GraphQLError(message, code: code)
        error.details = [ErrorDetail(measure, .int(value)), ErrorDetail("limit", .int(limit))]
        return error
    }

    /// Costs are whole numbers unless a weight is fractional; huge ones stay doubles.
    static func detailValue(_ cost: Double) -> ErrorDetail.Value {
        cost.rounded() == cost && abs(cost) < 1e15 ? .int(Int(cost)) : .double(cost)
    }

    static func describe(_ cost: Double) -> String {
        switch detailValue(cost) {
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): value
        }
    }
}
