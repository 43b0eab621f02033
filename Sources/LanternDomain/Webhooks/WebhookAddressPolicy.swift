import Foundation

/// Which webhook URLs are allowed: http or https, and (unless private targets are allowed, as
/// tests do) no host that is or resolves to a loopback, private, link-local, shared or metadata
/// address, so a tenant cannot make the server call into its own network.
public struct WebhookAddressPolicy: Sendable {
    public var allowPrivate: Bool

    public init(allowPrivate: Bool = false) { self.allowPrivate = allowPrivate }

    /// The URL if it is well-formed and its host is allowed now.
    public func validated(_ raw: String) throws(DomainError) -> URL {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard text.utf8.count <= 2_000, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
            throw .badInput("`url` must be an absolute http or https URL of at most 2000 characters.")
        }
        guard url.user == nil, url.password == nil else { throw .badInput("`url` must not carry credentials.") }
        if let refused = refusedAddress(host: host) {
            throw .badInput("`url`'s host resolves to \(refused), a loopback, private, link-local or metadata address; webhooks go to public addresses only.")
        }
        return url
    }

    /// `validated`, with the resolver on a thread of its own (see `refusedAddressOffThread`).
    public func validatedOffThread(_ raw: String) async throws -> URL {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try validated(raw) })
            }
        }
    }

    /// The first address of `host` that is not allowed, or nil; a host that does not resolve is
    /// allowed when an endpoint is saved (its deliveries then fail and are retried).
    public func refusedAddress(host: String) -> String? {
        guard !allowPrivate else { return nil }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let lowered = bare.lowercased()
        if lowered == "localhost" || lowered.hasSuffix(".localhost") || lowered == "metadata.google.internal" { return bare }
        return Self.addresses(of: bare).first { Self.isPrivate($0) }.map(Self.text)
    }

    /// Why a delivery to `host` is refused — a private address, or no address at all — or nil.
    /// The resolver blocks, so it runs on a thread of its own, never on the concurrency pool
    /// (where a slow DNS server would stall every request of the instance).
    public func refusedAddressOffThread(host: String) async -> String? {
        guard !allowPrivate else { return nil }
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
                if Self.addresses(of: bare).isEmpty {
                    continuation.resume(returning: "\(bare) does not resolve")
                } else {
                    continuation.resume(returning: refusedAddress(host: host).map { "the host resolves to \($0), a private address" })
                }
            }
        }
    }

    enum Address: Equatable {
        case v4([UInt8])
        case v6([UInt8])
    }

    /// Whether an address is one a webhook must not reach.
    static func isPrivate(_ address: Address) -> Bool {
        switch address {
        case .v4(let b):
            return b[0] == 0 || b[0] == 10 || b[0] == 127 || (b[0] == 169 && b[1] == 254) || (b[0] == 172 && (16...31).contains(b[1]))
                || (b[0] == 192 && b[1] == 168) || (b[0] == 100 && (64...127).contains(b[1])) || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && (18...19).contains(b[1])) || b[0] >= 224
        case .v6(let b):
            if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xff && b[11] == 0xff { return isPrivate(.v4(Array(b[12..<16]))) }  // ::ffff:a.b.c.d
            if b[0..<12].allSatisfy({ $0 == 0 }) { return true }  // ::, ::1 and IPv4-compatible
            return (b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) || b[0] == 0xff
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)  // documentation
                || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)  // NAT64 of any IPv4
        }
    }

    /// Every address `host` names: itself when it is a literal, else what the resolver answers.
    static func addresses(of host: String) -> [Address] {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return [.v4(withUnsafeBytes(of: &v4) { Array($0) })] }
        if inet_pton(AF_INET6, host, &v6) == 1 { return [.v6(withUnsafeBytes(of: &v6) { Array($0) })] }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(list) }
        var found: [Address] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if info.pointee.ai_family == AF_INET, let raw = info.pointee.ai_addr {
                raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { found.append(.v4(withUnsafeBytes(of: $0.pointee.sin_addr) { Array($0) })) }
            } else if info.pointee.ai_family == AF_INET6, let raw = info.pointee.ai_addr {
                raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { found.append(.v6(withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) })) }
            }
            cursor = info.pointee.ai_next
        }
        return found
    }

    static func text(_ address: Address) -> String {
        switch address {
        case .v4(let b): return b.map(String.init).joined(separator: ".")
        case .v6(let b):
            return stride(from: 0, to: 16, by: 2).map { String(UInt16(b[$0]) << 8 | UInt16(b[$0 + 1]), radix: 16) }.joined(separator: ":")
        }
    }
}
