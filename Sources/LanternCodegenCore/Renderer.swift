/// Lays out a `GeneratedFile` as Swift source. Deterministic: the same input gives the same bytes.
struct Renderer {
    let file: GeneratedFile
    private var out = ""

    init(file: GeneratedFile) { self.file = file }

    /// The generated Swift as one text (the parts one after the other).
    static func render(_ file: GeneratedFile) -> String {
        renderParts(file).map(\.text).joined(separator: "\n")
    }

    /// The generated Swift in the files the build plugin writes. Declarations, models and dispatch
    /// in separate files let the compiler's LLVM stage run on them in parallel in a whole-module
    /// (release) build, and the parts are of comparable size.
    static func renderParts(_ file: GeneratedFile) -> [(name: String, text: String)] {
        var renderer = Renderer(file: file)
        var parts: [(name: String, text: String)] = []
        let bodies: [(inout Renderer) -> Void] = [{ $0.renderDeclarations() }, { $0.renderModels() }, { $0.renderExecutable() }]
        for (name, body) in zip(partNames, bodies) {
            renderer.out = ""
            renderer.renderPreamble()
            body(&renderer)
            parts.append((name, renderer.out))
        }
        return parts
    }

    /// The names of the files `renderParts` produces, in order (the build plugin declares them as
    /// its outputs before the generator runs).
    static let partNames = ["GeneratedSchema.swift", "GeneratedModels.swift", "GeneratedDispatch.swift"]

    private var access: String { file.access }

    /// Only the namespace with the validated SDL (config `schemaOnly`).
    static func renderSchemaOnly(header: String, access: String, sdl: String) -> String {
        "\(header)\n\n/// The schema this target serves, as validated at build time.\n\(access)enum GeneratedSchema {\n"
            + sdlDeclaration(access: access) + " \(SwiftLiteral.string(sdl))\n}\n"
    }

    /// The doc comment and the start of `static let sdl =`, shared by both outputs.
    private static func sdlDeclaration(access: String) -> String {
        "    /// The whole schema as SDL (`printSchema` of the merged files).\n    \(access)static let sdl ="
    }

    private mutating func line(_ text: String = "") { out += text.replacingTrailingSpaces() + "\n" }

    private mutating func block(_ text: String, indent: String) {
        for part in text.split(separator: "\n", omittingEmptySubsequences: false) { line(indent + part) }
    }

    /// The SDL description as a doc comment, the deprecation as a warning callout (an
    /// `@available(deprecated)` attribute would warn in the generated dispatch on every build), and
    /// where the definition is in the SDL.
    private mutating func doc(_ documentation: Documentation, indent: String) {
        out += Naming.docComment(documentation.description, indent: indent)
        if let reason = documentation.deprecation {
            if documentation.description != nil { line("\(indent)///") }
            line("\(indent)/// - Warning: Deprecated: \(reason)")
        }
        if let location = documentation.location {
            if documentation.description != nil || documentation.deprecation != nil { line("\(indent)///") }
            line("\(indent)/// Declared at `\(location)`.")
        }
    }

    private mutating func renderPreamble() {
        line(file.header)
        line()
        for module in ["Foundation", "LanternCodegenRuntime", "LanternExecution"] + file.imports { line("import \(module)") }
        line()
    }

    private mutating func renderModels() {
        renderSections([("Models", { if case .model = $0 { true } else if case .boundRequirements = $0 { true } else { false } })])
    }

    private mutating func renderDeclarations() {
        renderNamespace()
        renderSections([
            ("Enums", { if case .enumeration = $0 { true } else if case .boundEnum = $0 { true } else { false } }),
            ("Interfaces and unions", { if case .abstract = $0 { true } else { false } }),
            ("Inputs", { if case .input = $0 { true } else if case .oneOf = $0 { true } else { false } }),
            ("Arguments", { if case .arguments = $0 { true } else { false } }),
            ("Resolver protocols", { if case .resolvers = $0 { true } else { false } }),
        ])
        renderRootProtocol()
    }

    private mutating func renderSections(_ sections: [(String, (Declaration) -> Bool)]) {
        for (title, belongs) in sections {
            let members = file.declarations.filter(belongs)
            guard !members.isEmpty else { continue }
            line("// MARK: - \(title)")
            line()
            for declaration in members {
                render(declaration)
                line()
            }
        }
    }

