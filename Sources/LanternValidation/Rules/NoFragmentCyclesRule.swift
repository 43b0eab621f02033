import LanternLanguage

/// Fragment Spreads Must Not Form Cycles (§5.5.2.2), reporting each cycle once with its path.
enum NoFragmentCyclesRule {
    static func check(_ context: inout ValidationContext) {
        var visited: Set<String> = []
        var spreadPath: [FragmentSpread] = []
        var pathIndexByName: [String: Int] = [:]

        func detect(_ fragment: FragmentDefinition, _ context: inout ValidationContext) {
            let name = fragment.name.value
            if visited.contains(name) { return }
            visited.insert(name)
            let spreads = context.spreadsByFragment[name] ?? context.fragmentSpreads(fragment.selectionSet)
            if spreads.isEmpty { return }
            pathIndexByName[name] = spreadPath.count
            for spread in spreads {
                let spreadName = spread.name.value
                let cycleIndex = pathIndexByName[spreadName]
                spreadPath.append(spread)
                if let cycleIndex {
                    let cycle = Array(spreadPath[cycleIndex...])
                    let via = cycle.dropLast().map { "\"\($0.name.value)\"" }.joined(separator: ", ")
                    context.report("Cannot spread fragment \"\(spreadName)\" within itself" + (via.isEmpty ? "." : " via \(via)."),
                                   cycle.map(\.span))
                } else if let target = context.fragments[spreadName] {
                    detect(target, &context)
                }
                spreadPath.removeLast()
            }
            pathIndexByName[name] = nil
        }

        for case .fragment(let fragment) in context.document.definitions {
            detect(fragment, &context)
        }
    }
}
