import Foundation
import Crypto
import JWTKit

/// Signs and checks short-lived access tokens (HS256 JWTs naming the user and the session).
public struct AccessTokens: Sendable {
    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var sid: String
        var iat: IssuedAtClaim
        var exp: ExpirationClaim

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
        }
    }

    private let keys: JWTKeyCollection
    /// The `kid` new tokens are signed with.
    public let keyID: String
    /// How long an access token is valid.
    public let lifetimeSeconds: Int

    /// - Parameters:
    ///   - secret: signs new tokens; hashed to the 32-byte key HS256 wants.
    ///   - previousSecrets: still accepted for tokens they signed, so a key can be rotated
    ///     without signing everyone out: deploy with the new secret and the old one here, and
    ///     drop the old one once its tokens have expired.
    public init(secret: String, previousSecrets: [String] = [], lifetimeSeconds: Int = 15 * 60) async {
        keys = JWTKeyCollection()
        keyID = Self.keyID(of: secret)
        // The first key added is also the default, which checks tokens issued without a `kid`.
        for each in [secret] + previousSecrets {
            let key = SymmetricKey(data: SHA256.hash(data: Array(each.utf8)))
            await keys.add(hmac: HMACKey(key: key), digestAlgorithm: .sha256, kid: JWKIdentifier(string: Self.keyID(of: each)))
        }
        self.lifetimeSeconds = lifetimeSeconds
    }

    /// A public name for a secret: a digest that identifies the key without revealing it.
    static func keyID(of secret: String) -> String {
        SHA256.hash(data: Array("lantern-kid:\(secret)".utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    public func issue(user: UserID, session: SessionID, now: Timestamp) async throws -> (token: String, expiresAt: Timestamp) {
        let expiresAt = now.adding(seconds: lifetimeSeconds)
        let claims = Claims(sub: SubjectClaim(value: user.rawValue), sid: session.rawValue,
                            iat: IssuedAtClaim(value: now.date), exp: ExpirationClaim(value: expiresAt.date))
        return (try await keys.sign(claims, kid: JWKIdentifier(string: keyID)), expiresAt)
    }

    /// The user and session a valid, unexpired token names, and when it expires; nil for anything else.
    public func verify(_ token: String) async -> (user: UserID, session: SessionID, expiresAt: Timestamp)? {
        guard let claims = try? await keys.verify(token, as: Claims.self) else { return nil }
        let expiresAt = Timestamp(milliseconds: Int((claims.exp.value.timeIntervalSince1970 * 1000).rounded(.down)))
        return (UserID(claims.sub.value), SessionID(claims.sid), expiresAt)
    }
}

import Foundation

extension Timestamp {
    var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
