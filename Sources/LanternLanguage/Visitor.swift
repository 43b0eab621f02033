/// What a visitor wants after seeing a node.
public enum VisitAction: Sendable {
    /// Visit the node's children.
    case visitChildren
    /// Do not visit the node's children (the matching `leave` is still called).
    case skipChildren
    /// Stop the whole walk.
    case stop
}

/// A visitor typed per node kind: each kind has its own `enter` and `leave`, with default
/// implementations that do nothing, so a visitor implements only what it needs. No string
/// keys and no casting.
public protocol ASTVisitor {
    mutating func enter(_ node: OperationDefinition) -> VisitAction
    mutating func leave(_ node: OperationDefinition)
    mutating func enter(_ node: FragmentDefinition) -> VisitAction
    mutating func leave(_ node: FragmentDefinition)
    mutating func enter(_ node: VariableDefinition) -> VisitAction
    mutating func leave(_ node: VariableDefinition)
    mutating func enter(_ node: SelectionSet) -> VisitAction
    mutating func leave(_ node: SelectionSet)
    mutating func enter(_ node: Field) -> VisitAction
    mutating func leave(_ node: Field)
    mutating func enter(_ node: FragmentSpread) -> VisitAction
    mutating func leave(_ node: FragmentSpread)
    mutating func enter(_ node: InlineFragment) -> VisitAction
    mutating func leave(_ node: InlineFragment)
    mutating func enter(_ node: Argument) -> VisitAction
    mutating func leave(_ node: Argument)
    mutating func enter(_ node: Directive) -> VisitAction
    mutating func leave(_ node: Directive)
    mutating func enter(_ node: Value) -> VisitAction
    mutating func leave(_ node: Value)
    mutating func enter(_ node: ObjectField) -> VisitAction
    mutating func leave(_ node: ObjectField)
    mutating func enter(_ node: TypeReference) -> VisitAction
    mutating func enter(_ node: SchemaDefinition) -> VisitAction
    mutating func enter(_ node: TypeDefinition) -> VisitAction
    mutating func leave(_ node: TypeDefinition)
    mutating func enter(_ node: FieldDefinition) -> VisitAction
    mutating func leave(_ node: FieldDefinition)
    mutating func enter(_ node: InputValueDefinition) -> VisitAction
    mutating func leave(_ node: InputValueDefinition)
    mutating func enter(_ node: EnumValueDefinition) -> VisitAction
    mutating func enter(_ node: DirectiveDefinition) -> VisitAction
    mutating func leave(_ node: DirectiveDefinition)
}

extension ASTVisitor {
    public mutating func enter(_ node: OperationDefinition) -> VisitAction { .visitChildren }
    public mutating func leave(_ node: OperationDefinition) {}
    public mutating func enter(_ node: FragmentDefinition) -> VisitAction { .visitChildren }
    public mutating func leave(_ node: FragmentDefinition) {}
    public mutating func enter(_ node: VariableDefinition) -> VisitAction { .visitChildren }
    public mutating func leave(_ node: VariableDefinition) {}
    public mutating func enter(_ node: SelectionSet) -> VisitAction { .visitChildren }
    public mutating func leave(_ node: SelectionSet) {}
    public mutating func enter(_ node: Field) -> VisitAction { .visitChildren }
    public mutating func leave(_ node: Field) {}
    public mutating func enter(_ node: FragmentSpread) -> VisitAction { .visitChildren }
    public mutating func leave(_ node: FragmentSpread) {}
    public mutating func enter(_ node: InlineFragment) -> VisitAction { .visitChildren }
    public mutating func leave(_ node: InlineFragment) {}
    public mutating func enter(_ node: Argument) -> VisitAction { .visitChildren }
    public mutating func leave(_ node: Argument) {}
    public mutating func enter(_ node: Directive) -> VisitAction { .visitChildren }
    public mutating func leave(_ node: Directive) {}
    public mutating func enter(_ node: Value) -> VisitAction { .visitChildren }
    public mutating func leave(_ node: Value) {}
    public mutating func enter(_ node: ObjectField) -> VisitAction { .visitChildren }
    public mutating func leave(_ node: ObjectField) {}
    public mutating func enter(_ node: TypeReference) -> VisitAction { .visitChildren }
    public mutating func enter(_ node: SchemaDefinition) -> VisitAction { .visitChildren }
    public mutating func enter(_ node: TypeDefinition) -> VisitAction { .visitChildren }
    public mutating func leave(_ node: TypeDefinition) {}
    public mutating func enter(_ node: FieldDefinition) -> VisitAction { .visitChildren }
    public mutating func leave(_ node: FieldDefinition) {}
    public mutating func enter(_ node: InputValueDefinition) -> VisitAction { .visitChildren }
    public mutating func leave(_ node: InputValueDefinition) {}
    public mutating func enter(_ node: EnumValueDefinition) -> VisitAction { .visitChildren }
    public mutating func enter(_ node: DirectiveDefinition) -> VisitAction { .visitChildren }
    public mutating func leave(_ node: DirectiveDefinition) {}
}

