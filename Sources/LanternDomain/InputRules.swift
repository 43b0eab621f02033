/// Checks and normalises user input before it reaches the store; each failure names the field.
enum InputRules {
    static func email(_ raw: String) throws(DomainError) -> String {
        let email = raw.trimmingWhitespace().lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        // Deliberately loose (intranet domains have no dot): one @, something on each side, no spaces.
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !email.contains(where: \.isWhitespace) else {
            throw .badInput("`email` must be an email address like name@example.com.")
        }
        return email
    }

    static func password(_ password: String) throws(DomainError) -> String {
        guard password.count >= 8 else { throw .badInput("`password` must have at least 8 characters.") }
        guard password.utf8.count <= 1_024 else { throw .badInput("`password` must have at most 1024 bytes.") }
        return password
    }

    static func text(_ raw: String, field: String, maximum: Int, allowEmpty: Bool = false) throws(DomainError) -> String {
        let text = raw.trimmingWhitespace()
        if !allowEmpty && text.isEmpty { throw .badInput("`\(field)` must not be empty.") }
        guard text.count <= maximum else { throw .badInput("`\(field)` must have at most \(maximum) characters.") }
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

    static func tags(_ raw: [String]) throws(DomainError) -> [String] {
        var tags: [String] = []
        for tag in raw {
            let tag = tag.trimmingWhitespace().lowercased()
            guard !tag.isEmpty, tag.count <= 50 else { throw .badInput("Each tag must have 1 to 50 characters.") }
            if !tags.contains(tag) { tags.append(tag) }
        }
        guard tags.count <= 20 else { throw .badInput("An incident has at most 20 tags.") }
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
