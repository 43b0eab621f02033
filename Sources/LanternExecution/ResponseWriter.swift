import LanternLanguage
import LanternSchema

/// Writes GraphQL errors as the response format requires: `message`, `locations` (only when
/// there are some), `path` (only for execution errors), `extensions.code`.
public enum ResponseWriter {
    public static func writeErrors(_ errors: [GraphQLError], into writer: inout JSONWriter) {
        writer.byte(0x5B)
        for (index, error) in errors.enumerated() {
            if index > 0 { writer.byte(0x2C) }
            writeError(error, into: &writer)
        }
        writer.byte(0x5D)
    }

    public static func writeError(_ error: GraphQLError, into writer: inout JSONWriter) {
        writer.raw("{\"message\":")
        writer.string(error.message)
        if !error.locations.isEmpty {
            writer.raw(",\"locations\":[")
            for (index, location) in error.locations.enumerated() {
                if index > 0 { writer.byte(0x2C) }
                writer.raw("{\"line\":")
                writer.int(location.line)
                writer.raw(",\"column\":")
                writer.int(location.column)
                writer.byte(0x7D)
            }
            writer.byte(0x5D)
        }
        if let path = error.path {
            writer.raw(",\"path\":[")
            for (index, component) in path.enumerated() {
                if index > 0 { writer.byte(0x2C) }
                switch component {
                case .key(let key): writer.string(key)
                case .index(let position): writer.int(position)
                }
            }
            writer.byte(0x5D)
        }
        if let code = error.code {
            writer.raw(",\"extensions\":{\"code\":")
            writer.string(code)
            for detail in error.details {
                writer.byte(0x2C)
                writer.string(detail.key)
                writer.byte(0x3A)
                switch detail.value {
                case .int(let value): writer.int(value)
                case .double(let value): writer.double(value)
                case .string(let value): writer.string(value)
                }
            }
            writer.byte(0x7D)
        }
        writer.byte(0x7D)
    }
}
