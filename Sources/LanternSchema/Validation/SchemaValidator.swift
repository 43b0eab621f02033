import LanternLanguage

/// Type-system validation (graphql-js's `validateSchema` plus the September 2025 additions):
/// root types, directives, and every named type's members and relationships. Errors point
/// at the SDL nodes involved, in their files.
struct SchemaValidator {
    let schema: Schema
    var errors: [GraphQLError] = []

    init(schema: Schema) {
        self.schema = schema
    }

    typealias Located = (Span, Int)

    mutating func report(_ message: String, _ locations: [Located?]) {
        let present = locations.compactMap { $0 }
        errors.append(GraphQLError(message,
                                   locations: present.map { schema.location(of: $0.0, source: $0.1).location },
                                   sourceNames: present.map { schema.location(of: $0.0, source: $0.1).sourceName }))
    }

    mutating func validate() -> [GraphQLError] {
        validateRootTypes()
        validateDirectives()
        var cycles = InputObjectCycleDetector(schema: schema)
        for index in schema.types.indices {
            let type = schema.types[index]
            if !type.isIntrospection { validateName(type.name, at: typeNode(type)) }
            switch type.kind {
            case .object, .interface:
                validateFields(type)
                validateInterfaces(index)
            case .union: validateUnionMembers(type)
            case .enumType: validateEnumValues(type)
            case .inputObject:
                validateInputFields(type)
                cycles.detect(index)
            case .scalar: break
            }
        }
        errors += cycles.errors
        return errors
    }

    func typeNode(_ type: SchemaType) -> Located? {
        type.definition.map { ($0.span, type.sourceIndex) }
    }

    func allTypeNodes(_ type: SchemaType) -> [Located?] {
        [typeNode(type)] + zip(type.extensions, type.extensionSourceIndices).map { ($0.0.span, $0.1) }
    }

    mutating func validateName(_ name: String, at node: Located?) {
        if name.hasPrefix("__") {
            report("Name \"\(name)\" must not begin with \"__\", which is reserved by GraphQL introspection.", [node])
        }
    }

    // MARK: Roots

    func operationTypeNode(_ operation: OperationType) -> Located? {
        var definitions: [(SchemaDefinition, Int)] = []
        if let definition = schema.definition { definitions.append((definition, schema.definitionSource)) }
        definitions += zip(schema.extensions, schema.extensionSources).map { ($0.0, $0.1) }
        for (definition, source) in definitions {
            if let node = definition.operationTypes.first(where: { $0.operation == operation }) {
                return (node.type.span, source)
            }
        }
        return nil
    }

    mutating func validateRootTypes() {
        var used: [Int: [OperationType]] = [:]
        for operation in OperationType.allCases {
            guard let root = schema.rootType(for: operation) else {
                if operation == .query {
                    report("Query root type must be provided.", [schema.definition.map { ($0.span, schema.definitionSource) }])
                }
                continue
            }
            let type = schema.types[root]
            if type.kind != .object {
                let name = operation.rawValue.prefix(1).uppercased() + operation.rawValue.dropFirst()
                let qualifier = operation == .query ? "" : " if provided"
                report("\(name) root type must be Object type\(qualifier), it cannot be \(type.name).",
                       [operationTypeNode(operation) ?? typeNode(type)])
            } else {
                used[root, default: []].append(operation)
            }
        }
        for (root, operations) in used.sorted(by: { $0.key < $1.key }) where operations.count > 1 {
            let list = operations.map(\.rawValue)
            let joined = list.count == 2 ? "\(list[0]) and \(list[1])" : "\(list[0]), \(list[1]), and \(list[2])"
            report("All root types must be different, \"\(schema.types[root].name)\" type is used as \(joined) root types.",
                   operations.map { operationTypeNode($0) })
        }
    }

    // MARK: Directives

