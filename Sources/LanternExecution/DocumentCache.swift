import Synchronization
import LanternLanguage
import LanternSchema
import LanternValidation

/// A bounded LRU of parsed and validated documents, keyed by the query text (its hash, then
/// the text itself to rule out collisions). A repeated query skips parsing and validation.
public final class DocumentCache: Sendable {
    private struct Entry {
        var text: String
        var prepared: PreparedDocument
        var lastUse: UInt64
    }

    private struct State {
        var entries: [Int: [Entry]] = [:]
        var count = 0
        var clock: UInt64 = 0
        var hits = 0
        var misses = 0
    }

    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int = 1_000) {
        self.capacity = capacity
    }

    /// (hits, misses) since creation.
    public var statistics: (hits: Int, misses: Int) {
        state.withLock { ($0.hits, $0.misses) }
    }

    public func document(for text: String) -> Document? {
        prepared(for: text)?.document
    }

    /// The prepared document (with its operations' limit measures) cached for `text`.
    public func prepared(for text: String) -> PreparedDocument? {
        let key = text.hashValue
        return state.withLock { state in
            state.clock += 1
            guard let index = state.entries[key]?.firstIndex(where: { $0.text == text }) else {
                state.misses += 1
                return nil
            }
            state.hits += 1
            state.entries[key]![index].lastUse = state.clock
            return state.entries[key]![index].prepared
        }
    }

    public func store(_ document: Document, for text: String) {
        store(PreparedDocument(document: document, analyses: [:]), for: text)
    }

    /// Keeps `prepared` for `text`, unless a request that missed at the same time stored one
    /// first: returns the one kept, so that both execute (and cache plans) on the same document.
    @discardableResult
    public func store(_ prepared: PreparedDocument, for text: String) -> PreparedDocument {
        let key = text.hashValue
        return state.withLock { state in
            state.clock += 1
            if let existing = state.entries[key]?.first(where: { $0.text == text }) { return existing.prepared }
            if state.count >= capacity, let oldest = state.entries.min(by: { lhs, rhs in
                (lhs.value.map(\.lastUse).min() ?? 0) < (rhs.value.map(\.lastUse).min() ?? 0)
            }) {
                var bucket = oldest.value
                if let victim = bucket.indices.min(by: { bucket[$0].lastUse < bucket[$1].lastUse }) { bucket.remove(at: victim) }
                state.entries[oldest.key] = bucket.isEmpty ? nil : bucket
                state.count -= 1
            }
            state.entries[key, default: []].append(Entry(text: text, prepared: prepared, lastUse: state.clock))
            state.count += 1
            return prepared
        }
    }
}
