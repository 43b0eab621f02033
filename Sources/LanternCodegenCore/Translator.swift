import LanternSchema

/// Schema + config → the declarations to generate, with every Swift spelling decided.
struct Translator {
    let schema: Schema
    let config: CodegenConfig
    var problems: [String] = []

    /// Object type → the Swift type it is bound to: the config's bindings, and the runtime's
    /// generic types for Relay connections, their edges and `PageInfo`.
    let bindings: [String: String]
    /// Connections, edges and `PageInfo` bound to the runtime: their shape is checked by
    /// `Connections`, so no binding requirements are generated for them.
    let runtimeBound: Set<String>

    init(schema: Schema, config: CodegenConfig) {
        self.schema = schema
        self.config = config
        var bindings = config.bindings
        var runtimeBound: Set<String> = []
        for (connection, node) in config.connections {
            let nodeSwift = config.bindings[node] ?? config.names[node] ?? node
            bindings[connection] = "Connection<\(nodeSwift)>"
            bindings[Connections.edgeName(connection)] = "Edge<\(nodeSwift)>"
            bindings["PageInfo"] = "LanternCodegenRuntime.PageInfo"
            runtimeBound.formUnion([connection, Connections.edgeName(connection), "PageInfo"])
        }
        self.bindings = bindings
        self.runtimeBound = runtimeBound
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
        if type.kind == .object, let bound = bindings[type.name] { return bound }
        if type.kind == .enumType, let bound = config.enums[type.name] { return bound }
        return config.names[type.name] ?? type.name
    }

    func caseName(_ index: Int) -> String { Naming.lowerFirst(schema[index].name) }

    /// The Swift type of a field, argument or input field; `identifier` replaces its named type
    /// (an `ID` bound to a typed identifier by the config's `identifiers`).
    func swiftType(_ type: TypeRef, identifier: String? = nil) -> String {
        switch type.shape {
        case .nonNull(let inner): return nonNullSwiftType(inner, identifier)
        default: return nonNullSwiftType(type, identifier) + "?"
        }
    }

    private func nonNullSwiftType(_ type: TypeRef, _ identifier: String?) -> String {
        switch type.shape {
        case .list(let inner): return "[\(swiftType(inner, identifier: identifier))]"
        case .named(let index): return identifier ?? swiftName(index)
        case .nonNull(let inner): return nonNullSwiftType(inner, identifier)
        }
    }

    /// The typed identifier bound to the schema coordinate, if any.
    func identifier(_ coordinate: String) -> String? { config.identifiers[coordinate] }

    /// The generated mapping namespace of an enum bound to an existing Swift enum.
    func enumBinding(_ index: Int) -> String? {
        config.enums[schema[index].name] == nil ? nil : "\(config.names[schema[index].name] ?? schema[index].name)Binding"
    }

    /// Where a definition is in the SDL, as `file.graphql:line` (file name only, so the output does
    /// not depend on where the checkout is).
    func sourceLine(_ span: Span?, _ sourceIndex: Int) -> String? {
        guard let span, schema.sources.indices.contains(sourceIndex) else { return nil }
        let located = schema.location(of: span, source: sourceIndex)
        return "\(Codegen.lastComponent(located.sourceName)):\(located.location.line)"
    }

    func isResolved(_ field: SchemaField, of type: SchemaType, index: Int) -> Bool {
        isRoot(index) || !field.arguments.isEmpty || config.resolvers[type.name]?.contains(field.name) == true
            || isBatched(field, of: type)
    }

    func isBatched(_ field: SchemaField, of type: SchemaType) -> Bool {
        config.batched[type.name]?.contains(field.name) == true
    }

    func documentation(_ description: String?, deprecated: String? = nil, at location: String? = nil) -> Documentation {
        Documentation(description: description, deprecation: deprecated, location: location)
    }

