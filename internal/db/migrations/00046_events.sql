-- +goose Up
-- The association's events: member meetings, annual meetings, trade-fair
-- stands and partner days, each public (the vendor's liaisons see it too)
-- or for members only, with a capacity (0: no limit). lock_seq is moved by
-- every change of an event's registrations, so that on PostgreSQL those
-- changes wait for each other on the event's row and never over-fill it.
CREATE TABLE community_events (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    starts_at    TIMESTAMP NOT NULL,
    ends_at      TIMESTAMP NOT NULL,
    place        TEXT NOT NULL DEFAULT '',
    online_url   TEXT NOT NULL DEFAULT '',
    capacity     BIGINT NOT NULL DEFAULT 0,
    public       BOOLEAN NOT NULL DEFAULT FALSE,
    cancelled_at TIMESTAMP NULL,
    sequence     BIGINT NOT NULL DEFAULT 0,
    lock_seq     BIGINT NOT NULL DEFAULT 0,
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX community_events_starts ON community_events (starts_at);

-- A person's registration for an event, for their organisation: confirmed
-- or on the waiting list (in the order of requested_at), or cancelled.
-- One row per person and event: registering again after a cancellation
-- starts at the back of the queue. visible: the person agreed to appear in
-- the list of who else is coming; attended: the board ticked them at the
-- check-in.
CREATE TABLE community_event_registrations (
    id           TEXT PRIMARY KEY,
    event_id     TEXT NOT NULL REFERENCES community_events (id),
    user_id      TEXT NOT NULL REFERENCES users (id),
    org_id       TEXT NOT NULL REFERENCES organisations (id),
    status       TEXT NOT NULL,
    visible      BOOLEAN NOT NULL DEFAULT FALSE,
    attended     BOOLEAN NOT NULL DEFAULT FALSE,
    requested_at TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (event_id, user_id)
);
CREATE INDEX community_event_registrations_org ON community_event_registrations (org_id);

-- +goose Down
DROP TABLE community_event_registrations;
DROP TABLE community_events;
