import LanternLanguage

/// An immutable, validated-or-not GraphQL schema: every named type (with introspection types
/// and the built-in scalars that are referenced — exactly what `__schema.types` lists, as
/// graphql-js's type map), directives and root types.
public final class Schema: Sendable {
    public let types: [SchemaType]
    public let typeIndex: [String: Int]
    public let directives: [SchemaDirective]
    public let directiveIndex: [String: Int]
    public let queryType: Int?
    public let mutationType: Int?
    public let subscriptionType: Int?
    public let description: String?
    public let definition: SchemaDefinition?
    public let extensions: [SchemaDefinition]
    /// The source index of `definition` and of each of `extensions`.
    public let definitionSource: Int
    public let extensionSources: [Int]
    /// For each interface, the object types and interfaces that declare it.
    public let implementations: [Int: [Int]]
    /// For each abstract type, its possible object types, in definition order.
    public let possibleTypes: [Int: [Int]]
    /// The sources the SDL came from, for error locations.
    public let sources: [Source]

    /// Names of the introspection meta-types, indices fixed at build.
    public let introspection: IntrospectionTypeIndices
    /// The meta-fields `__typename`, `__schema` and `__type(name:)`.
    public let typenameField: SchemaField
    public let schemaField: SchemaField
    public let typeField: SchemaField

    init(types: [SchemaType], directives: [SchemaDirective], queryType: Int?, mutationType: Int?,
         subscriptionType: Int?, description: String?, definition: SchemaDefinition?,
         extensions: [SchemaDefinition], definitionSource: Int = 0, extensionSources: [Int] = [],
         sources: [Source]) {
        self.definitionSource = definitionSource
        self.extensionSources = extensionSources
        self.types = types
        for (index, type) in types.enumerated() { type.index = index }
        var typeIndex: [String: Int] = [:]
        for (index, type) in types.enumerated() { typeIndex[type.name] = index }
        self.typeIndex = typeIndex
        self.directives = directives
        var directiveIndex: [String: Int] = [:]
        for (index, directive) in directives.enumerated() where directiveIndex[directive.name] == nil {
            directiveIndex[directive.name] = index
        }
        self.directiveIndex = directiveIndex
        self.queryType = queryType
        self.mutationType = mutationType
        self.subscriptionType = subscriptionType
        self.description = description
        self.definition = definition
        self.extensions = extensions
        self.sources = sources
        var implementations: [Int: [Int]] = [:]
        var possible: [Int: [Int]] = [:]
        for index in types.indices {
            let type = types[index]
            if type.kind == .object || type.kind == .interface {
                for interface in type.interfaces where types[interface].kind == .interface {
                    if implementations[interface]?.contains(index) != true {
                        implementations[interface, default: []].append(index)
                    }
                    if type.kind == .object, possible[interface]?.contains(index) != true {
                        possible[interface, default: []].append(index)
                    }
                }
            }
            if type.kind == .union {
                var members: [Int] = []
                for member in type.unionMembers where types[member].kind == .object && !members.contains(member) {
                    members.append(member)
                }
                possible[index] = members
            }
        }
        self.implementations = implementations
        self.possibleTypes = possible
        let introspection = IntrospectionTypeIndices(typeIndex: typeIndex)
        self.introspection = introspection
        typenameField = SchemaField(name: "__typename", description: "The name of the current Object type at runtime.",
                                    arguments: [], type: .nonNull(.named(introspection.string)))
        schemaField = SchemaField(name: "__schema", description: "Access the current type schema of this server.",
                                  arguments: [], type: .nonNull(.named(introspection.schema)))
        typeField = SchemaField(name: "__type", description: "Request the type information of a single type.",
                                arguments: [SchemaInputValue(name: "name", type: .nonNull(.named(introspection.string)))],
                                type: .named(introspection.type))
    }

    /// A field of a composite type by name, including the meta-fields where they apply.
    public func fieldDefinition(_ name: String, on typeIndex: Int) -> SchemaField? {
        if name.utf8.first == 0x5F, name.hasPrefix("__") {
            if name == "__typename" { return types[typeIndex].isComposite ? typenameField : nil }
            if typeIndex == queryType {
                if name == "__schema" { return schemaField }
                if name == "__type" { return typeField }
            }
        }
        return types[typeIndex].field(named: name)
    }