    /// Stored fields that would make a generated struct contain itself (through other structs),
    /// as `Type.field`: the generator keeps them out of line (`@Boxed`).
    func recursiveFields() -> Set<String> {
        func storedComposites(_ index: Int) -> [(field: String, target: Int)] {
            let type = schema[index]
            guard type.kind == .object, bindings[type.name] == nil, !isRoot(index) else { return [] }
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
    func encode(_ expression: String, _ type: TypeRef, identifier: String? = nil, depth: Int = 0) -> String {
        switch type.shape {
        case .nonNull(let inner): return encodeNonNull(expression, inner, identifier, depth: depth)
        default:
            if case .named = type.shape, let direct = directEncoder(type, identifier) { return "V.optional(\(expression), \(direct))" }
            let swift = swiftType(.nonNull(type), identifier: identifier)
            return "V.optional(\(expression)) { (v\(depth): \(swift)) -> V in \(encodeNonNull("v\(depth)", type, identifier, depth: depth + 1)) }"
        }
    }

    /// For a named type, a function value `(T) -> Value`, when there is one without a closure.
    private func directEncoder(_ type: TypeRef, _ identifier: String?) -> String? {
        guard identifier == nil, case .named(let index) = type.nullable.shape, enumBinding(index) == nil else { return nil }
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

    private func encodeNonNull(_ expression: String, _ type: TypeRef, _ identifier: String?, depth: Int) -> String {
        switch type.shape {
        case .nonNull(let inner): return encodeNonNull(expression, inner, identifier, depth: depth)
        case .list(let inner):
            if inner.isNonNull, let direct = directEncoder(inner, identifier) { return "V.list(\(expression), \(direct))" }
            let swift = swiftType(inner, identifier: identifier)
            return "V.list(\(expression)) { (v\(depth): \(swift)) -> V in \(encode("v\(depth)", inner, identifier: identifier, depth: depth + 1)) }"
        case .named(let index):
            let named = schema[index]
            if identifier != nil { return "V.string(\(expression).rawValue)" }
            if let binding = enumBinding(index) { return "V.string(\(binding).graphQLName(of: \(expression)))" }
            if let direct = directEncoder(type, nil) { return "\(direct)(\(expression))" }
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
    func decode(_ expression: String, _ type: TypeRef, identifier: String? = nil, partial: Bool = false, depth: Int = 0) -> String {
        switch type.shape {
        case .nonNull(let inner): return decodeNonNull(expression, inner, identifier, depth: depth)
        default:
            let wrapper = partial ? "omittable" : "optional"
            return "try InputDecoding.\(wrapper)(\(expression)) { v\(depth) in \(decodeNonNull("v\(depth)", type, identifier, depth: depth + 1)) }"
        }
    }

    private func decodeNonNull(_ expression: String, _ type: TypeRef, _ identifier: String?, depth: Int) -> String {
        switch type.shape {
        case .nonNull(let inner): return decodeNonNull(expression, inner, identifier, depth: depth)
        case .list(let inner):
            return "try InputDecoding.list(\(expression)) { v\(depth) in \(decode("v\(depth)", inner, identifier: identifier, depth: depth + 1)) }"
        case .named(let index):
            let named = schema[index]
            if let identifier { return "try InputDecoding.identifier(\(expression), as: \(identifier).self)" }
            if let binding = enumBinding(index) { return "try InputDecoding.enumValue(\(expression), \(binding).value(named:))" }
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
        var abstracts: [Dispatch.AbstractCase] = []
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
            case .interface, .union:
                output.declarations.append(abstract(type, index))
                let members = schema.possibleTypes(of: index).sorted { schema[$0].name < schema[$1].name }
                output.abstracts.append(Dispatch.AbstractCase(graphQLName: type.name,
                                                              members: members.map { (caseName($0), schema[$0].name) }))
            case .object: translateObject(type, index, recursive: recursive, into: &output)
            case .scalar: break
            }
        }
        let dispatch = Dispatch(valueCases: output.valueCases, objects: output.objects, abstracts: output.abstracts, query: output.query,
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
        for (name, _) in config.enums where schema.type(named: name)?.kind != .enumType {
            problems.append("enums: '\(name)' is not an enum type of the schema.")
        }
        for (coordinate, swiftType) in config.identifiers.sorted(by: { $0.key < $1.key }) {
            guard let type = identifierTarget(coordinate) else {
                problems.append("identifiers: '\(coordinate)' names no field, argument or input field of the schema.")
                continue
            }
            if schema[type.namedIndex].builtinScalar != .id {
                problems.append("identifiers: '\(coordinate)' (→ \(swiftType)) is a \(schema.describe(type)), not an ID.")
            }
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

    /// The type a schema coordinate of the `identifiers` config points at.
    private func identifierTarget(_ coordinate: String) -> TypeRef? {
        let parts = coordinate.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let type = schema.type(named: parts[0]) else { return nil }
        var member = parts[1]
        if member.hasSuffix(":)"), let open = member.firstIndex(of: "(") {
            let argument = String(member[member.index(after: open)..<member.index(member.endIndex, offsetBy: -2)])
            member = String(member[..<open])
            return type.fieldIndex[member].flatMap { type.fields[$0].argument(named: argument)?.type }
        }
        if let field = type.fieldIndex[member] { return type.fields[field].type }
        return type.inputFields.first { $0.name == member }?.type
    }

    private func enumeration(_ type: SchemaType, _ index: Int) -> Declaration {
        let enumeration = Enumeration(
            swiftName: swiftName(index), graphQLName: type.name,
            documentation: documentation(type.description, at: sourceLine(type.definition?.name.span, type.sourceIndex)),
            cases: type.enumValues.map {
                (Naming.caseName($0.name), $0.name,
                 documentation($0.description, deprecated: $0.deprecationReason, at: sourceLine($0.node?.name.span, $0.sourceIndex)))
            })
        guard let binding = enumBinding(index) else { return .enumeration(enumeration) }
        return .boundEnum(enumeration, mapping: binding)
    }

    private func input(_ type: SchemaType, _ index: Int) -> Declaration {
        if type.isOneOf {
            return .oneOf(OneOfInput(
                swiftName: swiftName(index), graphQLName: type.name,
                documentation: documentation(type.description, at: sourceLine(type.definition?.name.span, type.sourceIndex)),
                cases: type.inputFields.map { field in
                    let identifier = identifier("\(type.name).\(field.name)")
                    return (Naming.identifier(field.name), field.name, swiftType(.nonNull(field.type.nullable), identifier: identifier),
                            decode("Optional(value)", .nonNull(field.type.nullable), identifier: identifier))
                }))
        }
        let partial = config.partialInputs.contains(type.name)
        return .input(InputStruct(
            swiftName: swiftName(index), graphQLName: type.name,
            documentation: documentation(type.description, at: sourceLine(type.definition?.name.span, type.sourceIndex)),
            properties: type.inputFields.map { field in
                let omittable = partial && !field.type.isNonNull
                let identifier = identifier("\(type.name).\(field.name)")
                let swift = swiftType(omittable ? .nonNull(field.type) : field.type, identifier: identifier)
                return Property(name: Naming.identifier(field.name), graphQLName: field.name,
                                swiftType: omittable ? "Omittable<\(swift)>" : swift,
                                documentation: documentation(field.description, deprecated: field.deprecationReason,
                                                             at: sourceLine(field.node?.name.span, field.sourceIndex)),
                                decode: decode("object[\(SwiftLiteral.string(field.name))]", field.type, identifier: identifier,
                                               partial: omittable))
            }, isArguments: false))
    }

    private func abstract(_ type: SchemaType, _ index: Int) -> Declaration {
        let members = schema.possibleTypes(of: index).sorted { schema[$0].name < schema[$1].name }
        return .abstract(Abstract(swiftName: swiftName(index),
                                  documentation: documentation(type.description, at: sourceLine(type.definition?.name.span, type.sourceIndex)),
                                  members: members.map { (caseName($0), swiftName($0), schema[$0].name) }))
    }

    /// An object type: its model (unless a root), its resolver protocol, its arguments and dispatch.
    private mutating func translateObject(_ type: SchemaType, _ index: Int, recursive: Set<String>, into output: inout Output) {
        var stored: [Property] = []
        var methods: [ResolverMethod] = []
        var fields: [Dispatch.Field] = []
        let parentSwift = swiftName(index)
        for (fieldIndex, field) in type.fields.enumerated() {
            let fieldDoc = documentation(field.description, deprecated: field.deprecationReason,
                                         at: sourceLine(field.node?.name.span, field.sourceIndex))
            let name = Naming.identifier(field.name)
            let identifier = identifier("\(type.name).\(field.name)")
            let returnType = swiftType(field.type, identifier: identifier)
            guard isResolved(field, of: type, index: index) else {
                let property = Property(name: name, graphQLName: field.name, swiftType: returnType,
                                        documentation: fieldDoc, encode: encode("parent.\(name)", field.type, identifier: identifier),
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
            } else {
                kind = .parent
            }
            methods.append(ResolverMethod(kind: kind, name: name, graphQLName: field.name, parentType: parentSwift,
                                          argumentsType: argumentsType, returnType: returnType, documentation: fieldDoc))
            let dispatchField = { (body: String) in Dispatch.Field(index: fieldIndex, graphQLName: field.name, body: body) }
            let parameters = "\(argumentsType == nil ? "" : "arguments, ")context: context.context, selection: FieldSelection(info))"
            let call = "\(name)(\(parameters)"
            let decodeArguments = argumentsType.map { "let arguments = try \($0)(arguments)\n" } ?? ""
            switch kind {
            case .root:
                let field = dispatchField(decodeArguments + pending("implementation.\(call)", field.type, identifier))
                if index == schema.queryType { output.query.append(field) } else { output.mutation.append(field) }
            case .subscription:
                output.subscription.append(dispatchField("return .value(source)"))
                output.streams.append(dispatchField(decodeArguments + """
                    let events = try await implementation.\(call)
                    return EventStream.map(events) { event in \(encode("event", field.type, identifier: identifier)) }
                    """))
            case .parent:
                fields.append(dispatchField(decodeArguments + pending("implementation.\(name)(of: parent, \(parameters)", field.type, identifier)))
            case .batched:
                output.batchCount += 1
                // Aliases may ask with different arguments: each set batches on its own.
                let batchArguments = argumentsType == nil ? "" : ", arguments: arguments"
                let decoded = argumentsType.map { "let decoded = try \($0)(arguments)\n" } ?? ""
                fields.append(dispatchField(decoded + """
                    // The application's context, not the scope: the scope keeps this batch, and a
                    // batch that kept the scope would keep the whole request alive (a cycle).
                    let requestContext = context.context
                    let batch = context.batch(\(output.batchCount)\(batchArguments)) {
                        ParentBatch<\(parentSwift), \(returnType)>(coordinate: \(SwiftLiteral.string(type.name + "." + field.name))) { parents in
                            try await implementation.\(name)(of: parents, \(argumentsType == nil ? "" : "decoded, ")context: requestContext, selection: FieldSelection(info))
                        }
                    }
                    let load = batch.value(for: parent)
                    """ + "\n" + pending("load()", field.type, identifier)))
            }
        }
        if !methods.isEmpty {
            output.declarations.append(.resolvers(ResolverProtocol(swiftName: "\(config.names[type.name] ?? type.name)Resolvers",
                                                                   graphQLName: type.name, methods: methods)))
        }
        guard !isRoot(index) else { return }
        let model = Model(graphQLName: type.name, swiftName: parentSwift,
                          documentation: documentation(type.description, at: sourceLine(type.definition?.name.span, type.sourceIndex)),
                          properties: stored)
        if bindings[type.name] == nil {
            output.declarations.append(.model(model))
        } else if !runtimeBound.contains(type.name) {
            output.declarations.append(.boundRequirements(model))
        }
        output.valueCases.append((caseName(index), parentSwift))
        output.objects.append(Dispatch.ObjectCase(caseName: caseName(index), graphQLName: type.name, swiftType: parentSwift, fields: fields))
    }

    private func arguments(of field: SchemaField, on type: SchemaType, named structName: String) -> Declaration {
        .arguments(InputStruct(
            swiftName: structName, graphQLName: "\(type.name).\(field.name)",
            documentation: documentation("The arguments of `\(type.name).\(field.name)`."),
            properties: field.arguments.map { argument in
                let identifier = identifier("\(type.name).\(field.name)(\(argument.name):)")
                return Property(name: Naming.identifier(argument.name), graphQLName: argument.name,
                                swiftType: swiftType(argument.type, identifier: identifier),
                                documentation: documentation(argument.description, deprecated: argument.deprecationReason,
                                                             at: sourceLine(argument.node?.name.span, argument.sourceIndex)),
                                decode: decode("object[\(SwiftLiteral.string(argument.name))]", argument.type, identifier: identifier))
            }, isArguments: true))
    }

    /// `return .pending { … }` awaiting `call` and encoding its result as `type`.
    private func pending(_ call: String, _ type: TypeRef, _ identifier: String?) -> String {
        """
        return .pending {
            let result = try await \(call)
            return \(encode("result", type, identifier: identifier))
        }
        """
    }
}
