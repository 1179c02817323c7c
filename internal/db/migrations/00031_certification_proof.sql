-- +goose Up
-- A person's certification carries its proof (a certificate number) and
-- counts towards a tier once staff verified it against that proof. What was
-- entered before counts as it did: verified when it was entered.
ALTER TABLE person_certifications ADD COLUMN proof_number TEXT NOT NULL DEFAULT '';
ALTER TABLE person_certifications ADD COLUMN verified_at TIMESTAMP NULL;
ALTER TABLE person_certifications ADD COLUMN verified_by TEXT NOT NULL DEFAULT '';
UPDATE person_certifications SET verified_at = created_at;

-- +goose Down
ALTER TABLE person_certifications DROP COLUMN verified_by;
ALTER TABLE person_certifications DROP COLUMN verified_at;
ALTER TABLE person_certifications DROP COLUMN proof_number;
