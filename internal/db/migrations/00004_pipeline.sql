-- +goose Up
-- The recruitment pipeline: a prospect is an organisation of kind
-- "prospect" with its place in the pipeline, and every move between stages
-- is kept, so that the funnel can measure conversion and time per stage.

CREATE TABLE prospects (
    org_id      TEXT PRIMARY KEY REFERENCES organisations (id),
    stage       TEXT NOT NULL,
    -- The responsible user: an admin, a partner manager or a recruiter.
    owner_id    TEXT NOT NULL DEFAULT '',
    next_step   TEXT NOT NULL DEFAULT '',
    due_on      DATE,
    lost_reason TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    stage_since TIMESTAMP NOT NULL
);
CREATE INDEX prospects_owner ON prospects (owner_id);

CREATE TABLE prospect_stage_changes (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES organisations (id),
    -- Empty when the prospect entered the pipeline.
    from_stage TEXT NOT NULL DEFAULT '',
    to_stage   TEXT NOT NULL,
    at         TIMESTAMP NOT NULL,
    by_id      TEXT NOT NULL DEFAULT '',
    -- The value of the prospect_changes counter this change took: changes
    -- are numbered in commit order, so a cached funnel loads only newer ones.
    seq        BIGINT NOT NULL
);
CREATE INDEX prospect_stage_changes_org ON prospect_stage_changes (org_id, at);
CREATE UNIQUE INDEX prospect_stage_changes_seq ON prospect_stage_changes (seq);
-- The funnel leaves out deleted organisations, which are few.
CREATE INDEX organisations_deleted ON organisations (deleted_at);

-- Stage changes are counted like organisations, so that a cached funnel
-- knows when it is stale.
INSERT INTO counters (name, value) VALUES ('prospect_changes', 0);

-- +goose Down
DELETE FROM counters WHERE name = 'prospect_changes';
DROP INDEX organisations_deleted;
DROP TABLE prospect_stage_changes;
DROP TABLE prospects;