    private mutating func renderNamespace() {
        line("/// The schema this target serves, validated at build time, and the value type its executor passes around.")
        line("\(access)enum GeneratedSchema {")
        line(Self.sdlDeclaration(access: access) + " " + SwiftLiteral.string(file.sdl))
        line()
        line("    /// Builds the executable schema model from `sdl`.")
        line("    \(access)static func build() throws -> Schema { try Schema.build(sdl: sdl, name: \"schema.graphql\") }")
        line()
        line("    /// Every value a resolver returns, as the executor sees it: one case per object type.")
        line("    \(access)indirect enum Value: GeneratedValue {")
        line("        case null, root")
        line("        case leaf(JSONValue)")
        line("        case list([Value])")
        for (caseName, swiftType) in file.dispatch.valueCases { line("        case \(caseName)(\(swiftType))") }
        line("    }")
        line("}")
        line()
    }

    private mutating func render(_ declaration: Declaration) {
        switch declaration {
        case .enumeration(let enumeration):
            doc(enumeration.documentation, indent: "")
            // `CaseIterable` cannot be synthesised over deprecated cases.
            let iterable = enumeration.cases.allSatisfy { $0.documentation.deprecation == nil } ? ", CaseIterable" : ""
            line("\(access)enum \(enumeration.swiftName): String, Sendable\(iterable) {")
            for (name, graphQLName, documentation) in enumeration.cases {
                doc(Documentation(description: documentation.description, location: documentation.location), indent: "    ")
                if let reason = documentation.deprecation {
                    line("    @available(*, deprecated, message: \(SwiftLiteral.string(reason)))")
                }
                line("    case \(name) = \(SwiftLiteral.string(graphQLName))")
            }
            line("}")
        case .boundEnum(let enumeration, let mapping):
            doc(enumeration.documentation, indent: "")
            line("/// GraphQL `\(enumeration.graphQLName)` bound to `\(enumeration.swiftName)`: both switches are exhaustive, so")
            line("/// a case missing on either side is a compile error here. Raw values play no part.")
            line("\(access)enum \(mapping) {")
            line("    \(access)static func graphQLName(of value: \(enumeration.swiftName)) -> String {")
            line("        switch value {")
            for (name, graphQLName, _) in enumeration.cases { line("        case .\(name): \(SwiftLiteral.string(graphQLName))") }
            line("        }")
            line("    }")
            line()
            line("    \(access)static func value(named name: String) -> \(enumeration.swiftName)? {")
            line("        switch name {")
            for (name, graphQLName, _) in enumeration.cases { line("        case \(SwiftLiteral.string(graphQLName)): .\(name)") }
            line("        default: nil")
            line("        }")
            line("    }")
            line("}")
        case .model(let model):
            doc(model.documentation, indent: "")
            line("\(access)struct \(model.swiftName): Sendable {")
            renderProperties(model.properties)
            renderMemberwiseInit(model.properties)
            line("}")
        case .boundRequirements(let model):
            line("/// What the schema reads from `\(model.swiftName)`, bound to GraphQL `\(model.graphQLName)`: a missing")
            line("/// or mistyped property is a compile error here.")
            line("\(access)protocol \(model.graphQLName)Binding: Sendable {")
            for property in model.properties { line("    var \(property.name): \(property.swiftType) { get }") }
            line("}")
            line()
            line("extension \(model.swiftName): \(model.graphQLName)Binding {}")
        case .abstract(let abstract):
            doc(abstract.documentation, indent: "")
            // `indirect`: members may contain the abstract type again.
            line("\(access)indirect enum \(abstract.swiftName): Sendable {")
            for member in abstract.members { line("    case \(member.caseName)(\(member.swiftType))") }
            line()
            line("    \(access)var schemaValue: GeneratedSchema.Value {")
            line("        switch self {")
            for member in abstract.members { line("        case .\(member.caseName)(let value): .\(member.caseName)(value)") }
            line("        }")
            line("    }")
            line("}")
        case .input(let input), .arguments(let input):
            doc(input.documentation, indent: "")
            line("\(access)struct \(input.swiftName): Sendable {")
            renderProperties(input.properties)
            renderMemberwiseInit(input.properties)
            line()
            if input.isArguments {
                line("    \(access)init(_ object: JSONObject) throws {")
            } else {
                line("    \(access)init(json: JSONValue) throws {")
                line("        guard case .object(let object) = json else { throw ClientError(\"Expected an input object \(input.graphQLName).\") }")
            }
            for property in input.properties { line("        self.\(property.name) = \(property.decode)") }
            line("    }")
            line("}")
        case .oneOf(let input):
            doc(input.documentation, indent: "")
            line("/// Exactly one of its fields (`@oneOf`).")
            line("\(access)enum \(input.swiftName): Sendable {")
            for member in input.cases { line("    case \(member.name)(\(member.swiftType))") }
            line()
            line("    \(access)init(json: JSONValue) throws {")
            line("        guard case .object(let object) = json, let (key, value) = object.first(where: { $0.1 != .null }) else {")
            line("            throw ClientError(\"Expected exactly one field of \(input.graphQLName).\")")
            line("        }")
            line("        _ = value")
            line("        switch key {")
            for member in input.cases {
                line("        case \(SwiftLiteral.string(member.graphQLName)): self = .\(member.name)(\(member.decode))")
            }
            line("        default: throw ClientError(\"Unknown field \\(key) of \(input.graphQLName).\")")
            line("        }")
            line("    }")
            line("}")
        case .resolvers(let resolvers):
            line("/// The fields of `\(resolvers.graphQLName)` that need code.")
            line("\(access)protocol \(resolvers.swiftName): Sendable {")
            for method in resolvers.methods {
                doc(method.documentation, indent: "    ")
                let arguments = method.argumentsType.map { "_ arguments: \($0), " } ?? ""
                let tail = "context: \(file.context), selection: FieldSelection) async throws"
                switch method.kind {
                case .root:
                    line("    func \(method.name)(\(arguments)\(tail) -> \(method.returnType)")
                case .subscription:
                    line("    func \(method.name)(\(arguments)\(tail) -> AsyncThrowingStream<\(method.returnType), any Error>")
                case .parent:
                    line("    func \(method.name)(of parent: \(method.parentType), \(arguments)\(tail) -> \(method.returnType)")
                case .batched:
                    line("    /// Batched: receives every parent of one level (that asked with the same arguments);")
                    line("    /// returns one value per parent, in order.")
                    line("    func \(method.name)(of parents: [\(method.parentType)], \(arguments)\(tail) -> [\(method.returnType)]")
                }
            }
            line("}")
        }
    }

