/// The query in each database's full-text syntax. Both are built only from folded tokens (letters
/// and digits), each quoted and escaped besides, so nothing the user typed is read as syntax; the
/// store passes them as bound parameters. Positive children come before negated ones, and every
/// compound child is parenthesised, so neither database's precedence rules matter.
extension SearchQuery {
    /// An SQLite FTS5 MATCH expression: words double-quoted, phrases as `"a b"`, prefixes as
    /// `"abc" *`, `AND`/`OR`, and `(x) NOT (y)` for exclusions (FTS5's NOT is binary; several
    /// become `(x) NOT (y OR z)`).
    ///
    /// `a b OR c -d` gives `("a" AND ("b" OR "c")) NOT ("d")`.
    public var fts5: String { Self.fts5(root) }

    /// A PostgreSQL `to_tsquery('simple', …)` expression: words as `'word'`, prefixes as
    /// `'abc':*`, phrases as `'a' <-> 'b'`, and `&`, `|`, `!` with parentheses.
    ///
    /// `a b OR c -d` gives `'a' & ('b' | 'c') & !'d'`.
    public var tsquery: String { Self.tsquery(root, weights: []) }

    /// ``tsquery``, with every phrase required to lie within one of `weights` (PostgreSQL weight
    /// labels `A`…`D`; anything else is ignored): `"a b"` becomes `('a':A <-> 'b':A) | ('a':B <->
    /// 'b':B)` for `"AB"`.
    ///
    /// A tsvector built as `setweight(title, 'A') || setweight(body, 'B')` numbers the body's words
    /// on from the title's, so a plain `'a' <-> 'b'` also matches the title's last word followed by
    /// the body's first. FTS5 never matches a phrase across columns; with one weight per column,
    /// this query doesn't either.
    public func tsquery(phrasesWithinWeights weights: String) -> String {
        var labels: [Character] = []
        for weight in weights.uppercased() where "ABCD".contains(weight) && !labels.contains(weight) { labels.append(weight) }
        return Self.tsquery(root, weights: labels)
    }

    private static func fts5(_ node: Node) -> String {
        switch node {
        case .term(let term):
            let phrase = "\"" + escaped(term.words.joined(separator: " "), doubling: ["\""]) + "\""
            return term.isPrefix ? phrase + " *" : phrase
        case .any(let children):
            return children.map(fts5Operand).joined(separator: " OR ")
        case .all(let children):
            let positive = children.filter { !$0.isNegated }.map(fts5Operand).joined(separator: " AND ")
            let negated = children.compactMap { child -> String? in
                guard case .not(let inner) = child else { return nil }
                return fts5Operand(inner)
            }
            guard !negated.isEmpty else { return positive }
            return "(\(positive)) NOT (\(negated.joined(separator: " OR ")))"
        case .not(let child):
            // Never produced by parse(): FTS5 cannot say "not x" alone. This is an FTS5 syntax
            // error, so the database refuses it rather than matching something else.
            return "NOT (\(fts5(child)))"
        }
    }

    private static func fts5Operand(_ node: Node) -> String {
        if case .term = node { return fts5(node) }
        return "(\(fts5(node)))"
    }

    private static func tsquery(_ node: Node, weights: [Character]) -> String {
        switch node {
        case .term(let term):
            let words = term.words.map { "'" + escaped($0, doubling: ["'", "\\"]) + "'" }
            guard term.words.count > 1, !weights.isEmpty else { return tsqueryPhrase(words, prefix: term.isPrefix, weight: nil) }
            let phrases = weights.map { tsqueryPhrase(words, prefix: term.isPrefix, weight: $0) }
            return phrases.count == 1 ? phrases[0] : phrases.map { "(\($0))" }.joined(separator: " | ")
        case .any(let children):
            return children.map { tsqueryOperand($0, weights: weights) }.joined(separator: " | ")
        case .all(let children):
            let positive = children.filter { !$0.isNegated }
            let negated = children.filter(\.isNegated)
            return (positive + negated).map { tsqueryOperand($0, weights: weights) }.joined(separator: " & ")
        case .not(let child):
            return "!" + tsqueryOperand(child, weights: weights)
        }
    }

    /// Quoted words joined by `<->`, each with `:A`-style weight if given, the last with `:*`
    /// when it is a prefix.
    private static func tsqueryPhrase(_ words: [String], prefix: Bool, weight: Character?) -> String {
        let label = weight.map(String.init) ?? ""
        return words.enumerated().map { index, word in
            word + (prefix && index == words.count - 1 ? ":*" + label : label.isEmpty ? "" : ":" + label)
        }.joined(separator: " <-> ")
    }

    private static func tsqueryOperand(_ node: Node, weights: [Character]) -> String {
        switch node {
        case .term(let term) where term.words.count == 1: tsquery(node, weights: weights)
        case .not: tsquery(node, weights: weights)
        default: "(\(tsquery(node, weights: weights)))"
        }
    }

    /// `text` with each of `characters` doubled: how FTS5 strings escape `"` and how tsquery
    /// operands escape `'` and `\`. Tokens never contain them; this is a second line of defence.
    private static func escaped(_ text: String, doubling characters: Set<Character>) -> String {
        var result = ""
        for character in text {
            if characters.contains(character) { result.append(character) }
            result.append(character)
        }
        return result
    }
}
