import Synchronization
import Testing
@testable import LanternExecution

/// An in-memory application for the asynchronous paths: authors and posts, where every
/// resolver that would touch a database returns pending work through a `BatchLoader`.
final class Library: Sendable {
    let log = Mutex<[String]>([])
    let authorLoads = Mutex<[[Int]]>([])

    func record(_ entry: String) { log.withLock { $0.append(entry) } }
}

enum LibraryValue: Sendable {
    case root, post(Int), author(Int), posts([Int]), scalar(JSONValue), null
}

struct LibraryContext: Sendable {
    let authors: BatchLoader<Int, String>
}

struct LibraryResolvers: Resolvers {
    typealias Source = LibraryValue
    typealias Context = LibraryContext
    let library: Library

    func resolve(_ info: ResolveInfo, source: LibraryValue, arguments: JSONObject, context: LibraryContext) throws -> Resolution<LibraryValue> {
        switch (source, info.fieldName) {
        case (.root, "posts"):
            return .pending { .posts(Array(0..<10)) }
        case (.root, "first"), (.root, "second"), (.root, "third"):
            let name = info.fieldName
            let delay: UInt64 = name == "first" ? 30_000_000 : 1_000_000
            return .pending { [library] in
                library.record("start \(name)")
                try await Task.sleep(nanoseconds: delay)
                library.record("end \(name)")
                return .scalar(.string(name))
            }
        case (.root, "boom"):
            return .pending { throw DatabaseFailure() }
        case (.root, "refused"):
            throw ClientError("not allowed", code: "FORBIDDEN")
        case (.post(let id), "id"):
            return .value(.scalar(.int(id)))
        case (.post(let id), "author"):
            let authorID = id % 3
            if case .some(.some) = context.authors.cached(authorID) { return .value(.author(authorID)) }
            let work = context.authors.enqueue(authorID)
            return .pending { .author(authorID) }.mapWork(work)
        case (.scalar(let tick), "ticks"):
            return .value(.scalar(tick))
        case (.author(let id), "name"):
            if case .some(let name?) = context.authors.cached(id) { return .value(.scalar(.string(name))) }
            return .value(.null)
        default:
            return .value(.null)
        }
    }

    func typeName(of value: LibraryValue, abstractType: SchemaType) throws -> String? { nil }

    func view(_ value: LibraryValue) -> ValueView {
        switch value {
        case .null: return .null
        case .posts(let ids): return .list(count: ids.count)
        default: return .value
        }
    }

    func element(of list: LibraryValue, at index: Int) -> LibraryValue {
        if case .posts(let ids) = list { return .post(ids[index]) }
        return .null
    }

    func leafValue(_ value: LibraryValue) -> JSONValue {
        if case .scalar(let json) = value { return json }
        return .null
    }

    func subscribe(_ info: ResolveInfo, source: LibraryValue, arguments: JSONObject, context: LibraryContext) async throws
        -> AsyncThrowingStream<LibraryValue, any Error> {
        let (stream, continuation) = AsyncThrowingStream<LibraryValue, any Error>.makeStream()
        let producer = Task { [library] in
            var tick = 0
            while !Task.isCancelled {
                continuation.yield(.scalar(.int(tick)))
                tick += 1
                try? await Task.sleep(nanoseconds: 2_000_000)
            }
            library.record("source cancelled")
            continuation.finish()
        }
        continuation.onTermination = { _ in producer.cancel() }
        return stream
    }
}

extension Resolution where Source == LibraryValue {
    /// Runs `work` (a batch load) first, then yields this resolution's value.
    func mapWork(_ work: @escaping @Sendable () async throws -> String?) -> Resolution<LibraryValue> {
        guard case .pending(let next) = self else { return self }
        return .pending {
            _ = try await work()
            return try await next()
        }
    }
}

struct DatabaseFailure: Error {}

private let sdl = """
type Query { posts: [Post!]! first: String second: String third: String boom: String refused: String }
type Mutation { first: String second: String third: String }
type Subscription { ticks: Int }
type Post { id: Int! author: Author }
type Author { name: String }
"""

func makeContext(_ library: Library) -> LibraryContext {
    LibraryContext(authors: BatchLoader { keys in
        library.authorLoads.withLock { $0.append(keys.sorted()) }
        return Dictionary(uniqueKeysWithValues: keys.map { ($0, "author-\($0)") })
    })
}

@Suite("Asynchronous execution")
struct AsyncExecutionTests {
    let schema = try! Schema.build(sdl: sdl)

    func execute(_ query: String, _ library: Library, onInternalError: @escaping @Sendable (any Error, [PathComponent]) -> Void = { _, _ in }) async -> JSONValue {
        let response = await Execution.execute(schema: schema, document: try! Parser.parse(query), root: .root,
                                               resolvers: LibraryResolvers(library: library), context: makeContext(library),
                                               onInternalError: onInternalError)
        return try! JSONParser.parse(response.json)
    }

