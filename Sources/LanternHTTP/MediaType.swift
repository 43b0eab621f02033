/// The two response media types of GraphQL over HTTP.
public enum GraphQLMediaType: String, Sendable {
    case graphQLResponse = "application/graphql-response+json"
    case json = "application/json"

    var contentType: String { rawValue + "; charset=utf-8" }

    /// The response type for an `Accept` header: the highest-q acceptable one,
    /// `application/graphql-response+json` on ties; `*/*`, `application/*` or no header mean
    /// `application/json` (what older clients expect). nil when nothing acceptable is offered.
    static func negotiate(_ accept: String?) -> GraphQLMediaType? {
        guard let accept, !accept.allSatisfy({ $0 == " " }) else { return .json }
        var best: (GraphQLMediaType, Double, Int)?
        for (position, item) in accept.split(separator: ",").enumerated() {
            let parts = item.split(separator: ";").map { $0.trimmed.lowercased() }
            guard let range = parts.first else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 1
            }
            if quality <= 0 { continue }
            let candidate: GraphQLMediaType?
            switch range {
            case "application/graphql-response+json": candidate = .graphQLResponse
            case "application/json", "application/*", "*/*": candidate = .json
            default: candidate = nil
            }
            guard let candidate else { continue }
            let rank = candidate == .graphQLResponse ? 1 : 0
            if let current = best {
                if quality > current.1 || (quality == current.1 && rank > (current.0 == .graphQLResponse ? 1 : 0)) {
                    best = (candidate, quality, position)
                }
            } else {
                best = (candidate, quality, position)
            }
        }
        return best?.0
    }
}

extension Substring {
    var trimmed: String {
        var text = self
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return String(text)
    }
}
