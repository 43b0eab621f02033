import LanternLanguage

/// Argument Uniqueness (§5.4.2).
enum UniqueArgumentNamesRule {
    static func check(_ arguments: [Argument], _ context: inout ValidationContext) {
        guard arguments.count > 1 else { return }
        for (name, spans) in duplicateNames(arguments.map(\.name)) {
            context.report("There can be only one argument named \"\(name)\".", spans)
        }
    }
}