    mutating func validateDirectives() {
        for directive in schema.directives where !directive.isBuiltin {
            let node = directive.node.map { ($0.span, directive.sourceIndex) }
            validateName(directive.name, at: node)
            for argument in directive.arguments {
                let argumentNode = argument.node.map { ($0.span, argument.sourceIndex) }
                validateName(argument.name, at: argumentNode)
                if !schema.types[argument.type.namedIndex].isInputType {
                    report("The type of @\(directive.name)(\(argument.name):) must be Input Type but got: \(schema.describe(argument.type)).",
                           [argumentNode])
                }
                if argument.isRequired && argument.deprecationReason != nil {
                    report("Required argument @\(directive.name)(\(argument.name):) cannot be deprecated.",
                           [deprecatedDirectiveNode(argument), argument.node.map { ($0.type.span, argument.sourceIndex) }])
                }
                validateDefaultValue(argument, coordinate: "@\(directive.name)(\(argument.name):)")
            }
        }
    }

    func deprecatedDirectiveNode(_ value: SchemaInputValue) -> Located? {
        value.node?.directives.first { $0.name.value == "deprecated" }.map { ($0.span, value.sourceIndex) }
    }

    /// September 2025: a default value must be coercible to its input value's type.
    mutating func validateDefaultValue(_ value: SchemaInputValue, coordinate: String) {
        guard let literal = value.defaultLiteral else { return }
        if !LiteralValidity.isValid(literal, type: value.type, schema: schema) {
            report("\(coordinate) has invalid default value: \(Printer.print(literal)).", [(literal.span, value.sourceIndex)])
        }
    }

    // MARK: Objects and interfaces

    mutating func validateFields(_ type: SchemaType) {
        if type.fields.isEmpty {
            report("Type \(type.name) must define one or more fields.", allTypeNodes(type))
        }
        for field in type.fields {
            validateName(field.name, at: field.node.map { ($0.span, field.sourceIndex) })
            if !schema.types[field.type.namedIndex].isOutputType {
                report("The type of \(type.name).\(field.name) must be Output Type but got: \(schema.describe(field.type)).",
                       [field.node.map { ($0.type.span, field.sourceIndex) }])
            }
            for argument in field.arguments {
                validateName(argument.name, at: argument.node.map { ($0.span, argument.sourceIndex) })
                if !schema.types[argument.type.namedIndex].isInputType {
                    report("The type of \(type.name).\(field.name)(\(argument.name):) must be Input Type but got: \(schema.describe(argument.type)).",
                           [argument.node.map { ($0.type.span, argument.sourceIndex) }])
                }
                if argument.isRequired && argument.deprecationReason != nil {
                    report("Required argument \(type.name).\(field.name)(\(argument.name):) cannot be deprecated.",
                           [deprecatedDirectiveNode(argument), argument.node.map { ($0.type.span, argument.sourceIndex) }])
                }
                if !type.isIntrospection {
                    validateDefaultValue(argument, coordinate: "\(type.name).\(field.name)(\(argument.name):)")
                }
            }
        }
    }

    func implementsNodes(_ type: SchemaType, _ interfaceName: String) -> [Located?] {
        var nodes: [Located?] = []
        let all = [type.definition].compactMap { $0 }.map { ($0, type.sourceIndex) } + zip(type.extensions, type.extensionSourceIndices).map { ($0.0, $0.1) }
        for (node, source) in all {
            if case .object(let object) = node { nodes += object.interfaces.filter { $0.name.value == interfaceName }.map { ($0.span, source) } }
            if case .interface(let object) = node { nodes += object.interfaces.filter { $0.name.value == interfaceName }.map { ($0.span, source) } }
        }
        return nodes
    }

