import LanternDomain

/// The domain's `Document` (a runbook or postmortem), not the GraphQL parser's `Document` (the
/// AST), which the engine modules also export: in this module the name means the domain type.
typealias Document = LanternDomain.Document
