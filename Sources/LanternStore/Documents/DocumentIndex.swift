import LanternDomain
import SQLKit

/// The search index entry of a document's current version. Both databases index the text as
/// `SearchText.indexed` gives it (folded, tokenised, joined by spaces), so their tokenizers see
/// the same words and the same query finds the same documents on either.
///
/// SQLite: rows of the FTS5 table `document_search` (external content, rowid = the document's
/// rowid). Removing an entry from an external-content index takes the values that were indexed,
/// which `remove` recomputes from the stored title and body: a change to `SearchText` therefore
/// needs a migration that rebuilds the index. PostgreSQL: the `search` column of the document.
enum DocumentIndex {
    /// The word that keeps title and body apart in a PostgreSQL vector (and is never indexed).
    static let gap = "lanterngap0"

    static func add(_ document: Document, _ dialect: Database.Dialect, _ db: any SQLDatabase) async throws {
        let title = SearchText.indexed(document.title), body = SearchText.indexed(document.body)
        switch dialect {
        case .sqlite:
            try await db.raw("""
                INSERT INTO document_search (rowid, title, body)
                SELECT rowid, \(bind: title), \(bind: body) FROM documents WHERE id = \(bind: document.id.rawValue)
                """).run()
        case .postgres:
            // `||` numbers the body's words right after the title's, so a phrase could match
            // across the two; one placeholder word, deleted again, leaves a gap between them.
            try await db.raw("""
                UPDATE documents SET search = setweight(to_tsvector('simple', \(bind: title)), 'A')
                    || setweight(ts_delete(to_tsvector('simple', \(bind: gap + " " + body)), \(bind: gap)), 'B')
                WHERE id = \(bind: document.id.rawValue)
                """).run()
        }
    }

    /// Before the document's row changes or goes: its entry as it was.
    static func remove(_ document: Document, _ dialect: Database.Dialect, _ db: any SQLDatabase) async throws {
        guard dialect == .sqlite else { return }  // the column goes with the row, or is overwritten by `add`
        try await db.raw("""
            INSERT INTO document_search (document_search, rowid, title, body)
            SELECT 'delete', rowid, \(bind: SearchText.indexed(document.title)), \(bind: SearchText.indexed(document.body))
            FROM documents WHERE id = \(bind: document.id.rawValue)
            """).run()
    }
}
