/// How much validation does and how far it goes before giving up.
public struct ValidationOptions: Sendable {
    /// Validation stops after this many errors (graphql-js's default is 100).
    public var maxErrors: Int
    /// Nesting of `fields`, `interfaces`, `possibleTypes` and `inputFields` under introspection
    /// allowed before `MaxIntrospectionDepth` rejects a query; nil turns the rule off.
    public var maxIntrospectionDepth: Int?
    /// Bounds on depth, aliases, mutation root fields, directives and cost, checked after the
    /// rules pass and before execution; nil applies none.
    public var limits: OperationLimits?

    public init(maxErrors: Int = 100, maxIntrospectionDepth: Int? = 3, limits: OperationLimits? = .default) {
        self.maxErrors = maxErrors
        self.maxIntrospectionDepth = maxIntrospectionDepth
        self.limits = limits
    }

    /// What a server applies: every specified rule, the introspection depth limit and the
    /// default operation limits.
    public static let `default` = ValidationOptions()
    /// Exactly the specified rules (what the engine command line checks).
    public static let specifiedRulesOnly = ValidationOptions(maxIntrospectionDepth: nil, limits: nil)
}
