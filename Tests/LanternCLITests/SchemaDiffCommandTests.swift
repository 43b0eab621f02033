import ArgumentParser
import Foundation
import Testing
@testable import lantern

/// `lantern schema-diff` (docs/engine-cli.md): its exit status is what CI gates on.
@Suite("schema-diff command")
struct SchemaDiffCommandTests {
    /// Writes `files` (name → SDL) into a fresh directory and returns their paths by name.
    private func write(_ files: [String: String]) throws -> [String: String] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lantern-schema-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var paths: [String: String] = [:]
        for (name, text) in files {
            let url = directory.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            paths[name] = url.path
        }
        return paths
    }

    /// Parses the command line as `lantern` would and runs it; the exit status.
    private func exitStatus(_ arguments: [String]) throws -> Int32 {
        let command = try Lantern.parseAsRoot(arguments)
        guard let diff = command as? SchemaDiffCommand else {
            Issue.record("parsed \(type(of: command)), not schema-diff")
            return -1
        }
        do {
            try diff.run()
            return 0
        } catch {
            return Lantern.exitCode(for: error).rawValue
        }
    }

    @Test("exit status: 0 without breaking changes, 1 with one, 2 when a schema cannot be built or read")
    func exitCodes() throws {
        let paths = try write([
            "old.graphql": "type Query {\n  a: Int\n  b: String\n}\n",
            "safe.graphql": "type Query {\n  a: Int!\n  b: String\n  c: Int\n}\n",
            "breaking.graphql": "type Query {\n  a: Int\n}\n",
            "invalid.graphql": "type Query { a: Missing }\n",
        ])
        let old = try #require(paths["old.graphql"])
        #expect(try exitStatus(["schema-diff", old, try #require(paths["safe.graphql"])]) == 0)
        #expect(try exitStatus(["schema-diff", old, old]) == 0)
        #expect(try exitStatus(["schema-diff", old, try #require(paths["breaking.graphql"])]) == 1)
        #expect(try exitStatus(["schema-diff", "--json", old, try #require(paths["breaking.graphql"])]) == 1)
        #expect(try exitStatus(["schema-diff", old, try #require(paths["invalid.graphql"])]) == 2)
        #expect(try exitStatus(["schema-diff", old, old + ".missing"]) == 2)
    }

    @Test("one line per change with severity, coordinate, message and file:line")
    func textOutput() throws {
        let paths = try write(["old.graphql": "type Query {\n  a: Int\n  b: String\n}\n", "new.graphql": "type Query {\n  a: Int!\n}\n"])
        let outcome = SchemaDiffTool.run(old: [paths["old.graphql"]!], new: [paths["new.graphql"]!], json: false)
        #expect(outcome.status == 1)
        #expect(outcome.output == """
            BREAKING  Query.b  Field Query.b was removed.  (\(paths["old.graphql"]!):3)
            SAFE  Query.a  Field Query.a changed type from Int to Int!.  (\(paths["new.graphql"]!):2)
            """)
        let same = SchemaDiffTool.run(old: [paths["old.graphql"]!], new: [paths["old.graphql"]!], json: false)
        #expect(same == SchemaDiffTool.Outcome(output: "No changes.", status: 0))
    }

    @Test("several files per side, separated by commas")
    func severalFiles() throws {
        let paths = try write([
            "query.graphql": "type Query { a: Int }\n",
            "color.graphql": "enum Color { RED GREEN }\nextend type Query { color: Color }\n",
            "color2.graphql": "enum Color { RED GREEN BLUE }\nextend type Query { color: Color }\n",
        ])
        let old = SchemaDiffCommand.paths("\(paths["query.graphql"]!),\(paths["color.graphql"]!)")
        let new = SchemaDiffCommand.paths("\(paths["query.graphql"]!), \(paths["color2.graphql"]!)")
        #expect(old.count == 2 && new.count == 2)
        let outcome = SchemaDiffTool.run(old: old, new: new, json: false)
        #expect(outcome.status == 0)
        #expect(outcome.output == "DANGEROUS  Color.BLUE  Enum value Color.BLUE was added.  (\(paths["color2.graphql"]!):1)")
    }

    @Test("--json prints counts and every change with its location; build errors go to stderr")
    func json() throws {
        let paths = try write(["old.graphql": "enum E { A B }\ntype Query { e: E }\n", "new.graphql": "enum E { A }\ntype Query { e: E }\n",
                               "bad.graphql": "type Query {"])
        let outcome = SchemaDiffTool.run(old: [paths["old.graphql"]!], new: [paths["new.graphql"]!], json: true)
        #expect(outcome.status == 1)
        #expect(outcome.output == #"{"breaking":1,"dangerous":0,"safe":0,"changes":[{"severity":"BREAKING","kind":"enumValueRemoved","coordinate":"E.B","message":"Enum value E.B was removed.","location":{"file":"\#(paths["old.graphql"]!)","line":1,"column":12}}]}"#)
        let failed = SchemaDiffTool.run(old: [paths["old.graphql"]!], new: [paths["bad.graphql"]!], json: true)
        #expect(failed.status == 2 && failed.output.isEmpty)
        #expect(failed.errors.hasPrefix("new schema: \(paths["bad.graphql"]!):1:13: "), "\(failed.errors)")
    }
}
