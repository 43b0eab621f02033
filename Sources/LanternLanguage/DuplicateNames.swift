/// Names that occur more than once, each with the spans of every occurrence, in order of first
/// occurrence: what the "only one … named" rules report.
public func duplicateNames(_ names: [Name]) -> [(name: String, spans: [Span])] {
    guard names.count > 1 else { return [] }
    var groups: [String: [Span]] = [:]
    var order: [String] = []
    for name in names {
        if groups[name.value] == nil { order.append(name.value) }
        groups[name.value, default: []].append(name.span)
    }
    return order.compactMap { name in groups[name]!.count > 1 ? (name, groups[name]!) : nil }
}
