import LanternDomain
import LanternStore
import Testing

/// One corpus of 240 documents in two tenants, searched on SQLite and on PostgreSQL with 36
/// queries: both databases must return the same documents, and the same as a brute-force
/// evaluation of the query over the folded words (so "the same" also means "right").
@Suite("Search corpus: SQLite and PostgreSQL agree")
struct SearchCorpusTests {
    static let vocabulary = [
        "database", "failover", "replica", "primary", "latency", "timeout", "deploy", "deployment", "rollback", "canary",
        "queue", "worker", "backlog", "cache", "eviction", "certificate", "expiry", "dns", "resolver", "kafka",
        "consumer", "lag", "postgres", "vacuum", "index", "café", "crème", "brûlée", "naïve", "résumé",
        "Zürich", "São", "Paulo", "straße", "élan", "pager", "oncall", "escalation", "runbook", "postmortem",
    ]

    /// Deterministic pseudo-random documents (a linear congruential generator, so both databases
    /// and every run get the same corpus).
    static func corpus() -> [(title: String, kind: DocumentKind, body: String, tags: [String], tenant: Int)] {
        var seed: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        func words(_ count: Int) -> String { (0..<count).map { _ in vocabulary[next(vocabulary.count)] }.joined(separator: " ") }
        return (0..<240).map { index in
            let kinds = DocumentKind.allCases
            let body = (0..<(3 + next(6))).map { _ in words(6 + next(10)).capitalized + "." }.joined(separator: " ")
            return (title: "Doc \(index): " + words(2 + next(3)), kind: kinds[next(kinds.count)], body: body,
                    tags: [["db", "net", "app"][next(3)]], tenant: index % 6 == 5 ? 1 : 0)
        }
    }

    static let queries = [
        "database", "failover replica", "\"failover replica\"", "latency -timeout", "deploy*", "deploy", "deployment",
        "canary OR rollback", "queue worker OR backlog", "cafe", "CAFÉ", "creme brulee", "\"crème brûlée\"", "naive resume",
        "zurich", "sao paulo", "\"São Paulo\"", "strasse", "straße", "elan", "-pager oncall", "oncall -pager -escalation",
        "post*", "res*", "kafka consumer lag", "\"consumer lag\" OR vacuum", "index -postgres", "cert*", "dns resolver",
        "doc", "\"doc 12\"", "escalation runbook postmortem", "cache eviction -expiry", "timeout OR latency OR lag",
        "\"primary replica\" -database", "runbook OR postmortem -cache",
    ]

    @Test func bothDatabasesReturnTheSameDocumentsAsTheReference() async throws {
        let corpus = Self.corpus()
        var results: [Database.Dialect: [String: [String]]] = [:]
        var firsts: [Database.Dialect: [String: String]] = [:]
        for dialect in bothDialects {
            let fixture = try await Fixture(dialect)
            let (_, main) = try await fixture.owner("main")
            let (_, other) = try await fixture.owner("other")
            for document in corpus {
                _ = try await fixture.documents.create(document.tenant == 0 ? main : other, title: document.title, kind: document.kind,
                                                       body: document.body, tags: document.tags, incidentIDs: nil)
            }
            for query in Self.queries {
                var titles: [String] = []
                var after: String?
                repeat {
                    let page = try await fixture.documents.search(main, query: query, filter: DocumentFilter(), first: 100, after: after)
                    titles += page.hits.map(\.document.title)
                    if after == nil, let first = page.hits.first { firsts[dialect, default: [:]][query] = first.document.title }
                    after = page.hasNextPage ? page.cursors.last : nil
                } while after != nil
                results[dialect, default: [:]][query] = titles.sorted()
            }
            await fixture.close()
        }
        var nonEmpty = 0
        for query in Self.queries {
            let parsed = try SearchQuery.parse(query)
            let expected = corpus.filter { $0.tenant == 0 && Self.matches(parsed.root, title: $0.title, body: $0.body) }.map(\.title).sorted()
            #expect(results[.sqlite]?[query] == expected, "SQLite differs from the reference for \(query)")
            #expect(results[.postgres]?[query] == expected, "PostgreSQL differs from the reference for \(query)")
            if !expected.isEmpty { nonEmpty += 1 }
        }
        #expect(nonEmpty >= 30, "too many queries match nothing: \(nonEmpty)")
        // A title match outranks body matches on both databases.
        for query in ["\"doc 12\""] {
            #expect(firsts[.sqlite]?[query]?.hasPrefix("Doc 12:") == true && firsts[.postgres]?[query]?.hasPrefix("Doc 12:") == true)
        }
    }

    /// The query evaluated over the folded tokens of title and body (a phrase within one of them).
    static func matches(_ node: SearchQuery.Node, title: String, body: String) -> Bool {
        let fields = [SearchText.tokens(title), SearchText.tokens(body)]
        switch node {
        case .term(let term): return fields.contains { contains(term, in: $0) }
        case .all(let nodes): return nodes.allSatisfy { matches($0, title: title, body: body) }
        case .any(let nodes): return nodes.contains { matches($0, title: title, body: body) }
        case .not(let inner): return !matches(inner, title: title, body: body)
        }
    }

    static func contains(_ term: SearchQuery.Term, in tokens: [String]) -> Bool {
        guard !term.words.isEmpty, tokens.count >= term.words.count else { return false }
        return (0...(tokens.count - term.words.count)).contains { start in
            term.words.indices.allSatisfy { offset in
                let token = tokens[start + offset], word = term.words[offset]
                return term.isPrefix && offset == term.words.count - 1 ? token.hasPrefix(word) : token == word
            }
        }
    }
}
