import LanternExecution

/// Lantern over the workload's objects: resolvers written the way generated code binds fields
/// (a switch over the field's index, stored properties read synchronously).
public enum WorkloadValue: Sendable {
    case root
    case incident(Incident)
    case user(User)
    case event(Event)
    case incidents(ArraySlice<Incident>)
    case events([Event])
    case strings([String])
    case string(String)
    case null
}

public struct WorkloadResolvers: Resolvers {
    public typealias Source = WorkloadValue
    public typealias Context = Void
    let data: WorkloadData
    let schema: Schema
    let query: Int, incident: Int, user: Int, event: Int

    public init(data: WorkloadData, schema: Schema) {
        self.data = data
        self.schema = schema
        query = schema.typeIndex["Query"]!
        incident = schema.typeIndex["Incident"]!
        user = schema.typeIndex["User"]!
        event = schema.typeIndex["Event"]!
    }

    public func resolve(_ info: ResolveInfo, source: WorkloadValue, arguments: JSONObject, context: Void) throws -> Resolution<WorkloadValue> {
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

    public func typeName(of value: WorkloadValue, abstractType: SchemaType) throws -> String? { nil }

    @inlinable
    public func view(_ value: WorkloadValue) -> ValueView {
        switch value {
        case .null: return .null
        case .incidents(let list): return .list(count: list.count)
        case .events(let list): return .list(count: list.count)
        case .strings(let list): return .list(count: list.count)
        default: return .value
        }
    }

    @inlinable
    public func element(of list: WorkloadValue, at index: Int) -> WorkloadValue {
        switch list {
        case .incidents(let items): return .incident(items[items.startIndex + index])
        case .events(let items): return .event(items[index])
        case .strings(let items): return .string(items[index])
        default: return .null
        }
    }

    @inlinable
    public func leafValue(_ value: WorkloadValue) -> JSONValue {
        if case .string(let text) = value { return .string(text) }
        return .null
    }
}

/// What the benchmark times for Lantern.
public struct LanternWorkload: Sendable {
    public let files: WorkloadFiles
    public let schema: Schema
    public let resolvers: WorkloadResolvers
    public let variablesB: JSONObject
    public let documentC: Document
    public let cache = DocumentCache()

    public init(files: WorkloadFiles, data: WorkloadData) {
        self.files = files
        schema = try! Schema.build(sdl: files.schema)
        resolvers = WorkloadResolvers(data: data, schema: schema)
        guard case .object(let variables) = try! JSONParser.parse(files.variablesB) else { fatalError("variables") }
        variablesB = variables
        documentC = try! Parser.parse(files.docC)
    }

    public func parse(_ text: String) -> Document { try! Parser.parse(text, options: ParseOptions(maxTokens: .max, maxSourceBytes: .max)) }

    public func validate(_ document: Document) -> Int {
        Validator.validate(document, schema: schema, options: .specifiedRulesOnly).count
    }

    /// From query text to response bytes; with `cached`, parsing and validation come from the document cache.
    public func execute(_ query: String, variables: JSONObject, cached: Bool) -> [UInt8] {
        executeWorkload(query, variables: variables, cached: cached, cache: cache, schema: schema, root: .root,
                        resolvers: resolvers)
    }
}

/// From query text to response bytes for any of the workload's resolver sets; with `cached`,
/// parsing, validation and planning come from the document cache.
func executeWorkload<R: Resolvers>(_ query: String, variables: JSONObject, cached: Bool, cache: DocumentCache, schema: Schema,
                                   root: R.Source, resolvers: R) -> [UInt8] where R.Context == Void {
    if cached, let hit = cache.prepared(for: query) {
        return Execution.executeSynchronously(schema: schema, document: hit.document, variables: variables,
                                              root: root, resolvers: resolvers, context: (), prepared: hit).json
    }
    let document = try! Parser.parse(query)
    precondition(Validator.validate(document, schema: schema).isEmpty)
    if cached { cache.store(document, for: query) }
    return Execution.executeSynchronously(schema: schema, document: document, variables: variables,
                                          root: root, resolvers: resolvers, context: ()).json
}
