import LanternLanguage

/// The root operation types (`schema { query: … }`, or the default names).
extension SchemaDiffer {
    mutating func compareRoots() {
        for operation in OperationType.allCases {
            let oldRoot = old.rootType(for: operation).map { old.types[$0] }
            let newRoot = new.rootType(for: operation).map { new.types[$0] }
            switch (oldRoot, newRoot) {
            case let (oldRoot?, newRoot?) where oldRoot.name != newRoot.name:
                report(.breaking, .rootTypeChanged, .type(newRoot.name),
                       "The \(operation.rawValue) root type changed from \(oldRoot.name) to \(newRoot.name).",
                       at: location(of: newRoot, in: new))
            case let (oldRoot?, nil) where new.type(named: oldRoot.name) != nil:
                // A removed root type is already reported as a removed type.
                report(.breaking, .rootTypeChanged, .type(oldRoot.name),
                       "\(oldRoot.name) is no longer the \(operation.rawValue) root type; the schema has none.",
                       at: location(of: oldRoot, in: old))
            case let (nil, newRoot?):
                report(.safe, .rootTypeChanged, .type(newRoot.name),
                       "\(newRoot.name) is now the \(operation.rawValue) root type.", at: location(of: newRoot, in: new))
            default:
                break
            }
        }
    }
}
