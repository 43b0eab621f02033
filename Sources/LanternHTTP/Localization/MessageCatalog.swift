import LanternExecution

/// Client-facing messages in other languages than the English the engine and the service write.
///
/// The engine's messages stay exactly as they are (they match graphql-js, and conformance suites
/// compare them); localisation happens at the edge, after execution, on the finished text. Each
/// catalog entry has a stable key, the English template as the source writes the message, with
/// named placeholders where the source interpolates (`Cannot query field "{field}" on type
/// "{type}".`), and the same message in Arabic with the same placeholders. A message is
/// localised by finding the entry whose English template matches all of it, taking the
/// placeholders' text from the message, and filling the Arabic template with it. A message no
/// entry matches stays English; `extensions.code` never changes.
///
/// Template syntax: `{name}` is a placeholder whose text is copied as it is (names, types, values,
/// numbers); `{name:group}` (English templates only) is a placeholder whose text is itself
/// localised with the entries of `group` — a "Did you mean …?" suffix, a list of names, a
/// conflict's reason, a permission's action. A brace not followed by a name and `}` is literal
/// (`{ ... }`). A placeholder matches any text, as little as possible, and the template is
/// anchored at both ends; a placeholder that appears twice must match the same text twice.
public enum MessageCatalog {
    /// One message in every language.
    public struct Entry: Sendable {
        /// Stable and unique: `area.what`, such as `validation.unknownField`.
        public let key: String
        /// Whole messages are `.message`; the other groups are parts of messages.
        public let group: Group
        public let english: String
        public let arabic: String

        public init(_ key: String, _ group: Group = .message, en english: String, ar arabic: String) {
            self.key = key
            self.group = group
            self.english = english
            self.arabic = arabic
        }
    }

    /// What an entry translates: a whole message, or a part some messages interpolate.
    public enum Group: String, Sendable, CaseIterable {
        /// A whole client-facing message.
        case message
        /// graphql-js's suggestion suffix, ` Did you mean "a", "b", or "c"?` (with its leading space).
        case suggestion
        /// A list of quoted names: `"a", "b", or "c"`, `"a" or "b"`, `"a", "b"`.
        case list
        /// Why two fields cannot be merged (OverlappingFieldsCanBeMerged).
        case conflict
        /// An operation type: `query`, `mutation`, `subscription`.
        case operation
        /// The subject of the single-root-field subscription rule: `Subscription "Name"`.
        case subscription
        /// Which JSON parser limit a request body exceeds.
        case jsonLimit
        /// What was not found, in `… not found.`.
        case subject
        /// What a role or an API key may not do, in FORBIDDEN messages.
        case action
    }

    /// `message` in `language`: the catalog's translation, or `message` itself when no entry
    /// matches it. English is returned as it is, without a lookup.
    public static func localize(_ message: String, to language: MessageLanguage) -> String {
        guard language != .english else { return message }
        return translation(of: message, to: language) ?? message
    }

    /// The translation of `message`, or nil when no entry of the catalog matches it.
    public static func translation(of message: String, to language: MessageLanguage) -> String? {
        translation(of: message, group: .message, to: language)
    }

    /// The error with its message in `language`; its code, locations, path and details stay.
    public static func localize(_ error: GraphQLError, to language: MessageLanguage) -> GraphQLError {
        guard language != .english else { return error }
        var localized = error
        localized.message = localize(error.message, to: language)
        return localized
    }

    /// The errors with their messages in `language`, in the same order.
    public static func localize(_ errors: [GraphQLError], to language: MessageLanguage) -> [GraphQLError] {
        guard language != .english else { return errors }
        return errors.map { localize($0, to: language) }
    }

    /// The response with its errors' messages in `language` (the data is untouched).
    public static func localize(_ response: ExecutionResponse, to language: MessageLanguage) -> ExecutionResponse {
        guard language != .english, !response.errors.isEmpty else { return response }
        var localized = response
        localized.errors = localize(response.errors, to: language)
        return localized
    }