    private mutating func renderProperties(_ properties: [Property]) {
        for property in properties {
            doc(property.documentation, indent: "    ")
            // Immutable values: a property wrapper (`@Boxed`) needs `var`, nothing else does, and
            // `let` spares the compiler a setter and a modify coroutine per property.
            line("    \(property.boxed ? "@Boxed \(access)var" : "\(access)let") \(property.name): \(property.swiftType)")
        }
        if !properties.isEmpty { line() }
    }

    private mutating func renderMemberwiseInit(_ properties: [Property]) {
        let parameters = properties.map { property -> String in
            let defaultValue = property.swiftType.hasPrefix("Omittable<") ? " = .absent" : property.swiftType.hasSuffix("?") ? " = nil" : ""
            return "\(property.name): \(property.swiftType)\(defaultValue)"
        }
        line("    \(access)init(\(parameters.joined(separator: ", "))) {")
        for property in properties { line("        self.\(property.name) = \(property.name)") }
        line("    }")
    }

    private mutating func renderRootProtocol() {
        let protocols = file.declarations.compactMap { declaration -> String? in
            if case .resolvers(let resolvers) = declaration { return resolvers.swiftName }
            return nil
        }
        line("/// Everything an implementation provides: conform one type to this and pass it to `ExecutableSchema`.")
        line("\(access)protocol SchemaResolvers: \((protocols.isEmpty ? ["Sendable"] : protocols).joined(separator: ", ")) {}")
    }

    /// Fields, object types and abstract types are dispatched in chunks of this many, each chunk
    /// its own function: the compiler's time then grows with the schema linearly, where one
    /// function with a case per type (or per root field) grows much faster (LLVM on a 400-case
    /// switch of closures).
    static let chunkSize = 32