/// Walks a document depth-first in source order, calling a typed visitor.
public struct ASTWalker<Visitor: ASTVisitor> {
    public var visitor: Visitor
    private var stopped = false

    public init(visitor: Visitor) {
        self.visitor = visitor
    }

    /// Walks `document` and returns the visitor in its final state.
    public static func walk(_ document: Document, with visitor: Visitor) -> Visitor {
        var walker = ASTWalker(visitor: visitor)
        for definition in document.definitions where !walker.stopped {
            walker.walk(definition)
        }
        return walker.visitor
    }

    private mutating func proceed(_ action: VisitAction) -> Bool {
        switch action {
        case .visitChildren: return true
        case .skipChildren: return false
        case .stop:
            stopped = true
            return false
        }
    }

    mutating func walk(_ definition: Definition) {
        switch definition {
        case .operation(let node):
            if proceed(visitor.enter(node)) {
                node.variableDefinitions.forEach { walk($0) }
                walk(node.directives)
                walk(node.selectionSet)
            }
            visitor.leave(node)
        case .fragment(let node):
            if proceed(visitor.enter(node)) {
                walk(node.directives)
                walk(node.selectionSet)
            }
            visitor.leave(node)
        case .schema(let node), .schemaExtension(let node):
            if proceed(visitor.enter(node)) { walk(node.directives) }
        case .type(let node), .typeExtension(let node):
            if proceed(visitor.enter(node)) {
                walk(node.directives)
                switch node {
                case .object(let object), .interface(let object):
                    for field in object.fields where !stopped {
                        if proceed(visitor.enter(field)) {
                            field.arguments.forEach { walk($0) }
                            walk(field.type)
                            walk(field.directives)
                        }
                        visitor.leave(field)
                    }
                case .enumType(let enumType):
                    for value in enumType.values where !stopped {
                        if proceed(visitor.enter(value)) { walk(value.directives) }
                    }
                case .inputObject(let input):
                    input.fields.forEach { walk($0) }
                case .scalar, .union:
                    break
                }
            }
            visitor.leave(node)
        case .directive(let node):
            if proceed(visitor.enter(node)) { node.arguments.forEach { walk($0) } }
            visitor.leave(node)
        }
    }

    mutating func walk(_ node: InputValueDefinition) {
        guard !stopped else { return }
        if proceed(visitor.enter(node)) {
            walk(node.type)
            if let value = node.defaultValue { walk(value) }
            walk(node.directives)
        }
        visitor.leave(node)
    }

    mutating func walk(_ node: VariableDefinition) {
        guard !stopped else { return }
        if proceed(visitor.enter(node)) {
            walk(node.type)
            if let value = node.defaultValue { walk(value) }
            walk(node.directives)
        }
        visitor.leave(node)
    }

    mutating func walk(_ node: TypeReference) {
        guard !stopped else { return }
        _ = proceed(visitor.enter(node))
    }

    mutating func walk(_ directives: [Directive]) {
        for directive in directives where !stopped {
            if proceed(visitor.enter(directive)) { walk(directive.arguments) }
            visitor.leave(directive)
        }
    }

    mutating func walk(_ arguments: [Argument]) {
        for argument in arguments where !stopped {
            if proceed(visitor.enter(argument)) { walk(argument.value) }
            visitor.leave(argument)
        }
    }

    mutating func walk(_ value: Value) {
        guard !stopped else { return }
        if proceed(visitor.enter(value)) {
            switch value {
            case .list(let values, _):
                values.forEach { walk($0) }
            case .object(let fields, _):
                for field in fields where !stopped {
                    if proceed(visitor.enter(field)) { walk(field.value) }
                    visitor.leave(field)
                }
            default:
                break
            }
        }
        visitor.leave(value)
    }

    mutating func walk(_ selectionSet: SelectionSet) {
        guard !stopped else { return }
        if proceed(visitor.enter(selectionSet)) {
            for selection in selectionSet.selections where !stopped {
                switch selection {
                case .field(let field):
                    if proceed(visitor.enter(field)) {
                        walk(field.arguments)
                        walk(field.directives)
                        if let subselection = field.selectionSet { walk(subselection) }
                    }
                    visitor.leave(field)
                case .fragmentSpread(let spread):
                    if proceed(visitor.enter(spread)) { walk(spread.directives) }
                    visitor.leave(spread)
                case .inlineFragment(let fragment):
                    if proceed(visitor.enter(fragment)) {
                        walk(fragment.directives)
                        walk(fragment.selectionSet)
                    }
                    visitor.leave(fragment)
                }
            }
        }
        visitor.leave(selectionSet)
    }
}
