-- +goose Up
-- The latest assessment of each organisation, kept in the same transaction
-- as the assessments, so that today's portfolio needs no window over the
-- whole history.
CREATE TABLE latest_assessments (
    org_id        TEXT PRIMARY KEY REFERENCES organisations (id),
    assessment_id TEXT NOT NULL,
    assessed_on   DATE NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    can_score     BIGINT NOT NULL,
    will_score    BIGINT NOT NULL
);

INSERT INTO latest_assessments (org_id, assessment_id, assessed_on, created_at, can_score, will_score)
SELECT org_id, id, assessed_on, created_at, can_score, will_score FROM (
    SELECT org_id, id, assessed_on, created_at, can_score, will_score,
        ROW_NUMBER() OVER (PARTITION BY org_id ORDER BY assessed_on DESC, created_at DESC, id DESC) AS n
    FROM assessments
) ranked WHERE n = 1;

-- Assessments count their changes like organisations do, so that a cached
-- portfolio knows when it is stale.
INSERT INTO counters (name, value) VALUES ('assessments', 0);

-- +goose Down
DELETE FROM counters WHERE name = 'assessments';
DROP TABLE latest_assessments;
