-- +goose Up
-- The snapshots of the directory index written of this database (their
-- tokens): a process starts from a snapshot file only when its token is
-- here, so a database restored from an older backup, or another database,
-- never gets an index of data it does not hold.
CREATE TABLE directory_snapshots (
    token TEXT PRIMARY KEY,
    taken_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE directory_snapshots;
