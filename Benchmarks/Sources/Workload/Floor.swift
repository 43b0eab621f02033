import LanternExecution

/// The floor: A's exact JSON written by hand from the same objects, no GraphQL at all.
public enum Floor {
    public static func writeA(_ data: WorkloadData) -> [UInt8] {
        var writer = JSONWriter(capacity: 80_000)
        writer.raw("{\"data\":{\"incidents\":[")
        for (index, incident) in data.incidents.enumerated() {
            if index > 0 { writer.byte(0x2C) }
            writer.raw("{\"id\":"); writer.string(incident.id)
            writer.raw(",\"title\":"); writer.string(incident.title)
            writer.raw(",\"severity\":"); writer.string(incident.severity)
            writer.raw(",\"status\":"); writer.string(incident.status)
            writer.raw(",\"createdAt\":"); writer.string(incident.createdAt)
            writer.raw(",\"assignee\":")
            if let user = incident.assignee {
                writer.raw("{\"id\":"); writer.string(user.id)
                writer.raw(",\"name\":"); writer.string(user.name)
                writer.raw(",\"email\":"); writer.string(user.email)
                writer.byte(0x7D)
            } else {
                writer.raw("null")
            }
            writer.raw(",\"tags\":[")
            for (tagIndex, tag) in incident.tags.enumerated() {
                if tagIndex > 0 { writer.byte(0x2C) }
                writer.string(tag)
            }
            writer.raw("],\"timeline\":[")
            for (eventIndex, event) in incident.timeline.enumerated() {
                if eventIndex > 0 { writer.byte(0x2C) }
                writer.raw("{\"at\":"); writer.string(event.at)
                writer.raw(",\"kind\":"); writer.string(event.kind)
                writer.raw(",\"message\":"); writer.string(event.message)
                writer.byte(0x7D)
            }
            writer.raw("]}")
        }
        writer.raw("]}}")
        return writer.bytes
    }
}