    @Test("loads issued for one level of a list are coalesced into one batch call")
    func batching() async {
        let library = Library()
        let response = await execute("{ posts { id author { name } } }", library)
        #expect(response["data"]?["posts"]?.jsonText.contains(#"{"id":4,"author":{"name":"author-1"}}"#) == true)
        #expect(library.authorLoads.withLock { $0 } == [[0, 1, 2]])
    }

    @Test("mutation root fields run one after another, each finished before the next starts")
    func serialMutations() async {
        let library = Library()
        let response = await execute("mutation { first second third }", library)
        #expect(response["data"] == json(#"{"first": "first", "second": "second", "third": "third"}"#))
        #expect(library.log.withLock { $0 } == ["start first", "end first", "start second", "end second", "start third", "end third"])
    }

    @Test("query root fields may run concurrently")
    func concurrentQueries() async {
        let library = Library()
        _ = await execute("{ first second third }", library)
        let log = library.log.withLock { $0 }
        #expect(log.firstIndex(of: "start second")! < log.firstIndex(of: "end first")!)
    }

    @Test("an unexpected resolver error is masked as INTERNAL and reported to the host; public errors keep their code")
    func masking() async {
        let library = Library()
        let seen = Mutex<[String]>([])
        let response = await execute("{ boom refused }", library) { error, path in
            seen.withLock { $0.append("\(type(of: error)) at \(path)") }
        }
        let text = response["errors"]?.jsonText ?? ""
        #expect(text.contains(#""message":"Internal server error""#) && text.contains(#""code":"INTERNAL""#))
        #expect(text.contains(#""message":"not allowed""#) && text.contains(#""code":"FORBIDDEN""#))
        #expect(!text.contains("DatabaseFailure"))
        #expect(seen.withLock { $0 } == [#"DatabaseFailure at [LanternLanguage.PathComponent.key("boom")]"#])
    }

    @Test("each source event is executed as a response; cancelling the response stream cancels the source")
    func subscription() async throws {
        let library = Library()
        let schema = self.schema
        var received: [String] = []
        let consumer = Task {
            let result = await Execution.subscribe(schema: schema, document: try Parser.parse("subscription { ticks }"), root: .root,
                                                   resolvers: LibraryResolvers(library: library), context: makeContext(library))
            guard case .stream(let stream) = result else { return [String]() }
            var values: [String] = []
            for try await response in stream {
                values.append(String(decoding: response.json, as: UTF8.self))
                if values.count == 3 { break }
            }
            return values
        }
        received = try await consumer.value
        #expect(received == [#"{"data":{"ticks":0}}"#, #"{"data":{"ticks":1}}"#, #"{"data":{"ticks":2}}"#])
        for _ in 0..<100 where !library.log.withLock({ $0.contains("source cancelled") }) {
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        #expect(library.log.withLock { $0.contains("source cancelled") })
    }
}

@Suite("Request pipeline")
struct EngineTests {
    @Test("a repeated query is served from the document cache")
    func documentCache() async {
        let library = Library()
        let engine = GraphQLEngine(schema: try! Schema.build(sdl: sdl), resolvers: LibraryResolvers(library: library), root: .root)
        _ = await engine.execute(GraphQLRequest(query: "{ first }"), context: makeContext(library))
        _ = await engine.execute(GraphQLRequest(query: "{ first }"), context: makeContext(library))
        #expect(engine.cache.statistics.hits == 1)
        #expect(engine.cache.statistics.misses == 1)
    }

    @Test("syntax and validation errors are request errors without data")
    func requestErrors() async {
        let library = Library()
        let engine = GraphQLEngine(schema: try! Schema.build(sdl: sdl), resolvers: LibraryResolvers(library: library), root: .root)
        let syntax = await engine.execute(GraphQLRequest(query: "{"), context: makeContext(library))
        #expect(syntax.isRequestError && syntax.errors.first?.message.hasPrefix("Syntax Error") == true)
        let invalid = await engine.execute(GraphQLRequest(query: "{ nope }"), context: makeContext(library))
        #expect(invalid.isRequestError && !String(decoding: invalid.json, as: UTF8.self).contains("\"data\""))
    }

    @Test("the cache is bounded")
    func bounded() throws {
        let cache = DocumentCache(capacity: 2)
        for index in 0..<5 { cache.store(try Parser.parse("{ a\(index) }"), for: "{ a\(index) }") }
        #expect(cache.document(for: "{ a4 }") != nil)
        #expect(cache.document(for: "{ a0 }") == nil)
    }
}
