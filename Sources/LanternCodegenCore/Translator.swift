import LanternSchema

/// Schema + config → the declarations to generate, with every Swift spelling decided.
struct Translator {
    let schema: Schema
    let config: CodegenConfig
    var problems: [String] = []

    init(schema: Schema, config: CodegenConfig) {
        self.schema = schema
        self.config = config
    }

    // MARK: Names and kinds

    func isRoot(_ index: Int) -> Bool {
        index == schema.queryType || index == schema.mutationType || index == schema.subscriptionType
    }

    /// The user-facing types: neither introspection nor built-in scalars.
    var userTypes: [(index: Int, type: SchemaType)] {
        schema.types.enumerated().filter { !$0.element.isIntrospection && $0.element.builtinScalar == nil }
            .sorted { $0.element.name < $1.element.name }.map { ($0.offset, $0.element) }
    }

    func swiftName(_ index: Int) -> String {
        let type = schema[index]
        if let builtin = type.builtinScalar {
            switch builtin {
            case .string, .id: return "String"
            case .int: return "Int"
            case .float: return "Double"
            case .boolean: return "Bool"
            }
        }
        if type.kind == .scalar { return config.scalars[type.name]?.type ?? "JSONValue" }
        if type.kind == .object, let bound = config.bindings[type.name] { return bound }
        return config.names[type.name] ?? type.name
    }

    func caseName(_ index: Int) -> String { Naming.lowerFirst(schema[index].name) }

    func swiftType(_ type: TypeRef) -> String {
        switch type.shape {
        case .nonNull(let inner): return nonNullSwiftType(inner)
        default: return nonNullSwiftType(type) + "?"
        }
    }

    private func nonNullSwiftType(_ type: TypeRef) -> String {
        switch type.shape {
        case .list(let inner): return "[\(swiftType(inner))]"
        case .named(let index): return swiftName(index)
        case .nonNull(let inner): return nonNullSwiftType(inner)
        }
    }

    func isResolved(_ field: SchemaField, of type: SchemaType, index: Int) -> Bool {
        isRoot(index) || !field.arguments.isEmpty || config.resolvers[type.name]?.contains(field.name) == true
            || isBatched(field, of: type)
    }

    func isBatched(_ field: SchemaField, of type: SchemaType) -> Bool {
        config.batched[type.name]?.contains(field.name) == true
    }

    func documentation(_ description: String?, deprecated: String? = nil) -> Documentation {
        Documentation(description: description, deprecation: deprecated)
    }

    /// Stored fields that would make a generated struct contain itself (through other structs),
    /// as `Type.field`: the generator keeps them out of line (`@Boxed`).
    func recursiveFields() -> Set<String> {
        func storedComposites(_ index: Int) -> [(field: String, target: Int)] {
            let type = schema[index]
            guard type.kind == .object, config.bindings[type.name] == nil, !isRoot(index) else { return [] }
            return type.fields.compactMap { field in
                guard !isResolved(field, of: type, index: index), !field.type.nullable.isList,
                      case .named(let target) = field.type.nullable.shape, schema[target].kind == .object else { return nil }
                return (field.name, target)
            }
        }
        func reaches(_ start: Int, _ goal: Int) -> Bool {
            var seen: Set<Int> = [], stack = [start]
            while let next = stack.popLast() {
                if next == goal { return true }
                if !seen.insert(next).inserted { continue }
                stack += storedComposites(next).map(\.target)
            }
            return false
        }
        var result: Set<String> = []
        for (index, type) in userTypes where type.kind == .object {
            for (field, target) in storedComposites(index) where reaches(target, index) {
                result.insert("\(type.name).\(field)")
            }
        }
        return result
    }

    // MARK: Conversions

    /// An expression turning `expression` (of `swiftType(type)`) into a `GeneratedSchema.Value`.
    /// Closures carry explicit types and members are qualified: type inference over thousands of
    /// implicit-member chains is what makes large generated files slow to compile.
    func encode(_ expression: String, _ type: TypeRef, depth: Int = 0) -> String {
        switch type.shape {
        case .nonNull(let inner): return encodeNonNull(expression, inner, depth: depth)
        default:
            if case .named = type.shape, let direct = directEncoder(type) { return "V.optional(\(expression), \(direct))" }
            return "V.optional(\(expression)) { (v\(depth): \(swiftType(.nonNull(type)))) -> V in \(encodeNonNull("v\(depth)", type, depth: depth + 1)) }"
        }
    }

