import Foundation
import LanternDomain
import LanternExecution
import LanternHTTP
@testable import LanternService
import Testing

/// Hostile input against the real service on real SQLite: nothing a client sends may crash the
/// process, and budgets refuse work before it runs.
@Suite("Service hardening")
struct HardeningTests {
    private func codes(_ json: JSONValue) -> [String] {
        guard case .array(let errors)? = json["errors"] else { return [] }
        return errors.compactMap { if case .string(let code)? = $0["code"] { code } else { nil } }
    }

    @Test func malformedCursorsAreBadInputNotCrashes() async throws {
        let harness = try await ServiceHarness(slug: "cursors")
        _ = try await harness.app.services.incidents.report(harness.access, title: "Disk full", description: nil, severity: .high, tags: [])
        let token = harness.owner.accessToken
        let page = try await harness.execute("{ incidents { edges { cursor node { timeline { pageInfo { endCursor } } } } } }", token: token)
        guard case .array(let edges)? = page.json["data"]?["incidents"]?["edges"], case .string(let incidentCursor)? = edges.first?["cursor"] else {
            Issue.record("no cursor: \(page.json)"); return
        }
        let hostile = ["dGltZWxpbmU6MQ==", "YXVkaXQ6MQ==", "aW5jaWRlbnQ6", "aW5jaWRlbnQ6MTox", "", "!!!", "====",
                       String(incidentCursor.dropLast(3)), String(repeating: "QUFB", count: 400),
                       Data("timeline:1:".utf8).base64EncodedString(), Data("audit::".utf8).base64EncodedString(),
                       Data([0xFF, 0xFE, 0x00]).base64EncodedString()]
        for cursor in hostile {
            let variables = JSONObject([("after", .string(cursor))])
            for query in ["query ($after: String) { incidents(after: $after) { totalCount } }",
                          "query ($after: String) { incidents { edges { node { timeline(after: $after) { totalCount } } } } }",
                          "query ($after: String) { auditLog(after: $after) { totalCount } }"] {
                let result = try await harness.execute(query, variables: variables, token: token)
                #expect(codes(result.json).allSatisfy { $0 == "BAD_USER_INPUT" }, "\(cursor) in \(query): \(result.json)")
                #expect(!codes(result.json).isEmpty, "\(cursor) should be refused in \(query)")
            }
        }
    }

    @Test func textWithNULAndOverlongUTF8AreRefusedAsBadInput() async throws {
        let harness = try await ServiceHarness(slug: "nul")
        let token = harness.owner.accessToken
        let nul = try await harness.execute("{ incident(id: \"abc\\u0000def\") { id } }", token: token)
        #expect(codes(nul.json) == ["BAD_USER_INPUT"])
        // 150 two-byte characters: 150 characters but 300 bytes, beyond the 200-byte title.
        let title = String(repeating: "é", count: 150)
        let long = try await harness.execute("mutation ($t: String!) { reportIncident(input: {title: $t, severity: LOW}) { id } }",
                                             variables: JSONObject([("t", .string(title))]), token: token)
        #expect(codes(long.json) == ["BAD_USER_INPUT"])
    }

    @Test func budgetsChargeCostRefuseWithRetryAfterAndAreSetByTheOwner() async throws {
        let harness = try await ServiceHarness(slug: "budget") { $0.budgets = CostBudgets.Limits(points: 100, windowSeconds: 600) }
        let token = harness.owner.accessToken
        // 1 (connection) + 20 edges × (1 + 0) = 21 points each.
        let query = "{ incidents { edges { node { id } } } }"
        var refused: JSONValue?
        for _ in 0..<6 {
            let result = try await harness.execute(query, token: token)
            if !codes(result.json).isEmpty { refused = result.json; break }
        }
        guard let refused else { Issue.record("the budget never ran out"); return }
        #expect(codes(refused) == ["RATE_LIMITED"])
        guard case .array(let errors)? = refused["errors"], case .int(let retry)? = errors.first?["retryAfterSeconds"] else {
            Issue.record("no retryAfterSeconds: \(refused)"); return
        }
        #expect(retry > 0 && retry <= 600)
        let standing = try await harness.execute("{ rateLimit { limit remaining resetAt } }", token: token)
        #expect(standing.json["data"]?["rateLimit"]?["limit"] == .int(100))
        #expect(standing.json["data"]?["rateLimit"]?["remaining"].flatMap(\.integralValue).map { $0 < 21 } == true)
        // The owner raises the tenant's budget; the same query runs again.
        let raised = try await harness.execute("mutation { updateTenant(input: {costBudget: 100000}) { name costBudget } }", token: token)
        #expect(raised.json["data"]?["updateTenant"]?["costBudget"] == .int(100_000), "\(raised.json)")
        #expect(raised.json["data"]?["updateTenant"]?["name"] == .string("Count"))
        let again = try await harness.execute(query, token: token)
        #expect(codes(again.json).isEmpty, "\(again.json)")
    }

