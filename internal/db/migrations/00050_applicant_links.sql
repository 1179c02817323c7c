-- +goose Up
-- A public applicant follows its application through a private link: the
-- hash of the link's secret (the secret itself is mailed once and kept
-- nowhere). A link to set a password may be an invitation of a new user
-- (valid longer, worded as a welcome) rather than a reset.
ALTER TABLE applications ADD COLUMN status_token TEXT NULL;
CREATE UNIQUE INDEX applications_status_token ON applications (status_token);
ALTER TABLE password_resets ADD COLUMN invitation BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE password_resets DROP COLUMN invitation;
DROP INDEX applications_status_token;
ALTER TABLE applications DROP COLUMN status_token;
