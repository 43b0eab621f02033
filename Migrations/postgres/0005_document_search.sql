-- Full-text search on PostgreSQL: a weighted tsvector (title A, body B, the `simple`
-- configuration) written by Lantern with the text folded and tokenised by SearchText.indexed (so
-- both databases see the same words), and a GIN index over it.
ALTER TABLE documents ADD COLUMN search tsvector;
CREATE INDEX documents_search ON documents USING GIN (search);
