-- +goose Up
-- The rules by which a won prospect gets its responsible manager: an
-- ordered list of rules (a region, a competency → a manager), then a round
-- robin among named managers. The round robin's turn is a row of its own,
-- taken with an UPDATE in the won prospect's transaction, so that two
-- servers on one database never hand out the same turn.
CREATE TABLE manager_rules (
    id            TEXT PRIMARY KEY,
    position      INTEGER NOT NULL,
    -- 'region' or 'competency'.
    kind          TEXT NOT NULL,
    country       TEXT NOT NULL DEFAULT '',
    region        TEXT NOT NULL DEFAULT '',
    competency_id TEXT NOT NULL DEFAULT '',
    manager_id    TEXT NOT NULL REFERENCES users (id)
);
CREATE TABLE manager_rotation (
    manager_id TEXT PRIMARY KEY REFERENCES users (id),
    position   INTEGER NOT NULL
);
CREATE TABLE manager_rotation_turn (
    id   INTEGER PRIMARY KEY,
    turn BIGINT NOT NULL
);
INSERT INTO manager_rotation_turn (id, turn) VALUES (1, 0);

-- Offboarding a partner: why, who started and finished it, and its
-- checklist. The record stays as the partner's history.
CREATE TABLE offboardings (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations (id),
    reason         TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    unpublished_at TIMESTAMP NULL,
    handed_over_at TIMESTAMP NULL,
    handover_note  TEXT NOT NULL DEFAULT '',
    ended_at       TIMESTAMP NULL,
    users_ended    INTEGER NOT NULL DEFAULT 0,
    started_by     TEXT NOT NULL,
    ended_by       TEXT NOT NULL DEFAULT '',
    started_at     TIMESTAMP NOT NULL
);
CREATE INDEX offboardings_org ON offboardings (org_id, started_at);

-- +goose Down
DROP TABLE offboardings;
DROP TABLE manager_rotation_turn;
DROP TABLE manager_rotation;
DROP TABLE manager_rules;
