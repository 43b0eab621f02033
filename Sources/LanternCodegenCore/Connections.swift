import LanternSchema

/// Relay connections from the config's `connections`: the SDL for the connection, edge and
/// `PageInfo` types the schema does not declare, and a check that the ones it declares have the
/// standard fields (the runtime's `Connection`, `Edge` and `PageInfo` serve them).
enum Connections {
    /// `IncidentConnection` → `IncidentEdge`.
    static func edgeName(_ connection: String) -> String {
        (connection.hasSuffix("Connection") ? String(connection.dropLast("Connection".count)) : connection) + "Edge"
    }

    /// The standard shapes of the configured connections, edges and `PageInfo`, by type name.
    private static func shapes(_ config: CodegenConfig) -> [(name: String, node: String, fields: [(String, String)])] {
        var result: [(name: String, node: String, fields: [(String, String)])] = []
        for (connection, node) in config.connections.sorted(by: { $0.key < $1.key }) {
            let edge = edgeName(connection)
            result.append((connection, node, [("edges", "[\(edge)!]!"), ("pageInfo", "PageInfo!"), ("totalCount", "Int!")]))
            result.append((edge, node, [("cursor", "String!"), ("node", "\(node)!")]))
        }
        if !config.connections.isEmpty {
            result.append(("PageInfo", "", [("hasNextPage", "Boolean!"), ("hasPreviousPage", "Boolean!"),
                                            ("startCursor", "String"), ("endCursor", "String")]))
        }
        return result
    }

    /// The SDL defining the configured types that `files` do not declare; nil when they declare
    /// them all. Read from the parsed files, before the schema is built (it refers to them).
    static func missingSDL(_ files: [Codegen.SDLFile], config: CodegenConfig) -> String? {
        var declared: Set<String> = []
        for file in files {
            guard let document = try? Parser.parse(Source(file.text, name: file.path), options: .schemaDefinitionLanguage) else {
                continue  // the schema build reports it
            }
            for case .type(let type) in document.definitions { declared.insert(type.name.value) }
        }
        let missing = shapes(config).filter { !declared.contains($0.name) }
        guard !missing.isEmpty else { return nil }
        return missing.map { definition($0.name, $0.fields, node: $0.node) }.joined(separator: "\n\n") + "\n"
    }

    /// What is wrong with the configured connections in the built schema.
    static func problems(in schema: Schema, config: CodegenConfig) -> [String] {
        var problems: [String] = []
        for (connection, node) in config.connections.sorted(by: { $0.key < $1.key }) {
            if !connection.hasSuffix("Connection") || connection == "Connection" {
                problems.append("connections: '\(connection)' must be named <Something>Connection.")
            }
            if let nodeType = schema.type(named: node), [.object, .interface, .union].contains(nodeType.kind) { continue }
            problems.append("connections: the node type '\(node)' of '\(connection)' is not an object, interface or union of the schema.")
        }
        for shape in shapes(config) {
            if let declared = schema.type(named: shape.name) { problems += check(declared, against: shape.fields, in: schema) }
        }
        return problems
    }

    private static func definition(_ name: String, _ fields: [(String, String)], node: String) -> String {
        let description: String
        switch name {
        case "PageInfo": description = "What a page of a connection knows of its neighbours."
        case _ where name.hasSuffix("Edge"): description = "A \(node) with the cursor that pages after it."
        default: description = "A page of \(node) items."
        }
        return "\"\(description)\"\ntype \(name) {\n" + fields.map { "  \($0.0): \($0.1)" }.joined(separator: "\n") + "\n}"
    }

    /// A declared type may leave standard fields out, but not change them or add others.
    private static func check(_ type: SchemaType, against fields: [(String, String)], in schema: Schema) -> [String] {
        guard type.kind == .object else { return ["connections: '\(type.name)' must be an object type."] }
        let expected = Dictionary(uniqueKeysWithValues: fields)
        return type.fields.compactMap { field in
            guard let wanted = expected[field.name] else {
                return "connections: '\(type.name).\(field.name)' is not a field of a standard connection (\(fields.map(\.0).joined(separator: ", ")))."
            }
            let actual = schema.describe(field.type)
            return actual == wanted && field.arguments.isEmpty ? nil
                : "connections: '\(type.name).\(field.name)' must be \(wanted) without arguments, not \(actual)."
        }
    }
}