    /// For a named type, a function value `(T) -> Value`, when there is one without a closure.
    private func directEncoder(_ type: TypeRef) -> String? {
        guard case .named(let index) = type.nullable.shape else { return nil }
        let named = schema[index]
        if let builtin = named.builtinScalar {
            switch builtin {
            case .string, .id: return "V.string"
            case .int: return "V.int"
            case .float: return "V.double"
            case .boolean: return "V.bool"
            }
        }
        switch named.kind {
        case .enumType: return "V.enumValue"
        case .object: return "V.\(caseName(index))"
        default: return nil
        }
    }

    private func encodeNonNull(_ expression: String, _ type: TypeRef, depth: Int) -> String {
        switch type.shape {
        case .nonNull(let inner): return encodeNonNull(expression, inner, depth: depth)
        case .list(let inner):
            if inner.isNonNull, let direct = directEncoder(inner) { return "V.list(\(expression), \(direct))" }
            return "V.list(\(expression)) { (v\(depth): \(swiftType(inner))) -> V in \(encode("v\(depth)", inner, depth: depth + 1)) }"
        case .named(let index):
            let named = schema[index]
            if let direct = directEncoder(type) { return "\(direct)(\(expression))" }
            switch named.kind {
            case .scalar:
                if let mapping = config.scalars[named.name] { return "V.leaf(\(mapping.coding).encode(\(expression)))" }
                return "V.leaf(\(expression))"
            case .interface, .union: return "(\(expression)).schemaValue"
            default: return "V.null"
            }
        }
    }

    /// An expression decoding `expression` (a `JSONValue?`) as `type`.
    func decode(_ expression: String, _ type: TypeRef, partial: Bool = false, depth: Int = 0) -> String {
        switch type.shape {
        case .nonNull(let inner): return decodeNonNull(expression, inner, depth: depth)
        default:
            let wrapper = partial ? "omittable" : "optional"
            return "try InputDecoding.\(wrapper)(\(expression)) { v\(depth) in \(decodeNonNull("v\(depth)", type, depth: depth + 1)) }"
        }
    }

    private func decodeNonNull(_ expression: String, _ type: TypeRef, depth: Int) -> String {
        switch type.shape {
        case .nonNull(let inner): return decodeNonNull(expression, inner, depth: depth)
        case .list(let inner): return "try InputDecoding.list(\(expression)) { v\(depth) in \(decode("v\(depth)", inner, depth: depth + 1)) }"
        case .named(let index):
            let named = schema[index]
            if let builtin = named.builtinScalar {
                switch builtin {
                case .string, .id: return "try InputDecoding.string(\(expression))"
                case .int: return "try InputDecoding.int(\(expression))"
                case .float: return "try InputDecoding.double(\(expression))"
                case .boolean: return "try InputDecoding.bool(\(expression))"
                }
            }
            switch named.kind {
            case .scalar:
                if let mapping = config.scalars[named.name] { return "try \(mapping.coding).decode(\(expression) ?? .null)" }
                return "(\(expression) ?? .null)"
            case .enumType: return "try InputDecoding.enumValue(\(expression), as: \(swiftName(index)).self)"
            case .inputObject: return "try \(swiftName(index))(json: \(expression) ?? .null)"
            case .object, .interface, .union: return "(\(expression) ?? .null)"
            }
        }
    }

    // MARK: Declarations

    /// What translation collects, type by type.
    private struct Output {
        var declarations: [Declaration] = []
        var objects: [Dispatch.ObjectCase] = []
        var valueCases: [(caseName: String, swiftType: String)] = []
        var query: [Dispatch.Field] = []
        var mutation: [Dispatch.Field] = []
        var subscription: [Dispatch.Field] = []
        var streams: [Dispatch.Field] = []
        var batchCount = 0
    }

