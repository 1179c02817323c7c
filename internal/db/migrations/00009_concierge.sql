-- +goose Up
-- Concierge: introductions between partners with double opt-in, the
-- partners the programme recommends for a topic, and the programme's
-- concierge settings.

CREATE TABLE introductions (
    id                TEXT PRIMARY KEY,
    asker_org_id      TEXT NOT NULL REFERENCES organisations (id),
    asker_user_id     TEXT NOT NULL REFERENCES users (id),
    target_org_id     TEXT NOT NULL REFERENCES organisations (id),
    -- The topic: a competency of the taxonomy, free text, or both.
    competency_id     TEXT NOT NULL DEFAULT '',
    topic             TEXT NOT NULL DEFAULT '',
    message           TEXT NOT NULL,
    -- pending_approval, requested, accepted, declined, rejected or withdrawn.
    status            TEXT NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    -- When the target was asked: at once, or when a concierge approved.
    requested_at      TIMESTAMP,
    decided_by        TEXT NOT NULL DEFAULT '',
    decided_at        TIMESTAMP,
    answered_by       TEXT NOT NULL DEFAULT '',
    answered_at       TIMESTAMP,
    -- A note with a rejection or a decline, shown to the asker.
    reason            TEXT NOT NULL DEFAULT '',
    withdrawn_at      TIMESTAMP,
    -- 30 days after the acceptance both sides are asked how it went.
    outcome_asked_at  TIMESTAMP,
    asker_outcome     TEXT NOT NULL DEFAULT '',
    asker_outcome_at  TIMESTAMP,
    target_outcome    TEXT NOT NULL DEFAULT '',
    target_outcome_at TIMESTAMP,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX introductions_asker ON introductions (asker_org_id, created_at);
CREATE INDEX introductions_target ON introductions (target_org_id, created_at);
CREATE INDEX introductions_status ON introductions (status, answered_at);

CREATE TABLE concierge_pins (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations (id),
    competency_id TEXT NOT NULL,
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (competency_id, org_id)
);

CREATE TABLE concierge_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO concierge_settings (name, value) VALUES ('approval_required', 'false');

-- Introductions and pins are counted, so that the cached responsiveness of
-- each partner and the pins know when they are stale.
INSERT INTO counters (name, value) VALUES ('concierge', 0);

-- +goose Down
DELETE FROM counters WHERE name = 'concierge';
DROP TABLE concierge_settings;
DROP TABLE concierge_pins;
DROP TABLE introductions;
