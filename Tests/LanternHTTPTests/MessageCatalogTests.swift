import Testing
@testable import LanternHTTP
import LanternExecution

/// The English/Arabic message catalog: its entries, its matcher, language negotiation, and
/// the messages the engine really produces.
@Suite("MessageCatalog")
struct MessageCatalogTests {
    // MARK: The entries

    @Test("every key is unique")
    func uniqueKeys() {
        var seen: Set<String> = []
        for entry in MessageCatalog.entries {
            #expect(!seen.contains(entry.key), "duplicate key \(entry.key)")
            seen.insert(entry.key)
        }
        #expect(MessageCatalog.entries.count > 250)
    }

    @Test("every entry has an English and an Arabic template with the same placeholders")
    func bothLanguages() throws {
        for entry in MessageCatalog.entries {
            #expect(!entry.english.isEmpty, "\(entry.key): no English")
            #expect(!entry.arabic.isEmpty, "\(entry.key): no Arabic")
            let english = try MessageTemplate(entry.english, allowGroups: true)
            let arabic = try MessageTemplate(entry.arabic, allowGroups: false)
            #expect(english.placeholderNames == arabic.placeholderNames,
                    "\(entry.key): \(english.placeholderNames.sorted()) vs \(arabic.placeholderNames.sorted())")
        }
    }

    @Test("every template compiles, and the compiled catalog holds every entry")
    func templatesCompile() {
        for entry in MessageCatalog.entries {
            #expect(throws: Never.self, "\(entry.key) English") { _ = try MessageTemplate(entry.english, allowGroups: true) }
            #expect(throws: Never.self, "\(entry.key) Arabic") { _ = try MessageTemplate(entry.arabic, allowGroups: false) }
        }
        #expect(MessageCatalog.compiled.items.count == MessageCatalog.entries.count)
    }

    @Test("the Arabic is Arabic: Arabic letters, different from the English, no mojibake")
    func arabicText() {
        for entry in MessageCatalog.entries {
            let arabicScalars = entry.arabic.unicodeScalars.filter { (0x0600...0x06FF).contains($0.value) }
            // Lists of names differ from English only by their punctuation (، and أو).
            if entry.group != .list {
                #expect(arabicScalars.contains { (0x0621...0x064A).contains($0.value) }, "\(entry.key) has no Arabic letters")
                #expect(entry.arabic != entry.english, "\(entry.key) is not translated")
            }
            // UTF-8 decoded as Latin-1 shows up as Ø/Ù followed by another Latin-1 letter.
            #expect(!entry.arabic.contains("Ø") && !entry.arabic.contains("Ù") && !entry.arabic.contains("Ã"),
                    "\(entry.key) looks like mojibake")
            #expect(String(decoding: Array(entry.arabic.utf8), as: UTF8.self) == entry.arabic)
        }
    }

    @Test("round trip: each English template, filled, becomes the Arabic template filled with the same values")
    func roundTrip() throws {
        for (index, entry) in MessageCatalog.entries.enumerated() {
            let (english, arabic) = try Self.sample(entry, seed: index * 100)
            let translated = MessageCatalog.translation(of: english, group: entry.group, to: .arabic)
            #expect(translated == arabic, "\(entry.key): \(english)")
        }
    }

    // MARK: Lookups

    @Test("English is the identity, with no lookup")
    func englishIdentity() {
        let message = #"Cannot query field "nam" on type "Dog". Did you mean "name"?"#
        #expect(MessageCatalog.localize(message, to: .english) == message)
        #expect(MessageCatalog.localize("anything at all", to: .english) == "anything at all")
        let errors = [GraphQLError(message, code: "GRAPHQL_VALIDATION_FAILED")]
        #expect(MessageCatalog.localize(errors, to: .english) == errors)
    }

    @Test("messages that are not in the catalog stay as they are")
    func unknownMessages() {
        for message in ["Something the catalog does not know.", "", "Bad token", "Cannot query field", "Syntax Error",
                        "PersistedQueryNotFound", "PersistedQueryNotSupported", "Internal server error!"] {
            #expect(MessageCatalog.localize(message, to: .arabic) == message)
            #expect(MessageCatalog.translation(of: message, to: .arabic) == nil)
        }
    }

    @Test("names, values and suggestions keep their Latin text inside the Arabic sentence")
    func rendering() {
        #expect(MessageCatalog.localize(#"Cannot query field "nam" on type "Dog". Did you mean "name"?"#, to: .arabic)
                == #"لا يمكن الاستعلام عن الحقل "nam" في النوع "Dog". هل تقصد "name"؟"#)
        #expect(MessageCatalog.localize(#"Cannot query field "x" on type "T". Did you mean "a", "b", or "c"?"#, to: .arabic)
                == #"لا يمكن الاستعلام عن الحقل "x" في النوع "T". هل تقصد "a"، "b"، أو "c"؟"#)
        #expect(MessageCatalog.localize(#"Cannot query field "x" on type "Pet". Did you mean to use an inline fragment on "Dog" or "Cat"?"#, to: .arabic)
                == #"لا يمكن الاستعلام عن الحقل "x" في النوع "Pet". هل تقصد استخدام جزء مضمَّن على "Dog" أو "Cat"؟"#)
        #expect(MessageCatalog.localize(#"Unknown type "Strin"."#, to: .arabic) == #"النوع "Strin" غير معروف."#)
        // The value holds a "." itself: the suggestion still splits off after all of it.
        #expect(MessageCatalog.localize(#"Enum "Kind" cannot represent non-enum value: 1.5. Did you mean the enum value "SMALL"?"#, to: .arabic)
                == #"لا يمكن للتعداد "Kind" تمثيل قيمة ليست من قيم التعداد: 1.5. هل تقصد قيمة التعداد "SMALL"؟"#)
        // A variable's problem is itself a message.
        #expect(MessageCatalog.localize(#"Variable "$f" got invalid value 3 at "f.text"; String cannot represent a non string value: 3"#, to: .arabic)
                == #"تلقّى المتغير "$f" قيمة غير صالحة 3 عند "f.text"؛ لا يمكن للنوع String تمثيل قيمة ليست سلسلة نصية: 3"#)
        // Conflicts nest.
        let conflict = #"Fields "a" conflict because subfields "b" conflict because "c" and "d" are different fields and subfields "e" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional."#
        #expect(MessageCatalog.localize(conflict, to: .arabic)
                == #"الحقول "a" تتعارض لأن الحقول الفرعية "b" تتعارض لأن "c" و"d" حقلان مختلفان، والحقول الفرعية "e" تتعارض لأن لهما وسائط مختلفة. استخدم أسماء مستعارة مختلفة للحقول لجلبها كلها إن كان ذلك مقصودًا."#)
        // Domain errors: subjects and actions.
        #expect(MessageCatalog.localize("Document not found.", to: .arabic) == "لم يُعثر على المستند.")
        #expect(MessageCatalog.localize("Your role VIEWER in tenant 'acme' cannot manage webhooks; it needs ADMIN or higher.", to: .arabic)
                == "لا يملك دورك VIEWER في المستأجر 'acme' صلاحية إدارة خطافات الويب (webhooks)؛ يلزم الدور ADMIN أو أعلى.")
        // A part the catalog does not know stays English inside the Arabic sentence.
        #expect(MessageCatalog.localize("API keys cannot juggle.", to: .arabic) == "لا تملك مفاتيح API صلاحية juggle.")
        #expect(MessageCatalog.localize("Syntax Error: Expected Name, found <EOF>.", to: .arabic)
                == "خطأ نحوي: كان المتوقع Name، لكن وُجد <EOF>.")
    }

    @Test("localizing an error changes only its message")
    func errorsKeepTheirCode() {
        guard var error = Self.prepareErrors("{ ...F }").first else {
            Issue.record("no error")
            return
        }
        #expect(error.message == #"Unknown fragment "F"."#)
        #expect(!error.locations.isEmpty)
        error.path = [.key("a"), .index(0)]
        error.details = [ErrorDetail("limit", .int(3))]
        let localized = MessageCatalog.localize(error, to: .arabic)
        #expect(localized.message == #"الجزء "F" غير معروف."#)
        #expect(localized.code == error.code)
        #expect(localized.locations == error.locations)
        #expect(localized.path == error.path)
        #expect(localized.details == error.details)
        let response = MessageCatalog.localize(ExecutionResponse(requestErrors: [error]), to: .arabic)
        #expect(response.isRequestError)
        #expect(response.errors.map(\.message) == [localized.message])
        #expect(response.errors.map(\.code) == ["GRAPHQL_VALIDATION_FAILED"])
    }

    @Test("a message built to make the matcher backtrack comes back quickly")
    func pathologicalMessage() {
        // Each ` at "` could end the value, and no `"; ` ever ends the path after it.
        let message = #"Variable "$v" got invalid value "# + String(repeating: #"x at "y"#, count: 40_000)
            + "; Int cannot represent non-integer value: 1"
        let start = ContinuousClock.now
        _ = MessageCatalog.localize(message, to: .arabic)
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    // MARK: Languages

    @Test("Accept-Language negotiation", arguments: [
        (nil, MessageLanguage.english),
        ("", .english),
        ("ar", .arabic),
        ("AR", .arabic),
        ("ar-SA", .arabic),
        ("en-US,en;q=0.9,ar;q=0.8", .english),
        ("ar-EG;q=0.8, en;q=0.7", .arabic),
        ("fr-FR, ar;q=0.5", .arabic),
        ("fr, de", .english),
        ("*", .english),
        ("ar;q=0, *", .english),
        ("en;q=0, *;q=0.5", .arabic),
        ("en;q=0.5, ar;q=0.5", .english),
        ("ar;q=0.5, en;q=0.5", .arabic),
        ("ar;q=abc", .english),
        ("ar;q=1.5", .english),
        ("de;q=0.9 , ar-EG ; q=0.8", .arabic),
        ("en;q=0.1, ar-SA;q=0.2, ar;q=0", .arabic),
        ("  ,, ar  ", .arabic),
    ] as [(String?, MessageLanguage)])
    func negotiation(header: String?, expected: MessageLanguage) {
        #expect(MessageLanguage.negotiate(acceptLanguage: header) == expected, "\(header ?? "nil")")
    }

    @Test("connection_init locales")
    func locales() {
        #expect(MessageLanguage(locale: "ar") == .arabic)
        #expect(MessageLanguage(locale: "ar-EG") == .arabic)
        #expect(MessageLanguage(locale: "ar_SA") == .arabic)
        #expect(MessageLanguage(locale: " AR ") == .arabic)
        #expect(MessageLanguage(locale: "en-US") == .english)
        #expect(MessageLanguage(locale: "en") == .english)
        #expect(MessageLanguage(locale: "fr") == nil)
        #expect(MessageLanguage(locale: "") == nil)
        #expect(MessageLanguage(rawValue: "ar") == .arabic)
    }

    // MARK: What the engine really says

    static let sdl = """
    type Query {
      dog(id: ID!): Dog
      dogs(first: Int): [Dog!]
      name: String
      nonNull: String!
      pet: Pet
      search(filter: Filter): [String]
      kind(k: Kind): String
    }
    interface Pet { name: String }
    type Dog implements Pet { name: String barks: Boolean owner: Human }
    type Human { name: String }
    enum Kind { SMALL LARGE }
    input Filter { text: String! limit: Int }
    type Subscription { ticks: Int tocks: Int }
    """

    static func engine(limits: OperationLimits? = nil) -> GraphQLEngine<JSONResolvers> {
        GraphQLEngine(schema: try! Schema.build(sdl: sdl), resolvers: JSONResolvers(), root: .object(JSONObject()),
                      validationOptions: ValidationOptions(limits: limits))
    }

    /// The messages of a document that does not parse or validate.
    static func prepareErrors(_ query: String, limits: OperationLimits? = nil) -> [GraphQLError] {
        switch engine(limits: limits).prepare(query) {
        case .success: return []
        case .failure(let failure): return failure.errors
        }
    }

    static func expectTranslated(_ errors: [GraphQLError], _ label: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(!errors.isEmpty, "\(label): no error", sourceLocation: sourceLocation)
        for error in errors {
            let localized = MessageCatalog.localize(error, to: .arabic)
            let hasArabic = localized.message.unicodeScalars.contains { (0x0621...0x064A).contains($0.value) }
            #expect(localized.message != error.message && hasArabic, "\(label): not translated: \(error.message)",
                    sourceLocation: sourceLocation)
            #expect(localized.code == error.code, sourceLocation: sourceLocation)
            // No English sentence left inside (parts the catalog did not know).
            for leftover in [" Did you mean", " conflict because ", " is not ", " cannot "] {
                #expect(!localized.message.contains(leftover), "\(label): English left in \(localized.message)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test("parse and validation errors from real documents are translated", arguments: [
        ("syntax error", "{ dog(id: 1) { name }"),
        ("unexpected character", "{ name ^ }"),
        ("unterminated string", #"{ search(filter: {text: "abc}) }"#),
        ("unknown field", "{ dog(id: 1) { nam } }"),
        ("unknown field, inline fragment hint", "{ pet { barks } }"),
        ("unknown argument", "{ dog(id: 1, idd: 2) { name } }"),
        ("missing required argument", "{ dog { name } }"),
        ("wrong variable type", "query Q($first: String) { dogs(first: $first) { name } }"),
        ("unused variable", "query Q($x: Int) { name }"),
        ("unused variable, anonymous", "query ($x: Int) { name }"),
        ("undefined variable", "query Q { dogs(first: $n) { name } }"),
        ("undefined fragment", "{ ...Missing }"),
        ("unused fragment", "{ name } fragment F on Dog { name }"),
        ("fragment cycle", "{ dog(id: 1) { ...A } } fragment A on Dog { ...B } fragment B on Dog { ...A }"),
        ("leaf with selection", "{ name { x } }"),
        ("composite without selection", "{ dog(id: 1) }"),
        ("unknown type", "query ($f: Filtr) { search(filter: $f) }"),
        ("non-input variable", "query ($d: Dog) { name }"),
        ("unknown enum value", "{ kind(k: SMAL) }"),
        ("wrong literal", #"{ dogs(first: "x") { name } }"#),
        ("null for a non-null argument", "{ dog(id: null) { name } }"),
        ("required input field", "{ search(filter: {limit: 1}) }"),
        ("unknown input field", #"{ search(filter: {text: "a", limitt: 1}) }"#),
        ("field conflict", "{ a: name a: nonNull }"),
        ("nested field conflict", "{ dog(id: 1) { x: name } dog(id: 1) { x: barks } }"),
        ("subscription root fields", "subscription { ticks tocks }"),
        ("named subscription root fields", "subscription S { ticks tocks }"),
        ("unknown directive", "{ name @foo }"),
        ("misplaced directive", "query @skip(if: true) { name }"),
        ("impossible spread", "{ dog(id: 1) { ... on Human { name } } }"),
        ("fragment on a scalar", "{ ... on String { name } }"),
        ("duplicate operation", "query A { name } query A { name }"),
        ("lone anonymous operation", "{ name } query B { name }"),
        ("duplicate argument", "{ dog(id: 1, id: 2) { name } }"),
        ("unsupported operation", "mutation { name }"),
        ("type definition in a request", "type Cat { name: String } { name }"),
    ])
    func validationCoverage(label: String, query: String) {
        Self.expectTranslated(Self.prepareErrors(query), label)
    }

    @Test("operation limits are translated")
    func limitsCoverage() async {
        let limits = OperationLimits(maxDepth: 2, maxAliases: 0, maxMutationRootFields: 1, maxDirectivesPerField: 1, maxCost: 0.5)
        let engine = Self.engine(limits: limits)
        for query in ["{ dog(id: 1) { owner { name } } }", "{ a: name }", "{ name @include(if: true) @skip(if: false) }",
                      "{ dogs { name } }"] {
            let response = await engine.execute(GraphQLRequest(query: query), context: ())
            Self.expectTranslated(response.errors, query)
        }
    }

    @Test("variable coercion and execution errors are translated")
    func executionCoverage() async throws {
        let engine = Self.engine()
        let cases: [(String, String, String)] = [
            ("missing non-null variable", "query ($id: ID!) { dog(id: $id) { name } }", "{}"),
            ("null non-null variable", "query ($id: ID!) { dog(id: $id) { name } }", #"{"id": null}"#),
            ("invalid variable", "query ($f: Int) { dogs(first: $f) { name } }", #"{"f": "abc"}"#),
            ("invalid nested variable", "query ($f: Filter) { search(filter: $f) }", #"{"f": {"text": 3}}"#),
            ("missing input field", "query ($f: Filter) { search(filter: $f) }", #"{"f": {}}"#),
            ("unknown input field", "query ($f: Filter) { search(filter: $f) }", #"{"f": {"text": "a", "limt": 1}}"#),
            ("invalid enum variable", "query ($k: Kind) { kind(k: $k) }", #"{"k": "SMAL"}"#),
            ("non-null field", "{ nonNull }", "{}"),
        ]
        for (label, query, variables) in cases {
            guard case .object(let object) = try JSONParser.parse(variables) else { Issue.record("variables"); continue }
            let response = await engine.execute(GraphQLRequest(query: query, variables: object), context: ())
            Self.expectTranslated(response.errors, label)
        }
        let unknownOperation = await engine.execute(GraphQLRequest(query: "query A { name }", operationName: "B"), context: ())
        Self.expectTranslated(unknownOperation.errors, "unknown operation")
        let ambiguous = await engine.execute(GraphQLRequest(query: "query A { name } query B { name }"), context: ())
        Self.expectTranslated(ambiguous.errors, "operation name required")
    }

    // MARK: Samples

    /// The English message an entry stands for, filled with made-up values (parts filled with
    /// their group's simplest entry), and the Arabic message it must become.
    static func sample(_ entry: MessageCatalog.Entry, seed: Int, depth: Int = 0) throws -> (english: String, arabic: String) {
        let english = try MessageTemplate(entry.english, allowGroups: true)
        let arabic = try MessageTemplate(entry.arabic, allowGroups: false)
        var values: [String: (english: String, arabic: String)] = [:]
        for (index, placeholder) in english.placeholders.enumerated() where values[placeholder.name] == nil {
            if let group = placeholder.group {
                guard depth < 4, let part = simplest(group) else { throw SampleError.noPart(entry.key) }
                values[placeholder.name] = try sample(part, seed: seed + 10 * (index + 1), depth: depth + 1)
            } else {
                let value = "Val\(seed + index)"
                values[placeholder.name] = (value, value)
            }
        }
        func fill(_ template: MessageTemplate, _ language: KeyPath<(english: String, arabic: String), String>) -> String {
            var bytes = template.literals[0]
            for (index, placeholder) in template.placeholders.enumerated() {
                bytes += Array(values[placeholder.name]![keyPath: language].utf8)
                bytes += template.literals[index + 1]
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return (fill(english, \.english), fill(arabic, \.arabic))
    }

    /// The entry of a group with the fewest parts and placeholders.
    static func simplest(_ group: MessageCatalog.Group) -> MessageCatalog.Entry? {
        MessageCatalog.entries.enumerated().filter { $0.element.group == group }.min { a, b in
            func weight(_ entry: MessageCatalog.Entry) -> Int {
                guard let template = try? MessageTemplate(entry.english, allowGroups: true) else { return .max }
                return template.placeholders.reduce(0) { $0 + ($1.group == nil ? 1 : 100) }
            }
            let (wa, wb) = (weight(a.element), weight(b.element))
            return wa != wb ? wa < wb : a.offset < b.offset
        }?.element
    }

    enum SampleError: Error { case noPart(String) }
}
