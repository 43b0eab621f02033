import Crypto
import HTTPTypes
import Hummingbird
import Instrumentation
import LanternExecution
import Logging
import Synchronization
import Tracing

/// A GraphQL request's span and access-log line: the span continues an incoming W3C
/// `traceparent` and carries what an operator looks for (operation name and type, document id,
/// cost, outcome, status); resolver batches and SQL statements started while it runs are its
/// children (the span's context is the task's). Only used when tracing or the access log is on.
enum RequestTrace {
    /// What execution learned, for the span and the log line.
    final class Report: Sendable {
        private struct Facts {
            var operationName: String?
            var operationType: String?
            var documentID: String?
            var cost: Double?
            var outcome: String?
        }
        private let facts = Mutex(Facts())
        let tracing: Bool

        init(tracing: Bool) { self.tracing = tracing }

        func executed<R: Resolvers>(_ request: GraphQLRequest, prepared: PreparedDocument, operation: OperationType, outcome: String,
                                    engine: GraphQLEngine<R>) {
            var cost: Double?
            var documentID: String?
            if tracing {
                // Measured again here (execution does not hand its figure back): only when traced.
                if let limits = engine.validationOptions.limits, let chosen = prepared.document.operation(named: request.operationName),
                   let analysis = prepared.analyses[chosen.name?.value] {
                    cost = analysis.cost(of: chosen, in: prepared.document, schema: engine.schema, costModel: engine.costModel,
                                         limits: limits, variables: request.variables)
                }
                switch request.origin {
                case .trusted(let id): documentID = id
                case .text, .persisted: documentID = "sha256:" + PersistedQueryStore.sha256(request.query)
                }
            }
            let name = prepared.document.operation(named: request.operationName)?.name?.value
            facts.withLock { facts in
                facts.operationName = name
                facts.operationType = operation.rawValue
                facts.documentID = documentID
                facts.cost = cost
                facts.outcome = outcome
            }
        }

        fileprivate func annotate(_ span: any Tracing.Span) {
            let facts = facts.withLock { $0 }
            if let name = facts.operationName { span.attributes["graphql.operation.name"] = name }
            if let type = facts.operationType { span.attributes["graphql.operation.type"] = type }
            if let id = facts.documentID { span.attributes["graphql.document.id"] = id }
            if let cost = facts.cost { span.attributes["lantern.cost"] = cost }
            if let outcome = facts.outcome { span.attributes["lantern.outcome"] = outcome }
        }

        fileprivate var operationName: String? { facts.withLock { $0.operationName } }
    }

    static func around<Context: RequestContext>(_ request: Request, _ context: Context, configuration: GraphQLHTTPConfiguration,
                                                _ serve: (Report) async throws -> Response) async throws -> Response {
        let report = Report(tracing: configuration.tracing)
        let started = ContinuousClock.now
        let tenant = request.headers[HTTPField.Name("X-Tenant")!]
        let name = "\(request.method.rawValue) \(configuration.path)"
        let response: Response
        if configuration.tracing {
            var serviceContext = ServiceContext.current ?? .topLevel
            InstrumentationSystem.instrument.extract(request.headers, into: &serviceContext, using: HTTPFieldsExtractor())
            response = try await withSpan(name, context: serviceContext, ofKind: .server) { span in
                span.attributes["http.request.method"] = request.method.rawValue
                span.attributes["url.path"] = configuration.path
                span.attributes["lantern.request_id"] = context.id
                if let tenant { span.attributes["lantern.tenant"] = tenant }
                let response = try await serve(report)
                report.annotate(span)
                span.attributes["http.response.status_code"] = Int(response.status.code)
                if response.status.code >= 500 { span.setStatus(SpanStatus(code: .error)) }
                if configuration.accessLog { log(context, response, tenant: tenant, report: report, started: started) }
                return response
            }
        } else {
            response = try await serve(report)
            log(context, response, tenant: tenant, report: report, started: started)
        }
        return response
    }

    private static func log<Context: RequestContext>(_ context: Context, _ response: Response, tenant: String?, report: Report,
                                                     started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        var metadata: Logger.Metadata = [
            "request_id": "\(context.id)", "status": "\(response.status.code)",
            "duration_ms": "\(Double(elapsed.components.attoseconds / 1_000_000_000_000) / 1_000 + Double(elapsed.components.seconds) * 1_000)",
        ]
        if let tenant { metadata["tenant"] = "\(tenant)" }
        if let operation = report.operationName { metadata["operation"] = "\(operation)" }
        context.logger.info("graphql request", metadata: metadata)
    }
}

/// Reads `traceparent` (and any other propagation header) from Hummingbird's request headers.
struct HTTPFieldsExtractor: Extractor {
    func extract(key: String, from carrier: HTTPFields) -> String? {
        HTTPField.Name(key).flatMap { carrier[$0] }
    }
}