    @Test func unauthenticatedOperationsAreBudgetedPerAddress() async throws {
        let harness = try await ServiceHarness(slug: "addr") { $0.budgets = CostBudgets.Limits(points: 900, windowSeconds: 600) }
        func context(_ address: String) async throws -> RequestContext {
            try await ServiceApp.context(services: harness.app.services, credential: nil, tenant: nil,
                                         head: RequestHead(headers: [:], remoteAddress: address, requestID: "t"), rejectBadCredential: false)
        }
        let signIn = "mutation { signIn(input: {email: \"nobody@example.com\", password: \"wrong-password\"}) { accessToken } }"
        let first = try await harness.execute(signIn, token: nil, context: try await context("10.0.0.1"))
        #expect(codes(first.json) == ["UNAUTHENTICATED"])
        let second = try await harness.execute(signIn, token: nil, context: try await context("10.0.0.1"))
        #expect(codes(second.json) == ["RATE_LIMITED"], "signIn costs 500: a second one does not fit a 900-point budget")
        let elsewhere = try await harness.execute(signIn, token: nil, context: try await context("10.0.0.2"))
        #expect(codes(elsewhere.json) == ["UNAUTHENTICATED"])
    }

    @Test func forwardedForIsBelievedOnlyFromTrustedProxies() {
        let head = RequestHead(headers: ["x-forwarded-for": "203.0.113.9, 10.0.0.5"], remoteAddress: "10.0.0.5", requestID: "t")
        #expect(ServiceApp.resolvingClientAddress(head, trustedProxies: []).remoteAddress == "10.0.0.5")
        #expect(ServiceApp.resolvingClientAddress(head, trustedProxies: ["10.0.0.5"]).remoteAddress == "203.0.113.9")
        let spoofed = RequestHead(headers: ["x-forwarded-for": "1.2.3.4"], remoteAddress: "198.51.100.7", requestID: "t")
        #expect(ServiceApp.resolvingClientAddress(spoofed, trustedProxies: ["10.0.0.5"]).remoteAddress == "198.51.100.7")
    }

    @Test func theServedSchemaKeepsItsCostDirectives() throws {
        let schema = try APISchema.build()
        let model = CostModel(schema: schema)
        let signIn = try #require(schema.fieldDefinition("signIn", on: schema.mutationType!))
        #expect(model.cost(of: signIn, returning: schema[signIn.type.namedIndex]).weight == 500)
        let incidents = try #require(schema.fieldDefinition("incidents", on: schema.queryType!))
        #expect(model.cost(of: incidents, returning: schema[incidents.type.namedIndex]).listSize?.sizedFields == ["edges"])
    }

    @Test func aConnectionsCredentialEndsWhenItsSessionIsRevokedOrItsTokenExpires() async throws {
        let harness = try await ServiceHarness(slug: "watch") { $0.accessTokenLifetimeSeconds = 3 }
        let accounts = harness.app.services.accounts, origin = RequestOrigin(requestID: "t", clientAddress: nil)
        // Expiry: a short-lived token ends with .expired. It is minted right before use, so a
        // loaded machine (the whole suite runs in parallel) cannot let it expire first.
        let fresh = try await accounts.signIn(email: "owner@example.com", password: "password-1", origin: origin)
        let expiring = try await harness.context(token: fresh.accessToken)
        #expect(expiring.credentialExpiresAt != nil)
        #expect(await expiring.credentialEnded() == .expired)
        // Revocation: signOut elsewhere ends a watcher holding the session.
        let session = try await accounts.signIn(email: "owner@example.com", password: "password-1", origin: origin)
        let watched = try await harness.context(token: session.accessToken)
        let watcher = Task { await watched.credentialEnded() }
        try await Task.sleep(for: .milliseconds(100))
        #expect(try await accounts.signOut(watched.principal, origin: origin))
        #expect(await watcher.value == .revoked)
        // Anonymous contexts have nothing to watch.
        let anonymous = try await harness.context(token: nil)
        #expect(await anonymous.credentialEnded() == nil)
    }

