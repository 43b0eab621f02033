import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context Lantern's routes run with: Hummingbird's core storage, WebSocket
/// upgrade support, and the client's address.
public struct LanternRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    public let remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies are bounded by `GraphQLHTTPConfiguration.maxBodyBytes` when collected.
    public var maxUploadSize: Int { 1 << 20 }
}
