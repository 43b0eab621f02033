import Synchronization
import Testing
@testable import LanternExecution

// Tests for resumable execution: every resolver of a request runs exactly once per (object,
// field), a batch loader sees each parent once, a masked error is reported once, and response
// order, null propagation across passes, serial mutations and one batch per level are kept.
// They use only the public API (Resolvers, Resolution, BatchLoader, Execution.execute).

// MARK: - Harness

/// An object of these fixtures: its concrete type name and an id.
struct RXObject: Sendable, Hashable {
    let type: String
    let id: String

    init(_ type: String, _ id: String) {
        self.type = type
        self.id = id
    }
}

/// The value type of the fixtures' resolvers.
enum RXValue: Sendable {
    case object(RXObject)
    case list([RXValue])
    case leaf(JSONValue)
    case null

    static func string(_ text: String) -> RXValue { .leaf(.string(text)) }
    static func int(_ number: Int) -> RXValue { .leaf(.int(number)) }
}

/// One field's resolver: the parent object and the coerced arguments.
typealias RXField = @Sendable (RXObject, JSONObject) throws -> Resolution<RXValue>

/// Everything a test observes: resolver calls per "Type.field", a log of events, masked errors
/// as reported to `onInternalError`, and what loaders were given.
final class RXRecorder: Sendable {
    private struct State {
        var calls: [String: Int] = [:]
        var log: [String] = []
        var internalErrors: [String] = []
        /// Per loader, the keys (or parent ids) of each call of its load function, sorted.
        var batches: [String: [[String]]] = [:]
        /// Per loader, every parent handed to it by a resolver (in call order).
        var registrations: [String: [String]] = [:]
    }

    private let state = Mutex(State())

    func call(_ key: String) { state.withLock { $0.calls[key, default: 0] += 1 } }
    func record(_ entry: String) { state.withLock { $0.log.append(entry) } }
    func internalError(_ entry: String) { state.withLock { $0.internalErrors.append(entry) } }
    func batch(_ loader: String, _ keys: [String]) { state.withLock { $0.batches[loader, default: []].append(keys.sorted()) } }
    func register(_ loader: String, _ key: String) { state.withLock { $0.registrations[loader, default: []].append(key) } }

    var calls: [String: Int] { state.withLock { $0.calls } }
    var log: [String] { state.withLock { $0.log } }
    var internalErrors: [String] { state.withLock { $0.internalErrors } }
    var batches: [String: [[String]]] { state.withLock { $0.batches } }
    var registrations: [String: [String]] { state.withLock { $0.registrations } }
}

/// Resolvers that dispatch on "Type.field" of the parent object and count every call.
/// A field without an entry resolves `id` to the object's id and throws otherwise.
struct RXResolvers: Resolvers {
    typealias Source = RXValue
    typealias Context = Void

    let fields: [String: RXField]
    let recorder: RXRecorder

    func resolve(_ info: ResolveInfo, source: RXValue, arguments: JSONObject, context: Void) throws -> Resolution<RXValue> {
        guard case .object(let object) = source else { throw ClientError("resolved \(info.fieldName) on a non-object", code: "TEST") }
        let key = "\(object.type).\(info.fieldName)"
        recorder.call(key)
        if let field = fields[key] { return try field(object, arguments) }
        if info.fieldName == "id" { return .value(.string(object.id)) }
        throw ClientError("no resolver for \(key)", code: "TEST")
    }

    func typeName(of value: RXValue, abstractType: SchemaType) throws -> String? {
        recorder.call("typeName(\(abstractType.name))")
        if case .object(let object) = value { return object.type }
        return nil
    }

    func view(_ value: RXValue) -> ValueView {
        switch value {
        case .null: return .null
        case .list(let items): return .list(count: items.count)
        default: return .value
        }
    }

    func element(of list: RXValue, at index: Int) -> RXValue {
        if case .list(let items) = list { return items[index] }
        return .null
    }

    func leafValue(_ value: RXValue) -> JSONValue {
        if case .leaf(let json) = value { return json }
        return .null
    }
}

