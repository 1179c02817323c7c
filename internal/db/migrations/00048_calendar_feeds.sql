-- +goose Up
-- Each person's one private calendar feed, "My calendar" on their account
-- page: all their appointments (the jour fixe meetings of their
-- organisation, the events they hold a place at). Only the SHA-256 of the
-- token in its URL is kept; a new token replaces the old one.
CREATE TABLE calendar_feeds (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE calendar_feeds;
