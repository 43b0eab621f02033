import LanternLanguage
import LanternSchema

/// What every rule sees: the schema, the document, its fragments, and the errors so far.
struct ValidationContext {
    let schema: Schema
    let document: Document
    let maxErrors: Int
    var errors: [GraphQLError] = []
    var aborted = false
    /// Fragments by name (the last definition wins, as in graphql-js).
    let fragments: [String: FragmentDefinition]
    /// The variable definitions of the operation being walked, for the OneOf variable rule.
    var variableTypes: [String: TypeReference] = [:]
    /// The fragment spreads directly inside each fragment, computed once.
    let spreadsByFragment: [String: [FragmentSpread]]
    /// Fragments that reach themselves through spreads (NoFragmentCycles reports them). Rules
    /// that expand fragments leave these out, since expanding them never ends.
    let cyclicFragments: Set<String>
    /// Every fragment each operation reaches, by the operation's offset, computed once.
    private(set) var operationFragments: [Int: [FragmentDefinition]] = [:]
    /// Directives defined in the document itself (the last definition wins, as in graphql-js),
    /// which graphql-js's directive rules prefer to the schema's.
    let documentDirectives: [String: DirectiveDefinition]

    init(schema: Schema, document: Document, maxErrors: Int) {
        self.schema = schema
        self.document = document
        self.maxErrors = maxErrors
        var fragments: [String: FragmentDefinition] = [:]
        for case .fragment(let fragment) in document.definitions { fragments[fragment.name.value] = fragment }
        self.fragments = fragments
        var spreads: [String: [FragmentSpread]] = [:]
        for (name, fragment) in fragments { spreads[name] = Self.spreads(in: fragment.selectionSet) }
        self.spreadsByFragment = spreads
        self.cyclicFragments = Self.fragmentsInCycles(spreads)
        var directives: [String: DirectiveDefinition] = [:]
        for case .directive(let directive) in document.definitions { directives[directive.name.value] = directive }
        self.documentDirectives = directives
        for operation in document.operations {
            operationFragments[operation.span.start] = recursivelyReferencedFragments(operation.selectionSet)
        }
    }

    /// The fragments on a cycle of spreads: Tarjan's strongly connected components, kept when
    /// a component has several fragments or one that spreads itself. Iterative, so a long chain
    /// of fragments cannot exhaust the stack.
    static func fragmentsInCycles(_ spreads: [String: [FragmentSpread]]) -> Set<String> {
        var index: [String: Int] = [:], lowLink: [String: Int] = [:], onStack: Set<String> = []
        var stack: [String] = [], cyclic: Set<String> = [], next = 0
        for root in spreads.keys.sorted() where index[root] == nil {
            // Each frame: a fragment and how many of its spreads have been followed.
            var frames: [(name: String, edge: Int)] = [(root, 0)]
            index[root] = next; lowLink[root] = next; next += 1
            stack.append(root); onStack.insert(root)
            while let frame = frames.last {
                let edges = spreads[frame.name] ?? []
                if frame.edge < edges.count {
                    frames[frames.count - 1].edge += 1
                    let target = edges[frame.edge].name.value
                    guard spreads[target] != nil else { continue }
                    if index[target] == nil {
                        index[target] = next; lowLink[target] = next; next += 1
                        stack.append(target); onStack.insert(target)
                        frames.append((target, 0))
                    } else if onStack.contains(target) {
                        lowLink[frame.name] = min(lowLink[frame.name]!, index[target]!)
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last { lowLink[parent.name] = min(lowLink[parent.name]!, lowLink[frame.name]!) }
                guard lowLink[frame.name] == index[frame.name] else { continue }
                var component: [String] = []
                while let top = stack.popLast() {
                    onStack.remove(top)
                    component.append(top)
                    if top == frame.name { break }
                }
                if component.count > 1 || edges.contains(where: { $0.name.value == frame.name }) {
                    cyclic.formUnion(component)
                }
            }
        }
        return cyclic
    }

    /// Every fragment an operation reaches (cached).
    func referencedFragments(of operation: OperationDefinition) -> [FragmentDefinition] {
        operationFragments[operation.span.start] ?? recursivelyReferencedFragments(operation.selectionSet)
    }

    mutating func report(_ message: String, _ spans: [Span]) {
        guard !aborted else { return }
        if errors.count >= maxErrors {
            errors.append(GraphQLError("Too many validation errors, error limit reached. Validation aborted.",
                                       code: "GRAPHQL_VALIDATION_FAILED"))
            aborted = true
            return
        }
        errors.append(GraphQLError(message, spans: spans, in: document.source, code: "GRAPHQL_VALIDATION_FAILED"))
    }

    /// The schema type a type reference names, if it exists.
    func typeRef(_ reference: TypeReference) -> TypeRef? {
        switch reference {
        case .named(let named): return schema.typeIndex[named.name.value].map { .named($0) }
        case .list(let inner, _): return typeRef(inner).map { .list($0) }
        case .nonNull(let inner, _): return typeRef(inner).map { .nonNull($0) }
        }
    }

    /// Fragment spreads directly in a selection set (through fields and inline fragments, not
    /// into fragments), in graphql-js's stack order.
    func fragmentSpreads(_ selectionSet: SelectionSet) -> [FragmentSpread] {
        Self.spreads(in: selectionSet)
    }

    static func spreads(in selectionSet: SelectionSet) -> [FragmentSpread] {
        var spreads: [FragmentSpread] = []
        var stack = [selectionSet]
        while let set = stack.popLast() {
            for selection in set.selections {
                switch selection {
                case .fragmentSpread(let spread): spreads.append(spread)
                case .field(let field): if let sub = field.selectionSet { stack.append(sub) }
                case .inlineFragment(let fragment): stack.append(fragment.selectionSet)
                }
            }
        }
        return spreads
    }

    /// Every fragment an operation or fragment reaches, transitively, in discovery order.
    func recursivelyReferencedFragments(_ selectionSet: SelectionSet) -> [FragmentDefinition] {
        var result: [FragmentDefinition] = []
        var collected: Set<String> = []
        var pending = Self.spreads(in: selectionSet)[...]
        while let spread = pending.popFirst() {
            guard !collected.contains(spread.name.value) else { continue }
            collected.insert(spread.name.value)
            if let fragment = fragments[spread.name.value] {
                result.append(fragment)
                pending.append(contentsOf: spreadsByFragment[spread.name.value] ?? [])
            }
        }
        return result
    }

    /// Whether some object could be of both composite types.
    func doTypesOverlap(_ a: Int, _ b: Int) -> Bool {
        if a == b { return true }
        let typeA = schema.types[a], typeB = schema.types[b]
        if typeA.isAbstract {
            if typeB.isAbstract {
                let possibleB = Set(schema.possibleTypes(of: b))
                return schema.possibleTypes(of: a).contains { possibleB.contains($0) }
            }
            return schema.isSubType(a, b)
        }
        if typeB.isAbstract { return schema.isSubType(b, a) }
        return false
    }

    func isSubType(_ sub: TypeRef, _ sup: TypeRef) -> Bool {
        schema.isTypeSubType(sub, of: sup)
    }
}

/// One use of a variable, with the type and default of the position it is used in.
struct VariableUsage {
    var name: String
    var span: Span
    var locationType: TypeRef?
    var hasLocationDefault: Bool
}
