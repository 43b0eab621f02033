import LanternLanguage

/// Argument Uniqueness (§5.4.2).
enum UniqueArgumentNamesRule {
    static func check(_ arguments: [Argument], _ context: inout ValidationContext) {
        guard arguments.count > 1 else { return }
        var groups: [String: [Span]] = [:]
        var order: [String] = []
        for argument in arguments {
            if groups[argument.name.value] == nil { order.append(argument.name.value) }
            groups[argument.name.value, default: []].append(argument.name.span)
        }
        for name in order where groups[name]!.count > 1 {
            context.report("There can be only one argument named \"\(name)\".", groups[name]!)
        }
    }
}
