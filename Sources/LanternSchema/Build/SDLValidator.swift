import LanternLanguage

/// graphql-js's `specifiedSDLRules`, run over the SDL before a schema is built: unique
/// names, known types and directives, directive locations and arguments, possible
/// extensions. Its errors are the only ones reported when there are any.
struct SDLValidator {
    struct DirectiveSignature {
        var argumentNames: [String]
        var requiredArguments: [(name: String, type: String)]
        var locations: Set<String>
        var isRepeatable: Bool
    }

    let document: SDLDocument
    var errors: [GraphQLError] = []
    var signatures: [String: DirectiveSignature] = [:]
    var definedTypeNames: Set<String> = []
    var schemaDirectivesSeen: [String: (Span, Int)] = [:]
    var typeDirectivesSeen: [String: [String: (Span, Int)]] = [:]

    init(document: SDLDocument, builtinDirectives: [DirectiveDefinition]) {
        self.document = document
        for definition in builtinDirectives { register(definition) }
        for entry in document.entries {
            if case .directive(let definition) = entry.definition { register(definition) }
            if case .type(let type) = entry.definition { definedTypeNames.insert(type.name.value) }
        }
    }

    private mutating func register(_ definition: DirectiveDefinition) {
        signatures[definition.name.value] = DirectiveSignature(
            argumentNames: definition.arguments.map(\.name.value),
            requiredArguments: definition.arguments.filter { $0.type.isNonNullReference && $0.defaultValue == nil }
                .map { ($0.name.value, $0.type.description) },
            locations: Set(definition.locations.map(\.value)),
            isRepeatable: definition.isRepeatable)
    }

    private mutating func report(_ message: String, _ locations: [(Span, Int)]) {
        errors.append(document.error(message, locations))
    }

    mutating func validate() -> [GraphQLError] {
        checkUniqueness()
        checkPossibleExtensions()
        for entry in document.entries {
            visit(entry.definition, source: entry.source)
        }
        return errors
    }

    // MARK: - Unique names (LoneSchemaDefinition, UniqueOperationTypes, UniqueTypeNames,
    // UniqueEnumValueNames, UniqueFieldDefinitionNames, UniqueArgumentDefinitionNames,
    // UniqueDirectiveNames)

    private mutating func checkUniqueness() {
        var schemaSeen = false
        var operationTypes: [OperationType: (Span, Int)] = [:]
        var typeNames: [String: (Span, Int)] = [:]
        var enumValues: [String: [String: (Span, Int)]] = [:]
        var fieldNames: [String: [String: (Span, Int)]] = [:]
        var directiveNames: [String: (Span, Int)] = [:]
        for entry in document.entries {
            let source = entry.source
            switch entry.definition {
            case .schema(let schema), .schemaExtension(let schema):
                if case .schema = entry.definition {
                    if schemaSeen { report("Must provide only one schema definition.", [(schema.span, source)]) }
                    schemaSeen = true
                }
                for operationType in schema.operationTypes {
                    if let previous = operationTypes[operationType.operation] {
                        report("There can be only one \(operationType.operation.rawValue) type in schema.",
                               [previous, (operationType.span, source)])
                    } else {
                        operationTypes[operationType.operation] = (operationType.span, source)
                    }
                }
            case .type(let type), .typeExtension(let type):
                let typeName = type.name.value
                if case .type = entry.definition {
                    if let previous = typeNames[typeName] {
                        report("There can be only one type named \"\(typeName)\".", [previous, (type.name.span, source)])
                    } else {
                        typeNames[typeName] = (type.name.span, source)
                    }
                }
                switch type {
                case .enumType(let enumType):
                    for value in enumType.values {
                        if let previous = enumValues[typeName]?[value.name.value] {
                            report("Enum value \"\(typeName).\(value.name.value)\" can only be defined once.",
                                   [previous, (value.name.span, source)])
                        } else {
                            enumValues[typeName, default: [:]][value.name.value] = (value.name.span, source)
                        }
                    }
                case .object(let object), .interface(let object):
                    for field in object.fields {
                        if let previous = fieldNames[typeName]?[field.name.value] {
                            report("Field \"\(typeName).\(field.name.value)\" can only be defined once.",
                                   [previous, (field.name.span, source)])
                        } else {
                            fieldNames[typeName, default: [:]][field.name.value] = (field.name.span, source)
                        }
                        checkUniqueArgumentDefinitions(field.arguments, parent: "\(typeName).\(field.name.value)", source: source)
                    }
                case .inputObject(let input):
                    for field in input.fields {
                        if let previous = fieldNames[typeName]?[field.name.value] {
                            report("Field \"\(typeName).\(field.name.value)\" can only be defined once.",
                                   [previous, (field.name.span, source)])
                        } else {
                            fieldNames[typeName, default: [:]][field.name.value] = (field.name.span, source)
                        }
                    }
                case .scalar, .union:
                    break
                }
            case .directive(let directive):
                let name = directive.name.value
                if let previous = directiveNames[name] {
                    report("There can be only one directive named \"@\(name)\".", [previous, (directive.name.span, source)])
                } else {
                    directiveNames[name] = (directive.name.span, source)
                }
                checkUniqueArgumentDefinitions(directive.arguments, parent: "@\(name)", source: source)
            case .operation, .fragment:
                break
            }
        }
    }

