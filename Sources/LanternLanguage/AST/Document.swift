/// A parsed GraphQL document: executable definitions, type-system definitions, or both.
public struct Document: Sendable {
    public var definitions: [Definition]
    /// The source the document was parsed from, for error locations.
    public var source: Source
    /// How many tokens the parser read (the `maxTokens` limit counts these).
    public var tokenCount: Int

    public init(definitions: [Definition], source: Source, tokenCount: Int = 0) {
        self.definitions = definitions
        self.source = source
        self.tokenCount = tokenCount
    }

    /// The operations, in document order.
    public var operations: [OperationDefinition] {
        definitions.compactMap { if case .operation(let operation) = $0 { return operation } else { return nil } }
    }

    /// The operation a request with `operationName` runs, when it can be determined: the one of
    /// that name, or the only one when no name is given (GetOperation without its errors).
    public func operation(named operationName: String?) -> OperationDefinition? {
        let operations = operations
        if let operationName { return operations.first { $0.name?.value == operationName } }
        return operations.count == 1 ? operations[0] : nil
    }

    /// The fragments, in document order.
    public var fragments: [FragmentDefinition] {
        definitions.compactMap { if case .fragment(let fragment) = $0 { return fragment } else { return nil } }
    }
}

/// One top-level definition.
public enum Definition: Sendable {
    case operation(OperationDefinition)
    case fragment(FragmentDefinition)
    case schema(SchemaDefinition)
    case type(TypeDefinition)
    case directive(DirectiveDefinition)
    case schemaExtension(SchemaDefinition)
    case typeExtension(TypeDefinition)

    public var span: Span {
        switch self {
        case .operation(let node): return node.span
        case .fragment(let node): return node.span
        case .schema(let node), .schemaExtension(let node): return node.span
        case .type(let node), .typeExtension(let node): return node.span
        case .directive(let node): return node.span
        }
    }

    public var isExecutable: Bool {
        switch self {
        case .operation, .fragment: return true
        default: return false
        }
    }
}

/// A name token: identifiers of fields, types, arguments, directives and so on.
public struct Name: Hashable, Sendable, CustomStringConvertible {
    public var value: String
    public var span: Span

    public init(_ value: String, span: Span = .none) {
        self.value = value
        self.span = span
    }

    public var description: String { value }
}

/// A description string (either form); `isBlock` keeps the form for printing.
public struct Description: Hashable, Sendable {
    public var value: String
    public var isBlock: Bool
    public var span: Span

    public init(_ value: String, isBlock: Bool = false, span: Span = .none) {
        self.value = value
        self.isBlock = isBlock
        self.span = span
    }
}