    @inlinable public subscript(index: Int) -> SchemaType { types[index] }

    public func type(named name: String) -> SchemaType? {
        typeIndex[name].map { types[$0] }
    }

    public func directive(named name: String) -> SchemaDirective? {
        directiveIndex[name].map { directives[$0] }
    }

    public func rootType(for operation: OperationType) -> Int? {
        switch operation {
        case .query: return queryType
        case .mutation: return mutationType
        case .subscription: return subscriptionType
        }
    }

    /// The possible object types of a composite type (itself, for an object).
    public func possibleTypes(of index: Int) -> [Int] {
        types[index].kind == .object ? [index] : (possibleTypes[index] ?? [])
    }

    /// Whether `maybeSub` is a member of union or an implementation of interface `abstract`.
    public func isSubType(_ abstract: Int, _ maybeSub: Int) -> Bool {
        let type = types[abstract]
        if type.kind == .union { return type.unionMembers.contains(maybeSub) }
        if type.kind == .interface { return types[maybeSub].interfaces.contains(abstract) }
        return false
    }

    /// IsValidImplementationFieldType / graphql-js's `isTypeSubTypeOf`: covariant in non-null,
    /// lists element-wise, and object or interface types under the abstract types they belong to.
    public func isTypeSubType(_ sub: TypeRef, of sup: TypeRef) -> Bool {
        if sub == sup { return true }
        if case .nonNull(let superInner) = sup.shape {
            if case .nonNull(let subInner) = sub.shape { return isTypeSubType(subInner, of: superInner) }
            return false
        }
        if case .nonNull(let subInner) = sub.shape { return isTypeSubType(subInner, of: sup) }
        if case .list(let superInner) = sup.shape {
            if case .list(let subInner) = sub.shape { return isTypeSubType(subInner, of: superInner) }
            return false
        }
        if sub.isList { return false }
        let superType = types[sup.namedIndex]
        let subType = types[sub.namedIndex]
        return superType.isAbstract && (subType.kind == .object || subType.kind == .interface)
            && isSubType(sup.namedIndex, sub.namedIndex)
    }

    /// A type reference printed as SDL (`[String!]!`).
    public func describe(_ type: TypeRef) -> String {
        switch type.shape {
        case .named(let index): return types[index].name
        case .list(let inner): return "[\(describe(inner))]"
        case .nonNull(let inner): return "\(describe(inner))!"
        }
    }

    /// The 1-based line and column of a span in the source at `sourceIndex`.
    public func location(of span: Span, source sourceIndex: Int) -> SchemaErrorLocation {
        let source = sources.indices.contains(sourceIndex) ? sources[sourceIndex] : Source("")
        return SchemaErrorLocation(sourceName: source.name, location: source.location(of: span.start))
    }
}

/// The indices of the introspection meta-types in a schema.
public struct IntrospectionTypeIndices: Sendable {
    public let schema: Int
    public let type: Int
    public let field: Int
    public let inputValue: Int
    public let enumValue: Int
    public let directive: Int
    public let typeKind: Int
    public let directiveLocation: Int
    public let string: Int
    public let boolean: Int

    init(typeIndex: [String: Int]) {
        schema = typeIndex["__Schema"] ?? -1
        type = typeIndex["__Type"] ?? -1
        field = typeIndex["__Field"] ?? -1
        inputValue = typeIndex["__InputValue"] ?? -1
        enumValue = typeIndex["__EnumValue"] ?? -1
        directive = typeIndex["__Directive"] ?? -1
        typeKind = typeIndex["__TypeKind"] ?? -1
        directiveLocation = typeIndex["__DirectiveLocation"] ?? -1
        string = typeIndex["String"] ?? -1
        boolean = typeIndex["Boolean"] ?? -1
    }
}

/// A location in an SDL file.
public struct SchemaErrorLocation: Hashable, Sendable {
    public var sourceName: String
    public var location: SourceLocation
}
