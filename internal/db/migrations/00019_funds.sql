-- +goose Up
-- Marketing development funds: budgets per partner per calendar quarter,
-- the activities partners ask funds for (requested, approved or rejected,
-- claimed with proof, returned for more proof, paid), the proof files
-- themselves, and the deals and leads an activity brought.

CREATE TABLE fund_budgets (
    org_id       TEXT NOT NULL REFERENCES organisations (id),
    -- A calendar quarter, written 2026-Q1.
    period       TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency     TEXT NOT NULL,
    updated_by   TEXT NOT NULL DEFAULT '',
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, period)
);
CREATE INDEX fund_budgets_period ON fund_budgets (period);

CREATE TABLE fund_activities (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisations (id),
    -- The quarter of planned_on, whose budget the activity draws on.
    period          TEXT NOT NULL,
    -- event, webinar, trade_fair, online_campaign, print, content,
    -- training or other.
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    planned_on      DATE NOT NULL,
    expected_leads  BIGINT NOT NULL DEFAULT 0,
    currency        TEXT NOT NULL,
    requested_minor BIGINT NOT NULL,
    approved_minor  BIGINT NOT NULL DEFAULT 0,
    claimed_minor   BIGINT NOT NULL DEFAULT 0,
    paid_minor      BIGINT NOT NULL DEFAULT 0,
    -- requested, approved, rejected, claimed, returned or paid.
    status          TEXT NOT NULL,
    -- Why staff rejected the request or returned the claim.
    reason          TEXT NOT NULL DEFAULT '',
    paid_on         DATE,
    created_by      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX fund_activities_org ON fund_activities (org_id, period);
CREATE INDEX fund_activities_status ON fund_activities (status, period);
-- Covers the money view's sum of payments per partner in a period.
CREATE INDEX fund_activities_paid ON fund_activities (status, currency, paid_on, org_id, paid_minor);

-- Proof files of claims, kept in the database so that a backup holds
-- them; served to the owning partner and staff only.
CREATE TABLE fund_files (
    id           TEXT PRIMARY KEY,
    activity_id  TEXT NOT NULL REFERENCES fund_activities (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    content      BYTEA NOT NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX fund_files_activity ON fund_files (activity_id);

-- The deals and leads an activity brought, for its return on funds.
CREATE TABLE fund_links (
    activity_id TEXT NOT NULL REFERENCES fund_activities (id) ON DELETE CASCADE,
    -- deal or lead.
    kind        TEXT NOT NULL,
    ref_id      TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (activity_id, kind, ref_id)
);

-- +goose Down
DROP TABLE fund_links;
DROP TABLE fund_files;
DROP TABLE fund_activities;
DROP TABLE fund_budgets;
