import ArgumentParser
import Foundation
import TOMLKit

/// `lantern serve --config lantern.toml`: the settings of the environment variables as TOML keys,
/// named like the variables without `LANTERN_`, in lower case (`port = 8080`,
/// `database_url = "postgres://…"`, `trusted_proxies = ["10.0.0.10"]`). An environment variable
/// wins over the file's key and a command-line option over both, so one file can serve several
/// instances that differ in a variable or two.
///
/// Stricter than the environment: a key the server does not know stops startup (a file is
/// written for Lantern alone, so an unknown key is a typo), as does a value of the wrong kind.
enum ConfigurationFile {
    /// The file's settings as environment-style values (`LANTERN_PORT` → `"8080"`), with, for
    /// each, where it came from (`lantern.toml: port`) so an invalid value is reported there.
    static func settings(at path: String) throws -> (values: [String: String], origins: [String: String]) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("Cannot read the configuration file \(path): \(error.localizedDescription)")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ValidationError("\(path):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        }
        var values: [String: String] = [:], origins: [String: String] = [:]
        for (key, value) in table {
            let variable = self.variable(forKey: key)
            guard fileSettings.contains(variable) else {
                let keys = fileSettings.map(Self.key(forVariable:)).sorted().joined(separator: ", ")
                throw ValidationError("\(path): unknown setting '\(key)'. The settings are: \(keys).")
            }
            values[variable] = try settingText(value, key: key, path: path)
            origins[variable] = "\(path): \(key)"
        }
        return (values, origins)
    }

    /// Every setting but `LANTERN_MIGRATIONS`, which only the environment can give (the
    /// migrator reads it before any file is).
    static let fileSettings = EnvironmentSettings.known.subtracting(["LANTERN_MIGRATIONS"])

    static func variable(forKey key: String) -> String {
        key == "database_url" ? "DATABASE_URL" : "LANTERN_" + key.uppercased()
    }

    static func key(forVariable variable: String) -> String {
        variable == "DATABASE_URL" ? "database_url" : String(variable.dropFirst("LANTERN_".count)).lowercased()
    }

    /// A value as the environment would spell it: strings as they are, whole numbers in
    /// decimal, booleans as 1/0, arrays of those joined by commas.
    private static func settingText(_ value: any TOMLValueConvertible, key: String, path: String) throws -> String {
        switch value.type {
        case .string: return value.string ?? ""
        case .int: return String(value.int ?? 0)
        // "true"/"false", which the flags accept and a number setting refuses.
        case .bool: return value.bool == true ? "true" : "false"
        case .array:
            var parts: [String] = []
            for element in value.array ?? TOMLArray() {
                guard element.type == .string || element.type == .int else {
                    throw ValidationError("\(path): '\(key)' must be a string, a whole number, true/false or a list of strings or numbers; it holds a \(element.type).")
                }
                parts.append(try settingText(element, key: key, path: path))
            }
            return parts.joined(separator: ",")
        default:
            throw ValidationError("\(path): '\(key)' must be a string, a whole number, true/false or a list of strings or numbers; it is a \(value.type).")
        }
    }
}
