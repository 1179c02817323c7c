-- +goose Up
-- Every counter becomes Shards (64) rows, one per shard, so that concurrent
-- writers move different rows instead of all waiting for one row's lock
-- (see db.Counter). A change number is the shard's value times 64 plus the
-- shard: the old numbers become those of shard 0, whose value is the old
-- counter's; the other shards start at 0 and get their rows on their first
-- move. The numbers are negated first so that no row takes a number
-- another one still holds, which the unique indexes would refuse.
CREATE TABLE counter_shards (
    name  TEXT NOT NULL,
    shard INTEGER NOT NULL DEFAULT 0,
    value BIGINT NOT NULL,
    PRIMARY KEY (name, shard)
);
INSERT INTO counter_shards (name, shard, value) SELECT name, 0, value FROM counters;
DROP TABLE counters;
ALTER TABLE counter_shards RENAME TO counters;

UPDATE organisations SET seq = -seq;
UPDATE organisations SET seq = -seq * 64;
UPDATE prospect_stage_changes SET seq = -seq;
UPDATE prospect_stage_changes SET seq = -seq * 64;

-- +goose Down
-- One row per counter again, above every number taken: the numbers stay
-- as they are, unique, and no later one repeats them.
CREATE TABLE counter_rows (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counter_rows (name, value) SELECT name, max(value) * 64 + 63 FROM counters GROUP BY name;
DROP TABLE counters;
ALTER TABLE counter_rows RENAME TO counters;
