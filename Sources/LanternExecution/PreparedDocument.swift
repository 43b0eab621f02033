import LanternLanguage
import LanternSchema
import LanternValidation

/// A parsed, validated document with the limit measures of each of its operations, as the
/// document cache keeps it: a repeated query skips parsing, validation and analysis.
public final class PreparedDocument: Sendable {
    public let document: Document
    /// The measures of each operation, by name (nil for an anonymous operation); empty when the
    /// engine applies no limits.
    public let analyses: [String?: OperationAnalysis]
    /// The operations' field plans, built by the first request that runs each (`PlanCaching`).
    let planCache = PlanCache()

    public init(document: Document, analyses: [String?: OperationAnalysis]) {
        self.document = document
        self.analyses = analyses
    }

    /// Measures every operation of `document` (all valid documents have at least one).
    public convenience init(document: Document, schema: Schema, costModel: CostModel, limits: OperationLimits?) {
        var analyses: [String?: OperationAnalysis] = [:]
        if let limits {
            for operation in document.operations where analyses.index(forKey: operation.name?.value) == nil {
                analyses[operation.name?.value] = OperationAnalysis.analyze(operation, in: document, schema: schema,
                                                                            costModel: costModel, limits: limits)
            }
        }
        self.init(document: document, analyses: analyses)
    }
}
