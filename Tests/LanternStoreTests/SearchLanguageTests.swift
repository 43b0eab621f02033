@testable import LanternDomain
import Testing

/// The document search language: folding, parsing, compiling to FTS5 and tsquery, and snippets.
@Suite("Search language")
struct SearchLanguageTests {
    // MARK: - Folding and tokens

    @Test func foldingRemovesCaseAndDiacritics() {
        #expect(SearchText.fold("Crème Brûlée") == "creme brulee")
        #expect(SearchText.fold("ÉCOLE") == "ecole")
        #expect(SearchText.fold("Straße STRAẞE") == "strasse strasse")
        #expect(SearchText.fold("Øresund Łódź Æsir") == "oresund lodz aesir")
        #expect(SearchText.fold("ﬁle Ｆｕｌｌ x²") == "file full x2")
        #expect(SearchText.fold("İstanbul") == "istanbul")
        #expect(SearchText.fold("plain ascii") == "plain ascii")
    }

    @Test func tokensSplitAtEverythingButLettersAndDigits() {
        #expect(SearchText.tokens("Hello, wörld! re-deploy v2.1 42x") == ["hello", "world", "re", "deploy", "v2", "1", "42x"])
        #expect(SearchText.tokens("  ...  ") == [])
        #expect(SearchText.tokens("한국어 日本語") == ["한국어", "日本語"])
        #expect(SearchText.indexed("  Crème   Brûlée!! <b>") == "creme brulee b")
    }

    @Test func tokensSplitWherePostgreSQLReadsAScientificNumber() {
        #expect(SearchText.tokens("1e5x 1e5 1ex e5x 12e34abc") == ["1e5", "x", "1e5", "1ex", "e5x", "12e34", "abc"])
    }

    @Test func tokensAreCutToTheMaximumLength() {
        let tokens = SearchText.tokens(String(repeating: "a", count: 300) + " " + String(repeating: "é", count: 200))
        #expect(tokens.map(\.utf8.count) == [SearchText.maximumTokenBytes, 200])
        #expect(SearchText.tokens(String(repeating: "日", count: 100)).first?.utf8.count == 255)
    }

    // MARK: - Compiling each construct

