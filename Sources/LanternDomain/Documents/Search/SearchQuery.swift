/// A parsed document search: a tree of AND, OR and NOT over words, phrases and prefixes, in
/// folded form (see ``SearchText``). Only ``parse(_:)`` makes one, so every query has something
/// to find, no NOT without a positive side, and at most ``maximumTerms`` terms; the store runs it
/// through ``fts5`` or ``tsquery``, never the user's text.
public struct SearchQuery: Sendable, Equatable {
    /// Longest query text, in UTF-8 bytes.
    public static let maximumBytes = 512
    /// Most words, phrases and prefixes in one query (excluded ones included).
    public static let maximumTerms = 32

    /// One word, phrase or prefix.
    public struct Term: Sendable, Equatable, Hashable {
        /// Folded tokens; more than one is a phrase (the words next to each other, in order).
        public var words: [String]
        /// Whether the last word is a prefix (`deplo*`, `"deploy fail"*`). Only the last word of
        /// a phrase can be one, as in both databases' phrase syntax.
        public var isPrefix: Bool

        public init(words: [String], isPrefix: Bool = false) {
            self.words = words
            self.isPrefix = isPrefix
        }
    }

    public indirect enum Node: Sendable, Equatable {
        case term(Term)
        /// Every child matches (AND).
        case all([Node])
        /// At least one child matches (OR).
        case any([Node])
        /// The child does not match; only ever a child of `all` next to a positive sibling.
        case not(Node)
    }

    public let root: Node

    init(root: Node) {
        self.root = root
    }

    /// Terms that must or may match (not under a NOT), for snippets and highlighting: in query
    /// order, each once.
    public var positiveTerms: [Term] {
        var terms: [Term] = []
        var seen: Set<Term> = []
        func collect(_ node: Node) {
            switch node {
            case .term(let term): if seen.insert(term).inserted { terms.append(term) }
            case .all(let children), .any(let children): children.forEach(collect)
            case .not: break
            }
        }
        collect(root)
        return terms
    }
}

extension SearchQuery.Node {
    /// How many terms the subtree holds, excluded ones included.
    var termCount: Int {
        switch self {
        case .term: 1
        case .all(let children), .any(let children): children.reduce(0) { $0 + $1.termCount }
        case .not(let child): child.termCount
        }
    }

    var isNegated: Bool {
        if case .not = self { return true }
        return false
    }
}
