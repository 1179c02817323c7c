-- +goose Up
-- A directory page from the database (while the search index loads) reads
-- the organisations that are not deleted in name order. SQLite searches
-- deleted_at IS NULL by an index on deleted_at and then sorts every row;
-- with the sort key after deleted_at in one index it reads the page in
-- order instead. That index also serves what the index on deleted_at alone
-- served, which it replaces. PostgreSQL reads the page by
-- organisations_sort_key.
CREATE INDEX organisations_live_sort_key ON organisations (deleted_at, sort_key, id);
DROP INDEX organisations_deleted;

-- +goose Down
CREATE INDEX organisations_deleted ON organisations (deleted_at);
DROP INDEX organisations_live_sort_key;
