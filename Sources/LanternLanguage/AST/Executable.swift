/// `query`, `mutation` or `subscription`.
public enum OperationType: String, Sendable, Hashable, CaseIterable {
    case query, mutation, subscription
}

public struct OperationDefinition: Sendable {
    public var description: Description?
    public var operation: OperationType
    public var name: Name?
    public var variableDefinitions: [VariableDefinition]
    public var directives: [Directive]
    public var selectionSet: SelectionSet
    /// True for the `{ … }` shorthand.
    public var isShorthand: Bool
    public var span: Span

    public init(description: Description? = nil, operation: OperationType, name: Name? = nil,
                variableDefinitions: [VariableDefinition] = [], directives: [Directive] = [],
                selectionSet: SelectionSet, isShorthand: Bool = false, span: Span = .none) {
        self.description = description
        self.operation = operation
        self.name = name
        self.variableDefinitions = variableDefinitions
        self.directives = directives
        self.selectionSet = selectionSet
        self.isShorthand = isShorthand
        self.span = span
    }
}

public struct VariableDefinition: Sendable {
    public var description: Description?
    public var variable: Variable
    public var type: TypeReference
    public var defaultValue: Value?
    public var directives: [Directive]
    public var span: Span

    public init(description: Description? = nil, variable: Variable, type: TypeReference, defaultValue: Value? = nil, directives: [Directive], span: Span = .none) {
        self.description = description
        self.variable = variable
        self.type = type
        self.defaultValue = defaultValue
        self.directives = directives
        self.span = span
    }
}

public struct Variable: Hashable, Sendable {
    public var name: Name
    public var span: Span

    public init(name: Name, span: Span = .none) {
        self.name = name
        self.span = span
    }
}

public struct SelectionSet: Sendable {
    public var selections: [Selection]
    public var span: Span

    public init(selections: [Selection], span: Span = .none) {
        self.selections = selections
        self.span = span
    }
}

public enum Selection: Sendable {
    case field(Field)
    case fragmentSpread(FragmentSpread)
    case inlineFragment(InlineFragment)

    public var span: Span {
        switch self {
        case .field(let node): return node.span
        case .fragmentSpread(let node): return node.span
        case .inlineFragment(let node): return node.span
        }
    }

    public var directives: [Directive] {
        switch self {
        case .field(let node): return node.directives
        case .fragmentSpread(let node): return node.directives
        case .inlineFragment(let node): return node.directives
        }
    }
}

public struct Field: Sendable {
    public var alias: Name?
    public var name: Name
    public var arguments: [Argument]
    public var directives: [Directive]
    public var selectionSet: SelectionSet?
    public var span: Span

    /// The key this field has in the response: the alias, or the name.
    @inlinable public var responseKey: String { alias?.value ?? name.value }

    public init(alias: Name? = nil, name: Name, arguments: [Argument], directives: [Directive], selectionSet: SelectionSet? = nil, span: Span = .none) {
        self.alias = alias
        self.name = name
        self.arguments = arguments
        self.directives = directives
        self.selectionSet = selectionSet
        self.span = span
    }
}

public struct Argument: Sendable {
    public var name: Name
    public var value: Value
    public var span: Span

    public init(name: Name, value: Value, span: Span = .none) {
        self.name = name
        self.value = value
        self.span = span
    }
}

public struct FragmentSpread: Sendable {
    public var name: Name
    public var directives: [Directive]
    public var span: Span

    public init(name: Name, directives: [Directive], span: Span = .none) {
        self.name = name
        self.directives = directives
        self.span = span
    }
}

public struct InlineFragment: Sendable {
    public var typeCondition: NamedType?
    public var directives: [Directive]
    public var selectionSet: SelectionSet
    public var span: Span

    public init(typeCondition: NamedType? = nil, directives: [Directive], selectionSet: SelectionSet, span: Span = .none) {
        self.typeCondition = typeCondition
        self.directives = directives
        self.selectionSet = selectionSet
        self.span = span
    }
}

public struct FragmentDefinition: Sendable {
    public var description: Description?
    public var name: Name
    public var typeCondition: NamedType
    public var directives: [Directive]
    public var selectionSet: SelectionSet
    public var span: Span

    public init(description: Description? = nil, name: Name, typeCondition: NamedType, directives: [Directive], selectionSet: SelectionSet, span: Span = .none) {
        self.description = description
        self.name = name
        self.typeCondition = typeCondition
        self.directives = directives
        self.selectionSet = selectionSet
        self.span = span
    }
}

public struct Directive: Sendable {
    public var name: Name
    public var arguments: [Argument]
    public var span: Span

    public init(name: Name, arguments: [Argument], span: Span = .none) {
        self.name = name
        self.arguments = arguments
        self.span = span
    }
}
