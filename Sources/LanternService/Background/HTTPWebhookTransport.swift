import AsyncHTTPClient
import Foundation
import LanternDomain
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Tracing
import Instrumentation
import LanternStore

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
        // The attempt's own span (`webhook.deliver`) is the one the receiver is told about: the
        // client's span would add a second `traceparent`.
        configuration.tracing.tracer = nil
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
    private let client = HTTPWebhookTransport.sharedClient

    func post(url: String, headers: [(String, String)], body: String, timeoutSeconds: Int) async -> WebhookResponse {
        guard StatementTracing.isOn else { return await send(url: url, headers: headers, body: body, timeoutSeconds: timeoutSeconds) }
        // A client span per attempt, whose trace context the receiver gets as `traceparent`.
        return await withSpan("webhook.deliver", ofKind: .client) { span in
            // The host only: webhook paths and queries often carry the receiver's secret.
            if let components = URLComponents(string: url) {
                span.attributes["url.scheme"] = components.scheme ?? ""
                span.attributes["server.address"] = components.host ?? ""
            }
            var propagated: [String: String] = [:]
            InstrumentationSystem.instrument.inject(ServiceContext.current ?? .topLevel, into: &propagated, using: DictionaryInjector())
            let response = await send(url: url, headers: headers + propagated.map { ($0.key, $0.value) }, body: body,
                                      timeoutSeconds: timeoutSeconds)
            if let status = response.statusCode { span.attributes["http.response.status_code"] = status }
            if response.statusCode.map({ !(200..<300).contains($0) }) ?? true { span.setStatus(SpanStatus(code: .error)) }
            return response
        }
    }

    private func send(url: String, headers: [(String, String)], body: String, timeoutSeconds: Int) async -> WebhookResponse {
        // async-http-client retries a refused connection until the request's deadline
        // (swift-server/async-http-client#743): a receiver that is down would hold a delivery
        // slot for the whole timeout. One plain TCP connect first fails such an attempt at once.
        if let refusal = await Self.connectRefusal(url: url) { return WebhookResponse(statusCode: nil, error: refusal) }
        let client = client
        let fields = headers.map { [$0.0, $0.1] }
        // The status decides the attempt: once it has arrived, a body still dripping in when the
        // time is up does not turn a 2xx into a failure.
        let answered = Answered()
        do {
            return try await withThrowingTaskGroup(of: WebhookResponse.self) { group in
                group.addTask {
                    var request = HTTPClientRequest(url: url)
                    request.method = .POST
                    for field in fields { request.headers.add(name: field[0], value: field[1]) }
                    request.body = .bytes(ByteBuffer(string: body))
                    let response = try await client.execute(request, timeout: .seconds(Int64(timeoutSeconds)))
                    let status = WebhookResponse(statusCode: Int(response.status.code),
                                                 retryAfterSeconds: response.headers.first(name: "retry-after").flatMap(Self.retryAfter))
                    answered.status.withLock { $0 = status }
                    var read = 0
                    for try await chunk in response.body {
                        read += chunk.readableBytes
                        if read >= Self.maximumResponseBytes { break }
                    }
                    return status
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(timeoutSeconds))
                    return answered.status.withLock { $0 }
                        ?? WebhookResponse(statusCode: nil, error: "No answer within \(timeoutSeconds) seconds.")
                }
                let first = try await group.next() ?? WebhookResponse(statusCode: nil, error: "No answer.")
                group.cancelAll()
                return first
            }
        } catch {
            return WebhookResponse(statusCode: nil, error: Self.describe(error))
        }
    }

    /// Why a TCP connection to the URL's host and port fails (refused, or not open within 5
    /// seconds), or nil when it opens (or fails otherwise: the request then reports it).
    static func connectRefusal(url: String) async -> String? {
        guard let parsed = URL(string: url), let host = parsed.host else { return "The URL has no host." }
        let port = parsed.port ?? (parsed.scheme?.lowercased() == "https" ? 443 : 80)
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(5))
                .connect(host: bare, port: port).get()
            try? await channel.close()
            return nil
        } catch let error as IOError where error.errnoCode == ECONNREFUSED {
            return "Connection refused by \(bare):\(port)."
        } catch let error as NIOConnectionError where error.connectionErrors.contains(where: { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }) {
            return "Connection refused by \(bare):\(port)."
        } catch ChannelError.connectTimeout {
            return "Could not connect to \(bare):\(port) within 5 seconds."
        } catch {
            return nil
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

/// The status of an answer, once its head has arrived (shared by a request and its timer).
private final class Answered: Sendable {
    let status = Mutex<WebhookResponse?>(nil)
}

/// Writes propagation headers (`traceparent`) into a dictionary.
struct DictionaryInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}
