-- +goose Up
-- CAN × WILL: criteria, thresholds, assessments with a snapshot of the
-- criteria they were made with, and business cases.

CREATE TABLE criteria (
    id             TEXT PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    axis           TEXT NOT NULL,
    name_de        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    description_de TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    -- Anchor texts for the levels 0 to 5, one per line.
    anchors_de     TEXT NOT NULL DEFAULT '',
    anchors_en     TEXT NOT NULL DEFAULT '',
    weight         BIGINT NOT NULL,
    position       BIGINT NOT NULL,
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

CREATE TABLE portfolio_settings (
    id             BIGINT PRIMARY KEY,
    can_threshold  BIGINT NOT NULL,
    will_threshold BIGINT NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

CREATE TABLE assessments (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations (id),
    assessor_id   TEXT NOT NULL DEFAULT '',
    assessor_name TEXT NOT NULL DEFAULT '',
    assessed_on   DATE NOT NULL,
    -- Axis scores in tenths of a point, 0 to 1000, and the thresholds in
    -- force when the assessment was made.
    can_score      BIGINT NOT NULL,
    will_score     BIGINT NOT NULL,
    can_threshold  BIGINT NOT NULL,
    will_threshold BIGINT NOT NULL,
    quadrant      TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX assessments_org ON assessments (org_id, assessed_on);
CREATE INDEX assessments_date ON assessments (assessed_on);

CREATE TABLE assessment_scores (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    criterion_id  TEXT NOT NULL,
    axis          TEXT NOT NULL,
    name_de       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    weight        BIGINT NOT NULL,
    position      BIGINT NOT NULL,
    -- 0 to 5; NULL when the criterion was not rated.
    score         BIGINT,
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, criterion_id)
);

CREATE TABLE business_cases (
    org_id               TEXT PRIMARY KEY REFERENCES organisations (id),
    currency             TEXT NOT NULL,
    investment_minor     BIGINT NOT NULL,
    monthly_cost_minor   BIGINT NOT NULL,
    months_to_first_deal BIGINT NOT NULL,
    deals_per_month_tenths BIGINT NOT NULL,
    margin_per_deal_minor  BIGINT NOT NULL,
    ramp_up_months       BIGINT NOT NULL,
    note                 TEXT NOT NULL DEFAULT '',
    updated_by           TEXT NOT NULL DEFAULT '',
    updated_at           TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE business_cases;
DROP TABLE assessment_scores;
DROP TABLE assessments;
DROP TABLE portfolio_settings;
DROP TABLE criteria;