    @Test(arguments: [
        ("deploy", #""deploy""#, "'deploy'"),
        ("Deploy FAILED", #""deploy" AND "failed""#, "'deploy' & 'failed'"),
        (#""Deploy failed""#, #""deploy failed""#, "'deploy' <-> 'failed'"),
        ("deplo*", #""deplo" *"#, "'deplo':*"),
        (#""deploy fail"*"#, #""deploy fail" *"#, "'deploy' <-> 'fail':*"),
        (#""deploy fail*""#, #""deploy fail" *"#, "'deploy' <-> 'fail':*"),
        ("re-depl*", #""re depl" *"#, "'re' <-> 'depl':*"),
        ("re-deploy", #""re deploy""#, "'re' <-> 'deploy'"),
        ("cpu OR memory", #""cpu" OR "memory""#, "'cpu' | 'memory'"),
        ("outage -test", #"("outage") NOT ("test")"#, "'outage' & !'test'"),
        (#"-"root cause" outage"#, #"("outage") NOT ("root cause")"#, "'outage' & !('root' <-> 'cause')"),
        ("a -b -c*", #"("a") NOT ("b" OR "c" *)"#, "'a' & !'b' & !'c':*"),
        ("a b OR c -d", #"("a" AND ("b" OR "c")) NOT ("d")"#, "'a' & ('b' | 'c') & !'d'"),
        (#""x y" z"#, #""x y" AND "z""#, "('x' <-> 'y') & 'z'"),
        (#""x y" OR z*"#, #""x y" OR "z" *"#, "('x' <-> 'y') | 'z':*"),
    ])
    func compilesToBothSyntaxes(_ query: String, _ fts5: String, _ tsquery: String) throws {
        let parsed = try SearchQuery.parse(query)
        #expect(parsed.fts5 == fts5)
        #expect(parsed.tsquery == tsquery)
    }

    // MARK: - Grammar decisions

    @Test func orBindsTighterThanTheImplicitAnd() throws {
        #expect(try SearchQuery.parse("a b OR c -d").root == .all([word("a"), .any([word("b"), word("c")]), .not(word("d"))]))
        #expect(try SearchQuery.parse("a OR b OR c").root == .any([word("a"), word("b"), word("c")]))
    }

    @Test func orIsAnOperatorOnlyInUpperCaseBetweenTwoPositiveTerms() throws {
        #expect(try SearchQuery.parse("cats or dogs").root == .all([word("cats"), word("or"), word("dogs")]))
        #expect(try SearchQuery.parse(#"cats "OR" dogs"#).root == .all([word("cats"), word("or"), word("dogs")]))
        #expect(try SearchQuery.parse("OR cats").root == word("cats"))
        #expect(try SearchQuery.parse("cats OR").root == word("cats"))
        #expect(try SearchQuery.parse("cats OR OR dogs").root == .any([word("cats"), word("dogs")]))
        #expect(try SearchQuery.parse("cats OR !!! OR dogs").root == .any([word("cats"), word("dogs")]))
        #expect(try SearchQuery.parse("cats OR -dogs").root == .all([word("cats"), .not(word("dogs"))]))
        #expect(try SearchQuery.parse("-cats OR dogs").root == .all([.not(word("cats")), word("dogs")]))
        #expect(try SearchQuery.parse("-OR cats").root == .all([.not(word("or")), word("cats")]))
    }

    @Test func quotesDashesAndStars() throws {
        #expect(try SearchQuery.parse(#"deploy "root cause"#).root == .all([word("deploy"), phrase("root", "cause")]))
        #expect(try SearchQuery.parse(#"ab"cd ef""#).root == .all([word("ab"), phrase("cd", "ef")]))
        #expect(try SearchQuery.parse("a - b").root == .all([word("a"), word("b")]))
        #expect(try SearchQuery.parse("--a b").root == .all([.not(word("a")), word("b")]))
        #expect(try SearchQuery.parse("a * !!! b").root == .all([word("a"), word("b")]))
        #expect(try SearchQuery.parse("*abc").root == word("abc"))
        #expect(try SearchQuery.parse("ab*cd").root == phrase("ab", "cd"))
        #expect(try SearchQuery.parse("abc.*").root == word("abc"))
        #expect(try SearchQuery.parse("1e5x").root == phrase("1e5", "x"))
        #expect(try SearchQuery.parse("a a OR a b").root == .all([word("a"), word("b")]))
    }

    @Test func positiveTermsLeaveOutExclusions() throws {
        let query = try SearchQuery.parse(#"deploy "root cause" OR fail* -test deploy"#)
        #expect(query.positiveTerms == [
            .init(words: ["deploy"]), .init(words: ["root", "cause"]), .init(words: ["fail"], isPrefix: true),
        ])
    }

    // MARK: - Refusals

    @Test(arguments: ["", "   ", "!!! --- ...", "*", #""""#, "-", "OR", "OR OR", #"" "#])
    func queriesWithNothingSearchableAreBadUserInput(_ text: String) {
        expectBadInput(text, mentioning: "nothing to search for")
    }

    @Test(arguments: ["-a", "-a -b", #"-"root cause""#, "-a OR -b", "-a OR"])
    func queriesWithOnlyExclusionsAreBadUserInput(_ text: String) {
        expectBadInput(text, mentioning: "only excludes")
    }

    @Test func queriesOverTheLimitsAreBadUserInput() throws {
        expectBadInput(String(repeating: "a", count: 513), mentioning: "at most 512 bytes and 32 terms")
        let words = (1...33).map { "w\($0)" }
        expectBadInput(words.joined(separator: " "), mentioning: "this one has 33 terms")
        #expect(try SearchQuery.parse(words.dropLast().joined(separator: " ")).root.termCount == 32)
        #expect(try SearchQuery.parse(String(repeating: "a", count: 512)).root == word(String(repeating: "a", count: 255)))
    }

    // MARK: - Snippets

    @Test func snippetsEscapeHTML() throws {
        let snippet = SearchSnippet.make(body: #"Run <script>alert('x')</script> & "deploy""#, query: try .parse("deploy"))
        #expect(snippet == "Run &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;<mark>deploy</mark>&quot;")
    }

    @Test func snippetsMarkFoldedMatchesPrefixesAndPhrases() throws {
        #expect(SearchSnippet.make(body: "Le Café est ouvert.", query: try .parse("cafe")) == "Le <mark>Café</mark> est ouvert.")
        #expect(SearchSnippet.make(body: "The Deployment failed.", query: try .parse("deplo*"))
            == "The <mark>Deployment</mark> failed.")
        #expect(SearchSnippet.make(body: "Deploy failed, then deploy succeeded.", query: try .parse(#""deploy failed""#))
            == "<mark>Deploy</mark> <mark>failed</mark>, then deploy succeeded.")
        #expect(SearchSnippet.make(body: "deploy failed", query: try .parse("deploy -failed")) == "<mark>deploy</mark> failed")
        #expect(SearchSnippet.make(body: "run 1e5x now", query: try .parse("1e5")) == "run <mark>1e5</mark>x now")
    }

    @Test func snippetsShowTheWindowWithTheMostDistinctTerms() throws {
        let filler = Array(repeating: "lorem ipsum dolor", count: 20).joined(separator: " ")
        let body = "The cache warmed. \(filler). The cache failed during the deploy. \(filler)."
        let snippet = SearchSnippet.make(body: body, query: try .parse("cache deploy"), length: 80)
        #expect(snippet.contains("<mark>cache</mark> failed during the <mark>deploy</mark>"))
        #expect(snippet.hasPrefix("…") && snippet.hasSuffix("…"))
        #expect(!snippet.contains("warmed"))
    }

    @Test func snippetsPreferTheEarliestOfEqualWindows() throws {
        let filler = Array(repeating: "lorem ipsum", count: 30).joined(separator: " ")
        let body = "first alpha beta. \(filler) second alpha beta."
        let snippet = SearchSnippet.make(body: body, query: try .parse("alpha beta"), length: 40)
        #expect(snippet.hasPrefix("first <mark>alpha</mark> <mark>beta</mark>."))
        #expect(snippet.hasSuffix("…"))
    }

    @Test func snippetsCutAtWordBoundariesWithEllipses() throws {
        let body = "Alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima."
        let start = SearchSnippet.make(body: body, query: try .parse("zulu"), length: 20)
        #expect(start == "Alpha bravo charlie…")
        let middle = SearchSnippet.make(body: body, query: try .parse("foxtrot"), length: 20)
        #expect(middle == "…echo <mark>foxtrot</mark> golf…")
        let end = SearchSnippet.make(body: body, query: try .parse("lima"), length: 20)
        #expect(end == "…juliet kilo <mark>lima</mark>.")
    }

    @Test func snippetsOfShortOrWordlessBodies() throws {
        let query = try SearchQuery.parse("anything")
        #expect(SearchSnippet.make(body: "  Short & sweet.  ", query: query) == "Short &amp; sweet.")
        #expect(SearchSnippet.make(body: "", query: query) == "")
        #expect(SearchSnippet.make(body: String(repeating: "<>", count: 10), query: query, length: 4) == "&lt;&gt;&lt;&gt;…")
        let long = String(repeating: "x", count: 500)
        // A word longer than the passage is cut (the passage may run `attachedPunctuation` over on each side).
        #expect(SearchSnippet.make(body: long, query: try .parse("x*"), length: 10) == "<mark>\(String(repeating: "x", count: 26))</mark>…")
    }

    // MARK: - Never crash

    @Test func randomInputNeverCrashesAndCompilesToBalancedQueries() {
        var random = SplitMix64(seed: 0x5EA4C4)
        let pieces: [String] = ["a", "Zé", "OR", "or", "\"", "\"", "-", "--", "*", " ", " ", "  ", "\t", "(", ")", "'", "\\",
                                "1e5", "x", "ß", "İ", "日本", "한", "e\u{301}", "\u{301}", "😀", "👩‍👩‍👧", "ﬁ", "½", ":", "NOT",
                                "AND", "NEAR", "^", "+", "\u{0}", "\n", "ǅ", "ـ", "\u{200B}", "deploy", "Ø"]
        for _ in 0..<4_000 {
            let count = Int(random.next() % 24)
            let text = (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(SearchText.spans(text).map(\.token) == SearchText.tokens(text), "\(text.debugDescription)")
            #expect(SearchText.tokens(SearchText.indexed(text)) == SearchText.tokens(text), "\(text.debugDescription)")
            #expect(SearchText.fold(text) == SearchText.foldSlowly(text), "\(text.debugDescription)")
            #expect(SearchText.fold(SearchText.fold(text)) == SearchText.fold(text), "\(text.debugDescription)")
            do {
                let query = try SearchQuery.parse(text)
                #expect(!query.fts5.isEmpty && query.fts5.count(where: { $0 == "\"" }) % 2 == 0, "\(text.debugDescription)")
                #expect(!query.tsquery.isEmpty && query.tsquery.count(where: { $0 == "'" }) % 2 == 0, "\(text.debugDescription)")
                _ = SearchSnippet.make(body: text + " " + text, query: query, length: Int(random.next() % 40))
            } catch {
                #expect(error.kind == .badUserInput)
            }
        }
    }

    // MARK: - Helpers

    private func word(_ word: String, prefix: Bool = false) -> SearchQuery.Node {
        .term(.init(words: [word], isPrefix: prefix))
    }

    private func phrase(_ words: String...) -> SearchQuery.Node {
        .term(.init(words: words))
    }

    private func expectBadInput(_ text: String, mentioning fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let query = try SearchQuery.parse(text)
            Issue.record("expected BAD_USER_INPUT for \(text.debugDescription), got \(query.root)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind.rawValue == "BAD_USER_INPUT", sourceLocation: sourceLocation)
            #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
        }
    }
}

/// A small seeded generator, so the random inputs are the same on every run.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
