/// One subscriber's events in log order, each exactly once, however the live bus behaves.
///
/// The live stream is subscribed to before the log is read, so an event is either in the log
/// when the replay reads it or arrives live afterwards (or both — then its sequence drops the
/// repeat). A live event more than one past the last sequence seen means events in between were
/// missed (delivered out of order on SQLite, dropped by a full buffer, or not yet notified): they
/// are read from the log before it. Everything is pulled as the subscriber asks for it — a page
/// of `pageSize` at a time — so a long replay never holds more than a page in memory, and a slow
/// subscriber slows only itself (its live buffer may overflow meanwhile; the log fills that in).
struct ResumableEvents: AsyncSequence, Sendable {
    typealias Element = IncidentEvent

    static let pageSize = 1_000

    let store: any DomainStore
    let tenant: TenantID
    let filter: EventFilter
    let live: AsyncStream<IncidentEvent>
    /// The last sequence already accounted for.
    let start: Int
    /// Whether the logged events after `start` are replayed first (a resumed subscription), or
    /// `start` is the log's head when the subscription began (a live one).
    let replay: Bool

    func makeAsyncIterator() -> Iterator {
        Iterator(source: self, live: live.makeAsyncIterator(), last: start, catchingUp: replay)
    }

    struct Iterator: AsyncIteratorProtocol {
        let source: ResumableEvents
        var live: AsyncStream<IncidentEvent>.Iterator
        /// The last sequence delivered or passed over.
        var last: Int
        /// Reading the log up to its head (a resumed subscription's replay).
        var catchingUp: Bool
        /// Reading the log up to (not including) this sequence: the live event `held` showed a gap.
        var gapEnd: Int?
        var held: IncidentEvent?
        var page: [IncidentEvent] = []
        var position = 0

        mutating func next() async throws -> IncidentEvent? {
            while true {
                if position < page.count {
                    position += 1
                    return page[position - 1]
                }
                if catchingUp || gapEnd != nil {
                    try await readPage()
                    continue
                }
                guard let event = await live.next() else { return nil }
                if event.sequence <= last { continue }
                if event.sequence > last + 1 {
                    (gapEnd, held) = (event.sequence, event)
                    continue
                }
                last = event.sequence
                if source.filter.matches(event) { return event }
            }
        }

        /// The next page of the log after `last` (up to the gap, when filling one); when it is the
        /// last page, the held live event follows it.
        private mutating func readPage() async throws {
            page = try await source.store.loggedEvents(tenant: source.tenant, after: last, before: gapEnd, filter: source.filter,
                                                       limit: ResumableEvents.pageSize)
            position = 0
            if let end = page.last?.sequence { last = end }
            guard page.count < ResumableEvents.pageSize else { return }
            catchingUp = false
            if let end = gapEnd {
                last = Swift.max(last, end - 1)
                gapEnd = nil
                if let event = held {
                    held = nil
                    last = event.sequence
                    if source.filter.matches(event) { page.append(event) }
                }
            }
        }
    }
}
