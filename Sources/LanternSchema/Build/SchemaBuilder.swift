import LanternLanguage

/// Why a schema could not be built: every error found, in graphql-js's stage order
/// (syntax, then SDL rules, then type-system validation).
public struct SchemaBuildError: Error, Sendable {
    public var errors: [GraphQLError]
}

extension Schema {
    /// Builds and validates a schema from one or many SDL sources.
    ///
    /// Types are merged with their extensions in document order; `schema { }` names the roots,
    /// or types named `Query`, `Mutation` and `Subscription` become them.
    /// - Throws: `SchemaBuildError` with every error of the first stage that finds any.
    public static func build(sources: [Source], options: ParseOptions = .schemaDefinitionLanguage) throws(SchemaBuildError) -> Schema {
        var entries: [SDLDocument.Entry] = []
        for (index, source) in sources.enumerated() {
            do {
                let document = try Parser.parse(source, options: options)
                entries += document.definitions.map { SDLDocument.Entry(definition: $0, source: index) }
            } catch {
                throw SchemaBuildError(errors: [GraphQLError(syntaxError: error)])
            }
        }
        let document = SDLDocument(sources: sources, entries: entries)
        var validator = SDLValidator(document: document, builtinDirectives: BuiltinSDL.shared.directives)
        let sdlErrors = validator.validate()
        if !sdlErrors.isEmpty { throw SchemaBuildError(errors: sdlErrors) }
        var builder = SchemaBuilder(document: document)
        let schema = builder.build()
        var schemaValidator = SchemaValidator(schema: schema)
        let errors = schemaValidator.validate()
        if !errors.isEmpty { throw SchemaBuildError(errors: errors) }
        return schema
    }

    /// Builds a schema from SDL text.
    public static func build(sdl: String, name: String = "schema.graphql") throws(SchemaBuildError) -> Schema {
        try build(sources: [Source(sdl, name: name)])
    }
}

/// The parsed built-in directive and introspection definitions, parsed once.
final class BuiltinSDL: Sendable {
    static let shared = BuiltinSDL()
    let directives: [DirectiveDefinition]
    let introspectionTypes: [TypeDefinition]
    let directiveSource = Source(BuiltinDefinitions.directives, name: "<built-in>")
    let introspectionSource = Source(BuiltinDefinitions.introspectionTypes, name: "<introspection>")

    private init() {
        let directiveDocument = try? Parser.parse(directiveSource, options: .schemaDefinitionLanguage)
        directives = directiveDocument?.definitions.compactMap {
            if case .directive(let node) = $0 { return node } else { return nil }
        } ?? []
        let typeDocument = try? Parser.parse(introspectionSource, options: .schemaDefinitionLanguage)
        introspectionTypes = typeDocument?.definitions.compactMap {
            if case .type(let node) = $0 { return node } else { return nil }
        } ?? []
    }
}

/// Turns validated SDL into a `Schema`: names to indices, extensions merged, defaults coerced.
struct SchemaBuilder {
    let document: SDLDocument
    var types: [SchemaType] = []
    var typeIndex: [String: Int] = [:]
    /// Source index used for built-in nodes.
    let builtinSource: Int
    let introspectionSource: Int

    init(document: SDLDocument) {
        self.document = document
        builtinSource = document.sources.count
        introspectionSource = document.sources.count + 1
    }