    mutating func translate(sdl: String, header: String) -> GeneratedFile {
        checkConfig()
        var output = Output()
        let recursive = recursiveFields()
        for (index, type) in userTypes {
            switch type.kind {
            case .enumType: output.declarations.append(enumeration(type, index))
            case .inputObject: output.declarations.append(input(type, index))
            case .interface, .union: output.declarations.append(abstract(type, index))
            case .object: translateObject(type, index, recursive: recursive, into: &output)
            case .scalar: break
            }
        }
        let dispatch = Dispatch(valueCases: output.valueCases, objects: output.objects, query: output.query,
                                mutation: output.mutation, subscription: output.subscription,
                                subscriptionStreams: output.streams,
                                hasQuery: schema.queryType != nil, hasMutation: schema.mutationType != nil,
                                hasSubscription: schema.subscriptionType != nil)
        return GeneratedFile(header: header, imports: config.imports, access: config.access == "internal" ? "" : "public ",
                             context: config.context, sdl: sdl, declarations: output.declarations, dispatch: dispatch)
    }

    /// Config entries that name nothing in the schema.
    private mutating func checkConfig() {
        for (name, _) in config.bindings where schema.type(named: name)?.kind != .object {
            problems.append("bindings: '\(name)' is not an object type of the schema.")
        }
        for (name, mapping) in config.scalars where schema.type(named: name)?.kind != .scalar || schema.type(named: name)?.builtinScalar != nil {
            problems.append("scalars: '\(name)' (→ \(mapping.type)) is not a custom scalar of the schema.")
        }
        for (typeName, fields) in config.batched.merging(config.resolvers, uniquingKeysWith: +) {
            guard let type = schema.type(named: typeName) else {
                problems.append("'\(typeName)' in resolvers/batched is not a type of the schema.")
                continue
            }
            for field in fields where type.fieldIndex[field] == nil {
                problems.append("'\(typeName).\(field)' in resolvers/batched is not a field of the schema.")
            }
        }
    }

    private func enumeration(_ type: SchemaType, _ index: Int) -> Declaration {
        .enumeration(Enumeration(
            swiftName: swiftName(index), documentation: documentation(type.description),
            cases: type.enumValues.map { (Naming.caseName($0.name), $0.name, documentation($0.description, deprecated: $0.deprecationReason)) }))
    }

    private func input(_ type: SchemaType, _ index: Int) -> Declaration {
        if type.isOneOf {
            return .oneOf(OneOfInput(
                swiftName: swiftName(index), graphQLName: type.name, documentation: documentation(type.description),
                cases: type.inputFields.map { field in
                    (Naming.identifier(field.name), field.name, swiftType(.nonNull(field.type.nullable)),
                     decode("Optional(value)", .nonNull(field.type.nullable)))
                }))
        }
        let partial = config.partialInputs.contains(type.name)
        return .input(InputStruct(
            swiftName: swiftName(index), graphQLName: type.name, documentation: documentation(type.description),
            properties: type.inputFields.map { field in
                let omittable = partial && !field.type.isNonNull
                return Property(name: Naming.identifier(field.name), graphQLName: field.name,
                                swiftType: omittable ? "Omittable<\(swiftType(.nonNull(field.type)))>" : swiftType(field.type),
                                documentation: documentation(field.description, deprecated: field.deprecationReason),
                                decode: decode("object[\(SwiftLiteral.string(field.name))]", field.type, partial: omittable))
            }, isArguments: false))
    }

    private func abstract(_ type: SchemaType, _ index: Int) -> Declaration {
        let members = schema.possibleTypes(of: index).sorted { schema[$0].name < schema[$1].name }
        return .abstract(Abstract(swiftName: swiftName(index), documentation: documentation(type.description),
                                  members: members.map { (caseName($0), swiftName($0), schema[$0].name) }))
    }

