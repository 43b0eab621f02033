import LanternExecution

/// Subscription support for generated code: a resolver's stream of its own events becomes the
/// executor's stream of values, ending (or failing) when the resolver's does, and cancelling the
/// resolver's stream when the subscriber leaves. Events are pulled one at a time as the executor
/// asks for them, so nothing piles up between the two.
public enum EventStream {
    public static func map<Event: Sendable, Value: Sendable>(
        _ events: AsyncThrowingStream<Event, any Error>, _ encode: @escaping @Sendable (Event) -> Value
    ) -> AsyncThrowingStream<Value, any Error> {
        let iterator = PulledEvents(events.makeAsyncIterator())
        return AsyncThrowingStream { try await iterator.next().map(encode) }
    }
}
