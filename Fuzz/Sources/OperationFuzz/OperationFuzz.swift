import Foundation
import LanternExecution
import LanternLanguage
import LanternSchema
import LanternValidation

/// The incident service's schema (`Schema/*.graphql`), read once from the checkout.
let serviceSchema: Schema = {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Schema")
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    let sources = files.filter { $0.hasSuffix(".graphql") }.sorted().map { name in
        Source((try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? "", name: name)
    }
    guard let schema = try? Schema.build(sources: sources) else { fatalError("the service schema does not build from \(directory.path)") }
    return schema
}()
let costModel = CostModel(schema: serviceSchema)

/// libFuzzer entry point: a random document is parsed, validated against the service schema,
/// measured by the operation limits and cost analysis (with fragments expanded, so a document
/// that expands exponentially must still be measured quickly), and, when within the limits,
/// executed over an empty root. None of it may trap, and the response must be JSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let document = try? Parser.parse(Source(bytes: bytes), options: .default) else { return 0 }
    guard Validator.validate(document, schema: serviceSchema, options: .default).isEmpty else { return 0 }
    let limits = OperationLimits.default
    for operation in document.operations {
        let analysis = OperationAnalysis.analyze(operation, in: document, schema: serviceSchema, costModel: costModel, limits: limits)
        let cost = analysis.cost(of: operation, in: document, schema: serviceSchema, costModel: costModel, limits: limits,
                                 variables: JSONObject())
        guard cost >= 0, limits.violation(of: analysis, cost: cost) == nil, operation.operation != .subscription else { continue }
        let response = JSONExecution.execute(schema: serviceSchema, document: document, operationName: operation.name?.value,
                                             variables: JSONObject(), root: .object(JSONObject()))
        guard (try? JSONParser.parse(response)) != nil else { fatalError("the response is not JSON") }
    }
    return 0
}