    /// The translation of a text of `group` (a whole message or a part of one), or nil.
    static func translation(of text: String, group: Group, to language: MessageLanguage) -> String? {
        guard language != .english else { return text }
        return compiled.translate(Array(text.utf8), group: group, depth: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The entries, compiled once. An entry whose templates do not compile is left out (the
    /// catalog's tests fail on it).
    static let compiled = CompiledCatalog(entries)
}

// MARK: - Templates

/// A template split into literal byte runs and placeholders: `literals[0] P0 literals[1] P1 …
/// literals[n]`, so there is always one more literal than placeholders.
struct MessageTemplate: Sendable {
    struct Placeholder: Sendable, Hashable {
        var name: String
        var group: MessageCatalog.Group?
    }

    enum CompileError: Error, Equatable {
        case unknownGroup(String)
        case groupNotAllowed(String)
        case adjacentPlaceholders(String)
    }

    var literals: [[UInt8]]
    var placeholders: [Placeholder]

    /// How much of a message the template fixes: more specific templates are tried first.
    var literalLength: Int { literals.reduce(0) { $0 + $1.count } }

    var placeholderNames: Set<String> { Set(placeholders.map(\.name)) }

    init(_ text: String, allowGroups: Bool) throws(CompileError) {
        let bytes = Array(text.utf8)
        var literals: [[UInt8]] = []
        var placeholders: [Placeholder] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "{"), let found = try Self.placeholder(in: bytes, at: index, allowGroups: allowGroups) {
                if !placeholders.isEmpty && current.isEmpty { throw .adjacentPlaceholders(found.placeholder.name) }
                literals.append(current)
                current = []
                placeholders.append(found.placeholder)
                index = found.end
            } else {
                current.append(bytes[index])
                index += 1
            }
        }
        literals.append(current)
        self.literals = literals
        self.placeholders = placeholders
    }

    /// The placeholder starting at `start` (a `{`) and the offset after its `}`, or nil when the
    /// brace is literal text.
    private static func placeholder(in bytes: [UInt8], at start: Int, allowGroups: Bool) throws(CompileError) -> (placeholder: Placeholder, end: Int)? {
        func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): true
            case UInt8(ascii: "0")...UInt8(ascii: "9"): !first
            default: false
            }
        }
        func readName(_ from: Int) -> Int {
            var end = from
            while end < bytes.count, isNameByte(bytes[end], first: end == from) { end += 1 }
            return end
        }
        let nameEnd = readName(start + 1)
        guard nameEnd > start + 1, nameEnd < bytes.count else { return nil }
        let name = String(decoding: bytes[(start + 1)..<nameEnd], as: UTF8.self)
        if bytes[nameEnd] == UInt8(ascii: "}") { return (Placeholder(name: name, group: nil), nameEnd + 1) }
        guard bytes[nameEnd] == UInt8(ascii: ":") else { return nil }
        let groupEnd = readName(nameEnd + 1)
        guard groupEnd > nameEnd + 1, groupEnd < bytes.count, bytes[groupEnd] == UInt8(ascii: "}") else { return nil }
        let groupName = String(decoding: bytes[(nameEnd + 1)..<groupEnd], as: UTF8.self)
        guard allowGroups else { throw .groupNotAllowed(name) }
        guard let group = MessageCatalog.Group(rawValue: groupName) else { throw .unknownGroup(groupName) }
        return (Placeholder(name: name, group: group), groupEnd + 1)
    }
}

// MARK: - Matching

/// The catalog ready for lookups: every entry compiled, and the whole messages indexed by the
/// first word of their English template, so that a message is tried only against the templates
/// that can start like it (and those that start with a placeholder).
struct CompiledCatalog: Sendable {
    struct Item: Sendable {
        var entry: MessageCatalog.Entry
        var english: MessageTemplate
        var arabic: MessageTemplate
    }

    let items: [Item]
    /// Whole-message items by the first word of their template, each list with the items that
    /// start with a placeholder merged in, most specific first.
    let buckets: [[UInt8]: [Int]]
    /// Whole-message items whose first word is not fixed, most specific first.
    let unanchored: [Int]
    /// The items of each part group, most specific first.
    let groups: [MessageCatalog.Group: [Int]]

    /// How deeply parts may nest inside parts (a conflict's reason holds subfields' reasons).
    static let maximumDepth = 8

    init(_ entries: [MessageCatalog.Entry]) {
        var items: [Item] = []
        for entry in entries {
            guard let english = try? MessageTemplate(entry.english, allowGroups: true),
                  let arabic = try? MessageTemplate(entry.arabic, allowGroups: false) else { continue }
            items.append(Item(entry: entry, english: english, arabic: arabic))
        }
        self.items = items
        func specificFirst(_ indices: [Int]) -> [Int] {
            indices.sorted { a, b in
                let lengthA = items[a].english.literalLength, lengthB = items[b].english.literalLength
                return lengthA != lengthB ? lengthA > lengthB : a < b
            }
        }
        var anchored: [[UInt8]: [Int]] = [:]
        var unanchored: [Int] = []
        var groups: [MessageCatalog.Group: [Int]] = [:]
        for (index, item) in items.enumerated() {
            guard item.entry.group == .message else {
                groups[item.entry.group, default: []].append(index)
                continue
            }
            if let word = Self.anchorWord(item.english) { anchored[word, default: []].append(index) } else { unanchored.append(index) }
        }
        self.buckets = anchored.mapValues { specificFirst($0 + unanchored) }
        self.unanchored = specificFirst(unanchored)
        self.groups = groups.mapValues(specificFirst)
    }

    /// The first word (up to the first space) every message the template matches starts with,
    /// or nil when the template does not fix it.
    static func anchorWord(_ template: MessageTemplate) -> [UInt8]? {
        let first = template.literals[0]
        if let space = first.firstIndex(of: 0x20) { return Array(first[..<space]) }
        return template.placeholders.isEmpty ? first : nil
    }

