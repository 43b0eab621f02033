/// How much validation does and how far it goes before giving up.
public struct ValidationOptions: Sendable {
    /// Validation stops after this many errors (graphql-js's default is 100).
    public var maxErrors: Int
    /// Nesting of `fields`, `interfaces`, `possibleTypes` and `inputFields` under introspection
    /// allowed before `MaxIntrospectionDepth` rejects a query; nil turns the rule off.
    public var maxIntrospectionDepth: Int?

    public init(maxErrors: Int = 100, maxIntrospectionDepth: Int? = 3) {
        self.maxErrors = maxErrors
        self.maxIntrospectionDepth = maxIntrospectionDepth
    }

    /// What a server applies: every specified rule, plus the introspection depth limit.
    public static let `default` = ValidationOptions()
    /// Exactly the specified rules (what the engine command line checks).
    public static let specifiedRulesOnly = ValidationOptions(maxIntrospectionDepth: nil)
}
