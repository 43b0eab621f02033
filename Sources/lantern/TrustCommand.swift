import ArgumentParser
import Foundation
import LanternDomain
import LanternService
import LanternStore
import Logging

/// `lantern trust MANIFEST.json`: registers a client build's operations as trusted documents.
struct Trust: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Register a manifest of operations (Apollo's persisted query manifest, or Relay's / GraphQL Code Generator's id → document) as trusted documents, after checking each against the schema.",
        discussion: """
            Every document must parse, validate against the service's schema and pass its operation \
            limits; otherwise nothing is registered and each problem is printed with the document's id. \
            Ids already registered with the same text are kept; with another text they are a conflict. \
            Running servers pick the documents up within 5 seconds.
            """)

    @OptionGroup var database: DatabaseOption
    @Argument(help: "The manifest file.") var manifest: String
    @Flag(help: "Check the manifest against the schema without registering anything.") var dryRun = false

    func run() async throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: manifest))
        } catch {
            throw ValidationError("Cannot read \(manifest): \(error.localizedDescription)")
        }
        let documents: [TrustedDocument]
        do {
            documents = try TrustedDocumentManifest.check(try TrustedDocumentManifest.entries(from: data))
        } catch let problems as TrustedDocumentManifest.Problems {
            for message in problems.messages { FileHandle.standardError.write(Data("\(manifest): \(message)\n".utf8)) }
            throw ExitCode(1)
        }
        for document in documents {
            print("\(document.id)  \(document.operations)  cost \(document.cost)")
        }
        if dryRun {
            print("\(documents.count) document(s) checked; nothing registered (--dry-run).")
            return
        }
        var logger = Logger(label: "lantern.trust")
        logger.logLevel = .warning
        let opened = try await Database.open(url: try database.resolved(), logger: logger)
        do {
            try await Migrator.locate().migrate(opened)
            let added = try await TrustedDocumentManifest.register(documents, in: opened)
            print("\(documents.count) document(s) trusted: \(added) new, \(documents.count - added) already registered.")
        } catch {
            await opened.close()
            throw error
        }
        await opened.close()
    }
}
