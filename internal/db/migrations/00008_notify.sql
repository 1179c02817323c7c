-- +goose Up
-- Notifications: the in-app inbox of each user, and the e-mail outbox that
-- the delivery loop works through (so that a change and its mail commit
-- together, and a mail server that is down loses nothing).

CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- An i18n key prefix: KIND.subject and KIND.body are the texts.
    kind       TEXT NOT NULL,
    -- JSON array of the texts' printf arguments.
    args       TEXT NOT NULL DEFAULT '[]',
    link       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    read_at    TIMESTAMP
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);

CREATE TABLE outbox (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL DEFAULT '',
    to_addr       TEXT NOT NULL,
    lang          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    args          TEXT NOT NULL DEFAULT '[]',
    link          TEXT NOT NULL DEFAULT '',
    -- Text appended to the body as it is (a digest's list).
    extra         TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    attempts      BIGINT NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    sent_at       TIMESTAMP
);
CREATE INDEX outbox_pending ON outbox (sent_at, created_at);

-- +goose Down
DROP TABLE outbox;
DROP TABLE notifications;
