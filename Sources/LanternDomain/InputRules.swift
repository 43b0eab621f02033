/// Checks and normalises user input before it reaches the store; each failure names the field.
/// Lengths are bounded in UTF-8 bytes, which is what storage, indexes and the wire pay for (one
/// grapheme cluster can be hundreds of bytes).
enum InputRules {
    static func email(_ raw: String) throws(DomainError) -> String {
        guard raw.utf8.count <= 1_024 else { throw .badInput("`email` must have at most 254 bytes.") }
        let email = raw.trimmingWhitespace().lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        // Deliberately loose (intranet domains have no dot): one @, something on each side, no spaces.
        guard email.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !email.contains(where: \.isWhitespace) else {
            throw .badInput("`email` must be an email address like name@example.com.")
        }
        return email
    }

    static func password(_ password: String) throws(DomainError) -> String {
        guard password.utf8.count <= 1_024 else { throw .badInput("`password` must have at most 1024 bytes.") }
        guard password.count >= 8 else { throw .badInput("`password` must have at least 8 characters.") }
        return password
    }

    static func text(_ raw: String, field: String, maximum: Int, allowEmpty: Bool = false) throws(DomainError) -> String {
        guard raw.utf8.count <= maximum * 4 else { throw .badInput("`\(field)` must have at most \(maximum) bytes.") }
        let text = raw.trimmingWhitespace()
        if !allowEmpty && text.isEmpty { throw .badInput("`\(field)` must not be empty.") }
        guard text.utf8.count <= maximum else { throw .badInput("`\(field)` must have at most \(maximum) bytes.") }
        return text
    }

    /// Lower-case letters, digits and inner hyphens, 1 to 63 characters: safe in URLs and headers.
    static func slug(_ raw: String) throws(DomainError) -> String {
        let slug = raw.trimmingWhitespace()
        let bytes = Array(slug.utf8)
        let valid = !bytes.isEmpty && bytes.count <= 63 && bytes.first != UInt8(ascii: "-") && bytes.last != UInt8(ascii: "-")
            && bytes.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") }
        guard valid else {
            throw .badInput("`slug` must be 1 to 63 lower-case letters, digits or inner hyphens, like 'acme-ops'.")
        }
        return slug
    }

    static func tags(_ raw: [String], of owner: String = "An incident") throws(DomainError) -> [String] {
        // Bound the work before doing any: a client may send a list of a hundred thousand tags.
        guard raw.count <= 100 else { throw .badInput("\(owner) has at most 20 tags.") }
        var tags: [String] = [], seen: Set<String> = []
        for tag in raw {
            guard tag.utf8.count <= 200 else { throw .badInput("Each tag must have 1 to 50 bytes.") }
            let tag = tag.trimmingWhitespace().lowercased()
            guard !tag.isEmpty, tag.utf8.count <= 50 else { throw .badInput("Each tag must have 1 to 50 bytes.") }
            if seen.insert(tag).inserted { tags.append(tag) }
        }
        guard tags.count <= 20 else { throw .badInput("\(owner) has at most 20 tags.") }
        return tags
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
