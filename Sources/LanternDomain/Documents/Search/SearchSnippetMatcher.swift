/// Finds where a query's positive terms occur among a body's tokens, and the window of the body
/// that holds the most of them.
enum SearchSnippetMatcher {
    /// One occurrence of a term: the tokens it covers.
    struct Occurrence: Equatable {
        /// Index into the query's positive terms.
        var term: Int
        /// Token indexes: one for a word or prefix, the phrase's length for a phrase.
        var tokens: Range<Int>
    }

    /// Every occurrence of every term, by first token (then term). Tokens compare as bytes and
    /// prefixes by leading bytes, as both databases compare them.
    static func occurrences(of terms: [SearchQuery.Term], in spans: [SearchText.Span]) -> [Occurrence] {
        var found: [Occurrence] = []
        for (termIndex, term) in terms.enumerated() where !term.words.isEmpty && term.words.count <= spans.count {
            for start in 0...(spans.count - term.words.count) {
                let matches = term.words.indices.allSatisfy { offset in
                    let token = spans[start + offset].token.utf8, word = term.words[offset].utf8
                    let isPrefix = term.isPrefix && offset == term.words.count - 1
                    return isPrefix ? token.starts(with: word) : token.elementsEqual(word)
                }
                if matches { found.append(Occurrence(term: termIndex, tokens: start..<(start + term.words.count))) }
            }
        }
        return found.sorted { ($0.tokens.lowerBound, $0.term) < ($1.tokens.lowerBound, $1.term) }
    }

    /// The window of `length` characters, starting at an occurrence, that holds occurrences of the
    /// most distinct terms (ties: the earliest): the anchor occurrence's index and the character
    /// offset where the last occurrence in it ends. Nil when there are no occurrences.
    static func bestWindow(_ occurrences: [Occurrence], spans: [SearchText.Span], length: Int) -> (anchor: Int, end: Int)? {
        func start(_ occurrence: Occurrence) -> Int { spans[occurrence.tokens.lowerBound].offsets.lowerBound }
        func end(_ occurrence: Occurrence) -> Int { spans[occurrence.tokens.upperBound - 1].offsets.upperBound }

        let allTerms = Set(occurrences.map(\.term)).count
        var best: (anchor: Int, terms: Int, end: Int)?
        for anchor in occurrences.indices {
            let limit = start(occurrences[anchor]) + length
            // Queries have at most 32 terms, so a bit per term fits.
            var seen: UInt64 = 1 << UInt64(occurrences[anchor].term & 63)
            var windowEnd = end(occurrences[anchor])
            var next = anchor + 1
            while next < occurrences.count, start(occurrences[next]) < limit {
                if end(occurrences[next]) <= limit {
                    seen |= 1 << UInt64(occurrences[next].term & 63)
                    windowEnd = max(windowEnd, end(occurrences[next]))
                }
                next += 1
            }
            if seen.nonzeroBitCount > best?.terms ?? 0 {
                best = (anchor, seen.nonzeroBitCount, windowEnd)
                if seen.nonzeroBitCount == allTerms { break }
            }
        }
        return best.map { ($0.anchor, $0.end) }
    }
}