    private mutating func renderExecutable() {
        let dispatch = file.dispatch
        let chunk = Self.chunkSize
        let scope = "ResolverScope<\(file.context)>"
        line("/// The schema bound to an implementation: per-field dispatch by type and field index, with no")
        line("/// name lookups; stored fields resolve synchronously, resolver methods concurrently.")
        line("\(access)struct ExecutableSchema<Implementation: SchemaResolvers>: Resolvers {")
        line("    \(access)typealias Source = GeneratedSchema.Value")
        line("    \(access)typealias Context = \(scope)")
        line("    typealias V = GeneratedSchema.Value")
        line()
        line("    \(access)let schema: Schema")
        line("    \(access)let implementation: Implementation")
        line("    let queryType: Int")
        line("    let mutationType: Int")
        line("    let subscriptionType: Int")
        line("    /// Schema type index → position in `objectNames` (object types) or `abstractNames`")
        line("    /// (interfaces and unions); -1 for the others.")
        line("    let ordinals: [Int]")
        line()
        line("    static var objectNames: [String] {")
        line("        [" + dispatch.objects.map { SwiftLiteral.string($0.graphQLName) }.joined(separator: ", ") + "]")
        line("    }")
        line()
        line("    static var abstractNames: [String] {")
        line("        [" + dispatch.abstracts.map { SwiftLiteral.string($0.graphQLName) }.joined(separator: ", ") + "]")
        line("    }")
        line()
        line("    \(access)init(_ implementation: Implementation) throws {")
        line("        schema = try GeneratedSchema.build()")
        line("        self.implementation = implementation")
        line("        queryType = schema.queryType ?? -2")
        line("        mutationType = schema.mutationType ?? -2")
        line("        subscriptionType = schema.subscriptionType ?? -2")
        line("        var ordinals = [Int](repeating: -1, count: schema.types.count)")
        line("        for names in [Self.objectNames, Self.abstractNames] {")
        line("            for (ordinal, name) in names.enumerated() { if let index = schema.typeIndex[name] { ordinals[index] = ordinal } }")
        line("        }")
        line("        self.ordinals = ordinals")
        line("    }")
        line()
        line("    /// An engine serving this schema with the root value.")
        line("    \(access)func engine(onInternalError: @escaping @Sendable (any Error, [PathComponent]) -> Void = { _, _ in }) -> GraphQLEngine<Self> {")
        line("        GraphQLEngine(schema: schema, resolvers: self, root: .root, onInternalError: onInternalError)")
        line("    }")
        line()
        line("    \(access)func resolve(_ info: ResolveInfo, source: GeneratedSchema.Value, arguments: JSONObject,")
        line("                        context: \(scope)) throws -> Resolution<GeneratedSchema.Value> {")
        if dispatch.hasSubscription { line("        if info.parentType == subscriptionType { return .value(source) }") }
        line("        if case .root = source {")
        if !dispatch.query.isEmpty { line("            if info.parentType == queryType { return try resolveQuery(info, arguments, context) }") }
        if !dispatch.mutation.isEmpty { line("            if info.parentType == mutationType { return try resolveMutation(info, arguments, context) }") }
        line("            return .value(.null)")
        line("        }")
        line("        let ordinal = ordinals[info.parentType]")
        line("        switch ordinal / \(chunk) {")
        for group in stride(from: 0, to: dispatch.objects.count, by: chunk) {
            line("        case \(group / chunk): return try resolveObjects\(group / chunk)(ordinal, source, info, arguments, context)")
        }
        line("        default: return .value(.null)")
        line("        }")
        line("    }")
        line()
        for group in stride(from: 0, to: dispatch.objects.count, by: chunk) {
            line("    private func resolveObjects\(group / chunk)(_ ordinal: Int, _ source: GeneratedSchema.Value, _ info: ResolveInfo,")
            line("                        _ arguments: JSONObject, _ context: \(scope)) throws -> Resolution<GeneratedSchema.Value> {")
            line("        switch ordinal {")
            for (offset, object) in dispatch.objects[group..<min(group + chunk, dispatch.objects.count)].enumerated() {
                line("        case \(group + offset):")
                line("            if case .\(object.caseName)(let parent) = source { return try resolve\(Naming.upperFirst(object.graphQLName))(parent, info, arguments, context) }")
            }
            line("        default: break")
            line("        }")
            line("        return .value(.null)")
            line("    }")
            line()
        }
        if !dispatch.query.isEmpty { renderRootResolver("Query", dispatch.query) }
        if !dispatch.mutation.isEmpty { renderRootResolver("Mutation", dispatch.mutation) }
        for object in dispatch.objects { renderTypeResolver(object.graphQLName, parentType: object.swiftType, object.fields) }
        line("    \(access)func typeName(of value: GeneratedSchema.Value, abstractType: SchemaType) throws -> String? {")
        line("        guard ordinals.indices.contains(abstractType.index) else { return nil }")
        line("        let ordinal = ordinals[abstractType.index]")
        line("        switch ordinal / \(chunk) {")
        for group in stride(from: 0, to: dispatch.abstracts.count, by: chunk) {
            line("        case \(group / chunk): return Self.typeNames\(group / chunk)(ordinal, value)")
        }
        line("        default: return nil")
        line("        }")
        line("    }")
        line()
        for group in stride(from: 0, to: dispatch.abstracts.count, by: chunk) {
            line("    private static func typeNames\(group / chunk)(_ ordinal: Int, _ value: GeneratedSchema.Value) -> String? {")
            line("        switch ordinal {")
            for (offset, abstract) in dispatch.abstracts[group..<min(group + chunk, dispatch.abstracts.count)].enumerated() {
                line("        case \(group + offset): // \(abstract.graphQLName)")
                line("            switch value {")
                for member in abstract.members { line("            case .\(member.caseName): return \(SwiftLiteral.string(member.graphQLName))") }
                line("            default: return nil")
                line("            }")
            }
            line("        default: return nil")
            line("        }")
            line("    }")
            line()
        }
        line("    \(access)func view(_ value: GeneratedSchema.Value) -> ValueView {")
        line("        switch value {")
        line("        case .null: .null")
        line("        case .list(let items): .list(count: items.count)")
        line("        default: .value")
        line("        }")
        line("    }")
        line()
        line("    \(access)func element(of list: GeneratedSchema.Value, at index: Int) -> GeneratedSchema.Value {")
        line("        if case .list(let items) = list { return items[index] }")
        line("        return .null")
        line("    }")
        line()
        line("    \(access)func leafValue(_ value: GeneratedSchema.Value) -> JSONValue {")
        line("        if case .leaf(let json) = value { return json }")
        line("        return .null")
        line("    }")
        if !dispatch.subscriptionStreams.isEmpty {
            line()
            line("    \(access)func subscribe(_ info: ResolveInfo, source: GeneratedSchema.Value, arguments: JSONObject,")
            line("                          context: \(scope)) async throws -> AsyncThrowingStream<GeneratedSchema.Value, any Error> {")
            line("        switch info.fieldIndex {")
            for field in dispatch.subscriptionStreams {
                line("        case \(field.index): // \(field.graphQLName)")
                block(field.body, indent: "            ")
            }
            line("        default: throw ClientError(\"Unknown subscription field \\(info.fieldName).\")")
            line("        }")
            line("    }")
        }
        line("}")
    }

