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
    public var tsquery: String { Self.tsquery(root) }

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

    private static func tsquery(_ node: Node) -> String {
        switch node {
        case .term(let term):
            var words = term.words.map { "'" + escaped($0, doubling: ["'", "\\"]) + "'" }
            if term.isPrefix, let last = words.popLast() { words.append(last + ":*") }
            return words.joined(separator: " <-> ")
        case .any(let children):
            return children.map(tsqueryOperand).joined(separator: " | ")
        case .all(let children):
            let positive = children.filter { !$0.isNegated }
            let negated = children.filter(\.isNegated)
            return (positive + negated).map(tsqueryOperand).joined(separator: " & ")
        case .not(let child):
            return "!" + tsqueryOperand(child)
        }
    }

    private static func tsqueryOperand(_ node: Node) -> String {
        switch node {
        case .term(let term) where term.words.count == 1: tsquery(node)
        case .not: tsquery(node)
        default: "(\(tsquery(node)))"
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
