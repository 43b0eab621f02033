import LanternDomain
import SQLKit

/// Search: the query compiled for the database (FTS5 MATCH on SQLite, `to_tsquery('simple', …)`
/// on PostgreSQL; never the user's text), restricted to the tenant and the filter, ranked (bm25
/// with the title weighted 10:1 on SQLite; `ts_rank` with title weight A, body B on PostgreSQL),
/// then one page, the kind facet and the tag facet, each over the same set of matches.
extension SQLStore {
    public func searchDocuments(tenant: TenantID, query: SearchQuery, filter: DocumentFilter, offset: Int,
                                limit: Int) async throws -> DocumentMatches {
        let conditions = Self.conditions(tenant: tenant, filter: filter)
        // `hits` ranks (for the page); `matches` only finds (for the facets), which is cheaper:
        // ranking reads every match's index entry. On SQLite, CROSS JOIN keeps the index the outer
        // loop: left to itself the planner walks the tenant's documents and probes the index for
        // each, which costs a scan of the tenant even when nothing matches.
        let hits: SQLQueryString, matches: SQLQueryString
        switch database.dialect {
        case .sqlite:
            hits = """
                WITH hits AS (
                    SELECT d.id AS id, -bm25(document_search, 10.0, 1.0) AS score
                    FROM document_search CROSS JOIN documents d ON d.rowid = document_search.rowid
                    WHERE document_search MATCH \(bind: query.fts5) AND \(conditions)
                )
                """
            matches = """
                WITH hits AS (
                    SELECT d.id AS id, d.kind AS kind
                    FROM document_search CROSS JOIN documents d ON d.rowid = document_search.rowid
                    WHERE document_search MATCH \(bind: query.fts5) AND \(conditions)
                )
                """
        case .postgres:
            hits = """
                WITH hits AS (
                    SELECT d.id AS id, ts_rank(d.search, q)::float8 AS score
                    FROM documents d, to_tsquery('simple', \(bind: query.tsquery)) q
                    WHERE d.search @@ q AND \(conditions)
                )
                """
            matches = """
                WITH hits AS (
                    SELECT d.id AS id, d.kind AS kind FROM documents d
                    WHERE d.search @@ to_tsquery('simple', \(bind: query.tsquery)) AND \(conditions)
                )
                """
        }
        let limit = min(max(limit, 0), Paging.maximumSize + 1)
        return try await database.read { db in
            let rows = try await db.raw("""
                \(hits)
                SELECT \(DocumentRows.columns), hits.score AS score FROM hits JOIN documents d ON d.id = hits.id
                ORDER BY hits.score DESC, d.id LIMIT \(literal: limit) OFFSET \(literal: max(offset, 0))
                """).all()
            let documents = try await Self.withIncidents(try rows.map(DocumentRows.document), db)
            let scores = try rows.map { try $0.decode(column: "score", as: Double.self) }
            // Both facets in one statement over one evaluation of the matches (a CTE used twice
            // is materialised once by both databases).
            let facets = try await db.raw("""
                \(matches)
                SELECT 'kind' AS facet, hits.kind AS value, COUNT(*) AS count FROM hits GROUP BY hits.kind
                UNION ALL
                SELECT 'tag' AS facet, t.tag AS value, COUNT(*) AS count FROM hits JOIN document_tags t ON t.document_id = hits.id
                GROUP BY t.tag
                """).all()
            var kinds: [FacetCount] = [], tags: [FacetCount] = []
            for row in facets {
                let facet = try DocumentRows.facet(row)
                if try row.decode(column: "facet", as: String.self) == "kind" { kinds.append(facet) } else { tags.append(facet) }
            }
            let byCount: (FacetCount, FacetCount) -> Bool = { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
            kinds.sort(by: byCount)
            tags = Array(tags.sorted(by: byCount).prefix(100))
            return DocumentMatches(documents: Array(zip(documents, scores)).map { ($0, $1) },
                                   totalCount: kinds.reduce(0) { $0 + $1.count }, kinds: kinds, tags: tags)
        }
    }
}