    /// Found by `scripts/fuzz … OperationFuzz`: fragments that spread themselves inside their
    /// own sub-selections sent the overlapping-fields rule into endless recursion (a stack
    /// overflow, taking the process down) before NoFragmentCycles could report the cycle.
    @Test func selfSpreadingFragmentsAreReportedNotRecursedForever() throws {
        let text = try #require(Data(base64Encoded: "eyB2aWV3ZXIgeyAuLi5BIGZyYWdtZW50IEIgIGI6YiB9IH0gZnJhZ21lbnQgQSBvbiBVc2VyIHsgYTogbWVvbXRPbkluY2lkCmVudA1VVVVVVXVzZXIge3INDQ0NIHsgLi4uQSB9cyB7IHUgfSBmcmFnbSAuLi5CLi4uQSB9IA0NDQ1uSW5jaWQKZW5wDVVVVVVVc2V1IHJ7cg0NDQ0geyAuLi5BIH1zIHsgdSB9IGZyYWdtIC4uLkIuLi5BIH0gDQ0NDXVzZXIge3INDQ0NIHsgLi4uQSB9cyB7IHUgfSBmcmFnbSAuLi5CLi4uQSB9IA0NDQ0NDQ1tYmVzODg4ODg4cmVPT09PT3BvdXR0IEIgIGI6IG1lbWJlcnNoeyB2aWV3ZXIgeyAuLi5BIGZyYWdtZW50IEIgIGI6IG1lbWIuLi5BIGZyYWdtZW50IEIgIGI6IG1lbWIgfSB9IGZyYWdtZW50IEEgb24gVXNlciB7IHVzZXIgeyAuLi5CIH0gfSB9IGZyYWdtZW50IEIgb24gVXNlciB7IGlkIH0="))
        let document = try Parser.parse(Source(bytes: Array(text)))
        let errors = Validator.validate(document, schema: try APISchema.build())
        #expect(errors.contains { $0.message.contains("Cannot spread fragment \"A\" within itself") })
    }

    /// Also from OperationFuzz: mutually spreading fragments made the same rule compare their
    /// expansions exponentially (over 12 s for 300 bytes); fragments on a cycle are now left out
    /// of the comparison. Validation finishes, and reports the cycle.
    @Test func mutuallySpreadingFragmentsValidateQuickly() throws {
        let text = try #require(Data(base64Encoded: "eyBvbXRPbkluY2lkCmVufSBmcmFnbWVudCBBIG9uIFVzZXIgeyBhOiBtZXQNVVVVVVVuSW5jaWQKZW5DcmVhdGVUZW5hbnRJbnB1dHQNVVVVVXVVc3QgQSBvbmlld2VyIHsgLi4uewpBIH1TU1NCLi4uQWZyYWdtIC4uLkIuLi5BIH0gDQ0NDXVzZXIge3INDQ0NIHsgLi4uQSB9cyB7IHUgfSBmcmFnbSAuLi5CLi4uQSB9IA0NciB7IC4uLnsKIEEgfSB9IGZyYWdtZW50IEEgb25pZXdlciB7IC4uLnsKQSB9U1NTQi4uLkFmcmFnbSAuLi5CLi4uQSB9IA0NDQ11c2VyIHtyDQ0NDSB7IC4uLlNTQi4uLkFmcmFnbSAuLi5CLi4uQSB9IA0NDQ11c2VyIHtyDQ0NDSB7IC4uLkEgfXMgeyB1IH0gZnJhZ20gLi4uQi4uLkEgfSANDXIgeyAuLi57CiBBIH0gfVNTQi4uLkFmcmFnbSAuLi5CLi4uQSB9IA0NDQ11c2VyIHtyDQ0gZnJhZ21lbnQgQWV3ZXIgeyAuLi57CkEgfVNTU0IuLi5BZnJhZ20gLi4uQi4uLkEgfSANDQ0NdXNlciB7cg0NDQ0geyAuLi5BIH1zIHsgdSB9IGZyYWdtIC4uLkIuLi5BIH0gDQ1yIHsgLi4uewogQSB9IH0gZnJhZ21lbnQgQSBvbmlld2VyIHsgLi4uewpBIH1TU1NCLi4uQWZyYWdtIC4uLkIuLi5BIH0gDQ0NDXVzZXIge3INDQ0NIHsgLi4uU1NCLi4uQWZyYWdtIC4uLkIuLi5BIH0gDQ0NDXVzZXIge3INDQ0NIHsgLi4uQSB9cyB7IHUgfSBmcmFnbSAuLi5CLi4uQSB9IA0NciB7IC4uLnsKIEEgfSB9U1NCLi4uQWZyYWdtIC4uLkIuLi5BIH0gDQ0NDXVzZXIge3INDSBmcmFnbWVudCBBIG9uaWV3ZXIgeyAuLi57CkEgfVNTU0IuLi5BZnJhZ20gLi4uQi4uLkEgfSANDQ0NdXNlciB7cg0NDQ1BIH1zIHsgdSB9IGZyYWdtIC4uLkIuLi5BIH0gDQ0NDQ0NDSBvbmlld2VyIHsgLi4uewpBIH1TU1NCLi4uQWZyYWdtIC4uLkIuLi5BIH0gDQ0NDXVzZXIge3INDQ0NQSB9cyB7IHUgfSBmcmFnbSAuLi5CLi4uQSB9IA0NDQ0NDQ19"))
        let document = try Parser.parse(Source(bytes: Array(text)))
        let errors = Validator.validate(document, schema: try APISchema.build())
        #expect(errors.contains { $0.message.contains("within itself") })
    }