    private mutating func checkUniqueArgumentDefinitions(_ arguments: [InputValueDefinition], parent: String, source: Int) {
        for (name, spans) in duplicateNames(arguments.map(\.name)) {
            report("Argument \"\(parent)(\(name):)\" can only be defined once.", spans.map { ($0, source) })
        }
    }

    // MARK: - PossibleTypeExtensions

    private mutating func checkPossibleExtensions() {
        var definitions: [String: (TypeDefinition, Int)] = [:]
        for entry in document.entries {
            if case .type(let type) = entry.definition, definitions[type.name.value] == nil {
                definitions[type.name.value] = (type, entry.source)
            }
        }
        for entry in document.entries {
            guard case .typeExtension(let type) = entry.definition else { continue }
            let name = type.name.value
            if let (definition, source) = definitions[name] {
                if definition.keyword != type.keyword {
                    let kind = type.keyword == "type" ? "object" : type.keyword == "input" ? "input object" : type.keyword
                    report("Cannot extend non-\(kind) type \"\(name)\".", [(definition.span, source), (type.span, entry.source)])
                }
            } else {
                report("Cannot extend type \"\(name)\" because it is not defined.", [(type.name.span, entry.source)])
            }
        }
    }

    // MARK: - Traversal: KnownTypeNames, KnownDirectives, UniqueDirectivesPerLocation,
    // KnownArgumentNamesOnDirectives, UniqueArgumentNames, UniqueInputFieldNames,
    // ProvidedRequiredArgumentsOnDirectives

    private mutating func visit(_ definition: Definition, source: Int) {
        switch definition {
        case .schema(let schema), .schemaExtension(let schema):
            visitDirectives(schema.directives, location: "SCHEMA", owner: .schema, source: source)
            for operationType in schema.operationTypes { visitNamedType(operationType.type, source: source) }
        case .type(let type), .typeExtension(let type):
            let owner = DirectiveOwner.type(type.name.value)
            switch type {
            case .scalar(let scalar):
                visitDirectives(scalar.directives, location: "SCALAR", owner: owner, source: source)
            case .object(let object), .interface(let object):
                let isObject: Bool
                if case .object = type { isObject = true } else { isObject = false }
                object.interfaces.forEach { visitNamedType($0, source: source) }
                visitDirectives(object.directives, location: isObject ? "OBJECT" : "INTERFACE", owner: owner, source: source)
                for field in object.fields {
                    for argument in field.arguments { visitInputValue(argument, location: "ARGUMENT_DEFINITION", source: source) }
                    visitType(field.type, source: source)
                    visitDirectives(field.directives, location: "FIELD_DEFINITION", owner: .node, source: source)
                }
            case .union(let union):
                visitDirectives(union.directives, location: "UNION", owner: owner, source: source)
                union.types.forEach { visitNamedType($0, source: source) }
            case .enumType(let enumType):
                visitDirectives(enumType.directives, location: "ENUM", owner: owner, source: source)
                for value in enumType.values {
                    visitDirectives(value.directives, location: "ENUM_VALUE", owner: .node, source: source)
                }
            case .inputObject(let input):
                visitDirectives(input.directives, location: "INPUT_OBJECT", owner: owner, source: source)
                for field in input.fields { visitInputValue(field, location: "INPUT_FIELD_DEFINITION", source: source) }
            }
        case .directive(let directive):
            for argument in directive.arguments { visitInputValue(argument, location: "ARGUMENT_DEFINITION", source: source) }
        case .operation(let operation):
            for variable in operation.variableDefinitions {
                visitType(variable.type, source: source)
                if let value = variable.defaultValue { visitValue(value, source: source) }
                visitDirectives(variable.directives, location: "VARIABLE_DEFINITION", owner: .node, source: source)
            }
            visitDirectives(operation.directives, location: operation.operation.rawValue.uppercased(), owner: .node, source: source)
            visitSelectionSet(operation.selectionSet, source: source)
        case .fragment(let fragment):
            visitNamedType(fragment.typeCondition, source: source)
            visitDirectives(fragment.directives, location: "FRAGMENT_DEFINITION", owner: .node, source: source)
            visitSelectionSet(fragment.selectionSet, source: source)
        }
    }

