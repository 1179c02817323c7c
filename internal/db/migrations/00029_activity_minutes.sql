-- +goose Up
-- The time a manager spent on an activity, in minutes (0 when not given):
-- what a partner costs in time, per quadrant.
ALTER TABLE activities ADD COLUMN minutes BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE activities DROP COLUMN minutes;
