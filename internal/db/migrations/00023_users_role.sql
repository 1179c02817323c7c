-- +goose Up
-- The staff (admins and partner managers) are a few dozen users among one
-- per partner organisation, a million in a large programme: the forms that
-- offer a partner manager and the bulk loads that check one read them by
-- role instead of reading every user.
CREATE INDEX users_role ON users (role);

-- +goose Down
DROP INDEX users_role;
