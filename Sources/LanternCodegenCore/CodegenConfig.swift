/// The generator's configuration (`lantern-codegen.json`; JSON Schema in
/// `docs/codegen-config.schema.json`). Every key is optional: with none, the generator reads
/// `*.graphql` beside the config and generates everything with `Void` as the context.
public struct CodegenConfig: Codable, Sendable, Equatable {
    /// Globs of SDL files, relative to the config's directory (`*` matches within a name).
    public var schema: [String] = ["*.graphql"]
    /// The Swift type of the application's request context that resolvers receive.
    public var context: String = "Void"
    /// `public` or `internal` declarations.
    public var access: String = "public"
    /// Modules the generated file imports besides Lantern's (where bound types and scalars live).
    public var imports: [String] = []
    /// GraphQL object type → an existing Swift type used instead of a generated model.
    public var bindings: [String: String] = [:]
    /// GraphQL enum → an existing Swift enum used instead of a generated one. The generated
    /// mapping switches over both, so a case missing on either side is a compile error.
    public var enums: [String: String] = [:]
    /// Schema coordinate of an `ID` (`User.id`, `Query.incident(id:)`, `IncidentFilter.assigneeId`)
    /// → a typed identifier whose `rawValue` is the id string (`RawRepresentable<String>`).
    public var identifiers: [String: String] = [:]
    /// Relay connection type → its node type (`"IncidentConnection": "Incident"`). The connection,
    /// its edge (`IncidentEdge`) and `PageInfo` are added to the schema when the SDL does not
    /// declare them, and bound to the runtime's `Connection<Node>`, `Edge<Node>` and `PageInfo`.
    public var connections: [String: String] = [:]
    /// GraphQL custom scalar → its Swift type and the `ScalarCoding` type that converts it.
    public var scalars: [String: ScalarMapping] = [:]
    /// GraphQL type → fields resolved by a resolver method although they have no arguments.
    public var resolvers: [String: [String]] = [:]
    /// GraphQL type → fields whose resolver receives all parents of one level at once.
    public var batched: [String: [String]] = [:]
    /// Input types whose nullable fields keep absent apart from null (`Omittable`).
    public var partialInputs: [String] = []
    /// GraphQL type name → Swift type name, where the GraphQL name would clash in Swift.
    public var names: [String: String] = [:]
    /// Only embed the validated SDL (`GeneratedSchema.sdl`), no types: for targets that serve the
    /// schema through hand-written resolvers.
    public var schemaOnly: Bool = false
    /// An earlier version of the SDL, relative to the config's directory: every breaking change
    /// from it to the current SDL fails the build, unless listed in `acceptedBreakingChanges`.
    public var baseline: String?
    /// Schema coordinates (`Type.field`, `Enum.VALUE`, `@directive(arg:)`, …) whose breaking
    /// changes against the baseline are intended.
    public var acceptedBreakingChanges: [String] = []
    /// The application's own operations (globs relative to the directory holding the schema
    /// directory, `**` for any depth): checked against the schema at build time and emitted as
    /// trusted documents (`GeneratedDocuments`). A string or a list of strings.
    public var documents: [String] = []

    public struct ScalarMapping: Codable, Sendable, Equatable {
        public var type: String
        public var coding: String

        public init(type: String, coding: String) {
            self.type = type
            self.coding = coding
        }
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = CodegenConfig()
        schema = try container.decodeIfPresent([String].self, forKey: .schema) ?? defaults.schema
        context = try container.decodeIfPresent(String.self, forKey: .context) ?? defaults.context
        access = try container.decodeIfPresent(String.self, forKey: .access) ?? defaults.access
        imports = try container.decodeIfPresent([String].self, forKey: .imports) ?? []
        bindings = try container.decodeIfPresent([String: String].self, forKey: .bindings) ?? [:]
        scalars = try container.decodeIfPresent([String: ScalarMapping].self, forKey: .scalars) ?? [:]
        enums = try container.decodeIfPresent([String: String].self, forKey: .enums) ?? [:]
        identifiers = try container.decodeIfPresent([String: String].self, forKey: .identifiers) ?? [:]
        connections = try container.decodeIfPresent([String: String].self, forKey: .connections) ?? [:]
        resolvers = try container.decodeIfPresent([String: [String]].self, forKey: .resolvers) ?? [:]
        batched = try container.decodeIfPresent([String: [String]].self, forKey: .batched) ?? [:]
        partialInputs = try container.decodeIfPresent([String].self, forKey: .partialInputs) ?? []
        names = try container.decodeIfPresent([String: String].self, forKey: .names) ?? [:]
        schemaOnly = try container.decodeIfPresent(Bool.self, forKey: .schemaOnly) ?? false
        baseline = try container.decodeIfPresent(String.self, forKey: .baseline)
        acceptedBreakingChanges = try container.decodeIfPresent([String].self, forKey: .acceptedBreakingChanges) ?? []
        if let one = try? container.decodeIfPresent(String.self, forKey: .documents) {
            documents = [one]
        } else {
            documents = try container.decodeIfPresent([String].self, forKey: .documents) ?? []
        }
        let unknown = Set(try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue))
            .subtracting(CodingKeys.allCases.map(\.rawValue))
        if let key = unknown.sorted().first {
            throw DecodingError.dataCorrupted(.init(codingPath: [AnyKey(stringValue: key)], debugDescription: "Unknown key '\(key)'."))
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case schema, context, access, imports, bindings, enums, identifiers, connections, scalars, resolvers, batched, partialInputs, names, schemaOnly
        case baseline, acceptedBreakingChanges, documents
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
