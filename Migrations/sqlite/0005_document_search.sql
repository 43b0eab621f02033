-- Full-text search on SQLite: an FTS5 index over the documents table (external content, so the
-- text is stored once), rowid = the document's rowid. Lantern writes the index in the same
-- transaction as the document, with the text folded and tokenised by SearchText.indexed, so that
-- SQLite and PostgreSQL see the same words. bm25 weights the title (column 0) above the body.
CREATE VIRTUAL TABLE document_search USING fts5(
    title, body, content = 'documents', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
);
