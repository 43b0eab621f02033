import CodegenFixture
import Foundation
import LanternCodegenRuntime
import LanternExecution
import Testing

/// Queries, mutations and a subscription against the fixture's implementation of the protocols the
/// plugin generated from Tests/CodegenFixture/Schema at build time.
@Suite("Generated schema, end to end")
struct LibraryTests {
    let library = Library()
    let engine: GraphQLEngine<ExecutableSchema<Library>>

    init() throws {
        engine = try ExecutableSchema(library).engine()
    }

    func run(_ query: String, _ variables: JSONObject = JSONObject()) async throws -> JSONValue {
        let response = await engine.execute(GraphQLRequest(query: query, variables: variables),
                                            context: ResolverScope(LibraryContext(reader: "test")))
        var fields: [(String, JSONValue)] = [("data", try response.data.map { try JSONParser.parse($0) } ?? .null)]
        if !response.errors.isEmpty {
            fields.append(("errors", .array(response.errors.map { .string("\($0.code ?? "-"): \($0.message)") })))
        }
        return .object(JSONObject(fields))
    }

    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test func storedFieldsArgumentsScalarsAndEnums() async throws {
        let result = try await run("""
            { book(id: "b1") { id title genre publishedAt isbn reviews(minStars: 3) { stars text } }
              books(genre: FICTION) { title } }
            """)
        #expect(result == (try json("""
            {"data":{"book":{"id":"b1","title":"Dune","genre":"FICTION","publishedAt":"1965-07-25T15:06:40.000Z",
              "isbn":"9780441013593","reviews":[{"stars":5,"text":"Spice."}]},
              "books":[{"title":"Dune"},{"title":"Children of Dune"}]}}
            """)))
    }

    /// A batched field's loader must not keep the request's scope (which keeps the loader): the
    /// cycle leaked every request that used a batched field, about 15 KB each in the service.
    @Test func aRequestsScopeIsFreedAfterABatchedField() async throws {
        weak var released: ResolverScope<LibraryContext>?
        do {
            let scope = ResolverScope(LibraryContext(reader: "test"))
            released = scope
            let response = await engine.execute(GraphQLRequest(query: "{ books { title author { name } } }"), context: scope)
            #expect(response.errors.isEmpty)
        }
        #expect(released == nil)
    }

    @Test func batchedFieldLoadsEachLevelOnce() async throws {
        let result = try await run("{ books { title author { name books { title author { name } } } } }")
        #expect(result["data"]?["books"]?[arrayIndex: 1]?["author"]?["name"] == .string("Carl Sagan"))
        // Level 1: three books in one batch; level 2: the authors' books (three again) in one more.
        #expect(library.authorBatchLog.count == 2)
        #expect(library.authorBatchLog.first == ["a1", "a2", "a1"])
    }

    @Test func lookAheadSeesTheSelection() async throws {
        _ = try await run("{ books { id title author { name } } }")
        #expect(library.selection(of: "books") == ["id", "title", "author"])
    }

    @Test func interfacesAndUnionsResolveToTheirConcreteTypes() async throws {
        let result = try await run("""
            { search(text: "an") { __typename ... on Book { title } ... on Author { name } }
              node(id: "a2") { __typename id ... on Author { name } } }
            """)
        #expect(result == (try json("""
            {"data":{"search":[{"__typename":"Author","name":"Frank Herbert"},{"__typename":"Author","name":"Carl Sagan"}],
              "node":{"__typename":"Author","id":"a2","name":"Carl Sagan"}}}
            """)))
    }

    @Test func mutationsWithInputsPartialUpdatesAndOneOf() async throws {
        let added = try await run("""
            mutation { addBook(input: {title: "Contact", genre: SCIENCE, authorId: "a2", publishedAt: "1985-09-01T00:00:00Z"}) {
              id title publishedAt author { name } } }
            """)
        #expect(added["data"]?["addBook"]?["publishedAt"] == .string("1985-09-01T00:00:00.000Z"))
        #expect(added["data"]?["addBook"]?["author"]?["name"] == .string("Carl Sagan"))

        // Absent leaves a field alone; null clears it.
        let renamed = try await run(#"mutation { updateBook(id: "b1", input: {title: "Dune (1965)"}) { title publishedAt } }"#)
        #expect(renamed["data"]?["updateBook"]?["publishedAt"] != .null)
        let cleared = try await run(#"mutation { updateBook(id: "b1", input: {publishedAt: null}) { title publishedAt } }"#)
        #expect(cleared == (try json(#"{"data":{"updateBook":{"title":"Dune (1965)","publishedAt":null}}}"#)))

        let found = try await run(#"mutation { byIsbn: findBook(by: {isbn: "9780441013593"}) { id } byId: findBook(by: {id: "b2"}) { title } }"#)
        #expect(found == (try json(#"{"data":{"byIsbn":{"id":"b1"},"byId":{"title":"Cosmos"}}}"#)))

        let refused = try await run(#"mutation { addBook(input: {title: "X", genre: FICTION, authorId: "nobody"}) { id } }"#)
        #expect(refused["errors"] == .array([.string("NOT_FOUND: No author nobody.")]))
        let badDate = try await run(#"mutation { addBook(input: {title: "X", genre: FICTION, authorId: "a1", publishedAt: "yesterday"}) { id } }"#)
        #expect(badDate["data"] == .null && badDate["errors"] != nil)
    }

    @Test func subscriptionStreamsGeneratedValues() async throws {
        let subscription = await engine.subscribe(
            GraphQLRequest(query: "subscription { bookAdded(genre: SCIENCE) { title genre author { name } } }"),
            context: ResolverScope(LibraryContext(reader: "subscriber")))
        guard case .stream(let stream) = subscription else {
            Issue.record("expected a stream, got \(subscription)")
            return
        }
        _ = try await run(#"mutation { addBook(input: {title: "Ignored", genre: FICTION, authorId: "a1"}) { id } }"#)
        _ = try await run(#"mutation { addBook(input: {title: "Pale Blue Dot", genre: SCIENCE, authorId: "a2"}) { id } }"#)
        var iterator = stream.makeAsyncIterator()
        let first = try #require(await iterator.next())
        #expect(String(decoding: try #require(first.data), as: UTF8.self)
            == #"{"bookAdded":{"title":"Pale Blue Dot","genre":"SCIENCE","author":{"name":"Carl Sagan"}}}"#)
    }

    @Test func boundEnumsMapByCaseNameNotRawValue() async throws {
        let result = try await run(#"{ book(id: "b1") { shelf } books(genre: SCIENCE) { shelf } }"#)
        #expect(result == (try json(#"{"data":{"book":{"shelf":"NEAR_WINDOW"},"books":[{"shelf":"BACK_ROOM"}]}}"#)))
        #expect(ShelfBinding.value(named: "BACK_ROOM") == .backRoom)
        #expect(ShelfBinding.value(named: "20") == nil)
    }

    @Test func typedIdentifiersTravelAsStrings() async throws {
        let arguments = try QueryBookArguments(JSONObject([("id", .string("b2"))]))
        let id: BookID = arguments.id
        #expect(id == BookID(rawValue: "b2"))
        let result = try await run(#"mutation { updateBook(id: "b2", input: {title: "Cosmos!"}) { id title } }"#)
        #expect(result == (try json(#"{"data":{"updateBook":{"id":"b2","title":"Cosmos!"}}}"#)))
    }

    @Test func connectionsAreGeneratedFromTheNodeType() async throws {
        // BookConnection, BookEdge and PageInfo are not in the SDL files: the config adds them.
        #expect(!GeneratedSchema.sdl.contains("type BookConnection") || GeneratedSchema.sdl.contains("A page of Book items."))
        let schema = try GeneratedSchema.build()
        #expect(schema.type(named: "BookEdge")?.fields.map(\.name) == ["cursor", "node"])
        let first = try await run("{ bookPage { totalCount edges { cursor node { title } } pageInfo { hasNextPage endCursor } } }")
        #expect(first == (try json("""
            {"data":{"bookPage":{"totalCount":3,"edges":[{"cursor":"0","node":{"title":"Dune"}},{"cursor":"1","node":{"title":"Cosmos"}}],
              "pageInfo":{"hasNextPage":true,"endCursor":"1"}}}}
            """)))
        let next = try await run(#"{ bookPage(after: "1") { edges { node { title } } pageInfo { hasNextPage hasPreviousPage startCursor } } }"#)
        #expect(next == (try json("""
            {"data":{"bookPage":{"edges":[{"node":{"title":"Children of Dune"}}],
              "pageInfo":{"hasNextPage":false,"hasPreviousPage":true,"startCursor":"2"}}}}
            """)))
    }

    @Test func batchedFieldsWithArgumentsBatchPerArgumentSet() async throws {
        let result = try await run("""
            { books { author { one: latestBooks { title } two: latestBooks(limit: 2) { title } again: latestBooks(limit: 1) { title } } } }
            """)
        #expect(result["data"]?["books"]?[arrayIndex: 0]?["author"]?["two"]
            == (try json(#"[{"title":"Children of Dune"},{"title":"Dune"}]"#)))
        #expect(result["data"]?["books"]?[arrayIndex: 0]?["author"]?["one"] == (try json(#"[{"title":"Children of Dune"}]"#)))
        // `one` (the default, 1) and `again` (1 given) coerce to the same arguments and share a
        // batch of six positions (three authors, twice); `two` has its own of three.
        let batches = library.latestBooksBatchLog.sorted { $0.limit < $1.limit }
        #expect(batches.count == 2)
        #expect(batches.map(\.limit) == [1, 2])
        #expect(batches.first?.authors.sorted() == ["a1", "a1", "a1", "a1", "a2", "a2"], "\(batches)")
        #expect(batches.last?.authors.sorted() == ["a1", "a1", "a2"], "\(batches)")
    }

    @Test func theGeneratedSDLIsTheSchemaFiles() throws {
        #expect(GeneratedSchema.sdl.contains("input BookLookup @oneOf"))
        #expect(Genre(rawValue: "HISTORY") != nil)
        let update = UpdateBookInput(title: .value("t"))
        #expect(update.publishedAt.isAbsent)
    }
}

extension JSONValue {
    subscript(arrayIndex index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }
}