    static func firstWord(_ text: [UInt8]) -> [UInt8] {
        if let space = text.firstIndex(of: 0x20) { return Array(text[..<space]) }
        return text
    }

    func candidates(_ text: [UInt8], group: MessageCatalog.Group) -> [Int] {
        guard group == .message else { return groups[group] ?? [] }
        return buckets[Self.firstWord(text)] ?? unanchored
    }

    /// How many bytes the matcher may scan for one message, nested parts included: a message
    /// echoes client text (a string literal, a variable's value), which could otherwise be made
    /// to hold many copies of a template's literals and make backtracking slow. A message that
    /// needs more stays English.
    static let workBudget = 1 << 20

    /// The Arabic text for `text` of `group`, or nil.
    func translate(_ text: [UInt8], group: MessageCatalog.Group, depth: Int) -> [UInt8]? {
        var budget = Self.workBudget
        return translate(text, group: group, depth: depth, budget: &budget)
    }

    /// A first pass accepts only matches whose part placeholders are themselves translatable
    /// (so that `value: 1.5. Did you mean …?` splits after `1.5`, not after `1`); a second pass
    /// takes any match.
    func translate(_ text: [UInt8], group: MessageCatalog.Group, depth: Int, budget: inout Int) -> [UInt8]? {
        guard depth < Self.maximumDepth else { return nil }
        let candidates = candidates(text, group: group)
        for strict in [true, false] {
            for index in candidates {
                guard budget > 0 else { return nil }
                let item = items[index]
                if let values = match(text, item.english, strict: strict, depth: depth, budget: &budget) {
                    return render(item, values, depth: depth, budget: &budget)
                }
            }
        }
        return nil
    }

    /// The placeholders' text when `template` matches all of `text`, in placeholder order.
    func match(_ text: [UInt8], _ template: MessageTemplate, strict: Bool, depth: Int, budget: inout Int) -> [ArraySlice<UInt8>]? {
        let prefix = template.literals[0], suffix = template.literals[template.literals.count - 1]
        guard template.placeholders.count > 0 else { return text == prefix ? [] : nil }
        guard text.count >= prefix.count + suffix.count, text.starts(with: prefix),
              text[(text.count - suffix.count)...].elementsEqual(suffix) else { return nil }
        let end = text.count - suffix.count
        var values: [ArraySlice<UInt8>] = []
        values.reserveCapacity(template.placeholders.count)

        func acceptable(_ index: Int, _ value: ArraySlice<UInt8>) -> Bool {
            let placeholder = template.placeholders[index]
            if let earlier = template.placeholders[..<index].firstIndex(where: { $0.name == placeholder.name }) {
                return values[earlier].elementsEqual(value)
            }
            if strict, let group = placeholder.group, !value.isEmpty {
                return translate(Array(value), group: group, depth: depth + 1, budget: &budget) != nil
            }
            return true
        }

        func assign(_ index: Int, from start: Int) -> Bool {
            if index == template.placeholders.count - 1 {
                let value = text[start..<end]
                guard acceptable(index, value) else { return false }
                values.append(value)
                return true
            }
            let literal = template.literals[index + 1]
            var search = start
            while budget > 0, let found = Self.find(literal, in: text, from: search, before: end, budget: &budget) {
                let value = text[start..<found]
                if acceptable(index, value) {
                    values.append(value)
                    if assign(index + 1, from: found + literal.count) { return true }
                    values.removeLast()
                }
                search = found + 1
            }
            return false
        }

        return assign(0, from: prefix.count) ? values : nil
    }

    /// The first offset at or after `start` where `needle` occurs wholly before `end`; each byte
    /// looked at is taken from `budget`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, before end: Int, budget: inout Int) -> Int? {
        guard let first = needle.first else { return start <= end ? start : nil }
        var offset = start
        let last = end - needle.count
        defer { budget -= max(1, offset - start) }
        while offset <= last {
            if haystack[offset] == first {
                var matched = true
                for k in 1..<needle.count where haystack[offset + k] != needle[k] {
                    matched = false
                    break
                }
                if matched { return offset }
            }
            offset += 1
        }
        return nil
    }

    /// The Arabic template filled with the placeholders' text, parts translated where they can be.
    func render(_ item: Item, _ values: [ArraySlice<UInt8>], depth: Int, budget: inout Int) -> [UInt8] {
        var byName: [String: [UInt8]] = [:]
        for (index, placeholder) in item.english.placeholders.enumerated() where byName[placeholder.name] == nil {
            let value = Array(values[index])
            if let group = placeholder.group, !value.isEmpty {
                byName[placeholder.name] = translate(value, group: group, depth: depth + 1, budget: &budget) ?? value
            } else {
                byName[placeholder.name] = value
            }
        }
        var output = item.arabic.literals[0]
        for (index, placeholder) in item.arabic.placeholders.enumerated() {
            output += byName[placeholder.name] ?? []
            output += item.arabic.literals[index + 1]
        }
        return output
    }
}