    mutating func validateInterfaces(_ index: Int) {
        let type = schema.types[index]
        var seen: Set<Int> = []
        for interfaceIndex in type.interfaces {
            let interface = schema.types[interfaceIndex]
            if interface.kind != .interface {
                report("Type \(type.name) must only implement Interface types, it cannot implement \(interface.name).",
                       implementsNodes(type, interface.name))
                continue
            }
            if interfaceIndex == index {
                report("Type \(type.name) cannot implement itself because it would create a circular reference.",
                       implementsNodes(type, interface.name))
                continue
            }
            if seen.contains(interfaceIndex) {
                report("Type \(type.name) can only implement \(interface.name) once.", implementsNodes(type, interface.name))
                continue
            }
            seen.insert(interfaceIndex)
            validateImplementsAncestors(index, interfaceIndex)
            validateImplementsInterface(index, interfaceIndex)
        }
    }

    mutating func validateImplementsAncestors(_ index: Int, _ interfaceIndex: Int) {
        let type = schema.types[index]
        let interface = schema.types[interfaceIndex]
        for transitive in interface.interfaces where !type.interfaces.contains(transitive) {
            let message = transitive == index
                ? "Type \(type.name) cannot implement \(interface.name) because it would create a circular reference."
                : "Type \(type.name) must implement \(schema.types[transitive].name) because it is implemented by \(interface.name)."
            report(message, implementsNodes(interface, schema.types[transitive].name) + implementsNodes(type, interface.name))
        }
    }

    mutating func validateImplementsInterface(_ index: Int, _ interfaceIndex: Int) {
        let type = schema.types[index]
        let interface = schema.types[interfaceIndex]
        for interfaceField in interface.fields {
            guard let field = type.field(named: interfaceField.name) else {
                report("Interface field \(interface.name).\(interfaceField.name) expected but \(type.name) does not provide it.",
                       [interfaceField.node.map { ($0.span, interfaceField.sourceIndex) }] + allTypeNodes(type))
                continue
            }
            if !isSubType(field.type, interfaceField.type) {
                report("Interface field \(interface.name).\(interfaceField.name) expects type \(schema.describe(interfaceField.type)) but \(type.name).\(field.name) is type \(schema.describe(field.type)).",
                       [interfaceField.node.map { ($0.type.span, interfaceField.sourceIndex) }, field.node.map { ($0.type.span, field.sourceIndex) }])
            }
            for interfaceArgument in interfaceField.arguments {
                guard let argument = field.argument(named: interfaceArgument.name) else {
                    report("Interface field argument \(interface.name).\(interfaceField.name)(\(interfaceArgument.name):) expected but \(type.name).\(field.name) does not provide it.",
                           [interfaceArgument.node.map { ($0.span, interfaceArgument.sourceIndex) }, field.node.map { ($0.span, field.sourceIndex) }])
                    continue
                }
                if argument.type != interfaceArgument.type {
                    report("Interface field argument \(interface.name).\(interfaceField.name)(\(interfaceArgument.name):) expects type \(schema.describe(interfaceArgument.type)) but \(type.name).\(field.name)(\(argument.name):) is type \(schema.describe(argument.type)).",
                           [interfaceArgument.node.map { ($0.type.span, interfaceArgument.sourceIndex) }, argument.node.map { ($0.type.span, argument.sourceIndex) }])
                }
            }
            for argument in field.arguments where interfaceField.argument(named: argument.name) == nil && argument.isRequired {
                report("Argument \"\(type.name).\(field.name)(\(argument.name):)\" must not be required type \"\(schema.describe(argument.type))\" if not provided by the Interface field \"\(interface.name).\(interfaceField.name)\".",
                       [argument.node.map { ($0.span, argument.sourceIndex) }, interfaceField.node.map { ($0.span, interfaceField.sourceIndex) }])
            }
        }
    }

    func isSubType(_ sub: TypeRef, _ sup: TypeRef) -> Bool {
        schema.isTypeSubType(sub, of: sup)
    }

    // MARK: Unions, enums, input objects

    func unionMemberNodes(_ type: SchemaType, _ memberName: String) -> [Located?] {
        var nodes: [Located?] = []
        let all = [type.definition].compactMap { $0 }.map { ($0, type.sourceIndex) } + zip(type.extensions, type.extensionSourceIndices).map { ($0.0, $0.1) }
        for (node, source) in all {
            if case .union(let union) = node { nodes += union.types.filter { $0.name.value == memberName }.map { ($0.span, source) } }
        }
        return nodes
    }

