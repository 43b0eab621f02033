/// The spec's block-string algorithms: reading (BlockStringValue) and printing in
/// graphql-js's style.
public enum BlockString {
    /// BlockStringValue over raw lines: remove the common indentation of every line but the
    /// first, then drop leading and trailing blank lines, and join with `\n`.
    static func value(ofLines lines: [[UInt8]]) -> String {
        var commonIndent = Int.max
        var firstNonEmpty: Int?
        var lastNonEmpty = -1
        for (index, line) in lines.enumerated() {
            let indent = leadingWhitespace(line)
            if indent == line.count { continue }
            if firstNonEmpty == nil { firstNonEmpty = index }
            lastNonEmpty = index
            if index != 0 && indent < commonIndent { commonIndent = indent }
        }
        guard let first = firstNonEmpty else { return "" }
        var output: [UInt8] = []
        for index in first...lastNonEmpty {
            if index != first { output.append(0x0A) }
            let line = lines[index]
            if index == 0 || commonIndent == Int.max {
                output.append(contentsOf: line)
            } else if line.count > commonIndent {
                output.append(contentsOf: line[commonIndent...])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func leadingWhitespace(_ line: [UInt8]) -> Int {
        var count = 0
        while count < line.count, line[count] == 0x20 || line[count] == 0x09 { count += 1 }
        return count
    }

    /// Prints `value` as a block string the way graphql-js's `printBlockString` does.
    public static func print(_ value: String) -> String {
        let escaped = value.replacingAll("\"\"\"", with: "\\\"\"\"")
        let lines = splitLines(escaped)
        let isSingleLine = lines.count == 1
        let forceLeadingNewLine = lines.count > 1 && lines.dropFirst().allSatisfy { line in
            line.isEmpty || line.utf8.first == 0x20 || line.utf8.first == 0x09
        }
        let hasTrailingTripleQuotes = escaped.hasSuffix("\\\"\"\"")
        let hasTrailingQuote = value.hasSuffix("\"") && !hasTrailingTripleQuotes
        let hasTrailingSlash = value.hasSuffix("\\")
        let forceTrailingNewline = hasTrailingQuote || hasTrailingSlash
        let printAsMultipleLines = !isSingleLine || value.utf16.count > 70 || forceTrailingNewline
            || forceLeadingNewLine || hasTrailingTripleQuotes
        var result = ""
        let first = value.utf8.first
        let skipLeadingNewLine = isSingleLine && (first == 0x20 || first == 0x09)
        if (printAsMultipleLines && !skipLeadingNewLine) || forceLeadingNewLine { result += "\n" }
        result += escaped
        if printAsMultipleLines || forceTrailingNewline { result += "\n" }
        return "\"\"\"" + result + "\"\"\""
    }

    /// Whether `value` survives a round trip as a block string (graphql-js's
    /// `isPrintableAsBlockString`); printSchema uses it to choose the string form.
    public static func isPrintable(_ value: String) -> Bool {
        if value.isEmpty { return true }
        var isEmptyLine = true
        var hasIndent = false
        var hasCommonIndent = true
        var seenNonEmptyLine = false
        for code in value.unicodeScalars {
            switch code.value {
            case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x0D:
                return false
            case 0x0A:
                if isEmptyLine && !seenNonEmptyLine { return false }
                seenNonEmptyLine = true
                isEmptyLine = true
                hasIndent = false
            case 0x09, 0x20:
                hasIndent = hasIndent || isEmptyLine
            default:
                hasCommonIndent = hasCommonIndent && hasIndent
                isEmptyLine = false
            }
        }
        if isEmptyLine { return false }
        if hasCommonIndent && seenNonEmptyLine { return false }
        return true
    }

    static func splitLines(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        var lineStart = text.utf8.startIndex
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(Substring(utf8[lineStart..<index]))
                var next = utf8.index(after: index)
                if byte == 0x0D, next != utf8.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
                index = next
                lineStart = index
            } else {
                index = utf8.index(after: index)
            }
        }
        lines.append(Substring(utf8[lineStart..<utf8.endIndex]))
        return lines
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, self.contains(target) else { return self }
        return self.replacing(target, with: replacement)
    }
}
