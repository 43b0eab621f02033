-- The document search index differs per database: see sqlite/ and postgres/.
SELECT 1;