    mutating func validateUnionMembers(_ type: SchemaType) {
        if type.unionMembers.isEmpty {
            report("Union type \(type.name) must define one or more member types.", allTypeNodes(type))
        }
        var seen: Set<Int> = []
        for member in type.unionMembers {
            let memberType = schema.types[member]
            if seen.contains(member) {
                report("Union type \(type.name) can only include type \(memberType.name) once.", unionMemberNodes(type, memberType.name))
                continue
            }
            seen.insert(member)
            if memberType.kind != .object {
                report("Union type \(type.name) can only include Object types, it cannot include \(memberType.name).",
                       unionMemberNodes(type, memberType.name))
            }
        }
    }

    mutating func validateEnumValues(_ type: SchemaType) {
        if type.enumValues.isEmpty {
            report("Enum type \(type.name) must define one or more values.", allTypeNodes(type))
        }
        for value in type.enumValues {
            validateName(value.name, at: value.node.map { ($0.span, value.sourceIndex) })
        }
    }

    mutating func validateInputFields(_ type: SchemaType) {
        if type.inputFields.isEmpty {
            report("Input Object type \(type.name) must define one or more fields.", allTypeNodes(type))
        }
        for field in type.inputFields {
            let node = field.node.map { ($0.span, field.sourceIndex) }
            validateName(field.name, at: node)
            if !schema.types[field.type.namedIndex].isInputType {
                report("The type of \(type.name).\(field.name) must be Input Type but got: \(schema.describe(field.type)).",
                       [field.node.map { ($0.type.span, field.sourceIndex) }])
            }
            if field.isRequired && field.deprecationReason != nil {
                report("Required input field \(type.name).\(field.name) cannot be deprecated.",
                       [deprecatedDirectiveNode(field), field.node.map { ($0.type.span, field.sourceIndex) }])
            }
            if type.isOneOf {
                if field.type.isNonNull {
                    report("OneOf input field \(type.name).\(field.name) must be nullable.", [field.node.map { ($0.type.span, field.sourceIndex) }])
                }
                if field.defaultLiteral != nil {
                    report("OneOf input field \(type.name).\(field.name) cannot have a default value.", [node])
                }
            }
            validateDefaultValue(field, coordinate: "\(type.name).\(field.name)")
        }
    }
}

/// Input objects must not reference themselves through a chain of non-null, non-list fields.
struct InputObjectCycleDetector {
    let schema: Schema
    var errors: [GraphQLError] = []
    var visited: Set<Int> = []
    var fieldPath: [SchemaInputValue] = []
    var pathIndexByType: [Int: Int] = [:]

    init(schema: Schema) { self.schema = schema }

    mutating func detect(_ index: Int) {
        if visited.contains(index) { return }
        visited.insert(index)
        pathIndexByType[index] = fieldPath.count
        for field in schema.types[index].inputFields {
            guard field.type.isNonNull, field.type.nullable.isNamed, case let fieldType = field.type.namedIndex,
                  schema.types[fieldType].kind == .inputObject else { continue }
            fieldPath.append(field)
            if let cycleIndex = pathIndexByType[fieldType] {
                let cycle = Array(fieldPath[cycleIndex...])
                let path = cycle.map(\.name).joined(separator: ".")
                let located = cycle.compactMap { value in value.node.map { schema.location(of: $0.span, source: value.sourceIndex) } }
                errors.append(GraphQLError(
                    "Cannot reference Input Object \"\(schema.types[fieldType].name)\" within itself through a series of non-null fields: \"\(path)\".",
                    locations: located.map(\.location), sourceNames: located.map(\.sourceName)))
            } else {
                detect(fieldType)
            }
            fieldPath.removeLast()
        }
        pathIndexByType[index] = nil
    }
}
