import LanternExecution

/// Lantern over the workload's data held in Swift **structs** (the models generated code declares),
/// wrapped in an enum of model values, with fields chosen by `info.fieldIndex` exactly as
/// `WorkloadResolvers` does for the class models. Each resolver call receives its parent by value,
/// so this measures what copying struct parents through the executor costs next to the class
/// adapter's reference copies (a reported 36% of time in memmove for typed resolvers over structs).
///
/// The enum is not `indirect` (the payloads are stored inline, as `enum StructValue { case
/// incident(IncidentStruct) ... }`); generated code's `GeneratedSchema.Value` is `indirect`.
public struct UserStruct: Sendable {
    public let id: String, name: String, email: String
}

public struct EventStruct: Sendable {
    public let at: String, kind: String, message: String
}

public struct IncidentStruct: Sendable {
    public let id: String, title: String, severity: String, status: String, createdAt: String
    public let assignee: UserStruct?
    public let tags: [String]
    public let timeline: [EventStruct]
}

public enum StructValue: Sendable {
    case root
    case incident(IncidentStruct)
    case user(UserStruct)
    case event(EventStruct)
    case incidents(ArraySlice<IncidentStruct>)
    case events([EventStruct])
    case strings([String])
    case string(String)
    case null
}

/// The same data as `WorkloadData` (same generation rule), copied into structs.
public struct StructWorkloadData: Sendable {
    public let incidents: [IncidentStruct]
    public let byID: [String: IncidentStruct]

    public init(_ data: WorkloadData) {
        func user(_ user: User) -> UserStruct { UserStruct(id: user.id, name: user.name, email: user.email) }
        incidents = data.incidents.map { incident in
            IncidentStruct(id: incident.id, title: incident.title, severity: incident.severity, status: incident.status,
                           createdAt: incident.createdAt, assignee: incident.assignee.map(user), tags: incident.tags,
                           timeline: incident.timeline.map { EventStruct(at: $0.at, kind: $0.kind, message: $0.message) })
        }
        byID = Dictionary(uniqueKeysWithValues: incidents.map { ($0.id, $0) })
    }
}

public struct StructResolvers: Resolvers {
    public typealias Source = StructValue
    public typealias Context = Void
    let data: StructWorkloadData

    public init(data: StructWorkloadData) { self.data = data }

    public func resolve(_ info: ResolveInfo, source: StructValue, arguments: JSONObject, context: Void) throws -> Resolution<StructValue> {
        switch source {
        case .root:
            if info.fieldIndex == 0 {
                let first = arguments["first"]?.integralValue ?? 100
                return .value(.incidents(data.incidents.prefix(max(0, first))))
            }
            guard case .string(let id)? = arguments["id"], let found = data.byID[id] else { return .value(.null) }
            return .value(.incident(found))
        case .incident(let incident):
            switch info.fieldIndex {
            case 0: return .value(.string(incident.id))
            case 1: return .value(.string(incident.title))
            case 2: return .value(.string(incident.severity))
            case 3: return .value(.string(incident.status))
            case 4: return .value(.string(incident.createdAt))
            case 5: return .value(incident.assignee.map { .user($0) } ?? .null)
            case 6: return .value(.strings(incident.tags))
            default: return .value(.events(incident.timeline))
            }
        case .user(let user):
            switch info.fieldIndex {
            case 0: return .value(.string(user.id))
            case 1: return .value(.string(user.name))
            default: return .value(.string(user.email))
            }
        case .event(let event):
            switch info.fieldIndex {
            case 0: return .value(.string(event.at))
            case 1: return .value(.string(event.kind))
            default: return .value(.string(event.message))
            }
        default:
            return .value(.null)
        }
    }

    public func typeName(of value: StructValue, abstractType: SchemaType) throws -> String? { nil }

    @inlinable
    public func view(_ value: StructValue) -> ValueView {
        switch value {
        case .null: return .null
        case .incidents(let list): return .list(count: list.count)
        case .events(let list): return .list(count: list.count)
        case .strings(let list): return .list(count: list.count)
        default: return .value
        }
    }

    @inlinable
    public func element(of list: StructValue, at index: Int) -> StructValue {
        switch list {
        case .incidents(let items): return .incident(items[items.startIndex + index])
        case .events(let items): return .event(items[index])
        case .strings(let items): return .string(items[index])
        default: return .null
        }
    }

    @inlinable
    public func leafValue(_ value: StructValue) -> JSONValue {
        if case .string(let text) = value { return .string(text) }
        return .null
    }
}

/// What the benchmark times for Lantern over struct models (same schema and document cache use as
/// `LanternWorkload`).
public struct LanternStructWorkload: Sendable {
    public let schema: Schema
    public let resolvers: StructResolvers
    public let cache = DocumentCache()

    public init(files: WorkloadFiles, data: WorkloadData) {
        schema = try! Schema.build(sdl: files.schema)
        resolvers = StructResolvers(data: StructWorkloadData(data))
    }

    /// From query text to response bytes; with `cached`, parsing and validation come from the document cache.
    public func execute(_ query: String, variables: JSONObject, cached: Bool) -> [UInt8] {
        executeWorkload(query, variables: variables, cached: cached, cache: cache, schema: schema, root: .root,
                        resolvers: resolvers)
    }
}
