/// The snippet shown with a search hit: the best passage of the body, about `length` characters,
/// with the matches marked and everything else HTML-escaped, so clients can render it as HTML.
public enum SearchSnippet {
    /// Characters of punctuation that stay attached to a passage's first or last word (`(word`,
    /// `word.`), beyond `length`.
    static let attachedPunctuation = 8

    /// The best passage (about `length` characters) of `body`, with every occurrence of a positive
    /// term wrapped in `<mark>…</mark>` (each word separately; a phrase only where its words stand
    /// together, a prefix on the whole word it starts) and all other text HTML-escaped
    /// (`& < > " '`).
    ///
    /// Matching is on folded tokens, as in the databases, so "Café" is marked for the query
    /// "cafe". The best passage is the window containing the most distinct matched terms (ties:
    /// the earliest), widened on both sides to use the length. Passages start and end at word
    /// boundaries (keeping punctuation attached to the words), with "…" where the body was cut. A
    /// body without matches gives its first `length` characters, cut back to a word boundary.
    public static func make(body: String, query: SearchQuery, length: Int = 200) -> String {
        let length = max(length, 1)
        let spans = SearchText.spans(body)
        guard !spans.isEmpty else { return render(body, from: body.startIndex, length: length) }
        let occurrences = SearchSnippetMatcher.occurrences(of: query.positiveTerms, in: spans)
        let tokens = passageTokens(spans: spans, occurrences: occurrences, length: length)
        var passage = PassageBounds(body: body, spans: spans, tokens: tokens)
        passage.clamp(toCharacters: length + 2 * attachedPunctuation)
        let marks = occurrences.flatMap { $0.tokens }.filter { tokens.contains($0) }.map { spans[$0].bytes }
        return passage.render(marks: marks)
    }

    /// The token indexes of the passage: from the anchor of the best window, widened both ways.
    static func passageTokens(spans: [SearchText.Span], occurrences: [SearchSnippetMatcher.Occurrence],
                              length: Int) -> ClosedRange<Int> {
        var first = 0, matchedEnd = spans[0].offsets.upperBound
        if let best = SearchSnippetMatcher.bestWindow(occurrences, spans: spans, length: length) {
            first = occurrences[best.anchor].tokens.lowerBound
            matchedEnd = best.end
            // Spend up to half the unused length on context before the first match.
            let start = spans[first].offsets.lowerBound
            let earliest = start - max(0, length - (matchedEnd - start)) / 2
            while first > 0, spans[first - 1].offsets.lowerBound >= earliest { first -= 1 }
        }
        let limit = spans[first].offsets.lowerBound + length
        var last = first
        while last + 1 < spans.count, spans[last + 1].offsets.upperBound <= limit { last += 1 }
        // Near the end of the body, give what is left of the length to words before.
        while first > 0, spans[last].offsets.upperBound - spans[first - 1].offsets.lowerBound <= length { first -= 1 }
        return first...last
    }

    /// A body with no words: its first `length` characters.
    private static func render(_ body: String, from start: String.Index, length: Int) -> String {
        let end = body.index(start, offsetBy: length, limitedBy: body.endIndex) ?? body.endIndex
        var passage = PassageBounds(body: body, range: start..<end)
        passage.trimWhitespace()
        return passage.render(marks: [])
    }
}
