import Foundation
import LanternDomain

/// Opaque list cursors: base64 of `kind:part:part`.
///
/// Cursors come back from clients, so decoding treats them as hostile input: anything that is not
/// exactly a cursor of the expected kind with the expected number of parts is refused as
/// `BAD_USER_INPUT`, never indexed into.
enum Cursor {
    static let invalid = DomainError.badInput("The `after` cursor is not one this list gave out.")

    /// Longest cursor accepted; the ones this store gives out are far shorter.
    static let maximumLength = 512

    static func encode(kind: String, _ parts: [String]) -> String {
        Data(([kind] + parts).joined(separator: ":").utf8).base64EncodedString()
    }

    /// A timeline entry's place: oldest first by time, then id.
    @Sendable static func timeline(_ entry: TimelineEntry) -> String {
        encode(kind: "timeline", [String(entry.at.milliseconds), entry.id.rawValue])
    }

    /// The `parts` parts of a cursor of `kind`, or nil when `cursor` is anything else (not base64,
    /// not UTF-8, another kind, too few or too many parts, an empty part).
    static func decode(_ cursor: String, kind: String, parts expected: Int) -> [String]? {
        guard cursor.utf8.count <= maximumLength,
              let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == expected + 1, parts[0] == kind, !parts.dropFirst().contains(where: \.isEmpty) else { return nil }
        return Array(parts.dropFirst())
    }
}
