-- +goose Up
-- Ideal-partner profiles (per product, market or partner type): the same
-- criteria with a profile's own weights and thresholds. The default
-- profile is what the portfolio was before: its weights are the criteria's
-- own, its thresholds the programme's, and every existing assessment,
-- self-assessment and latest assessment belongs to it, so every figure
-- stays the same.
CREATE TABLE ideal_profiles (
    id             TEXT PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    name_de        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    can_threshold  BIGINT NOT NULL,
    will_threshold BIGINT NOT NULL,
    -- Offered in the public self-assessment.
    public         BOOLEAN NOT NULL DEFAULT FALSE,
    archived       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

INSERT INTO ideal_profiles (id, slug, name_de, name_en, can_threshold, will_threshold, public, archived, created_at, updated_at)
VALUES ('default', 'default', 'Standardprofil', 'Default profile',
    COALESCE((SELECT can_threshold FROM portfolio_settings WHERE id = 1), 50),
    COALESCE((SELECT will_threshold FROM portfolio_settings WHERE id = 1), 50),
    TRUE, FALSE, '2026-12-07 00:00:00', '2026-12-07 00:00:00');

-- The weights of the other profiles; a criterion without a row weighs in
-- a profile what it weighs by itself (the default profile's weight).
CREATE TABLE ideal_profile_weights (
    profile_id   TEXT NOT NULL REFERENCES ideal_profiles (id),
    criterion_id TEXT NOT NULL REFERENCES criteria (id),
    weight       BIGINT NOT NULL,
    PRIMARY KEY (profile_id, criterion_id)
);

ALTER TABLE assessments ADD COLUMN profile_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE self_assessments ADD COLUMN profile_id TEXT NOT NULL DEFAULT 'default';

-- The latest assessment per organisation and profile.
CREATE TABLE latest_profile_assessments (
    profile_id    TEXT NOT NULL REFERENCES ideal_profiles (id),
    org_id        TEXT NOT NULL REFERENCES organisations (id),
    assessment_id TEXT NOT NULL,
    assessed_on   DATE NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    can_score     BIGINT NOT NULL,
    will_score    BIGINT NOT NULL,
    PRIMARY KEY (profile_id, org_id)
);
INSERT INTO latest_profile_assessments (profile_id, org_id, assessment_id, assessed_on, created_at, can_score, will_score)
SELECT 'default', org_id, assessment_id, assessed_on, created_at, can_score, will_score FROM latest_assessments;
DROP TABLE latest_assessments;

-- +goose Down
CREATE TABLE latest_assessments (
    org_id        TEXT PRIMARY KEY REFERENCES organisations (id),
    assessment_id TEXT NOT NULL,
    assessed_on   DATE NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    can_score     BIGINT NOT NULL,
    will_score    BIGINT NOT NULL
);
INSERT INTO latest_assessments (org_id, assessment_id, assessed_on, created_at, can_score, will_score)
SELECT org_id, assessment_id, assessed_on, created_at, can_score, will_score FROM latest_profile_assessments WHERE profile_id = 'default';
DROP TABLE latest_profile_assessments;
ALTER TABLE self_assessments DROP COLUMN profile_id;
ALTER TABLE assessments DROP COLUMN profile_id;
DROP TABLE ideal_profile_weights;
DROP TABLE ideal_profiles;
