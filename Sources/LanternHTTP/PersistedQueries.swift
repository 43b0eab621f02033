import Crypto
import LanternExecution
import Synchronization

/// A request's reference to a document the server keeps instead of its text.
enum PersistedReference: Sendable, Equatable {
    /// Apollo's automatic persisted queries: `extensions.persistedQuery {version: 1, sha256Hash}`.
    case automatic(sha256: String)
    /// GraphQL over HTTP's persisted documents: `documentId: "sha256:<hex>"`.
    case documentID(sha256: String)
    /// A trusted document's own id: Relay's `doc_id`, or a `documentId` with another prefix.
    case trustedID(String)
}

/// Documents registered by their SHA-256, kept least recently used first out when their texts
/// pass `capacity` bytes (a client cannot grow it without bound by sending new documents).
final class PersistedQueryStore: Sendable {
    private struct Entry {
        var text: String
        var used: UInt64
    }
    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }
    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// The lower-case hex SHA-256 of a document's UTF-8 text.
    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    func text(for hash: String) -> String? {
        state.withLock { state in
            guard var entry = state.entries[hash] else { return nil }
            state.clock += 1
            entry.used = state.clock
            state.entries[hash] = entry
            return entry.text
        }
    }

    /// Keeps `text` under `hash` (the caller checked that it is its digest); a text larger than
    /// the whole capacity is not kept.
    func insert(_ text: String, hash: String) {
        let size = text.utf8.count
        guard size <= capacity else { return }
        state.withLock { state in
            state.clock += 1
            if let existing = state.entries[hash] { state.bytes -= existing.text.utf8.count }
            state.entries[hash] = Entry(text: text, used: state.clock)
            state.bytes += size
            while state.bytes > capacity, let oldest = state.entries.min(by: { $0.value.used < $1.value.used }) {
                state.entries[oldest.key] = nil
                state.bytes -= oldest.value.text.utf8.count
            }
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
    var bytes: Int { state.withLock { $0.bytes } }
}
