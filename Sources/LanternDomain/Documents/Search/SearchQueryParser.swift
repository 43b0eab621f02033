/// The document search language, read leniently: any text is a query or a BAD_USER_INPUT with a
/// message saying why, never a crash or a database syntax error.
///
/// ```
/// query  := clause*                          clauses are ANDed
/// clause := '-' unit                          exclusion (NOT)
///         | unit ('OR' unit)*                 OR binds tighter than the implicit AND
/// unit   := word ['*'] | '"' text ['"'] ['*']
/// ```
///
/// - Words are separated by white space; a word or phrase is folded and split into tokens by
///   ``SearchText/tokens(_:)``, so matching ignores case and diacritics. A word that splits into
///   several tokens (`re-deploy`, `ipv4.addr`) is a phrase: the tokens next to each other.
/// - `a b OR c -d` is `a AND (b OR c) AND NOT d`.
/// - `OR` is an operator only in upper case, unquoted, and between two positive terms. Repeated
///   ORs count as one (`a OR OR b` = `a OR b`). An OR with no positive term on one side (leading,
///   trailing, or next to an exclusion: `OR a`, `a OR`, `a OR -b`, `-a OR b`) is dropped. To
///   search for the word, write `or` or `"OR"`.
/// - `-` excludes exactly the word or phrase it touches (`-word`, `-"a phrase"`); it does not
///   reach across an OR, so `-a OR b` is `-a b`. Further dashes are punctuation (`--a` = `-a`). A
///   `-` alone is dropped. A query with only exclusions is refused: neither database can list
///   "every document except".
/// - `*` right after a word's last letter or digit makes that token a prefix (`deplo*`,
///   `re-depl*` = phrase `re` then a prefix `depl`); so does `*` right after a phrase's closing
///   quote or at the end inside it (`"deploy fail"*`, `"deploy fail*"`). Any other `*` is
///   punctuation: `*` alone and `*abc` (`abc`); `ab*cd` is the phrase `ab cd`.
/// - A `"` starts a phrase that runs to the next `"`, or to the end of the query when there is
///   none. A `"` inside a word ends the word and starts a phrase.
/// - A word or phrase with no letters or digits (`!!!`, `""`, `-`) is dropped.
/// - Repeated terms count once (`a a` = `a`, `a OR a` = `a`).
/// - Limits: ``SearchQuery/maximumBytes`` of query text and ``SearchQuery/maximumTerms`` terms.
struct SearchQueryParser {
    /// What the lexer sees: a term (maybe excluded; maybe with no tokens, to be dropped) or an OR.
    enum Item: Equatable {
        case term(SearchQuery.Term, excluded: Bool)
        case or
    }

    /// Splits `text` into terms and ORs, in order.
    static func items(_ text: String) -> [Item] {
        var items: [Item] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            if characters[index].isWhitespace {
                index += 1
                continue
            }
            var excluded = false
            if characters[index] == "-" {
                index += 1
                guard index < characters.count, !characters[index].isWhitespace else { continue }
                excluded = true
            }
            if characters[index] == "\"" {
                let start = index + 1
                var end = start
                while end < characters.count, characters[end] != "\"" { end += 1 }
                index = min(end + 1, characters.count)
                var starAfter = false
                while index < characters.count, characters[index] == "*" {
                    starAfter = true
                    index += 1
                }
                let content = characters[start..<end]
                items.append(.term(term(content, prefix: starAfter || endsWithPrefixStar(content)), excluded: excluded))
            } else {
                let start = index
                while index < characters.count, !characters[index].isWhitespace, characters[index] != "\"" { index += 1 }
                let word = characters[start..<index]
                if !excluded, word.elementsEqual("OR") {
                    items.append(.or)
                } else {
                    items.append(.term(term(word, prefix: endsWithPrefixStar(word)), excluded: excluded))
                }
            }
        }
        return items
    }

    /// The clauses of the query, ANDed: single terms, OR groups, and NOTs of single terms.
    static func clauses(_ items: [Item]) -> [SearchQuery.Node] {
        // Drop terms with no tokens, then collapse runs of OR, so that `a OR !!! OR b` is `a OR b`.
        var cleaned: [Item] = []
        for item in items {
            switch item {
            case .term(let term, _) where term.words.isEmpty: continue
            case .or where cleaned.last == .or: continue
            default: cleaned.append(item)
            }
        }
        var clauses: [SearchQuery.Node] = []
        var index = 0
        while index < cleaned.count {
            switch cleaned[index] {
            case .or:
                index += 1  // not between two positive terms
            case .term(let term, excluded: true):
                append(.not(.term(term)), to: &clauses)
                index += 1
            case .term(let term, excluded: false):
                var group = [term]
                index += 1
                while index + 1 < cleaned.count, cleaned[index] == .or, case .term(let next, excluded: false) = cleaned[index + 1] {
                    if !group.contains(next) { group.append(next) }
                    index += 2
                }
                append(group.count == 1 ? .term(term) : .any(group.map(SearchQuery.Node.term)), to: &clauses)
            }
        }
        return clauses
    }

    private static func append(_ clause: SearchQuery.Node, to clauses: inout [SearchQuery.Node]) {
        if !clauses.contains(clause) { clauses.append(clause) }
    }

    private static func term(_ characters: ArraySlice<Character>, prefix: Bool) -> SearchQuery.Term {
        let words = SearchText.tokens(String(characters))
        return SearchQuery.Term(words: words, isPrefix: prefix && !words.isEmpty)
    }

    /// Whether `characters` (trailing white space aside) end in `*` right after a letter or digit.
    private static func endsWithPrefixStar(_ characters: ArraySlice<Character>) -> Bool {
        var end = characters.endIndex
        while end > characters.startIndex, characters[end - 1].isWhitespace { end -= 1 }
        var beforeStars = end
        while beforeStars > characters.startIndex, characters[beforeStars - 1] == "*" { beforeStars -= 1 }
        guard beforeStars < end, beforeStars > characters.startIndex else { return false }
        let last = String(characters[beforeStars - 1])
        return SearchText.fold(last).unicodeScalars.last.map(SearchText.isWordScalar) ?? false
    }
}

extension SearchQuery {
    /// Parses `text` (grammar: see `SearchQueryParser`).
    /// - Throws: `DomainError.badInput` (BAD_USER_INPUT) when the text is over
    ///   ``maximumBytes`` bytes or ``maximumTerms`` terms, when nothing searchable remains, or when
    ///   only exclusions remain.
    public static func parse(_ text: String) throws(DomainError) -> SearchQuery {
        let bytes = text.utf8.count
        guard bytes <= maximumBytes else {
            throw .badInput("A search query may have at most \(maximumBytes) bytes and \(maximumTerms) terms; this one has \(bytes) bytes.")
        }
        let clauses = SearchQueryParser.clauses(SearchQueryParser.items(text))
        guard !clauses.isEmpty else {
            throw .badInput("The search query has nothing to search for: give at least one word with letters or digits.")
        }
        guard clauses.contains(where: { !$0.isNegated }) else {
            throw .badInput("The search query only excludes (-word): give at least one word to find as well.")
        }
        let terms = clauses.reduce(0) { $0 + $1.termCount }
        guard terms <= maximumTerms else {
            throw .badInput("A search query may have at most \(maximumBytes) bytes and \(maximumTerms) terms; this one has \(terms) terms.")
        }
        return SearchQuery(root: clauses.count == 1 ? clauses[0] : .all(clauses))
    }
}
