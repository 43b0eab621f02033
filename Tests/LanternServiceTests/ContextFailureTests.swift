import LanternExecution
import LanternHTTP
@testable import LanternService
@testable import LanternStore
import Testing

/// How failures to build a request's context are classified before `GraphQLServer` answers them.
@Suite("Context failures")
struct ContextFailureTests {
    private struct Odd: Error, CustomStringConvertible {
        var description: String { "odd failure" }
    }

    private static func failure(of error: any Error) async -> (any Error)? {
        do {
            _ = try await ContextFailure.classified { () async throws -> Int in throw error }
            return nil
        } catch {
            return error
        }
    }

    @Test func theDatabaseGoingAwayIsTemporary() async throws {
        for cause: any Error in [ConnectionClosed(), DatabaseUnavailable(waited: .seconds(3))] {
            let failure = await Self.failure(of: cause)
            let unavailable = try #require(failure as? any TemporarilyUnavailable, "\(String(describing: failure))")
            #expect(unavailable.retryAfterSeconds >= 1)
            #expect("\(unavailable)".contains("database unavailable"))
        }
    }

    @Test func clientErrorsAndCancellationPassThrough() async throws {
        #expect((await Self.failure(of: ClientError("Bad token", code: "UNAUTHENTICATED")) as? ClientError)?.code == "UNAUTHENTICATED")
        #expect(await Self.failure(of: CancellationError()) is CancellationError)
    }

    @Test func anythingElseIsUnexpectedAndNotTemporary() async throws {
        let failure = await Self.failure(of: Odd())
        #expect(!(failure is any TemporarilyUnavailable) && !(failure is any PublicError))
        #expect("\(String(describing: failure!))" == "odd failure")
    }
}
