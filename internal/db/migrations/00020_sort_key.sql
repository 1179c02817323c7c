-- +goose Up
-- The key that orders organisation names in the directory (SortKey in
-- package directory: folded, accents and legal punctuation dropped), so
-- that the database can answer a directory page in name order while the
-- search index loads. SQL cannot fold names the way Go does: the key is
-- written by the application with every name, and rows that have none yet
-- (written before this migration, or straight into the table) get theirs
-- at start-up.
ALTER TABLE organisations ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
CREATE INDEX organisations_sort_key ON organisations (sort_key, id);

-- +goose Down
DROP INDEX organisations_sort_key;
ALTER TABLE organisations DROP COLUMN sort_key;
