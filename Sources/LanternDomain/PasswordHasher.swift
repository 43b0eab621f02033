import Crypto
import CryptoExtras
import Foundation

/// scrypt password hashing with a per-user random salt. The stored form carries its own
/// parameters (`scrypt$N$r$p$salt$hash`, base64), so the cost can be raised later without
/// invalidating existing hashes.
public struct PasswordHasher: Sendable {
    public var rounds: Int
    public var blockSize: Int
    public var parallelism: Int

    /// The default is OWASP's current recommendation for scrypt (N = 2^17, r = 8, p = 1): about
    /// 128 MiB and a few hundred milliseconds per hash, which is why hashing runs on
    /// `PasswordWork`'s dedicated threads.
    public init(rounds: Int = 1 << 17, blockSize: Int = 8, parallelism: Int = 1) {
        self.rounds = rounds
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    public func hash(_ password: String) throws -> String {
        let salt = SecureRandom.bytes(16)
        let derived = try derive(password, salt: salt, rounds: rounds, blockSize: blockSize, parallelism: parallelism)
        return ["scrypt", String(rounds), String(blockSize), String(parallelism),
                Data(salt).base64EncodedString(), Data(derived).base64EncodedString()].joined(separator: "$")
    }

    /// Whether `stored` was made with other (older) parameters and should be replaced by a hash
    /// with the current ones the next time the password is known.
    public func needsUpgrade(_ stored: String) -> Bool {
        let parts = stored.split(separator: "$")
        guard parts.count == 6 else { return true }
        return parts[1] != Substring(String(rounds)) || parts[2] != Substring(String(blockSize))
            || parts[3] != Substring(String(parallelism))
    }

    /// Whether `password` matches `stored`, compared in constant time.
    public func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let rounds = Int(parts[1]), let blockSize = Int(parts[2]),
              let parallelism = Int(parts[3]), let salt = Data(base64Encoded: parts[4]),
              let expected = Data(base64Encoded: parts[5]),
              let derived = try? derive(password, salt: [UInt8](salt), rounds: rounds, blockSize: blockSize,
                                        parallelism: parallelism, length: expected.count)
        else { return false }
        return constantTimeEquals(derived, [UInt8](expected))
    }

    private func derive(_ password: String, salt: [UInt8], rounds: Int, blockSize: Int, parallelism: Int,
                        length: Int = 32) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: length,
                                           rounds: rounds, blockSize: blockSize, parallelism: parallelism)
        return key.withUnsafeBytes { Array($0) }
    }
}

/// Compares two byte strings without an early exit, so timing does not reveal a common prefix.
public func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
    return difference == 0
}

/// Random secrets and their stored digests.
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// URL-safe base64 without padding of `count` random bytes.
    public static func token(_ count: Int = 32) -> String { base64URL(bytes(count)) }

    public static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The hex SHA-256 of a text: what is stored for refresh tokens and API keys (long random
    /// strings, so a fast digest is enough: no dictionary to attack), and migration checksums.
    public static func digest(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
