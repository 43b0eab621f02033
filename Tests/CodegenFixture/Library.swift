import Foundation
import LanternCodegenRuntime
import LanternExecution
import Synchronization

/// What every resolver of the fixture receives.
public struct LibraryContext: Sendable {
    public var reader: String

    public init(reader: String) { self.reader = reader }
}

/// A book's typed id (config `identifiers`): `Book.id` and the arguments naming a book are this,
/// not `String`.
public struct BookID: RawRepresentable, Hashable, Sendable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// An existing Swift enum bound to GraphQL `Shelf` (config `enums`). Its cases match the
/// GraphQL values by name; its raw values are unrelated, and play no part.
public enum ShelfLocation: Int, Sendable {
    case nearWindow = 10
    case backRoom = 20
}

/// The Swift type bound to GraphQL `Book` (config `bindings`): it has what the schema reads
/// (checked by the generated `BookBinding`) and more, the author's id for the batched `author`.
public struct BookRecord: Sendable {
    public var id: BookID
    public var title: String
    public var genre: Genre
    public var publishedAt: Date?
    public var isbn: String?
    public var authorID: String
    public var shelf: ShelfLocation = .backRoom
}

/// An in-memory implementation of the generated protocols, instrumented for the consumer tests.
public final class Library: SchemaResolvers {
    private struct State {
        var books: [BookRecord]
        var authors: [Author]
        var reviews: [String: [Review]]
        var subscribers: [UUID: (Genre?, AsyncThrowingStream<BookRecord, any Error>.Continuation)] = [:]
    }

    private let state: Mutex<State>
    private let authorBatches = Mutex<[[String]]>([])
    private let latestBatches = Mutex<[(limit: Int, authors: [String])]>([])
    private let selections = Mutex<[String: [String]]>([:])

    public init() {
        state = Mutex(State(
            books: [
                BookRecord(id: BookID(rawValue: "b1"), title: "Dune", genre: .fiction,
                           publishedAt: Date(timeIntervalSince1970: -140_000_000), isbn: "9780441013593", authorID: "a1",
                           shelf: .nearWindow),
                BookRecord(id: BookID(rawValue: "b2"), title: "Cosmos", genre: .science, publishedAt: nil, isbn: nil, authorID: "a2"),
                BookRecord(id: BookID(rawValue: "b3"), title: "Children of Dune", genre: .fiction, publishedAt: nil, isbn: nil,
                           authorID: "a1"),
            ],
            authors: [Author(id: "a1", name: "Frank Herbert"), Author(id: "a2", name: "Carl Sagan")],
            reviews: ["b1": [Review(stars: 5, text: "Spice."), Review(stars: 2, text: nil)]]))
    }

    /// The parents' author ids of every `Book.author` batch, in order.
    public var authorBatchLog: [[String]] { authorBatches.withLock { $0 } }

    /// Every `Author.latestBooks` batch: its `limit` argument and its parents' ids.
    public var latestBooksBatchLog: [(limit: Int, authors: [String])] { latestBatches.withLock { $0 } }

    /// The look-ahead each root resolver saw, by field.
    public func selection(of field: String) -> [String]? { selections.withLock { $0[field] } }

    // MARK: Query

    public func book(_ arguments: QueryBookArguments, context: LibraryContext, selection: FieldSelection) async throws -> BookRecord? {
        state.withLock { $0.books.first { $0.id == arguments.id } }
    }

    public func books(_ arguments: QueryBooksArguments, context: LibraryContext, selection: FieldSelection) async throws -> [BookRecord] {
        selections.withLock { $0["books"] = selection.fieldNames }
        let books = state.withLock { $0.books }.filter { arguments.genre == nil || $0.genre == arguments.genre }
        return Array(books.prefix(max(0, arguments.first ?? 10)))
    }

    public func search(_ arguments: QuerySearchArguments, context: LibraryContext, selection: FieldSelection) async throws -> [SearchResult] {
        let text = arguments.text.lowercased()
        return state.withLock { state in
            state.books.filter { $0.title.lowercased().contains(text) }.map(SearchResult.book)
                + state.authors.filter { $0.name.lowercased().contains(text) }.map(SearchResult.author)
        }
    }

    public func node(_ arguments: QueryNodeArguments, context: LibraryContext, selection: FieldSelection) async throws -> Node? {
        state.withLock { state in
            if let book = state.books.first(where: { $0.id.rawValue == arguments.id }) { return .book(book) }
            return state.authors.first { $0.id == arguments.id }.map(Node.author)
        }
    }

