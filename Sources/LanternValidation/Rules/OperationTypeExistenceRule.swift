import LanternLanguage

/// Operation Type Existence (§5.2.1.1, September 2025): the schema must have a root type for
/// the operation's kind.
enum OperationTypeExistenceRule {
    static func check(_ context: inout ValidationContext) {
        for case .operation(let operation) in context.document.definitions
        where context.schema.rootType(for: operation.operation) == nil {
            context.report("The \(operation.operation.rawValue) operation is not supported by the schema.", [operation.span])
        }
    }
}
