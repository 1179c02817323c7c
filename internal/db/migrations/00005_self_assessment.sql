-- +goose Up
-- The public ideal-partner self-assessment: which criteria are asked, the
-- answers of companies that left their contact details, and for everyone
-- else only counts.
ALTER TABLE criteria ADD COLUMN published BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE self_assessments (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES organisations (id),
    lang       TEXT NOT NULL,
    fit_tenths BIGINT NOT NULL,
    answers    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX self_assessments_org ON self_assessments (org_id);

CREATE TABLE self_assessment_counts (
    day       DATE PRIMARY KEY,
    completed BIGINT NOT NULL,
    contacted BIGINT NOT NULL
);

CREATE TABLE rate_limits (
    key          TEXT PRIMARY KEY,
    window_start TIMESTAMP NOT NULL,
    hits         BIGINT NOT NULL
);

-- +goose Down
DROP TABLE rate_limits;
DROP TABLE self_assessment_counts;
DROP TABLE self_assessments;
ALTER TABLE criteria DROP COLUMN published;
