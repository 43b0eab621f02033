import Foundation
import LanternCodegenRuntime
import LanternDomain
import LanternExecution
import LanternHTTP
@testable import LanternService
import LanternStore
import Logging
import Testing

/// The API over a fresh SQLite database, executed in process so the statements each request
/// costs can be counted.
struct ServiceHarness {
    let app: ServiceApp
    let owner: AuthResult
    let access: TenantAccess

    init(slug: String = "count", configure: (inout ServiceConfiguration) -> Void = { _ in }) async throws {
        var configuration = ServiceConfiguration()
        configuration.databaseURL = FileManager.default.temporaryDirectory.appendingPathComponent("lantern-\(UUID().uuidString).sqlite").path
        configuration.passwordHasher = PasswordHasher(rounds: 1 << 10)
        configuration.migrator = Migrator(directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Migrations"))
        configure(&configuration)
        var logger = Logger(label: "lantern.service-tests")
        logger.logLevel = .warning
        app = try await ServiceApp.start(configuration, logger: logger)
        let origin = RequestOrigin(requestID: "t", clientAddress: nil)
        owner = try await app.services.accounts.signUp(email: "owner@example.com", password: "password-1", name: "Owner", origin: origin)
        let principal = try await app.services.accounts.authenticate(bearer: owner.accessToken)
        _ = try await app.services.accounts.createTenant(principal, name: "Count", slug: slug, origin: origin)
        access = try await app.services.accounts.access(principal, tenantSlug: slug, origin: origin)
    }

    func context(token: String?) async throws -> RequestContext {
        try await ServiceApp.context(services: app.services, credential: token, tenant: nil,
                                     head: RequestHead(headers: [:], remoteAddress: nil, requestID: "test"), rejectBadCredential: false)
    }

    func execute(_ query: String, variables: JSONObject = JSONObject(), token: String?,
                 context given: RequestContext? = nil) async throws -> (json: JSONValue, statements: Int) {
        let context: RequestContext
        if let given { context = given } else { context = try await self.context(token: token) }
        let before = app.database.statementCount
        let response = await app.engine.execute(GraphQLRequest(query: query, variables: variables), context: ResolverScope(context))
        let statements = app.database.statementCount - before
        var errors: [JSONValue] = []
        for error in response.errors {
            var fields: [(String, JSONValue)] = [("message", .string(error.message)), ("code", .string(error.code ?? ""))]
            for detail in error.details {
                switch detail.value {
                case .int(let value): fields.append((detail.key, .int(value)))
                case .double(let value): fields.append((detail.key, .double(value)))
                case .string(let value): fields.append((detail.key, .string(value)))
                }
            }
            errors.append(.object(JSONObject(fields)))
        }
        let data = try response.data.map { try JSONParser.parse($0) } ?? .null
        return (.object(JSONObject([("data", data), ("errors", .array(errors))])), statements)
    }
}

@Suite("Service API in process")
struct StatementCountTests {
    @Test func anIncidentPageCostsTheSameStatementsWhateverItsSize() async throws {
        let harness = try await ServiceHarness()
        let services = harness.app.services
        var members: [UserID] = []
        for index in 0..<6 {
            let user = try await services.accounts.signUp(email: "member\(index)@example.com", password: "password-1",
                                                          name: "Member \(index)", origin: harness.access.origin).user
            _ = try await services.accounts.addMember(harness.access, email: user.email, role: .responder)
            members.append(user.id)
        }
        for index in 0..<24 {
            let incident = try await services.incidents.report(harness.access, title: "Incident \(index)", description: nil,
                                                               severity: .medium, tags: ["t\(index % 3)"])
            _ = try await services.incidents.assign(harness.access, id: incident.id, assigneeID: members[index % members.count])
        }
        let query = """
            query($first: Int) { incidents(first: $first) { totalCount edges { cursor node {
              number title tags reporter { id name } assignee { id name email }
              timeline(first: 2) { totalCount pageInfo { hasNextPage } edges { node { kind actor { name } } } } } } } }
            """
        var costs: [Int: Int] = [:]
        for size in [2, 8, 24] {
            let (json, statements) = try await harness.execute(query, variables: JSONObject([("first", .int(size))]),
                                                               token: harness.owner.accessToken)
            guard case .array(let edges)? = json["data"]?["incidents"]?["edges"] else {
                Issue.record("no edges: \(json)")
                return
            }
            #expect(edges.count == size)
            #expect(edges.allSatisfy { $0["node"]?["assignee"]?["name"] != nil && $0["node"]?["reporter"]?["name"] == .string("Owner") })
            #expect(edges.allSatisfy { $0["node"]?["timeline"]?["totalCount"] == .int(2) && $0["node"]?["timeline"]?["pageInfo"]?["hasNextPage"] == .bool(false) })
            #expect(edges.allSatisfy { $0["node"]?["timeline"]?["edges"]?[arrayIndex: 1]?["node"]?["kind"] == .string("ASSIGNED") })
            costs[size] = statements
        }
        await harness.app.database.close()
        // Authentication (session, user), tenant access (memberships, tenant), count, page, one
        // batch of timelines, one batch of users: a constant, whatever the page size.
        #expect(costs[2] == costs[8] && costs[8] == costs[24], "statements per page size: \(costs)")
        #expect((costs[24] ?? 99) <= 9, "statements: \(costs)")
    }

