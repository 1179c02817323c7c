-- +goose Up
-- Stage gates of the recruitment pipeline: the evidence a prospect needs
-- to enter a stage, per programme. The defaults follow the seed: a logged
-- meeting with a C-level contact before the business case, a business
-- case that breaks even within twelve months before the contract, an
-- assessment before won.
CREATE TABLE stage_gates (
    stage    TEXT NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (stage, evidence)
);
INSERT INTO stage_gates (stage, evidence) VALUES ('business_case', 'clevel_meeting');
INSERT INTO stage_gates (stage, evidence) VALUES ('contract', 'business_case');
INSERT INTO stage_gates (stage, evidence) VALUES ('won', 'assessment');

-- The months within which a business case must break even to count.
CREATE TABLE pipeline_settings (
    id                BIGINT PRIMARY KEY,
    break_even_months BIGINT NOT NULL
);
INSERT INTO pipeline_settings (id, break_even_months) VALUES (1, 12);

-- A move past a gate without its evidence keeps the mover's reason and
-- what was missing (evidence kinds separated by spaces).
ALTER TABLE prospect_stage_changes ADD COLUMN override_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE prospect_stage_changes ADD COLUMN overridden TEXT NOT NULL DEFAULT '';

-- A person's certificate as a file (PDF or image), the proof staff may
-- verify a certification against instead of its number; one per
-- certification, replaced by a new upload.
CREATE TABLE certification_proofs (
    certification_id TEXT PRIMARY KEY REFERENCES person_certifications (id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    content_type     TEXT NOT NULL,
    size             BIGINT NOT NULL,
    content          BYTEA NOT NULL,
    created_by       TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE certification_proofs;
ALTER TABLE prospect_stage_changes DROP COLUMN overridden;
ALTER TABLE prospect_stage_changes DROP COLUMN override_reason;
DROP TABLE pipeline_settings;
DROP TABLE stage_gates;