    /// Cursors are the application's: here, the book's position, as text.
    public func bookPage(_ arguments: QueryBookPageArguments, context: LibraryContext,
                         selection: FieldSelection) async throws -> Connection<BookRecord> {
        let books = state.withLock { $0.books }
        let start = arguments.after.flatMap { Int($0) }.map { $0 + 1 } ?? 0
        let end = min(books.count, start + max(0, arguments.first ?? 2))
        let page = start < end ? Array(start..<end) : []
        return Connection(nodes: page.map { books[$0] }, cursors: page.map(String.init), hasNextPage: end < books.count,
                          hasPreviousPage: start > 0, totalCount: books.count)
    }

    // MARK: Mutation

    public func addBook(_ arguments: MutationAddBookArguments, context: LibraryContext, selection: FieldSelection) async throws -> BookRecord {
        let input = arguments.input
        let (book, subscribers) = try state.withLock { state in
            guard state.authors.contains(where: { $0.id == input.authorId }) else {
                throw ClientError("No author \(input.authorId).", code: "NOT_FOUND")
            }
            let book = BookRecord(id: BookID(rawValue: "b\(state.books.count + 1)"), title: input.title, genre: input.genre,
                                  publishedAt: input.publishedAt, isbn: nil, authorID: input.authorId)
            state.books.append(book)
            return (book, Array(state.subscribers.values))
        }
        for (genre, continuation) in subscribers where genre == nil || genre == book.genre { continuation.yield(book) }
        return book
    }

    public func updateBook(_ arguments: MutationUpdateBookArguments, context: LibraryContext, selection: FieldSelection) async throws -> BookRecord {
        try state.withLock { state in
            guard let index = state.books.firstIndex(where: { $0.id == arguments.id }) else {
                throw ClientError("No book \(arguments.id.rawValue).", code: "NOT_FOUND")
            }
            if case .value(let title) = arguments.input.title { state.books[index].title = title }
            switch arguments.input.publishedAt {
            case .absent: break
            case .null: state.books[index].publishedAt = nil
            case .value(let date): state.books[index].publishedAt = date
            }
            return state.books[index]
        }
    }

    public func findBook(_ arguments: MutationFindBookArguments, context: LibraryContext, selection: FieldSelection) async throws -> BookRecord? {
        state.withLock { state in
            switch arguments.by {
            case .id(let id): state.books.first { $0.id.rawValue == id }
            case .isbn(let isbn): state.books.first { $0.isbn == isbn }
            }
        }
    }

    // MARK: Subscription

    public func bookAdded(_ arguments: SubscriptionBookAddedArguments, context: LibraryContext,
                          selection: FieldSelection) async throws -> AsyncThrowingStream<BookRecord, any Error> {
        let (stream, continuation) = AsyncThrowingStream<BookRecord, any Error>.makeStream()
        let id = UUID()
        state.withLock { $0.subscribers[id] = (arguments.genre, continuation) }
        continuation.onTermination = { [weak self] _ in _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) } }
        return stream
    }

    // MARK: Objects

    public func author(of parents: [BookRecord], context: LibraryContext, selection: FieldSelection) async throws -> [Author] {
        authorBatches.withLock { $0.append(parents.map(\.authorID)) }
        let authors = state.withLock { $0.authors }
        return try parents.map { book in
            guard let author = authors.first(where: { $0.id == book.authorID }) else { throw ClientError("Missing author.") }
            return author
        }
    }

    public func reviews(of parent: BookRecord, _ arguments: BookReviewsArguments, context: LibraryContext,
                        selection: FieldSelection) async throws -> [Review] {
        state.withLock { $0.reviews[parent.id.rawValue] ?? [] }.filter { $0.stars >= (arguments.minStars ?? 1) }
    }

    public func books(of parent: Author, context: LibraryContext, selection: FieldSelection) async throws -> [BookRecord] {
        state.withLock { $0.books }.filter { $0.authorID == parent.id }
    }

    public func latestBooks(of parents: [Author], _ arguments: AuthorLatestBooksArguments, context: LibraryContext,
                            selection: FieldSelection) async throws -> [[BookRecord]] {
        let limit = arguments.limit ?? 1
        latestBatches.withLock { $0.append((limit, parents.map(\.id))) }
        let books = state.withLock { $0.books }
        return parents.map { author in Array(books.filter { $0.authorID == author.id }.reversed().prefix(limit)) }
    }
}
