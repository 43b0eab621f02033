import Foundation

/// Text as the search index sees it: lower-cased, diacritics removed, and split into tokens at
/// every character that is not a letter or a digit.
///
/// Lantern folds and tokenises text itself, and both databases index only ``indexed(_:)``: words
/// made of letters and digits joined by single spaces. SQLite's `unicode61` and PostgreSQL's
/// `simple` parser then have nothing left to disagree about, so a query finds the same documents
/// on either. Where the two tokenisers would still split one of our words differently, the word is
/// split here first (see ``tokens(_:)``).
public enum SearchText {
    /// Longest token, in UTF-8 bytes; longer ones are cut (at a character boundary). PostgreSQL
    /// skips words over 2047 bytes while SQLite keeps them, so without a cut a prefix query could
    /// find a document on one and not the other.
    public static let maximumTokenBytes = 255

    /// Lower-cases and removes diacritics: compatibility decomposition (so `ﬁ` → `fi`, full-width
    /// `Ａ` → `a`, `²` → `2`), every combining mark dropped (`é` → `e`, also the vowel signs of
    /// Indic scripts, which keeps their words whole), Hangul recomposed into syllables, and a few
    /// letters Unicode does not decompose spelled out: `ß` → `ss` (so "Straße" finds "Strasse"),
    /// `æ` → `ae`, `œ` → `oe`, `ø` → `o`, `ł` → `l`, `đ` → `d`, `ħ` → `h`, `ŧ` → `t`, `ı` → `i`;
    /// final `ς` → `σ`, as SQLite folds it. The result is not the same length as the input.
    public static func fold(_ text: String) -> String {
        // ASCII is folded byte by byte; each run of other characters goes through Foundation.
        // Nothing here depends on context across an ASCII character, so this equals folding the
        // whole text at once (`foldSlowly`), at a fraction of the cost.
        var folded: [UInt8] = []
        folded.reserveCapacity(text.utf8.count)
        var nonASCII: [UInt8] = []
        for byte in text.utf8 {
            if byte < 0x80 {
                if !nonASCII.isEmpty {
                    folded += foldSlowly(String(decoding: nonASCII, as: UTF8.self)).utf8
                    nonASCII.removeAll(keepingCapacity: true)
                }
                folded.append(lowercasedASCII(byte))
            } else {
                nonASCII.append(byte)
            }
        }
        if !nonASCII.isEmpty { folded += foldSlowly(String(decoding: nonASCII, as: UTF8.self)).utf8 }
        return String(decoding: folded, as: UTF8.self)
    }

    /// The words of `text`: ``fold(_:)``, then split at every character that is not a letter or a
    /// digit; no empty tokens.
    ///
    /// Letters and digits are the Unicode categories L*, Nd and Nl as of Unicode 6.1 (what SQLite's
    /// `unicode61` knows; anything newer would be a separator there, so it is one here too). Other
    /// numbers (No: `৴`, `௰`, `፩`; `½` and `²` fold to digits first) are separators, as they are to
    /// PostgreSQL's parser. Two
    /// more rules keep the databases in step: a word that PostgreSQL reads as a number in
    /// scientific notation followed by more characters (`1e5x`) is split where PostgreSQL splits it
    /// (`1e5`, `x`), and every token is cut to ``maximumTokenBytes``.
    public static func tokens(_ text: String) -> [String] {
        let folded = Array(fold(text).utf8)
        var tokens: [String] = []
        var runStart: Int?
        var index = 0
        while index < folded.count {
            let (isWord, width) = classify(folded, at: index)
            if isWord {
                if runStart == nil { runStart = index }
            } else if let start = runStart {
                appendTokens(of: folded[start..<index], to: &tokens)
                runStart = nil
            }
            index += width
        }
        if let start = runStart { appendTokens(of: folded[start...], to: &tokens) }
        return tokens
    }

    /// The text the index stores: the tokens joined by single spaces. Both databases index this,
    /// so their tokenizers see the same words.
    public static func indexed(_ text: String) -> String {
        tokens(text).joined(separator: " ")
    }

    /// ``fold(_:)`` done on the whole text with Foundation: the definition the fast path follows.
    static func foldSlowly(_ text: String) -> String {
        var folded = String.UnicodeScalarView()
        for scalar in text.lowercased().decomposedStringWithCompatibilityMapping.unicodeScalars {
            if isMark(scalar) { continue }
            if let spelled = spelledOut[scalar] {
                folded.append(contentsOf: spelled.unicodeScalars)
            } else {
                folded.append(scalar)
            }
        }
        return String(folded).precomposedStringWithCanonicalMapping.lowercased()
    }

    private static func appendTokens(of run: ArraySlice<UInt8>, to tokens: inout [String]) {
        for range in tokenRanges(ofRun: run) { tokens.append(String(decoding: run[range], as: UTF8.self)) }
    }

    static func lowercasedASCII(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }

    /// Combining marks, and the few letters that were spacing marks in Unicode 6.1 (New Tai Lue
    /// vowel signs and tone marks, two Vedic signs): SQLite's tables still split words at them.
    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x19B0...0x19C0, 0x19C8...0x19C9, 0x1CF2...0x1CF3: return true
        default: break
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Letters without a Unicode decomposition that readers still see as a base letter with a mark
    /// (or, for `ß`, `æ` and `œ`, as two letters), and the two lower-case letters SQLite case-folds
    /// further than Swift lower-cases (final sigma, prosgegrammeni). Upper-case forms are
    /// lower-cased before lookup.
    private static let spelledOut: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ŧ": "t", "ı": "i",
        "ς": "σ", "\u{1FBE}": "ι",
    ]
}
