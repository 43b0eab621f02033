import Crypto
import Foundation

/// Standard Webhooks 1.0 signatures: `v1,` and the base64 HMAC-SHA256 of
/// `{webhook-id}.{webhook-timestamp}.{body}`, keyed by the secret's bytes (the base64 after
/// `whsec_`). Receivers verify with any Standard Webhooks library or a few lines of their own.
public enum WebhookSignature {
    public static let secretPrefix = "whsec_"

    /// A new secret: `whsec_` and the base64 of 32 random bytes.
    public static func newSecret() -> String {
        secretPrefix + Data(SecureRandom.bytes(32)).base64EncodedString()
    }

    /// The key bytes of a `whsec_` secret; nil when it is not one.
    public static func key(of secret: String) -> [UInt8]? {
        guard secret.hasPrefix(secretPrefix), let bytes = Data(base64Encoded: String(secret.dropFirst(secretPrefix.count))) else {
            return nil
        }
        return Array(bytes)
    }

    /// One `v1,<base64>` signature.
    public static func sign(id: String, timestamp: Int, body: String, secret: String) -> String? {
        guard let key = key(of: secret) else { return nil }
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(contentsOf: Array(body.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The `webhook-signature` header: one signature per secret, space-separated.
    public static func header(id: String, timestamp: Int, body: String, secrets: [String]) -> String {
        secrets.compactMap { sign(id: id, timestamp: timestamp, body: body, secret: $0) }.joined(separator: " ")
    }

    /// Whether any `v1` signature in `header` matches (compared in constant time).
    public static func verify(header: String, id: String, timestamp: Int, body: String, secret: String) -> Bool {
        guard let expected = sign(id: id, timestamp: timestamp, body: body, secret: secret) else { return false }
        return header.split(separator: " ").contains { constantTimeEquals(Array($0.utf8), Array(expected.utf8)) }
    }

    /// A new message id (`msg_` and 24 random URL-safe characters).
    public static func newMessageID() -> String {
        "msg_" + SecureRandom.token(18)
    }
}
