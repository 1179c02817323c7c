-- +goose Up
-- A prospect's notes: what the recruiter learnt about the company.
ALTER TABLE prospects ADD COLUMN notes TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE prospects DROP COLUMN notes;