    mutating func build() -> Schema {
        var definitions: [(TypeDefinition, Int)] = []
        var extensions: [String: [(TypeDefinition, Int)]] = [:]
        var schemaDefinition: SchemaDefinition?
        var schemaExtensions: [SchemaDefinition] = []
        var schemaSource = 0
        var schemaExtensionSources: [Int] = []
        var directiveDefinitions: [(DirectiveDefinition, Int)] = []
        for entry in document.entries {
            switch entry.definition {
            case .type(let type):
                guard BuiltinScalar(rawValue: type.name.value) == nil else { continue }
                definitions.append((type, entry.source))
            case .typeExtension(let type):
                extensions[type.name.value, default: []].append((type, entry.source))
            case .schema(let schema):
                schemaDefinition = schema
                schemaSource = entry.source
            case .schemaExtension(let schema):
                schemaExtensions.append(schema)
                schemaExtensionSources.append(entry.source)
            case .directive(let directive): directiveDefinitions.append((directive, entry.source))
            case .operation, .fragment: break
            }
        }
        let introspection = BuiltinSDL.shared.introspectionTypes.map { ($0, introspectionSource) }
        // Pass 1: register every named type so references resolve to indices.
        for (definition, source) in definitions + introspection where typeIndex[definition.name.value] == nil {
            let type = SchemaType(name: definition.name.value, kind: kind(of: definition))
            type.definition = definition
            type.sourceIndex = source
            type.isIntrospection = source == introspectionSource
            type.description = definition.description?.value
            typeIndex[type.name] = types.count
            types.append(type)
        }
        // Pass 2: members, with extensions appended in document order.
        for index in types.indices {
            guard let definition = types[index].definition else { continue }
            let typeExtensions = extensions[types[index].name] ?? []
            types[index].extensions = typeExtensions.map(\.0)
            types[index].extensionSourceIndices = typeExtensions.map(\.1)
            fill(index, nodes: [(definition, types[index].sourceIndex)] + typeExtensions)
        }
        // Directives: the document's, then the built-ins it does not redefine.
        var directives: [SchemaDirective] = directiveDefinitions.map { makeDirective($0.0, source: $0.1, isBuiltin: false) }
        for builtin in BuiltinSDL.shared.directives where !directives.contains(where: { $0.name == builtin.name.value }) {
            directives.append(makeDirective(builtin, source: builtinSource, isBuiltin: true))
        }
        // Pass 3: coerce default values now that every input type is complete.
        coerceDefaults(&directives)
        // Roots.
        var roots: [OperationType: Int] = [:]
        if let schemaDefinition {
            for operationType in (([schemaDefinition] + schemaExtensions).flatMap(\.operationTypes)) {
                roots[operationType.operation] = resolve(operationType.type.name.value)
            }
        } else {
            for operationType in schemaExtensions.flatMap(\.operationTypes) {
                roots[operationType.operation] = resolve(operationType.type.name.value)
            }
            for operation in OperationType.allCases {
                let name = operation.rawValue.prefix(1).uppercased() + operation.rawValue.dropFirst()
                if let index = typeIndex[name], !types[index].isIntrospection { roots[operation] = index }
            }
        }
        _ = resolve("String")
        _ = resolve("Boolean")
        var sources = document.sources
        sources.append(BuiltinSDL.shared.directiveSource)
        sources.append(BuiltinSDL.shared.introspectionSource)
        return Schema(types: types, directives: directives, queryType: roots[.query], mutationType: roots[.mutation],
                      subscriptionType: roots[.subscription], description: schemaDefinition?.description?.value,
                      definition: schemaDefinition, extensions: schemaExtensions,
                      definitionSource: schemaSource, extensionSources: schemaExtensionSources,
                      sources: sources)
    }

    private func kind(of definition: TypeDefinition) -> TypeKind {
        switch definition {
        case .scalar: return .scalar
        case .object: return .object
        case .interface: return .interface
        case .union: return .union
        case .enumType: return .enumType
        case .inputObject: return .inputObject
        }
    }

    /// The index of a named type, adding a built-in scalar the first time one is referenced.
    mutating func resolve(_ name: String) -> Int {
        if let index = typeIndex[name] { return index }
        let type = SchemaType(name: name, kind: .scalar)
        if let builtin = BuiltinScalar(rawValue: name) {
            type.builtinScalar = builtin
            type.description = BuiltinDefinitions.scalarDescriptions[builtin]
        }
        typeIndex[name] = types.count
        types.append(type)
        return types.count - 1
    }

    mutating func typeRef(_ reference: TypeReference) -> TypeRef {
        switch reference {
        case .named(let named): return .named(resolve(named.name.value))
        case .list(let inner, _): return .list(typeRef(inner))
        case .nonNull(let inner, _): return .nonNull(typeRef(inner))
        }
    }

