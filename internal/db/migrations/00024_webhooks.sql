-- +goose Up
-- Webhooks: the audit entries that are published as events wait in
-- event_outbox, written in the change's own transaction; the dispatcher
-- turns each into one delivery per subscribed endpoint that may see it, and
-- sends the deliveries of an endpoint one after another, in order, retrying
-- for a day.

CREATE TABLE event_outbox (
    audit_id TEXT PRIMARY KEY REFERENCES audit_log (id) ON DELETE CASCADE
);

CREATE TABLE webhook_endpoints (
    id              TEXT PRIMARY KEY,
    -- The organisation whose partner admins own it; '' for the programme's
    -- (its admins).
    org_id          TEXT NOT NULL DEFAULT '',
    url             TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    -- The event types, comma-separated (introduction.accept,…).
    events          TEXT NOT NULL,
    secret          TEXT NOT NULL,
    -- The secret before the last rotation, still signing until its end.
    old_secret      TEXT NOT NULL DEFAULT '',
    old_secret_until TIMESTAMP,
    enabled         BOOLEAN NOT NULL DEFAULT TRUE,
    -- Why it was switched off by pakt ('' when by its owner or on).
    disabled_reason TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    created_by      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhook_endpoints_org ON webhook_endpoints (org_id);

CREATE TABLE webhook_deliveries (
    -- The message id the receiver sees as webhook-id (msg_…), the same for
    -- every attempt.
    id            TEXT PRIMARY KEY,
    endpoint_id   TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    -- The order of the deliveries of one endpoint: the event's audit id
    -- (time-ordered), then the delivery's own.
    event_id      TEXT NOT NULL,
    event_type    TEXT NOT NULL,
    payload       TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    -- pending, delivered or failed (given up after a day of retries).
    status        TEXT NOT NULL DEFAULT 'pending',
    attempts      BIGINT NOT NULL DEFAULT 0,
    -- When the current run of retries began (creation, or a redelivery).
    retry_from    TIMESTAMP NOT NULL,
    next_at       TIMESTAMP NOT NULL,
    -- Held by one process while it sends.
    claimed_until TIMESTAMP,
    finished_at   TIMESTAMP
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, status, event_id);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (status, next_at);

CREATE TABLE webhook_attempts (
    id          TEXT PRIMARY KEY,
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    at          TIMESTAMP NOT NULL,
    -- The receiver's HTTP status, 0 when none came.
    status_code BIGINT NOT NULL DEFAULT 0,
    duration_ms BIGINT NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT '',
    -- The start of the receiver's answer, for the delivery log.
    response    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, at);

-- +goose Down
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
DROP TABLE event_outbox;
