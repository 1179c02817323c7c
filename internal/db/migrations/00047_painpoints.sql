-- +goose Up
-- The association's pain points: what member companies raise with the
-- vendor. A point is submitted by a user of a member organisation; member
-- organisations support it, one vote each. support holds the number of
-- votes, kept in the vote's transaction, so that the list ranks by it
-- through an index instead of counting 200 000 votes. A merged duplicate
-- points to the point it was merged into (merged_into, status 'merged').
CREATE TABLE pain_points (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations (id),
    submitted_by TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    topic        TEXT NOT NULL,
    area         TEXT NOT NULL DEFAULT '',
    -- 'new', 'review', 'raised', 'answered', 'resolved', 'declined' or 'merged'.
    status       TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    answer       TEXT NOT NULL DEFAULT '',
    answered_at  TIMESTAMP NULL,
    merged_into  TEXT NULL REFERENCES pain_points (id),
    support      BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX pain_points_rank ON pain_points (support, created_at, id);
CREATE INDEX pain_points_status_rank ON pain_points (status, support, created_at, id);
CREATE INDEX pain_points_topic_rank ON pain_points (topic, support, created_at, id);

-- One vote per organisation and point; named: the organisation agrees
-- that the vendor sees its name.
CREATE TABLE pain_point_votes (
    point_id   TEXT NOT NULL REFERENCES pain_points (id),
    org_id     TEXT NOT NULL REFERENCES organisations (id),
    named      BOOLEAN NOT NULL DEFAULT FALSE,
    voted_by   TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (point_id, org_id)
);
CREATE INDEX pain_point_votes_org ON pain_point_votes (org_id);

-- +goose Down
DROP TABLE pain_point_votes;
DROP TABLE pain_points;