    private mutating func fill(_ index: Int, nodes: [(TypeDefinition, Int)]) {
        for (node, source) in nodes {
            switch node {
            case .scalar(let scalar):
                if source == types[index].sourceIndex, node.span == types[index].definition?.span {
                    types[index].specifiedByURL = argumentString(scalar.directives, "specifiedBy", "url")
                }
            case .object(let object), .interface(let object):
                for interface in object.interfaces { types[index].interfaces.append(resolve(interface.name.value)) }
                for field in object.fields {
                    let built = SchemaField(name: field.name.value, description: field.description?.value,
                                            arguments: field.arguments.map { inputValue($0, source: source) },
                                            type: typeRef(field.type), deprecationReason: deprecationReason(field.directives),
                                            node: field, sourceIndex: source)
                    if types[index].fieldIndex[built.name] == nil {
                        types[index].fieldIndex[built.name] = types[index].fields.count
                    }
                    types[index].fields.append(built)
                }
            case .union(let union):
                for member in union.types { types[index].unionMembers.append(resolve(member.name.value)) }
            case .enumType(let enumType):
                for value in enumType.values {
                    if types[index].enumValueIndex[value.name.value] == nil {
                        types[index].enumValueIndex[value.name.value] = types[index].enumValues.count
                    }
                    types[index].enumValues.append(SchemaEnumValue(
                        name: value.name.value, description: value.description?.value,
                        deprecationReason: deprecationReason(value.directives), node: value, sourceIndex: source))
                }
            case .inputObject(let input):
                if node.span == types[index].definition?.span && source == types[index].sourceIndex {
                    types[index].isOneOf = input.directives.contains { $0.name.value == "oneOf" }
                }
                for field in input.fields {
                    let built = inputValue(field, source: source)
                    if types[index].inputFieldIndex[built.name] == nil {
                        types[index].inputFieldIndex[built.name] = types[index].inputFields.count
                    }
                    types[index].inputFields.append(built)
                }
            }
        }
    }

    private mutating func inputValue(_ node: InputValueDefinition, source: Int) -> SchemaInputValue {
        SchemaInputValue(name: node.name.value, description: node.description?.value, type: typeRef(node.type),
                         defaultValue: nil, defaultLiteral: node.defaultValue,
                         deprecationReason: deprecationReason(node.directives), node: node, sourceIndex: source)
    }

    private mutating func makeDirective(_ node: DirectiveDefinition, source: Int, isBuiltin: Bool) -> SchemaDirective {
        SchemaDirective(name: node.name.value, description: node.description?.value,
                        arguments: node.arguments.map { inputValue($0, source: source) },
                        locations: node.locations.compactMap { DirectiveLocation(rawValue: $0.value) },
                        isRepeatable: node.isRepeatable, isBuiltin: isBuiltin, node: node, sourceIndex: source)
    }

    private func deprecationReason(_ directives: [Directive]) -> String? {
        guard let directive = directives.first(where: { $0.name.value == "deprecated" }) else { return nil }
        if let argument = directive.arguments.first(where: { $0.name.value == "reason" }),
           case .string(let reason) = argument.value {
            return reason.value
        }
        return "No longer supported"
    }

    private func argumentString(_ directives: [Directive], _ directiveName: String, _ argumentName: String) -> String? {
        guard let directive = directives.first(where: { $0.name.value == directiveName }),
              let argument = directive.arguments.first(where: { $0.name.value == argumentName }),
              case .string(let value) = argument.value else { return nil }
        return value.value
    }

    private mutating func coerceDefaults(_ directives: inout [SchemaDirective]) {
        // Input-object defaults can refer to other input types' defaults; iterate to a fixed point
        // (bounded by the number of types, which also stops default-value cycles).
        for _ in 0..<max(1, min(types.count, 8)) {
            let snapshot = types
            var changed = false
            for index in types.indices {
                for fieldIndex in types[index].fields.indices {
                    for argumentIndex in types[index].fields[fieldIndex].arguments.indices {
                        let argument = types[index].fields[fieldIndex].arguments[argumentIndex]
                        let value = argument.defaultLiteral.flatMap { ValueCoercion.valueFromLiteral($0, type: argument.type, types: snapshot) }
                        if value != argument.defaultValue { changed = true }
                        types[index].fields[fieldIndex].arguments[argumentIndex].defaultValue = value
                    }
                }
                for fieldIndex in types[index].inputFields.indices {
                    let field = types[index].inputFields[fieldIndex]
                    let value = field.defaultLiteral.flatMap { ValueCoercion.valueFromLiteral($0, type: field.type, types: snapshot) }
                    if value != field.defaultValue { changed = true }
                    types[index].inputFields[fieldIndex].defaultValue = value
                }
            }
            if !changed { break }
        }
        for directiveIndex in directives.indices {
            for argumentIndex in directives[directiveIndex].arguments.indices {
                let argument = directives[directiveIndex].arguments[argumentIndex]
                directives[directiveIndex].arguments[argumentIndex].defaultValue =
                    argument.defaultLiteral.flatMap { ValueCoercion.valueFromLiteral($0, type: argument.type, types: types) }
            }
        }
    }
}
