-- +goose Up
-- An organisation's own certification (a profile entry the partner
-- declares) carries the certificate's number and counts as "certified"
-- once staff verified it against its number or its file. What was entered
-- before is not verified: the partner declared it, nobody checked it.
ALTER TABLE certifications ADD COLUMN number TEXT NOT NULL DEFAULT '';
ALTER TABLE certifications ADD COLUMN verified_at TIMESTAMP NULL;
ALTER TABLE certifications ADD COLUMN verified_by TEXT NOT NULL DEFAULT '';

-- The certificate of an organisation's certification as a file (PDF or
-- image), one per certification, replaced by a new upload.
CREATE TABLE org_certification_proofs (
    certification_id TEXT PRIMARY KEY REFERENCES certifications (id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    content_type     TEXT NOT NULL,
    size             BIGINT NOT NULL,
    content          BYTEA NOT NULL,
    created_by       TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE org_certification_proofs;
ALTER TABLE certifications DROP COLUMN verified_by;
ALTER TABLE certifications DROP COLUMN verified_at;
ALTER TABLE certifications DROP COLUMN number;
