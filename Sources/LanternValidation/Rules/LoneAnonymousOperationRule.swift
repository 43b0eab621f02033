import LanternLanguage

/// Lone Anonymous Operation (§5.2.3.1): an anonymous operation must be the only operation.
enum LoneAnonymousOperationRule {
    static func check(_ context: inout ValidationContext) {
        let operations = context.document.operations
        guard operations.count > 1 else { return }
        for operation in operations where operation.name == nil {
            context.report("This anonymous operation must be the only defined operation.", [operation.span])
        }
    }
}
