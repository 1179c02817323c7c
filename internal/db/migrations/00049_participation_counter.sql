-- +goose Up
-- The association's participation (memberships, working groups' members,
-- meetings and attendances, events' registrations and check-ins) counts
-- its changes, so that the board's cached participation report knows when
-- it is stale.
INSERT INTO counters (name, shard, value) VALUES ('participation', 0, 0);

-- +goose Down
DELETE FROM counters WHERE name = 'participation';
