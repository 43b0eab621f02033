/// One subscriber's events in log order, each exactly once, however the live bus behaves.
///
/// The live stream is subscribed to before anything is read, so an event is either in the log
/// when the replay reads it or arrives live afterwards (or both — then the sequence drops the
/// repeat). A live event more than one past the last sequence seen means events in between were
/// missed (delivered out of order on SQLite, dropped by a full buffer, or not yet notified): they
/// are read from the log before it. The replay reads pages of `pageSize`, never the whole backlog.
struct ResumableEvents: Sendable {
    static let pageSize = 1_000

    let store: any DomainStore
    let tenant: TenantID
    let filter: EventFilter

    /// Events after sequence `after` (replayed from the log first), or from the first live event on.
    func stream(live: AsyncStream<IncidentEvent>, after: Int?) -> AsyncStream<IncidentEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: IncidentEvent.self, bufferingPolicy: .unbounded)
        let task = Task {
            var last = after
            do {
                if let start = after { last = try await replay(after: start, before: nil, into: continuation) }
                for await event in live {
                    guard let seen = last else {
                        last = event.sequence
                        if filter.matches(event) { continuation.yield(event) }
                        continue
                    }
                    guard event.sequence > seen else { continue }
                    if event.sequence > seen + 1 {
                        _ = try await replay(after: seen, before: event.sequence, into: continuation)
                    }
                    last = event.sequence
                    if filter.matches(event) { continuation.yield(event) }
                }
            } catch {
                // The log could not be read: end the stream rather than deliver with a hole.
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Yields the logged events in `(after, before)` that match, a page at a time; returns the
    /// last sequence it covered (the last one read, or `after` when none was).
    private func replay(after: Int, before: Int?, into continuation: AsyncStream<IncidentEvent>.Continuation) async throws -> Int {
        var last = after
        while !Task.isCancelled {
            let page = try await store.loggedEvents(tenant: tenant, after: last, before: before, filter: filter, limit: Self.pageSize)
            for event in page { continuation.yield(event) }
            guard let end = page.last?.sequence else { break }
            last = end
            if page.count < Self.pageSize { break }
        }
        return max(last, (before ?? 0) - 1)
    }
}
