import LanternDomain
import LanternExecution

/// The API's resolvers: root fields call the domain services; object fields read the entity
/// synchronously, or batch through the request's loaders when they name another entity.
public struct APIResolvers: Resolvers {
    public typealias Source = APIValue
    public typealias Context = RequestContext

    let queryType: Int?
    let mutationType: Int?
    let subscriptionType: Int?

    init(schema: Schema) {
        queryType = schema.queryType
        mutationType = schema.mutationType
        subscriptionType = schema.subscriptionType
    }

    public func resolve(_ info: ResolveInfo, source: APIValue, arguments: JSONObject, context: RequestContext) throws
        -> Resolution<APIValue> {
        if !arguments.isEmpty { try Arguments.rejectNUL(arguments) }
        switch source {
        case .root:
            if info.parentType == queryType { return try query(info.fieldName, arguments, context) }
            if info.parentType == mutationType { return try mutation(info.fieldName, arguments, context) }
            return .value(.null)
        case .event(let event):
            if info.parentType == subscriptionType { return .value(source) }
            return Self.event(info.fieldName, event, context)
        case .user(let user): return try Self.user(info.fieldName, user, context)
        case .tenant(let tenant): return Self.tenant(info.fieldName, tenant, context)
        case .membership(let membership): return Self.membership(info.fieldName, membership, context)
        case .auth(let auth): return .value(Self.auth(info.fieldName, auth))
        case .apiKey(let key): return Self.apiKey(info.fieldName, key, context)
        case .createdAPIKey(let created):
            return .value(info.fieldName == "key" ? .string(created.secret) : .apiKey(created.key))
        case .incident(let incident): return try Self.incident(info.fieldName, incident, arguments, context)
        case .timelineEntry(let entry): return Self.timelineEntry(info.fieldName, entry, context)
        case .auditEntry(let entry): return Self.auditEntry(info.fieldName, entry, context)
        case .connection(let connection): return .value(Self.connection(info.fieldName, connection))
        case .edge(let cursor, let node): return .value(info.fieldName == "cursor" ? .string(cursor) : node)
        case .pageInfo(let connection): return .value(Self.pageInfo(info.fieldName, connection))
        case .rateLimit(let standing):
            switch info.fieldName {
            case "limit": return .value(.leaf(.int(standing.limit)))
            case "remaining": return .value(.leaf(.int(standing.remaining)))
            case "resetAt": return .value(.time(standing.resetAt))
            default: return .value(.null)
            }
        case .null, .leaf, .list: return .value(.null)
        }
    }

    public func typeName(of value: APIValue, abstractType: SchemaType) throws -> String? { nil }

    public func view(_ value: APIValue) -> ValueView {
        switch value {
        case .null: .null
        case .list(let items): .list(count: items.count)
        default: .value
        }
    }

    public func element(of list: APIValue, at index: Int) -> APIValue {
        if case .list(let items) = list { return items[index] }
        return .null
    }

    public func leafValue(_ value: APIValue) -> JSONValue {
        if case .leaf(let json) = value { return json }
        return .null
    }