/// Loads many parents at once in the style of the generated code's parent batches: each parent
/// handed to `value(for:)` gets a fresh ticket and joins the next batch, so a parent handed over
/// twice would be loaded twice. Records every registration and every batch in the recorder.
final class RXParentLoader<Value: Sendable>: Sendable {
    private final class Tickets: Sendable {
        let parents = Mutex<[Int: RXObject]>([:])
        let next = Atomic<Int>(0)
    }

    private let name: String
    private let recorder: RXRecorder
    private let tickets: Tickets
    private let loader: BatchLoader<Int, Value>

    init(_ name: String, recorder: RXRecorder, load: @escaping @Sendable ([RXObject]) async throws -> [Value]) {
        let tickets = Tickets()
        self.name = name
        self.recorder = recorder
        self.tickets = tickets
        self.loader = BatchLoader { keys in
            let parents = tickets.parents.withLock { table in keys.map { table[$0]! } }
            recorder.batch(name, parents.map(\.id))
            let values = try await load(parents)
            return Dictionary(uniqueKeysWithValues: zip(keys, values))
        }
    }

    var batchCount: Int { loader.batchCount }

    func value(for parent: RXObject) -> @Sendable () async throws -> Value {
        let ticket = tickets.next.add(1, ordering: .relaxed).newValue
        tickets.parents.withLock { $0[ticket] = parent }
        recorder.register(name, parent.id)
        let work = loader.enqueue(ticket)
        return {
            guard let value = try await work() else { throw ClientError("no value loaded", code: "TEST") }
            return value
        }
    }
}

/// A failure that is not a `PublicError`: masked as "Internal server error".
struct RXDiskFailure: Error, CustomStringConvertible {
    var description: String { "disk on fire at sector 7" }
}

func rxSleep(milliseconds: Int) async throws {
    if milliseconds > 0 { try await Task.sleep(nanoseconds: UInt64(milliseconds) * 1_000_000) }
}

func rxPath(_ path: [PathComponent]) -> String {
    path.map { component in
        switch component {
        case .key(let key): return key
        case .index(let index): return String(index)
        }
    }.joined(separator: ".")
}

/// Validates and executes `query` over the root object of type `root`.
func rxExecute(_ sdl: String, _ query: String, root: String = "Query", fields: [String: RXField],
               recorder: RXRecorder) async throws -> ExecutionResponse {
    let schema = try Schema.build(sdl: sdl)
    let document = try Parser.parse(query)
    let problems = Validator.validate(document, schema: schema, options: .specifiedRulesOnly)
    #expect(problems.isEmpty, "invalid test document: \(problems.map(\.message))")
    return await Execution.execute(schema: schema, document: document, root: .object(RXObject(root, root)),
                                   resolvers: RXResolvers(fields: fields, recorder: recorder), context: (),
                                   onInternalError: { error, path in
                                       recorder.internalError("\(type(of: error)) at \(rxPath(path))")
                                   })
}

extension ExecutionResponse {
    /// The whole response as text.
    var rxText: String { String(decoding: json, as: UTF8.self) }
    /// `data` as text ("null" when null).
    var rxData: String { data.map { String(decoding: $0, as: UTF8.self) } ?? "null" }
    /// Each error as JSON text, sorted (for responses with several errors, whose order may
    /// follow completion order).
    var rxErrors: [String] {
        errors.map { error in
            var writer = JSONWriter()
            ResponseWriter.writeError(error, into: &writer)
            return String(decoding: writer.bytes, as: UTF8.self)
        }.sorted()
    }
}

// MARK: - Fixture: shelves, books, authors (four levels, two of them batched)

private let shelfSDL = """
type Query { shelves: [Shelf!]! }
type Shelf { id: ID! label: String audit: String inventory: Int books: [Book!]! }
type Book { id: ID! title: String! stock: Int author: Author }
type Author { id: ID! name: String! bio: String }
"""

/// shelves s1 [b1 b2], s2 [b3], s3 [b4 b5 b6]; book bN has author aN except b3 (no author).
private let shelfBooks: [String: [String]] = ["s1": ["b1", "b2"], "s2": ["b3"], "s3": ["b4", "b5", "b6"]]