    private mutating func visitSelectionSet(_ selectionSet: SelectionSet, source: Int) {
        for selection in selectionSet.selections {
            switch selection {
            case .field(let field):
                checkUniqueArguments(field.arguments, source: source)
                field.arguments.forEach { visitValue($0.value, source: source) }
                visitDirectives(field.directives, location: "FIELD", owner: .node, source: source)
                if let subselection = field.selectionSet { visitSelectionSet(subselection, source: source) }
            case .fragmentSpread(let spread):
                visitDirectives(spread.directives, location: "FRAGMENT_SPREAD", owner: .node, source: source)
            case .inlineFragment(let fragment):
                if let condition = fragment.typeCondition { visitNamedType(condition, source: source) }
                visitDirectives(fragment.directives, location: "INLINE_FRAGMENT", owner: .node, source: source)
                visitSelectionSet(fragment.selectionSet, source: source)
            }
        }
    }

    private mutating func visitInputValue(_ value: InputValueDefinition, location: String, source: Int) {
        visitType(value.type, source: source)
        if let defaultValue = value.defaultValue { visitValue(defaultValue, source: source) }
        visitDirectives(value.directives, location: location, owner: .node, source: source)
    }

    private mutating func visitType(_ type: TypeReference, source: Int) {
        visitNamedType(type.namedType, source: source)
    }

    private mutating func visitNamedType(_ type: NamedType, source: Int) {
        let name = type.name.value
        if definedTypeNames.contains(name) || BuiltinScalar(rawValue: name) != nil
            || BuiltinDefinitions.introspectionTypeNames.contains(name) {
            return
        }
        report("Unknown type \"\(name)\".", [(type.span, source)])
    }

    private mutating func visitValue(_ value: LanternLanguage.Value, source: Int) {
        switch value {
        case .list(let values, _):
            values.forEach { visitValue($0, source: source) }
        case .object(let fields, _):
            var seen: [String: Span] = [:]
            for field in fields {
                if let previous = seen[field.name.value] {
                    report("There can be only one input field named \"\(field.name.value)\".",
                           [(previous, source), (field.name.span, source)])
                } else {
                    seen[field.name.value] = field.name.span
                }
                visitValue(field.value, source: source)
            }
        default:
            break
        }
    }

    enum DirectiveOwner {
        case schema
        case type(String)
        case node
    }

    private mutating func visitDirectives(_ directives: [Directive], location: String, owner: DirectiveOwner, source: Int) {
        var seen: [String: (Span, Int)]
        switch owner {
        case .schema: seen = schemaDirectivesSeen
        case .type(let name): seen = typeDirectivesSeen[name] ?? [:]
        case .node: seen = [:]
        }
        for directive in directives {
            let name = directive.name.value
            checkUniqueArguments(directive.arguments, source: source)
            directive.arguments.forEach { visitValue($0.value, source: source) }
            guard let signature = signatures[name] else {
                report("Unknown directive \"@\(name)\".", [(directive.span, source)])
                continue
            }
            if !signature.locations.contains(location) {
                report("Directive \"@\(name)\" may not be used on \(location).", [(directive.span, source)])
            }
            if !signature.isRepeatable {
                if let previous = seen[name] {
                    report("The directive \"@\(name)\" can only be used once at this location.", [previous, (directive.span, source)])
                } else {
                    seen[name] = (directive.span, source)
                }
            }
            for argument in directive.arguments where !signature.argumentNames.contains(argument.name.value) {
                report("Unknown argument \"\(argument.name.value)\" on directive \"@\(name)\".", [(argument.span, source)])
            }
            for required in signature.requiredArguments where !directive.arguments.contains(where: { $0.name.value == required.name }) {
                report("Directive \"@\(name)\" argument \"\(required.name)\" of type \"\(required.type)\" is required, but it was not provided.",
                       [(directive.span, source)])
            }
        }
        switch owner {
        case .schema: schemaDirectivesSeen = seen
        case .type(let name): typeDirectivesSeen[name] = seen
        case .node: break
        }
    }

    private mutating func checkUniqueArguments(_ arguments: [Argument], source: Int) {
        for (name, spans) in duplicateNames(arguments.map(\.name)) {
            report("There can be only one argument named \"\(name)\".", spans.map { ($0, source) })
        }
    }
}

extension TypeReference {
    var isNonNullReference: Bool {
        if case .nonNull = self { return true }
        return false
    }
}
