/// Subscription support for generated code: a resolver's stream of its own events becomes the
/// executor's stream of values, ending (or failing) when the resolver's does, and cancelling the
/// resolver's stream when the subscriber leaves.
public enum EventStream {
    public static func map<Event: Sendable, Value: Sendable>(
        _ events: AsyncThrowingStream<Event, any Error>, _ encode: @escaping @Sendable (Event) -> Value
    ) -> AsyncThrowingStream<Value, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await event in events { continuation.yield(encode(event)) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
