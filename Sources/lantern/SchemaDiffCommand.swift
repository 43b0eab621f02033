import ArgumentParser
import Foundation
import LanternExecution

/// `lantern schema-diff OLD NEW`: every change between two versions of a schema, classified as
/// breaking, dangerous or safe; exit status 1 when any change is breaking, so CI can gate on it.
struct SchemaDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema-diff",
        abstract: "Compare two versions of a schema and report breaking, dangerous and safe changes.",
        discussion: """
            OLD and NEW are SDL files; a schema split over several files is given as one argument \
            with the paths separated by commas (a.graphql,b.graphql). Exit status: 0 when no \
            change is breaking, 1 when one is, 2 when a schema cannot be read or built.
            """)

    @ArgumentParser.Argument(help: "The old schema: an SDL file, or several separated by commas.") var old: String
    @ArgumentParser.Argument(help: "The new schema: an SDL file, or several separated by commas.") var new: String
    @Flag(help: "Print one JSON object instead of one line per change.") var json = false

    func run() throws {
        let outcome = SchemaDiffTool.run(old: Self.paths(old), new: Self.paths(new), json: json)
        if !outcome.output.isEmpty { writeLine(outcome.output) }
        if !outcome.errors.isEmpty { FileHandle.standardError.write(Data((outcome.errors + "\n").utf8)) }
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }

    static func paths(_ argument: String) -> [String] {
        argument.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// The command's work, apart from the process: what to print and the exit status.
enum SchemaDiffTool {
    struct Outcome: Equatable {
        /// For stdout.
        var output: String
        /// For stderr.
        var errors: String = ""
        var status: Int32
    }

    static func run(old: [String], new: [String], json: Bool) -> Outcome {
        let oldSchema: Schema, newSchema: Schema
        do {
            oldSchema = try build(old, side: "old")
            newSchema = try build(new, side: "new")
        } catch {
            return Outcome(output: "", errors: error.lines.joined(separator: "\n"), status: 2)
        }
        return report(SchemaDiff.compare(old: oldSchema, new: newSchema), json: json)
    }

    static func report(_ changes: [SchemaChange], json: Bool) -> Outcome {
        let status: Int32 = changes.contains { $0.severity == .breaking } ? 1 : 0
        if json { return Outcome(output: jsonReport(changes).jsonText, status: status) }
        return Outcome(output: changes.isEmpty ? "No changes." : changes.map(\.description).joined(separator: "\n"), status: status)
    }

    static func jsonReport(_ changes: [SchemaChange]) -> JSONValue {
        func count(_ severity: SchemaChange.Severity) -> JSONValue { .int(changes.filter { $0.severity == severity }.count) }
        let items: [JSONValue] = changes.map { change in
            var object = JSONObject([
                ("severity", .string(change.severity.label)),
                ("kind", .string(change.kind.rawValue)),
                ("coordinate", .string(change.coordinate.description)),
                ("message", .string(change.message)),
            ])
            if let location = change.location {
                object["location"] = JSONValue.object(JSONObject([
                    ("file", .string(location.file)), ("line", .int(location.line)), ("column", .int(location.column)),
                ]))
            }
            return .object(object)
        }
        return .object(JSONObject([
            ("breaking", count(.breaking)), ("dangerous", count(.dangerous)), ("safe", count(.safe)), ("changes", .array(items)),
        ]))
    }

    struct Failure: Error {
        var lines: [String]
    }

    /// Reads and builds one side; every problem as `file:line:column: message`, prefixed with the side.
    static func build(_ paths: [String], side: String) throws(Failure) -> Schema {
        guard !paths.isEmpty else { throw Failure(lines: ["\(side) schema: no SDL file given"]) }
        var sources: [Source] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Failure(lines: ["\(side) schema: cannot read \(path)"])
            }
            sources.append(Source(bytes: [UInt8](data), name: path))
        }
        do {
            return try Schema.build(sources: sources)
        } catch {
            throw Failure(lines: error.errors.map { error in
                guard let location = error.locations.first else { return "\(side) schema: \(error.message)" }
                let file = error.sourceNames.first ?? paths[0]
                return "\(side) schema: \(file):\(location.line):\(location.column): \(error.message)"
            })
        }
    }
}