    public func subscribe(_ info: ResolveInfo, source: APIValue, arguments: JSONObject, context: RequestContext) async throws
        -> AsyncThrowingStream<APIValue, any Error> {
        guard info.fieldName == "incidentEvents" else { throw DomainError.badInput("Unknown subscription \(info.fieldName).") }
        let access = try await context.tenantAccess()
        let filter = arguments["filter"]
        let minSeverity = try Arguments.enumValue(filter?["minSeverity"], Severity.self)
        let incidentID = Arguments.string(filter?["incidentId"]).map(IncidentID.init)
        let events = try await context.services.incidents.events(access, minSeverity: minSeverity, incidentID: incidentID)
        return AsyncThrowingStream { continuation in
            let task = Task {
                for await event in events { continuation.yield(.event(event)) }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    // MARK: Roots

    private func query(_ field: String, _ arguments: JSONObject, _ context: RequestContext) throws -> Resolution<APIValue> {
        let services = context.services
        switch field {
        case "viewer":
            switch try context.requirePrincipal() {
            case .user(let user, _): return .value(.user(user))
            case .apiKey: return .value(.null)
            }
        case "tenant":
            return .pending { .tenant(try await context.tenantAccess().tenant) }
        case "incident":
            let id = IncidentID(try Arguments.requiredString(arguments, "id"))
            return .pending { .incident(try await services.incidents.incident(try await context.tenantAccess(), id: id)) }
        case "incidents":
            let first = arguments["first"]?.integralValue, after = Arguments.string(arguments["after"])
            let filter = try Arguments.incidentFilter(arguments["filter"])
            return .pending {
                let page = try await services.incidents.incidents(try await context.tenantAccess(), filter: filter, first: first, after: after)
                return .connection(Connection(page, node: APIValue.incident))
            }
        case "rateLimit":
            return .pending { .rateLimit(await context.budgetStanding()) }
        case "auditLog":
            let first = arguments["first"]?.integralValue, after = Arguments.string(arguments["after"])
            return .pending {
                let page = try await services.accounts.auditLog(try await context.tenantAccess(), first: first, after: after)
                return .connection(Connection(page, node: APIValue.auditEntry))
            }
        default:
            return .value(.null)
        }
    }

    private func mutation(_ field: String, _ arguments: JSONObject, _ context: RequestContext) throws -> Resolution<APIValue> {
        let accounts = context.services.accounts, incidents = context.services.incidents, origin = context.origin
        let input = arguments["input"]
        switch field {
        case "signUp":
            let email = try Arguments.requiredString(input, "email"), password = try Arguments.requiredString(input, "password")
            let name = try Arguments.requiredString(input, "name")
            return .pending { .auth(try await accounts.signUp(email: email, password: password, name: name, origin: origin)) }
        case "signIn":
            let email = try Arguments.requiredString(input, "email"), password = try Arguments.requiredString(input, "password")
            return .pending { .auth(try await accounts.signIn(email: email, password: password, origin: origin)) }
        case "refreshSession":
            let token = try Arguments.requiredString(arguments, "refreshToken")
            return .pending { .auth(try await accounts.refresh(refreshToken: token, origin: origin)) }
        case "signOut":
            let principal = try context.requirePrincipal()
            return .pending { .leaf(.bool(try await accounts.signOut(principal, origin: origin))) }
        case "signOutEverywhere":
            let principal = try context.requirePrincipal()
            return .pending { .leaf(.bool(try await accounts.signOutEverywhere(principal, origin: origin))) }
        case "changePassword":
            let principal = try context.requirePrincipal()
            let current = try Arguments.requiredString(input, "currentPassword"), new = try Arguments.requiredString(input, "newPassword")
            return .pending { .leaf(.bool(try await accounts.changePassword(principal, current: current, new: new, origin: origin))) }
        case "removeMember":
            let userID = UserID(try Arguments.requiredString(arguments, "userId"))
            return .pending { .leaf(.bool(try await accounts.removeMember(try await context.tenantAccess(), userID: userID))) }
        case "leaveTenant":
            return .pending { .leaf(.bool(try await accounts.leaveTenant(try await context.tenantAccess()))) }
        case "createTenant":
            let principal = try context.requirePrincipal()
            let name = try Arguments.requiredString(input, "name"), slug = try Arguments.requiredString(input, "slug")
            return .pending { .tenant(try await accounts.createTenant(principal, name: name, slug: slug, origin: origin)) }
        case "updateTenant":
            let name = Arguments.string(input?["name"])
            if input?["name"] == .null { throw DomainError.badInput("`name` must not be null.") }
            let given = input?["costBudget"]
            let budget: Int?? = given == nil ? .none : .some(given?.integralValue)
            return .pending {
                .tenant(try await accounts.updateTenant(try await context.tenantAccess(), name: name, costBudget: budget))
            }
        case "addMember":
            let email = try Arguments.requiredString(input, "email")
            let role = try Arguments.requiredEnum(input?["role"], Role.self)
            return .pending { .membership(try await accounts.addMember(try await context.tenantAccess(), email: email, role: role)) }
        case "createApiKey":
            let name = try Arguments.requiredString(input, "name")
            let role = try Arguments.requiredEnum(input?["role"], Role.self)
            return .pending { .createdAPIKey(try await accounts.createAPIKey(try await context.tenantAccess(), name: name, role: role)) }
        case "revokeApiKey":
            let id = APIKeyID(try Arguments.requiredString(arguments, "id"))
            return .pending { .apiKey(try await accounts.revokeAPIKey(try await context.tenantAccess(), id: id)) }
        case "reportIncident":
            let title = try Arguments.requiredString(input, "title")
            let description = Arguments.string(input?["description"])
            let severity = try Arguments.requiredEnum(input?["severity"], Severity.self)
            let tags = Arguments.strings(input?["tags"])
            return .pending {
                .incident(try await incidents.report(try await context.tenantAccess(), title: title, description: description,
                                                     severity: severity, tags: tags))
            }
        case "acknowledgeIncident", "reopenIncident":
            let id = IncidentID(try Arguments.requiredString(arguments, "id"))
            let acknowledge = field == "acknowledgeIncident"
            return .pending {
                let access = try await context.tenantAccess()
                return .incident(acknowledge ? try await incidents.acknowledge(access, id: id) : try await incidents.reopen(access, id: id))
            }
        case "assignIncident":
            let id = IncidentID(try Arguments.requiredString(arguments, "id"))
            let assignee = UserID(try Arguments.requiredString(arguments, "assigneeId"))
            return .pending { .incident(try await incidents.assign(try await context.tenantAccess(), id: id, assigneeID: assignee)) }
        case "commentOnIncident":
            let id = IncidentID(try Arguments.requiredString(arguments, "id"))
            let body = try Arguments.requiredString(arguments, "body")
            return .pending { .incident(try await incidents.comment(try await context.tenantAccess(), id: id, body: body)) }
        case "resolveIncident":
            let id = IncidentID(try Arguments.requiredString(arguments, "id"))
            let resolution = try Arguments.requiredString(arguments, "resolution")
            return .pending { .incident(try await incidents.resolve(try await context.tenantAccess(), id: id, resolution: resolution)) }
        default:
            return .value(.null)
        }
    }

    // MARK: Objects

    private static func user(_ field: String, _ user: User, _ context: RequestContext) throws -> Resolution<APIValue> {
        switch field {
        case "id": return .value(.string(user.id.rawValue))
        case "email": return .value(.string(user.email))
        case "name": return .value(.string(user.name))
        case "createdAt": return .value(.time(user.createdAt))
        case "memberships":
            // Only your own memberships: another user's would reveal their other tenants.
            guard case .user(let viewer, _)? = context.principal, viewer.id == user.id else { return .value(.list([])) }
            let store = context.services.store
            return .pending { .list(try await store.memberships(of: user.id).map(APIValue.membership)) }
        default: return .value(.null)
        }
    }

    private static func tenant(_ field: String, _ tenant: Tenant, _ context: RequestContext) -> Resolution<APIValue> {
        switch field {
        case "id": return .value(.string(tenant.id.rawValue))
        case "slug": return .value(.string(tenant.slug))
        case "name": return .value(.string(tenant.name))
        case "createdAt": return .value(.time(tenant.createdAt))
        case "costBudget": return .value(.leaf(.int(tenant.costBudget ?? context.services.budgets.limits.points)))
        case "members", "apiKeys":
            let accounts = context.services.accounts
            return .pending {
                let access = try await context.tenantAccess()
                guard access.tenant.id == tenant.id else {
                    throw DomainError.forbidden("Switch to tenant '\(tenant.slug)' (X-Tenant) to see its \(field).")
                }
                return field == "members"
                    ? .list(try await accounts.members(access).map(APIValue.membership))
                    : .list(try await accounts.apiKeys(access).map(APIValue.apiKey))
            }
        default: return .value(.null)
        }
    }

    private static func membership(_ field: String, _ membership: Membership, _ context: RequestContext) -> Resolution<APIValue> {
        switch field {
        case "id": .value(.string(membership.id.rawValue))
        case "role": .value(.string(membership.role.rawValue))
        case "user": context.user(membership.userID)
        case "tenant": context.tenant(membership.tenantID)
        case "createdAt": .value(.time(membership.createdAt))
        default: .value(.null)
        }
    }

    private static func auth(_ field: String, _ auth: AuthResult) -> APIValue {
        switch field {
        case "accessToken": .string(auth.accessToken)
        case "refreshToken": .string(auth.refreshToken)
        case "expiresAt": .time(auth.expiresAt)
        case "user": .user(auth.user)
        default: .null
        }
    }

    private static func apiKey(_ field: String, _ key: APIKey, _ context: RequestContext) -> Resolution<APIValue> {
        switch field {
        case "id": .value(.string(key.id.rawValue))
        case "name": .value(.string(key.name))
        case "role": .value(.string(key.role.rawValue))
        case "prefix": .value(.string(key.prefix))
        case "createdAt": .value(.time(key.createdAt))
        case "lastUsedAt": .value(.optionalTime(key.lastUsedAt))
        case "revokedAt": .value(.optionalTime(key.revokedAt))
        case "createdBy": context.user(key.createdBy)
        default: .value(.null)
        }
    }

    private static func incident(_ field: String, _ incident: Incident, _ arguments: JSONObject,
                                 _ context: RequestContext) throws -> Resolution<APIValue> {
        switch field {
        case "id": return .value(.string(incident.id.rawValue))
        case "number": return .value(.leaf(.int(incident.number)))
        case "title": return .value(.string(incident.title))
        case "description": return .value(.string(incident.description))
        case "severity": return .value(.string(incident.severity.rawValue))
        case "status": return .value(.string(incident.status.rawValue))
        case "reporter": return context.user(incident.reporterID)
        case "assignee": return context.user(incident.assigneeID)
        case "tags": return .value(.list(incident.tags.map(APIValue.string)))
        case "createdAt": return .value(.time(incident.createdAt))
        case "updatedAt": return .value(.time(incident.updatedAt))
        case "acknowledgedAt": return .value(.optionalTime(incident.acknowledgedAt))
        case "resolvedAt": return .value(.optionalTime(incident.resolvedAt))
        case "resolution": return .value(.optionalString(incident.resolution))
        case "timeline":
            let first = arguments["first"]?.integralValue, after = Arguments.string(arguments["after"])
            let incidents = context.services.incidents
            if after == nil {
                // First pages of every incident of a list load in one query.
                let load = context.timelines.enqueue(TimelineKey(incident: incident.id, first: first))
                return .pending {
                    guard let page = try await load() else { throw DomainError.notFound("Incident") }
                    return .connection(Connection(page, node: APIValue.timelineEntry))
                }
            }
            return .pending {
                let page = try await incidents.timeline(try await context.tenantAccess(), incident: incident.id, first: first, after: after)
                return .connection(Connection(page, node: APIValue.timelineEntry))
            }
        default: return .value(.null)
        }
    }

    private static func timelineEntry(_ field: String, _ entry: TimelineEntry, _ context: RequestContext) -> Resolution<APIValue> {
        switch field {
        case "id": .value(.string(entry.id.rawValue))
        case "kind": .value(.string(entry.kind.rawValue))
        case "actor": context.user(entry.actor.userID)
        case "at": .value(.time(entry.at))
        case "message": .value(.optionalString(entry.message))
        case "assignee": context.user(entry.assigneeID)
        default: .value(.null)
        }
    }

    private static func event(_ field: String, _ event: IncidentEvent, _ context: RequestContext) -> Resolution<APIValue> {
        field == "incident" ? .value(.incident(event.incident)) : timelineEntry(field, event.entry, context)
    }

    private static func auditEntry(_ field: String, _ entry: AuditEntry, _ context: RequestContext) -> Resolution<APIValue> {
        switch field {
        case "id": .value(.string(entry.id.rawValue))
        case "action": .value(.string(entry.action))
        case "actor": context.user(entry.actor?.userID)
        case "actorApiKeyId": .value(.optionalString(entry.actor?.apiKeyID?.rawValue))
        case "targetType": .value(.string(entry.targetType))
        case "targetId": .value(.optionalString(entry.targetID))
        case "at": .value(.time(entry.at))
        case "requestId": .value(.optionalString(entry.requestID))
        case "tenant": context.tenant(entry.tenantID)
        default: .value(.null)
        }
    }

    private static func connection(_ field: String, _ connection: Connection) -> APIValue {
        switch field {
        case "edges": .list(zip(connection.cursors, connection.nodes).map { APIValue.edge(cursor: $0, node: $1) })
        case "pageInfo": .pageInfo(connection)
        case "totalCount": .leaf(.int(connection.totalCount))
        default: .null
        }
    }

    private static func pageInfo(_ field: String, _ connection: Connection) -> APIValue {
        switch field {
        case "hasNextPage": .leaf(.bool(connection.hasNextPage))
        case "hasPreviousPage": .leaf(.bool(connection.hasPreviousPage))
        case "startCursor": .optionalString(connection.cursors.first)
        case "endCursor": .optionalString(connection.cursors.last)
        default: .null
        }
    }
}

/// Reading coerced arguments. The executor has already checked them against the schema, so a
/// missing required value here is a bug in the schema–resolver pairing, reported as bad input.
enum Arguments {
    /// No text the API stores or looks up may contain U+0000 (PostgreSQL cannot hold it, and
    /// no id, cursor or name has one); refused up front as BAD_USER_INPUT.
    static func rejectNUL(_ arguments: JSONObject) throws {
        func check(_ value: JSONValue) throws {
            switch value {
            case .string(let text):
                if text.utf8.contains(0) { throw DomainError.badInput("Text arguments must not contain the NUL character.") }
            case .array(let items): for item in items { try check(item) }
            case .object(let object): for (_, item) in object { try check(item) }
            default: return
            }
        }
        for (_, value) in arguments { try check(value) }
    }

    static func string(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }

    static func requiredString(_ object: JSONValue?, _ key: String) throws -> String {
        guard let text = string(object?[key]) else { throw DomainError.badInput("`\(key)` is required.") }
        return text
    }

    static func requiredString(_ object: JSONObject, _ key: String) throws -> String {
        try requiredString(.object(object), key)
    }

    static func strings(_ value: JSONValue?) -> [String]? {
        guard case .array(let items)? = value else { return nil }
        return items.compactMap(string)
    }

    static func enumValue<E: RawRepresentable<String>>(_ value: JSONValue?, _: E.Type) throws -> E? {
        guard let raw = string(value) else { return nil }
        guard let parsed = E(rawValue: raw) else { throw DomainError.badInput("Unknown value \(raw).") }
        return parsed
    }

    static func requiredEnum<E: RawRepresentable<String>>(_ value: JSONValue?, _ type: E.Type) throws -> E {
        guard let parsed = try enumValue(value, type) else { throw DomainError.badInput("A value of \(E.self) is required.") }
        return parsed
    }

    static func incidentFilter(_ value: JSONValue?) throws -> IncidentFilter {
        IncidentFilter(status: try enumValue(value?["status"], IncidentStatus.self),
                       severity: try enumValue(value?["severity"], Severity.self),
                       assigneeID: string(value?["assigneeId"]).map(UserID.init),
                       tag: string(value?["tag"]))
    }
}
