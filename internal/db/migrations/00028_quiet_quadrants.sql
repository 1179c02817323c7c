-- +goose Up
-- Vampires are left alone and shadows only observed: neither has a contact
-- cadence any more, so neither lands on the overdue list. Installations
-- that still hold the earlier defaults (60 and 90 days) get the new ones;
-- a cadence an admin set to anything else stays.
UPDATE cadences SET days = 0 WHERE scope = 'quadrant' AND value = 'shadow' AND days = 60;
UPDATE cadences SET days = 0 WHERE scope = 'quadrant' AND value = 'vampire' AND days = 90;

-- +goose Down
UPDATE cadences SET days = 60 WHERE scope = 'quadrant' AND value = 'shadow' AND days = 0;
UPDATE cadences SET days = 90 WHERE scope = 'quadrant' AND value = 'vampire' AND days = 0;