    @Test func domainRefusalsCarryTheirCodeAndOtherFailuresAreMasked() async throws {
        let harness = try await ServiceHarness(slug: "codes")
        let (missing, _) = try await harness.execute(#"{ incident(id: "nope") { id } }"#, token: harness.owner.accessToken)
        #expect(missing["data"]?["incident"] == .null)
        #expect(missing["errors"]?.arrayValue?.first?["code"] == .string("NOT_FOUND"))
        let (anonymous, _) = try await harness.execute("{ viewer { id } }", token: nil)
        #expect(anonymous["errors"]?.arrayValue?.first?["code"] == .string("UNAUTHENTICATED"))
        let (badInput, _) = try await harness.execute(#"mutation { reportIncident(input: {title: "  ", severity: LOW}) { id } }"#,
                                                      token: harness.owner.accessToken)
        #expect(badInput["errors"]?.arrayValue?.first?["code"] == .string("BAD_USER_INPUT"))
        // A store failure is internal: masked, never the SQL error.
        let signedIn = try await harness.context(token: harness.owner.accessToken)
        await harness.app.database.close()
        let (broken, _) = try await harness.execute(#"{ incident(id: "x") { id } }"#, token: nil, context: signedIn)
        #expect(broken["errors"]?.arrayValue?.first?["code"] == .string("INTERNAL"))
        #expect(broken["errors"]?.arrayValue?.first?["message"] == .string("Internal server error"))
    }

    @Test func theServedSchemaIsTheSchemaDirectory() throws {
        #expect(APISchema.sdl.contains("incidentEvents(filter: IncidentEventFilter, after: String): IncidentEvent!"))
        let schema = try APISchema.build()
        for field in ["viewer", "incident", "incidents", "auditLog"] {
            #expect(schema.fieldDefinition(field, on: schema.queryType!) != nil, "Query.\(field)")
        }
        for field in ["signUp", "signIn", "refreshSession", "signOut", "createTenant", "addMember", "createApiKey",
                      "revokeApiKey", "reportIncident", "acknowledgeIncident", "assignIncident", "commentOnIncident",
                      "resolveIncident", "reopenIncident"] {
            #expect(schema.fieldDefinition(field, on: schema.mutationType!) != nil, "Mutation.\(field)")
        }
        #expect(schema.fieldDefinition("incidentEvents", on: schema.subscriptionType!) != nil)
    }
}

extension JSONValue {
    subscript(arrayIndex index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
