/// The characters of the body a snippet shows, and how they are rendered: escaped, marked, with
/// "…" on each side where the body goes on.
struct PassageBounds {
    let body: String
    private(set) var range: Range<String.Index>

    init(body: String, range: Range<String.Index>) {
        self.body = body
        self.range = range
    }

    /// From the first to the last of `tokens`, with the punctuation attached to them (`(word`,
    /// `word.`), and to the very start or end of the body when only a little is left there.
    init(body: String, spans: [SearchText.Span], tokens: ClosedRange<Int>) {
        let attached = SearchSnippet.attachedPunctuation
        let first = tokens.lowerBound, last = tokens.upperBound
        func index(_ offset: Int) -> String.Index { body.utf8.index(body.utf8.startIndex, offsetBy: offset) }
        var start = index(spans[first].bytes.lowerBound)
        if first == 0, spans[0].offsets.lowerBound <= attached {
            start = body.startIndex
        } else {
            let floor = first == 0 ? body.startIndex : index(spans[first - 1].bytes.upperBound)
            var steps = 0
            while start > floor, steps < attached, !body[body.index(before: start)].isWhitespace {
                start = body.index(before: start)
                steps += 1
            }
        }
        var end = index(spans[last].bytes.upperBound)
        let ceiling = last + 1 < spans.count ? index(spans[last + 1].bytes.lowerBound) : body.endIndex
        if last + 1 == spans.count, body.index(end, offsetBy: attached + 1, limitedBy: body.endIndex) == nil {
            end = body.endIndex
        } else {
            var steps = 0
            while end < ceiling, steps < attached, !body[end].isWhitespace {
                end = body.index(after: end)
                steps += 1
            }
        }
        self.init(body: body, range: start..<end)
        trimWhitespace()
    }

    mutating func trimWhitespace() {
        var start = range.lowerBound, end = range.upperBound
        while start < end, body[start].isWhitespace { start = body.index(after: start) }
        while end > start, body[body.index(before: end)].isWhitespace { end = body.index(before: end) }
        range = start..<end
    }

    /// Cuts the passage to its first `count` characters (only an over-long word makes it longer).
    mutating func clamp(toCharacters count: Int) {
        if let end = body.index(range.lowerBound, offsetBy: count, limitedBy: range.upperBound) {
            range = range.lowerBound..<end
        }
    }

    /// The passage as HTML: `marks` (UTF-8 offset ranges of the body, in any order) wrapped in
    /// `<mark>`, the rest escaped, and "…" on a side where the body has more than white space
    /// beyond it.
    func render(marks: [Range<Int>]) -> String {
        let marks = marks.map { body.utf8.index(body.utf8.startIndex, offsetBy: $0.lowerBound)..<body.utf8.index(body.utf8.startIndex, offsetBy: $0.upperBound) }
        var html = ""
        if body[..<range.lowerBound].contains(where: { !$0.isWhitespace }) { html += "…" }
        var position = range.lowerBound
        for mark in marks.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            let lower = max(mark.lowerBound, position), upper = min(mark.upperBound, range.upperBound)
            guard lower < upper else { continue }
            html += Self.escaped(body[position..<lower])
            html += "<mark>" + Self.escaped(body[lower..<upper]) + "</mark>"
            position = upper
        }
        html += Self.escaped(body[position..<range.upperBound])
        if body[range.upperBound...].contains(where: { !$0.isWhitespace }) { html += "…" }
        return html
    }

    static func escaped(_ text: Substring) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
