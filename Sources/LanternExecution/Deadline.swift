/// Runs `work`, or gives up after `timeout` and returns nil; the work is cancelled then, and
/// execution stops starting resolver passes once it sees that.
public func withTimeout<T: Sendable>(_ timeout: Duration, _ work: @escaping @Sendable () async -> T) async -> T? {
    await withTaskGroup(of: T?.self) { group in
        group.addTask { await work() }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}

extension ExecutionResponse {
    /// What an operation (or one subscription event's execution) that ran past its deadline answers.
    public static var timedOut: ExecutionResponse {
        ExecutionResponse(requestErrors: [GraphQLError("The request took too long and was cancelled.", code: "TIMEOUT")])
    }
}