    @Test func weakJWTSecretsRefuseToStart() async throws {
        await #expect(throws: ServiceSetupError.self) {
            _ = try await ServiceHarness(slug: "weak") { $0.jwtSecret = "short" }
        }
    }

    /// Every argument of every root field, given random strings, random base64, numbers and
    /// truncated cursors through variables: every answer is data or GraphQL errors, never INTERNAL.
    @Test func randomArgumentsToEveryRootFieldNeverCrashOrLeakInternalErrors() async throws {
        let harness = try await ServiceHarness(slug: "fuzz") { $0.budgets = CostBudgets.Limits(points: 100_000_000) }
        _ = try await harness.app.services.incidents.report(harness.access, title: "Seed", description: nil, severity: .low, tags: ["a"])
        let schema = harness.app.engine.schema
        var random = SeededRandom(seed: 0x1a27e12)
        let token = harness.owner.accessToken
        var answered = 0
        for operation in [OperationType.query, .mutation] {
            guard let root = schema.rootType(for: operation) else { continue }
            for field in schema[root].fields where !["signUp", "signIn", "signOut", "signOutEverywhere"].contains(field.name) {
                for _ in 0..<12 {
                    var declarations: [String] = [], uses: [String] = [], variables = JSONObject()
                    for argument in field.arguments {
                        declarations.append("$\(argument.name): \(schema.describe(argument.type))")
                        uses.append("\(argument.name): $\(argument.name)")
                        variables[argument.name] = randomValue(argument.type, schema, &random)
                    }
                    let selection = schema[field.type.namedIndex].isComposite ? " { __typename }" : ""
                    let head = declarations.isEmpty ? "" : "(\(declarations.joined(separator: ", ")))"
                    let arguments = uses.isEmpty ? "" : "(\(uses.joined(separator: ", ")))"
                    let query = "\(operation.rawValue) \(head) { \(field.name)\(arguments)\(selection) }"
                    let result = try await harness.execute(query, variables: variables, token: token)
                    #expect(!codes(result.json).contains("INTERNAL"), "\(query) \(variables): \(result.json)")
                    answered += 1
                }
            }
        }
        #expect(answered > 100)
        let alive = try await harness.execute("{ viewer { id } }", token: token)
        #expect(codes(alive.json).isEmpty)
    }

    private func randomValue(_ type: TypeRef, _ schema: Schema, _ random: inout SeededRandom) -> JSONValue {
        switch type.shape {
        case .nonNull(let inner): return randomValue(inner, schema, &random)
        case .list(let inner): return .array((0..<random.next(upTo: 3)).map { _ in randomValue(inner, schema, &random) })
        case .named(let index):
            let named = schema[index]
            switch named.kind {
            case .inputObject:
                return .object(JSONObject(named.inputFields.map { ($0.name, randomValue($0.type, schema, &random)) }))
            case .enumType:
                return random.next(upTo: 4) == 0 ? .string("NOT_A_VALUE") : .string(named.enumValues[random.next(upTo: named.enumValues.count)].name)
            default:
                switch named.name {
                case "Int": return .int([0, -1, 1, 100, 101, Int(Int32.max), Int(Int32.min)][random.next(upTo: 7)])
                case "Boolean": return .bool(random.next(upTo: 2) == 0)
                default: return .string(random.hostileString())
                }
            }
        }
    }
}

/// A small deterministic generator (SplitMix64), so a failing input can be reproduced.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(upTo bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }

    /// Random text, base64 of random bytes or of a plausible cursor cut short, or an edge case.
    mutating func hostileString() -> String {
        let bytes = (0..<next(upTo: 40)).map { _ in UInt8(truncatingIfNeeded: next()) }
        switch next(upTo: 6) {
        case 0: return String(decoding: bytes, as: UTF8.self)
        case 1: return Data(bytes).base64EncodedString()
        case 2:
            let kind = ["incident", "timeline", "audit"][next(upTo: 3)]
            let cursor = Data("\(kind):\(next(upTo: 1 << 40)):\(String(next(), radix: 36))".utf8).base64EncodedString()
            return String(cursor.prefix(next(upTo: cursor.count + 1)))
        case 3: return ["", " ", "0", "-1", "null", "🚨", "\u{0}", String(repeating: "a", count: 5_000)][next(upTo: 8)]
        case 4: return UUID().uuidString.lowercased()
        default: return "lk_" + String(next(), radix: 36) + "_" + String(next(), radix: 36)
        }
    }
}