/// Level 1: `Query.shelves` (pending). Level 2: `Shelf.books` through a parent loader, each
/// shelf's result arriving at a different time (s1 last). Level 3: `Book.stock` through a parent
/// loader and `Book.author` through a keyed `BatchLoader`. Level 4: `Author.bio` (pending).
/// `Shelf.audit` throws (sync) for s2; `Shelf.inventory` fails (pending) for s1 and s3.
private func shelfFields(_ recorder: RXRecorder) -> [String: RXField] {
    let books = RXParentLoader<[String]>("books", recorder: recorder) { shelves in
        try await rxSleep(milliseconds: 2)
        return shelves.map { shelfBooks[$0.id] ?? [] }
    }
    let stock = RXParentLoader<Int>("stock", recorder: recorder) { books in
        try await rxSleep(milliseconds: 2)
        return books.map { Int($0.id.dropFirst())! * 10 }
    }
    let authors = BatchLoader<String, String> { keys in
        recorder.batch("authors", keys)
        try await rxSleep(milliseconds: 2)
        var found: [String: String] = [:]
        for key in keys where key != "b3" { found[key] = "a" + key.dropFirst() }
        return found
    }
    let shelfDelay = ["s1": 20, "s2": 10, "s3": 0]
    return [
        "Query.shelves": { _, _ in
            .pending {
                try await rxSleep(milliseconds: 2)
                return .list(["s1", "s2", "s3"].map { .object(RXObject("Shelf", $0)) })
            }
        },
        "Shelf.label": { shelf, _ in .value(.string("Shelf \(shelf.id)")) },
        "Shelf.audit": { shelf, _ in
            if shelf.id == "s2" { throw RXDiskFailure() }
            return .value(.string("checked \(shelf.id)"))
        },
        "Shelf.inventory": { shelf, _ in
            .pending {
                try await rxSleep(milliseconds: 1)
                if shelf.id != "s2" { throw RXDiskFailure() }
                return .int(shelfBooks[shelf.id]!.count)
            }
        },
        "Shelf.books": { shelf, _ in
            let work = books.value(for: shelf)
            return .pending {
                let ids = try await work()
                try await rxSleep(milliseconds: shelfDelay[shelf.id]!)
                recorder.record("books of \(shelf.id)")
                return .list(ids.map { .object(RXObject("Book", $0)) })
            }
        },
        "Book.title": { book, _ in .value(.string("Title \(book.id)")) },
        "Book.stock": { book, _ in
            let work = stock.value(for: book)
            return .pending { .int(try await work()) }
        },
        "Book.author": { book, _ in
            let work = authors.enqueue(book.id)
            return .pending {
                guard let author = try await work() else { return .null }
                return .object(RXObject("Author", author))
            }
        },
        "Author.name": { author, _ in .value(.string("Author \(author.id)")) },
        "Author.bio": { author, _ in
            .pending {
                try await rxSleep(milliseconds: 1)
                return .string("Bio \(author.id)")
            }
        },
    ]
}

private let fullShelvesQuery = "{ shelves { id label books { id title stock author { id name bio } } } }"

private let fullShelvesData = #"{"shelves":["#
    + #"{"id":"s1","label":"Shelf s1","books":["#
    + #"{"id":"b1","title":"Title b1","stock":10,"author":{"id":"a1","name":"Author a1","bio":"Bio a1"}},"#
    + #"{"id":"b2","title":"Title b2","stock":20,"author":{"id":"a2","name":"Author a2","bio":"Bio a2"}}]},"#
    + #"{"id":"s2","label":"Shelf s2","books":["#
    + #"{"id":"b3","title":"Title b3","stock":30,"author":null}]},"#
    + #"{"id":"s3","label":"Shelf s3","books":["#
    + #"{"id":"b4","title":"Title b4","stock":40,"author":{"id":"a4","name":"Author a4","bio":"Bio a4"}},"#
    + #"{"id":"b5","title":"Title b5","stock":50,"author":{"id":"a5","name":"Author a5","bio":"Bio a5"}},"#
    + #"{"id":"b6","title":"Title b6","stock":60,"author":{"id":"a6","name":"Author a6","bio":"Bio a6"}}]}]}"#