    /// An object type: its model (unless a root), its resolver protocol, its arguments and dispatch.
    private mutating func translateObject(_ type: SchemaType, _ index: Int, recursive: Set<String>, into output: inout Output) {
        var stored: [Property] = []
        var methods: [ResolverMethod] = []
        var fields: [Dispatch.Field] = []
        let parentSwift = swiftName(index)
        for (fieldIndex, field) in type.fields.enumerated() {
            let fieldDoc = documentation(field.description, deprecated: field.deprecationReason)
            let name = Naming.identifier(field.name)
            guard isResolved(field, of: type, index: index) else {
                let property = Property(name: name, graphQLName: field.name, swiftType: swiftType(field.type),
                                        documentation: fieldDoc, encode: encode("parent.\(name)", field.type),
                                        boxed: recursive.contains("\(type.name).\(field.name)"))
                stored.append(property)
                fields.append(Dispatch.Field(index: fieldIndex, graphQLName: field.name, body: "return .value(\(property.encode))"))
                continue
            }
            let argumentsType = field.arguments.isEmpty ? nil : "\(config.names[type.name] ?? type.name)\(Naming.upperFirst(field.name))Arguments"
            if let argumentsType { output.declarations.append(arguments(of: field, on: type, named: argumentsType)) }
            let kind: ResolverMethod.Kind
            if index == schema.subscriptionType {
                kind = .subscription
            } else if isRoot(index) {
                kind = .root
            } else if isBatched(field, of: type) {
                kind = .batched
                if argumentsType != nil { problems.append("'\(type.name).\(field.name)' has arguments and cannot be batched.") }
            } else {
                kind = .parent
            }
            methods.append(ResolverMethod(kind: kind, name: name, graphQLName: field.name, parentType: parentSwift,
                                          argumentsType: argumentsType, returnType: swiftType(field.type), documentation: fieldDoc))
            let dispatchField = { (body: String) in Dispatch.Field(index: fieldIndex, graphQLName: field.name, body: body) }
            let parameters = "\(argumentsType == nil ? "" : "arguments, ")context: context.context, selection: FieldSelection(info))"
            let call = "\(name)(\(parameters)"
            let decodeArguments = argumentsType.map { "let arguments = try \($0)(arguments)\n" } ?? ""
            switch kind {
            case .root:
                let field = dispatchField(decodeArguments + pending("implementation.\(call)", field.type))
                if index == schema.queryType { output.query.append(field) } else { output.mutation.append(field) }
            case .subscription:
                output.subscription.append(dispatchField("return .value(source)"))
                output.streams.append(dispatchField(decodeArguments + """
                    let events = try await implementation.\(call)
                    return GeneratedSchema.stream(events) { event in \(encode("event", field.type)) }
                    """))
            case .parent:
                fields.append(dispatchField(decodeArguments + pending("implementation.\(name)(of: parent, \(parameters)", field.type)))
            case .batched:
                output.batchCount += 1
                fields.append(dispatchField("""
                    let scope = context
                    let batch = context.batch(\(output.batchCount)) {
                        ParentBatch<\(parentSwift), \(swiftType(field.type))> { parents in
                            try await implementation.\(name)(of: parents, context: scope.context, selection: FieldSelection(info))
                        }
                    }
                    let load = batch.value(for: parent)
                    """ + "\n" + pending("load()", field.type)))
            }
        }
        if !methods.isEmpty {
            output.declarations.append(.resolvers(ResolverProtocol(swiftName: "\(config.names[type.name] ?? type.name)Resolvers",
                                                                   graphQLName: type.name, methods: methods)))
        }
        guard !isRoot(index) else { return }
        let model = Model(graphQLName: type.name, swiftName: parentSwift, documentation: documentation(type.description), properties: stored)
        output.declarations.append(config.bindings[type.name] == nil ? .model(model) : .boundRequirements(model))
        output.valueCases.append((caseName(index), parentSwift))
        output.objects.append(Dispatch.ObjectCase(caseName: caseName(index), graphQLName: type.name, swiftType: parentSwift, fields: fields))
    }

    private func arguments(of field: SchemaField, on type: SchemaType, named structName: String) -> Declaration {
        .arguments(InputStruct(
            swiftName: structName, graphQLName: "\(type.name).\(field.name)",
            documentation: documentation("The arguments of `\(type.name).\(field.name)`."),
            properties: field.arguments.map { argument in
                Property(name: Naming.identifier(argument.name), graphQLName: argument.name,
                         swiftType: swiftType(argument.type),
                         documentation: documentation(argument.description, deprecated: argument.deprecationReason),
                         decode: decode("object[\(SwiftLiteral.string(argument.name))]", argument.type))
            }, isArguments: true))
    }

    /// `return .pending { … }` awaiting `call` and encoding its result as `type`.
    private func pending(_ call: String, _ type: TypeRef) -> String {
        """
        return .pending {
            let result = try await \(call)
            return \(encode("result", type))
        }
        """
    }
}
