/// GraphQL names as Swift identifiers.
enum Naming {
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows", "static",
        "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer", "do", "else",
        "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while", "Any", "as",
        "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "Type", "Protocol",
    ]

    /// `name` usable as a Swift identifier (backticked if it is a keyword).
    static func identifier(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// `NEW_HOPE` → `newHope`, `USD` → `usd`, `iOS` → `iOS`.
    static func caseName(_ name: String) -> String {
        let parts = name.split(separator: "_").map(String.init)
        guard !parts.isEmpty else { return identifier(name) }
        let isUpper = name == name.uppercased()
        var result = ""
        for (index, part) in parts.enumerated() {
            let word = isUpper ? part.lowercased() : part
            if index == 0 {
                result += isUpper ? word : word.prefix(1).lowercased() + word.dropFirst()
            } else {
                result += word.prefix(1).uppercased() + word.dropFirst()
            }
        }
        if let first = result.first, first.isNumber { result = "_" + result }
        return identifier(result)
    }

    /// `incidentEvent` from `IncidentEvent`.
    static func lowerFirst(_ name: String) -> String {
        identifier(name.prefix(1).lowercased() + name.dropFirst())
    }

    static func upperFirst(_ name: String) -> String {
        name.prefix(1).uppercased() + name.dropFirst()
    }

    /// A `///` doc comment block, indented.
    static func docComment(_ text: String?, indent: String) -> String {
        guard let text, !text.isEmpty else { return "" }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "\(indent)/// \($0)".replacingTrailingSpaces() }.joined(separator: "\n") + "\n"
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