// MARK: - Tests

@Suite("Resumable execution")
struct ResumableExecutionTests {
    // 1
    @Test("every resolver of a four-level asynchronous query runs once per position in the response")
    func resolverCallsMatchPositions() async throws {
        let recorder = RXRecorder()
        let response = try await rxExecute(shelfSDL, fullShelvesQuery, fields: shelfFields(recorder), recorder: recorder)
        #expect(response.rxText == #"{"data":"# + fullShelvesData + "}")
        // 3 shelves, 6 books, 5 authors (b3 has none).
        #expect(recorder.calls == [
            "Query.shelves": 1,
            "Shelf.id": 3, "Shelf.label": 3, "Shelf.books": 3,
            "Book.id": 6, "Book.title": 6, "Book.stock": 6, "Book.author": 6,
            "Author.id": 5, "Author.name": 5, "Author.bio": 5,
        ])
    }

    // 2
    @Test("each loader gets one batch per level holding every parent of that level exactly once")
    func batchContents() async throws {
        let recorder = RXRecorder()
        let response = try await rxExecute(shelfSDL, fullShelvesQuery, fields: shelfFields(recorder), recorder: recorder)
        #expect(response.rxText == #"{"data":"# + fullShelvesData + "}")
        // The shelves' books arrive 0, 10 and 20 ms apart; the level-3 loaders still get one batch.
        let log = recorder.log
        #expect(log.firstIndex(of: "books of s3")! < log.firstIndex(of: "books of s1")!)
        let batches = recorder.batches
        #expect(batches["books"] == [["s1", "s2", "s3"]])
        #expect(batches["stock"] == [["b1", "b2", "b3", "b4", "b5", "b6"]])
        #expect(batches["authors"] == [["b1", "b2", "b3", "b4", "b5", "b6"]])
        // A parent loader is handed each parent once: nothing is registered that is not loaded,
        // and nothing twice.
        let registrations = recorder.registrations
        #expect(registrations["books"]?.sorted() == ["s1", "s2", "s3"])
        #expect(registrations["stock"]?.sorted() == ["b1", "b2", "b3", "b4", "b5", "b6"])
    }

    // 3
    @Test("a masked error on the second level is in the response and reported to the host once per failing position")
    func maskedErrorsReportedOnce() async throws {
        let recorder = RXRecorder()
        let query = "{ shelves { id audit inventory books { id author { name bio } } } }"
        let response = try await rxExecute(shelfSDL, query, fields: shelfFields(recorder), recorder: recorder)
        #expect(response.rxData == #"{"shelves":["#
            + #"{"id":"s1","audit":"checked s1","inventory":null,"books":["#
            + #"{"id":"b1","author":{"name":"Author a1","bio":"Bio a1"}},{"id":"b2","author":{"name":"Author a2","bio":"Bio a2"}}]},"#
            + #"{"id":"s2","audit":null,"inventory":1,"books":[{"id":"b3","author":null}]},"#
            + #"{"id":"s3","audit":"checked s3","inventory":null,"books":["#
            + #"{"id":"b4","author":{"name":"Author a4","bio":"Bio a4"}},{"id":"b5","author":{"name":"Author a5","bio":"Bio a5"}},"#
            + #"{"id":"b6","author":{"name":"Author a6","bio":"Bio a6"}}]}]}"#)
        #expect(response.rxErrors == [
            #"{"message":"Internal server error","locations":[{"line":1,"column":16}],"path":["shelves",1,"audit"],"extensions":{"code":"INTERNAL"}}"#,
            #"{"message":"Internal server error","locations":[{"line":1,"column":22}],"path":["shelves",0,"inventory"],"extensions":{"code":"INTERNAL"}}"#,
            #"{"message":"Internal server error","locations":[{"line":1,"column":22}],"path":["shelves",2,"inventory"],"extensions":{"code":"INTERNAL"}}"#,
        ])
        #expect(!response.rxText.contains("disk on fire"))
        #expect(recorder.internalErrors.sorted() == [
            "RXDiskFailure at shelves.0.inventory",
            "RXDiskFailure at shelves.1.audit",
            "RXDiskFailure at shelves.2.inventory",
        ])
        #expect(recorder.calls["Shelf.audit"] == 3)
        #expect(recorder.calls["Shelf.inventory"] == 3)
    }

    // 4
    @Test("a non-null field failing in a later pass nulls its nullable parent completed in an earlier pass")
    func nullPropagationAcrossPasses() async throws {
        let sdl = """
        type Query { shelves: [Shelf!]! motto: String }
        type Shelf { id: ID! owner: Person }
        type Person { name: String email: String! nickname: String pet: Pet }
        type Pet { name: String }
        """
        let recorder = RXRecorder()
        let fields: [String: RXField] = [
            "Query.motto": { _, _ in .value(.string("read more")) },
            "Query.shelves": { _, _ in
                .pending { .list(["s1", "s2", "s3"].map { .object(RXObject("Shelf", $0)) }) }
            },
            "Shelf.owner": { shelf, _ in
                .pending {
                    try await rxSleep(milliseconds: 1)
                    return .object(RXObject("Person", "p" + shelf.id.dropFirst()))
                }
            },
            "Person.name": { person, _ in .value(.string("Person \(person.id)")) },
            "Person.email": { person, _ in
                .pending {
                    try await rxSleep(milliseconds: 2)
                    if person.id == "p2" { throw ClientError("email unavailable", code: "UNAVAILABLE") }
                    return .string("\(person.id)@example.com")
                }
            },
            // Finishes after p2's email failed.
            "Person.nickname": { person, _ in
                .pending {
                    try await rxSleep(milliseconds: 15)
                    return .string("nick \(person.id)")
                }
            },
            "Person.pet": { person, _ in .pending { .object(RXObject("Pet", "pet-\(person.id)")) } },
            "Pet.name": { pet, _ in
                .pending {
                    try await rxSleep(milliseconds: 5)
                    return .string("Name \(pet.id)")
                }
            },
        ]
        let query = "{ motto shelves { id owner { name email nickname pet { name } } } }"
        let response = try await rxExecute(sdl, query, fields: fields, recorder: recorder)
        #expect(response.rxText == #"{"data":{"motto":"read more","shelves":["#
            + #"{"id":"s1","owner":{"name":"Person p1","email":"p1@example.com","nickname":"nick p1","pet":{"name":"Name pet-p1"}}},"#
            + #"{"id":"s2","owner":null},"#
            + #"{"id":"s3","owner":{"name":"Person p3","email":"p3@example.com","nickname":"nick p3","pet":{"name":"Name pet-p3"}}}]},"#
            + #""errors":[{"message":"email unavailable","locations":[{"line":1,"column":35}],"path":["shelves",1,"owner","email"],"extensions":{"code":"UNAVAILABLE"}}]}"#)
    }

    // 4 (through a non-null list item)
    @Test("a failure deep in an asynchronous subtree propagates through [Item!]! to the nearest nullable field")
    func nullPropagationThroughNonNullList() async throws {
        let sdl = """
        type Query { catalogs: [Catalog!]! }
        type Catalog { id: ID! name: String featured: Rack }
        type Rack { label: String items: [Item!]! }
        type Item { id: ID! code: String! }
        """
        let recorder = RXRecorder()
        let fields: [String: RXField] = [
            "Query.catalogs": { _, _ in
                .pending { .list(["c1", "c2", "c3"].map { .object(RXObject("Catalog", $0)) }) }
            },
            "Catalog.name": { catalog, _ in .value(.string("Catalog \(catalog.id)")) },
            "Catalog.featured": { catalog, _ in
                .pending {
                    try await rxSleep(milliseconds: 1)
                    return .object(RXObject("Rack", "r" + catalog.id.dropFirst()))
                }
            },
            "Rack.label": { rack, _ in .value(.string("Rack \(rack.id)")) },
            "Rack.items": { rack, _ in
                .pending { .list(["a", "b", "c"].map { .object(RXObject("Item", rack.id + $0)) }) }
            },
            "Item.code": { item, _ in
                .pending {
                    try await rxSleep(milliseconds: item.id == "r2b" ? 1 : 5)
                    if item.id == "r2b" { throw ClientError("no code for r2b", code: "NOT_FOUND") }
                    return .string("code-\(item.id)")
                }
            },
        ]
        let query = "{ catalogs { id name featured { label items { id code } } } }"
        let response = try await rxExecute(sdl, query, fields: fields, recorder: recorder)
        #expect(response.rxText == #"{"data":{"catalogs":["#
            + #"{"id":"c1","name":"Catalog c1","featured":{"label":"Rack r1","items":[{"id":"r1a","code":"code-r1a"},{"id":"r1b","code":"code-r1b"},{"id":"r1c","code":"code-r1c"}]}},"#
            + #"{"id":"c2","name":"Catalog c2","featured":null},"#
            + #"{"id":"c3","name":"Catalog c3","featured":{"label":"Rack r3","items":[{"id":"r3a","code":"code-r3a"},{"id":"r3b","code":"code-r3b"},{"id":"r3c","code":"code-r3c"}]}}]},"#
            + #""errors":[{"message":"no code for r2b","locations":[{"line":1,"column":50}],"path":["catalogs",1,"featured","items",1,"code"],"extensions":{"code":"NOT_FOUND"}}]}"#)
    }

    // 5
    @Test("the response follows document order when asynchronous work of one level finishes in reverse order")
    func documentOrder() async throws {
        let sdl = """
        type Query { slow: Box middle: Box fast: Box boxes: [Box!]! }
        type Box { id: ID! note: String }
        """
        let recorder = RXRecorder()
        func root(_ name: String, _ delay: Int) -> RXField {
            { _, _ in
                .pending {
                    try await rxSleep(milliseconds: delay)
                    recorder.record("root \(name)")
                    return .object(RXObject("Box", name))
                }
            }
        }
        let noteDelay = ["slow": 0, "middle": 10, "fast": 20, "q1": 40, "q2": 30, "q3": 20, "q4": 0]
        let fields: [String: RXField] = [
            "Query.slow": root("slow", 50),
            "Query.middle": root("middle", 25),
            "Query.fast": root("fast", 0),
            "Query.boxes": { _, _ in
                .pending { .list(["q1", "q2", "q3", "q4"].map { .object(RXObject("Box", $0)) }) }
            },
            "Box.note": { box, _ in
                .pending {
                    try await rxSleep(milliseconds: noteDelay[box.id]!)
                    recorder.record("note \(box.id)")
                    return .string("note \(box.id)")
                }
            },
        ]
        let query = "{ slow { id note } middle { id note } fast { id note } later: boxes { id note } }"
        let response = try await rxExecute(sdl, query, fields: fields, recorder: recorder)
        #expect(response.rxText == #"{"data":{"#
            + #""slow":{"id":"slow","note":"note slow"},"middle":{"id":"middle","note":"note middle"},"fast":{"id":"fast","note":"note fast"},"#
            + #""later":[{"id":"q1","note":"note q1"},{"id":"q2","note":"note q2"},{"id":"q3","note":"note q3"},{"id":"q4","note":"note q4"}]}}"#)
        let log = recorder.log
        #expect(log.firstIndex(of: "root fast")! < log.firstIndex(of: "root middle")!)
        #expect(log.firstIndex(of: "root middle")! < log.firstIndex(of: "root slow")!)
        #expect(log.firstIndex(of: "note q4")! < log.firstIndex(of: "note q1")!)
        #expect(recorder.calls == ["Query.slow": 1, "Query.middle": 1, "Query.fast": 1, "Query.boxes": 1, "Box.id": 7, "Box.note": 7])
    }

    // 6
    @Test("each mutation root field and its whole asynchronous subtree finish before the next root field starts")
    func serialMutationSubtrees() async throws {
        let recorder = RXRecorder()
        let query = #"mutation { first: create(name: "A") { name detail { note } } second: create(name: "B") { name detail { note } } }"#
        let response = try await rxExecute(mutationSDL, query, root: "Mutation", fields: mutationFields(recorder), recorder: recorder)
        #expect(response.rxText == #"{"data":{"first":{"name":"A","detail":{"note":"note of A"}},"second":{"name":"B","detail":{"note":"note of B"}}}}"#)
        let log = recorder.log
        // Ordering: all of A's subtree (two pending levels below the root field) before B starts.
        #expect(log.lastIndex(of: "note A")! < log.firstIndex(of: "resolve create B")!)
        // Exactly: each resolver ran once.
        #expect(log == [
            "resolve create A", "start create A", "end create A", "detail A", "note A",
            "resolve create B", "start create B", "end create B", "detail B", "note B",
        ])
        #expect(recorder.calls == ["Mutation.create": 2, "Thing.name": 2, "Thing.detail": 2, "Detail.note": 2])
    }

    // 6 (failing non-null root field)
    @Test("a failing non-null mutation root field stops the later root fields and nulls data")
    func failingNonNullMutationStops() async throws {
        let recorder = RXRecorder()
        let query = #"mutation { first: createStrict(name: "X") { name } second: create(name: "B") { name } }"#
        let response = try await rxExecute(mutationSDL, query, root: "Mutation", fields: mutationFields(recorder), recorder: recorder)
        #expect(response.rxText == #"{"data":null,"errors":[{"message":"cannot create X","locations":[{"line":1,"column":12}],"path":["first"],"extensions":{"code":"CONFLICT"}}]}"#)
        #expect(recorder.calls["Mutation.create"] == nil)
        #expect(recorder.calls["Mutation.createStrict"] == 1)
        #expect(!recorder.log.contains("resolve create B"))
    }

    // 6 (non-null failure deep in the root field's asynchronous subtree)
    @Test("a non-null failure in a mutation root field's asynchronous subtree stops the later root fields")
    func failingSubtreeOfNonNullMutationStops() async throws {
        let recorder = RXRecorder()
        let query = #"mutation { first: createStrict(name: "Y") { name check } second: create(name: "B") { name } }"#
        let response = try await rxExecute(mutationSDL, query, root: "Mutation", fields: mutationFields(recorder), recorder: recorder)
        #expect(response.rxText == #"{"data":null,"errors":[{"message":"check failed for Y","locations":[{"line":1,"column":50}],"path":["first","check"],"extensions":{"code":"CONFLICT"}}]}"#)
        #expect(recorder.calls["Mutation.create"] == nil)
        #expect(recorder.calls["Mutation.createStrict"] == 1)
        #expect(recorder.calls["Thing.check"] == 1)
        #expect(!recorder.log.contains("resolve create B"))
    }

    // 7
    @Test("synchronous resolvers under asynchronous parents run once; abstract fields resolved in a pending pass complete")
    func syncUnderAsyncAndAbstractTypes() async throws {
        let sdl = """
        type Query { feed: [Media!]! search(term: String!): [Hit] }
        interface Media { id: ID! title: String }
        type Article implements Media { id: ID! title: String words: Int related: Media }
        type Video implements Media { id: ID! title: String seconds: Int channel: Channel }
        type Channel { name: String }
        union Hit = Article | Channel
        """
        let recorder = RXRecorder()
        let fields: [String: RXField] = [
            "Query.feed": { _, _ in
                .pending {
                    try await rxSleep(milliseconds: 1)
                    return .list([.object(RXObject("Article", "a1")), .object(RXObject("Video", "v1")), .object(RXObject("Article", "a2"))])
                }
            },
            "Query.search": { _, arguments in
                guard case .string(let term)? = arguments["term"] else { throw ClientError("term", code: "TEST") }
                return .pending {
                    .list([.object(RXObject("Channel", "ch2-\(term)")), .object(RXObject("Article", "a3")), .null])
                }
            },
            "Article.title": { article, _ in .value(.string("Title \(article.id)")) },
            "Article.words": { article, _ in .value(.int(article.id == "a1" ? 100 : 200)) },
            "Article.related": { article, _ in
                .pending {
                    try await rxSleep(milliseconds: 1)
                    return article.id == "a1" ? .object(RXObject("Video", "v9")) : .null
                }
            },
            "Video.title": { video, _ in .value(.string("Title \(video.id)")) },
            "Video.seconds": { video, _ in .value(.int(video.id == "v1" ? 10 : 90)) },
            "Video.channel": { _, _ in .pending { .object(RXObject("Channel", "ch1")) } },
            "Channel.name": { channel, _ in .value(.string("Channel \(channel.id)")) },
        ]
        let query = #"{ feed { __typename id title ... on Article { words related { __typename id ... on Video { seconds } } } ... on Video { seconds channel { name } } } search(term: "x") { __typename ... on Channel { name } ... on Article { title } } }"#
        let response = try await rxExecute(sdl, query, fields: fields, recorder: recorder)
        #expect(response.rxText == #"{"data":{"feed":["#
            + #"{"__typename":"Article","id":"a1","title":"Title a1","words":100,"related":{"__typename":"Video","id":"v9","seconds":90}},"#
            + #"{"__typename":"Video","id":"v1","title":"Title v1","seconds":10,"channel":{"name":"Channel ch1"}},"#
            + #"{"__typename":"Article","id":"a2","title":"Title a2","words":200,"related":null}],"#
            + #""search":[{"__typename":"Channel","name":"Channel ch2-x"},{"__typename":"Article","title":"Title a3"},null]}}"#)
        #expect(recorder.calls == [
            "Query.feed": 1, "Query.search": 1,
            "Article.id": 2, "Article.title": 3, "Article.words": 2, "Article.related": 2,
            "Video.id": 2, "Video.title": 1, "Video.seconds": 2, "Video.channel": 1,
            "Channel.name": 2,
            // One abstract type resolution per non-null abstract position.
            "typeName(Media)": 4, "typeName(Hit)": 2,
        ])
    }
}

