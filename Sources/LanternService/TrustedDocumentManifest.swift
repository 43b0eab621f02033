import Crypto
import Foundation
import LanternDomain
import LanternExecution
import LanternHTTP
import LanternStore

/// `lantern trust MANIFEST.json`: reads a client build's manifest of operations, checks every
/// document against the service's schema (parse, validation, operation limits) and measures its
/// cost, then registers them all or none.
///
/// Three manifest shapes are read, the ones client tool chains write:
/// - Apollo's persisted query manifest: `{"format": "apollo-persisted-query-manifest",
///   "version": 1, "operations": [{"id", "name", "type", "body"}]}`;
/// - Relay's `persisted_queries.json` and GraphQL Code Generator's client preset
///   (`persisted-documents.json`): an object of id → document text.
public enum TrustedDocumentManifest {
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var text: String
        /// Apollo's ids are the body's SHA-256 (clients send them as the hash).
        public var idIsSHA256 = false
    }

    /// What is wrong with a manifest: every problem found, each naming the document's id.
    public struct Problems: Error, CustomStringConvertible {
        public var messages: [String]
        public var description: String { messages.joined(separator: "\n") }
    }

    public static func entries(from data: Data) throws(Problems) -> [Entry] {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw Problems(messages: ["The manifest is not JSON: \(error.localizedDescription)"])
        }
        guard let object = json as? [String: Any] else {
            throw Problems(messages: ["The manifest must be a JSON object (Apollo's manifest, or id → document)."])
        }
        if let format = object["format"] as? String {
            guard format == "apollo-persisted-query-manifest", (object["version"] as? Int) == 1,
                  let operations = object["operations"] as? [[String: Any]] else {
                throw Problems(messages: ["Only version 1 of apollo-persisted-query-manifest is read; this is \(format)."])
            }
            var entries: [Entry] = [], problems: [String] = []
            for (index, operation) in operations.enumerated() {
                guard let id = operation["id"] as? String, !id.isEmpty, let body = operation["body"] as? String else {
                    problems.append("operations[\(index)]: needs a non-empty string id and a string body.")
                    continue
                }
                entries.append(Entry(id: id, text: body, idIsSHA256: true))
            }
            if !problems.isEmpty { throw Problems(messages: problems) }
            return entries
        }
        var entries: [Entry] = [], problems: [String] = []
        for (id, value) in object.sorted(by: { $0.key < $1.key }) {
            guard let text = value as? String, !id.isEmpty else {
                problems.append("\(id): the value must be the document's text.")
                continue
            }
            entries.append(Entry(id: id, text: text))
        }
        if !problems.isEmpty { throw Problems(messages: problems) }
        return entries
    }

    /// Each entry checked against the service's schema, as the documents to store: all of them,
    /// or the problems of every one that failed. An Apollo id must be its body's SHA-256 (what
    /// Apollo clients send as the hash).
    public static func check(_ entries: [Entry], at now: Timestamp = .now()) throws -> [TrustedDocument] {
        let resolvers = try ServiceSchema()
        let engine = GraphQLEngine(schema: resolvers.schema, resolvers: resolvers, root: .root)
        var documents: [TrustedDocument] = [], problems: [String] = []
        var seen: [String: String] = [:]
        for entry in entries {
            if let earlier = seen[entry.id], earlier != entry.text {
                problems.append("\(entry.id): listed twice with different texts.")
                continue
            }
            seen[entry.id] = entry.text
            let sha256 = TrustedDocumentRegistry.Document(id: entry.id, text: entry.text).sha256
            if entry.idIsSHA256 && entry.id != sha256 {
                problems.append("\(entry.id): an Apollo manifest's id must be the SHA-256 of its body (\(sha256)).")
                continue
            }
            switch engine.prepare(entry.text) {
            case .failure(let failure):
                for error in failure.errors {
                    let place = error.locations.first.map { "\($0.line):\($0.column): " } ?? ""
                    problems.append("\(entry.id): \(place)\(error.message)")
                }
            case .success(let prepared):
                var cost = 0.0
                var operations: [String] = []
                for operation in prepared.document.operations {
                    operations.append([operation.operation.rawValue, operation.name?.value].compactMap { $0 }.joined(separator: " "))
                    if let limits = engine.validationOptions.limits, let analysis = prepared.analyses[operation.name?.value] {
                        cost = max(cost, analysis.cost(of: operation, in: prepared.document, schema: engine.schema,
                                                       costModel: engine.costModel, limits: limits, variables: JSONObject()))
                    }
                }
                if operations.isEmpty {
                    problems.append("\(entry.id): the document has no operation.")
                    continue
                }
                documents.append(TrustedDocument(id: entry.id, body: entry.text, sha256: sha256, operations: operations.joined(separator: ", "),
                                                 cost: Int(cost.rounded(.up)), createdAt: now))
            }
        }
        if !problems.isEmpty { throw Problems(messages: problems) }
        return documents
    }

    /// Registers checked documents in the service's database; returns how many were new.
    public static func register(_ documents: [TrustedDocument], in database: Database) async throws -> Int {
        try await SQLStore(database: database).trust(documents)
    }
}
