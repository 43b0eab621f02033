import AsyncHTTPClient
import Foundation
import LanternDomain
import NIOCore
import NIOHTTP1

/// Webhooks over async-http-client: redirects are not followed (a 3xx is a failed attempt), the
/// whole attempt (connect, send, answer) must end within the timeout, and at most 64 KiB of
/// the answer is read.
struct HTTPWebhookTransport: WebhookTransport {
    static let maximumResponseBytes = 64 * 1024
    /// One client for the process (like `HTTPClient.shared`, it lives as long as the process, so
    /// no owner has to shut it down), with redirects off.
    private static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                     timeout: .init(connect: .seconds(5), read: .seconds(15)))
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
    private let client = HTTPWebhookTransport.sharedClient

    func post(url: String, headers: [(String, String)], body: String, timeoutSeconds: Int) async -> WebhookResponse {
        let client = client
        let fields = headers.map { [$0.0, $0.1] }
        do {
            return try await withThrowingTaskGroup(of: WebhookResponse.self) { group in
                group.addTask {
                    var request = HTTPClientRequest(url: url)
                    request.method = .POST
                    for field in fields { request.headers.add(name: field[0], value: field[1]) }
                    request.body = .bytes(ByteBuffer(string: body))
                    let response = try await client.execute(request, timeout: .seconds(Int64(timeoutSeconds)))
                    var read = 0
                    for try await chunk in response.body {
                        read += chunk.readableBytes
                        if read >= Self.maximumResponseBytes { break }
                    }
                    return WebhookResponse(statusCode: Int(response.status.code),
                                           retryAfterSeconds: response.headers.first(name: "retry-after").flatMap(Self.retryAfter))
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(timeoutSeconds))
                    return WebhookResponse(statusCode: nil, error: "No complete answer within \(timeoutSeconds) seconds.")
                }
                let first = try await group.next() ?? WebhookResponse(statusCode: nil, error: "No answer.")
                group.cancelAll()
                return first
            }
        } catch {
            return WebhookResponse(statusCode: nil, error: Self.describe(error))
        }
    }

    /// `Retry-After` as delta seconds or an HTTP date.
    static func retryAfter(_ value: String) -> Int? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return max(0, Int(date.timeIntervalSinceNow.rounded(.up)))
    }

    /// A failure in words for `WebhookDelivery.error`, without internal detail.
    static func describe(_ error: any Error) -> String {
        if let client = error as? HTTPClientError {
            switch client {
            case .connectTimeout: return "Could not connect within 5 seconds."
            case .readTimeout, .deadlineExceeded: return "No complete answer in time."
            case .remoteConnectionClosed: return "The receiver closed the connection."
            default: return "HTTP error: \(client)."
            }
        }
        if error is CancellationError { return "Cancelled (the server was stopping)." }
        return "Could not reach the receiver: \(error)."
    }
}