// MARK: - Fixture: serial mutations

private let mutationSDL = """
type Query { noop: String }
type Mutation { create(name: String!): Thing createStrict(name: String!): Thing! }
type Thing { name: String! check: String! detail: Detail }
type Detail { note: String! }
"""

/// `create`/`createStrict` log their synchronous call, then start and end of their pending work;
/// `Thing.detail` and `Detail.note` are pending (two levels below the root field).
/// `createStrict(name: "X")` fails; `Thing.check` fails for "Y".
private func mutationFields(_ recorder: RXRecorder) -> [String: RXField] {
    let create: RXField = { _, arguments in
        guard case .string(let name)? = arguments["name"] else { throw ClientError("name", code: "TEST") }
        recorder.record("resolve create \(name)")
        return .pending {
            recorder.record("start create \(name)")
            try await rxSleep(milliseconds: 5)
            if name == "X" { throw ClientError("cannot create X", code: "CONFLICT") }
            recorder.record("end create \(name)")
            return .object(RXObject("Thing", name))
        }
    }
    return [
        "Mutation.create": create,
        "Mutation.createStrict": create,
        "Thing.name": { thing, _ in .value(.string(thing.id)) },
        "Thing.check": { thing, _ in
            .pending {
                try await rxSleep(milliseconds: 3)
                if thing.id == "Y" { throw ClientError("check failed for Y", code: "CONFLICT") }
                return .string("ok")
            }
        },
        "Thing.detail": { thing, _ in
            .pending {
                try await rxSleep(milliseconds: 3)
                recorder.record("detail \(thing.id)")
                return .object(RXObject("Detail", thing.id))
            }
        },
        "Detail.note": { detail, _ in
            .pending {
                try await rxSleep(milliseconds: 3)
                recorder.record("note \(detail.id)")
                return .string("note of \(detail.id)")
            }
        },
    ]
}