    /// A root type's fields, a chunk of fields per function.
    private mutating func renderRootResolver(_ graphQLName: String, _ fields: [Dispatch.Field]) {
        let chunk = Self.chunkSize, scope = "ResolverScope<\(file.context)>"
        let groups = Dictionary(grouping: fields) { $0.index / chunk }.sorted { $0.key < $1.key }
        line("    private func resolve\(graphQLName)(_ info: ResolveInfo, _ arguments: JSONObject,")
        line("                        _ context: \(scope)) throws -> Resolution<GeneratedSchema.Value> {")
        line("        switch info.fieldIndex / \(chunk) {")
        for (group, _) in groups { line("        case \(group): return try resolve\(graphQLName)\(group)(info, arguments, context)") }
        line("        default: return .value(.null)")
        line("        }")
        line("    }")
        line()
        for (group, members) in groups { renderTypeResolver("\(graphQLName)\(group)", parentType: nil, members) }
    }

    private mutating func renderTypeResolver(_ graphQLName: String, parentType: String?, _ fields: [Dispatch.Field]) {
        let parent = parentType.map { "_ parent: \($0), " } ?? ""
        line("    private func resolve\(Naming.upperFirst(graphQLName))(\(parent)_ info: ResolveInfo, _ arguments: JSONObject,")
        line("                        _ context: ResolverScope<\(file.context)>) throws -> Resolution<GeneratedSchema.Value> {")
        if fields.contains(where: { $0.body.contains("implementation.") }) { line("        let implementation = implementation") }
        renderFieldSwitch(fields, indent: "        ")
        line("    }")
        line()
    }

    private mutating func renderFieldSwitch(_ fields: [Dispatch.Field], indent: String) {
        line("\(indent)switch info.fieldIndex {")
        for field in fields {
            line("\(indent)case \(field.index): // \(field.graphQLName)")
            block(field.body, indent: indent + "    ")
        }
        line("\(indent)default: return .value(.null)")
        line("\(indent)}")
    }
}
