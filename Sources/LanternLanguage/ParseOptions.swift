/// Bounds on what the parser accepts. Parsing runs before validation, so without bounds a
/// hostile document could burn CPU and memory or overflow the stack before anything else
/// gets to look at it.
public struct ParseOptions: Sendable {
    /// The most tokens a document may have (graphql-js's `maxTokens`).
    public var maxTokens: Int
    /// The deepest nesting of selection sets, list and object values, and list types.
    public var maxDepth: Int
    /// The largest source, in bytes.
    public var maxSourceBytes: Int

    public init(maxTokens: Int = 15_000, maxDepth: Int = 500, maxSourceBytes: Int = 1 << 20) {
        self.maxTokens = maxTokens
        self.maxDepth = maxDepth
        self.maxSourceBytes = maxSourceBytes
    }

    /// What a production server applies to client documents.
    public static let `default` = ParseOptions()

    /// For trusted schema files: no token or size limit, but the stack is still protected.
    public static let schemaDefinitionLanguage = ParseOptions(maxTokens: .max, maxDepth: 500, maxSourceBytes: .max)
}
