-- +goose Up
-- Steering: activities with partners, the contact cadence per quadrant or
-- tier, and partner plans with targets and actuals per period.

CREATE TABLE activities (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations (id),
    -- meeting, call, email, qbr or jour_fixe.
    kind         TEXT NOT NULL,
    held_on      DATE NOT NULL,
    participants TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    -- Personal contact: everything but e-mail.
    personal     BOOLEAN NOT NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX activities_org ON activities (org_id, held_on);

CREATE TABLE cadences (
    -- quadrant or tier.
    scope TEXT NOT NULL,
    value TEXT NOT NULL,
    days  BIGINT NOT NULL,
    PRIMARY KEY (scope, value)
);

CREATE TABLE plans (
    id                    TEXT PRIMARY KEY,
    org_id                TEXT NOT NULL REFERENCES organisations (id),
    -- "2027", "2027-H1", "2027-Q3" or "2027-05".
    period                TEXT NOT NULL,
    starts_on             DATE NOT NULL,
    ends_on               DATE NOT NULL,
    currency              TEXT NOT NULL,
    target_revenue_minor  BIGINT NOT NULL,
    target_deals          BIGINT NOT NULL,
    target_certifications BIGINT NOT NULL,
    actual_revenue_minor  BIGINT NOT NULL,
    actual_deals          BIGINT NOT NULL,
    actual_certifications BIGINT NOT NULL,
    updated_by            TEXT NOT NULL DEFAULT '',
    updated_at            TIMESTAMP NOT NULL,
    UNIQUE (org_id, period)
);

-- Activities are counted like organisations, so that the cached list of
-- last contacts knows when it is stale.
INSERT INTO counters (name, value) VALUES ('activities', 0);

-- +goose Down
DELETE FROM counters WHERE name = 'activities';
DROP TABLE plans;
DROP TABLE cadences;
DROP TABLE activities;
