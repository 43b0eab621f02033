/// A language client-facing error messages can be written in. The engine writes English;
/// `MessageCatalog` renders its messages in the others. `extensions.code` is the same in every
/// language, so clients branch on the code and show the message.
public enum MessageLanguage: String, Sendable, CaseIterable {
    case english = "en"
    case arabic = "ar"

    /// The language of a locale identifier, as a WebSocket client sends it in `connection_init`'s
    /// `locale`: `"ar"`, `"ar-EG"`, `"en-US"`, `"ar_SA"` (case-insensitive; only the primary
    /// subtag counts). Nil for a language the catalog does not have.
    public init?(locale: String) {
        guard let language = Self.supported(primarySubtag: Self.primarySubtag(of: Substring(locale))) else { return nil }
        self = language
    }

    /// The language an `Accept-Language` header (RFC 9110 §12.5.4) prefers: the supported
    /// language with the highest quality value, ties going to the range listed first. A range
    /// matches by its primary subtag (`ar-SA` and `ar-EG;q=0.8` ask for Arabic); `*` stands for
    /// every language the header does not name; `q=0` refuses a language. English when the header
    /// is absent, names nothing supported, or cannot be read.
    public static func negotiate(acceptLanguage: String?) -> MessageLanguage {
        guard let header = acceptLanguage, !header.isEmpty else { return .english }
        // The best (quality, position) of each language named explicitly, and of the wildcard.
        var explicit: [MessageLanguage: (quality: Double, position: Int)] = [:]
        var wildcard: (quality: Double, position: Int)?
        for (position, range) in header.split(separator: ",", omittingEmptySubsequences: true).prefix(Self.maximumRanges).enumerated() {
            let parts = range.split(separator: ";", omittingEmptySubsequences: false)
            let tag = Self.trimmed(parts[0])
            if tag.isEmpty { continue }
            guard let quality = Self.quality(parts.dropFirst()) else { continue }
            if tag == "*" {
                if wildcard == nil { wildcard = (quality, position) }
                continue
            }
            guard let language = Self.supported(primarySubtag: Self.primarySubtag(of: tag)) else { continue }
            if let known = explicit[language], known.quality >= quality { continue }
            explicit[language] = (quality, explicit[language]?.position ?? position)
        }
        var best: (language: MessageLanguage, quality: Double, position: Int)?
        for language in MessageLanguage.allCases {
            guard let preference = explicit[language] ?? wildcard else { continue }
            let (quality, position) = preference
            guard quality > 0 else { continue }
            if let current = best, current.quality > quality || (current.quality == quality && current.position <= position) {
                continue
            }
            best = (language, quality, position)
        }
        return best?.language ?? .english
    }

    /// More ranges than anyone sends are ignored, so a huge header costs little.
    static let maximumRanges = 64

    static func supported(primarySubtag: String) -> MessageLanguage? {
        switch primarySubtag {
        case "en": .english
        case "ar": .arabic
        default: nil
        }
    }

    /// The lower-cased primary subtag of a language tag or locale (`ar-EG` → `ar`).
    static func primarySubtag(of tag: Substring) -> String {
        let trimmed = Self.trimmed(tag)
        let primary = trimmed.prefix { $0 != "-" && $0 != "_" }
        return primary.lowercased()
    }

    /// The `q` parameter of a range's parameters: 1 when absent, nil when it is not a valid
    /// qvalue (the range is then ignored).
    static func quality(_ parameters: ArraySlice<Substring>) -> Double? {
        var quality = 1.0
        for parameter in parameters {
            let trimmed = Self.trimmed(parameter)
            guard trimmed.count >= 2, trimmed.prefix(2).lowercased() == "q=" else { continue }
            let text = trimmed.dropFirst(2)
            guard text.count <= 5, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  let value = Double(String(text)), (0...1).contains(value) else { return nil }
            quality = value
        }
        return quality
    }

    static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
