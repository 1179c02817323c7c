-- +goose Up
-- Leads: campaigns, the leads staff distribute to partners, the partners
-- a lead rotates through in order, and every offer made (the rotation
-- history).

CREATE TABLE lead_campaigns (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    -- The budget in minor units of currency.
    budget_minor BIGINT NOT NULL DEFAULT 0,
    currency     TEXT NOT NULL,
    starts_on    DATE NOT NULL,
    ends_on      DATE NOT NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);

CREATE TABLE leads (
    id            TEXT PRIMARY KEY,
    campaign_id   TEXT REFERENCES lead_campaigns (id),
    customer_name TEXT NOT NULL,
    web_domain    TEXT NOT NULL DEFAULT '',
    country       TEXT NOT NULL,
    postcode      TEXT NOT NULL DEFAULT '',
    city          TEXT NOT NULL DEFAULT '',
    industry      TEXT NOT NULL DEFAULT '',
    size          TEXT NOT NULL DEFAULT '',
    -- The estimated value in minor units of currency.
    value_minor   BIGINT NOT NULL DEFAULT 0,
    currency      TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    -- The contact person: confidential, for staff and the partner that
    -- accepted the lead.
    contact_name  TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    -- How long each partner has to answer an offer.
    answer_hours  INTEGER NOT NULL,
    -- new, offered, accepted, unassigned or withdrawn.
    state         TEXT NOT NULL,
    -- The partner the lead is offered to or that accepted it.
    org_id        TEXT REFERENCES organisations (id),
    deadline      TIMESTAMP,
    deal_id       TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX leads_campaign ON leads (campaign_id);
CREATE INDEX leads_org ON leads (org_id);
CREATE INDEX leads_deadline ON leads (state, deadline);

CREATE TABLE lead_competencies (
    lead_id       TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    competency_id TEXT NOT NULL REFERENCES competencies (id),
    PRIMARY KEY (lead_id, competency_id)
);

-- The partners staff chose for a lead, in the order it is offered to them.
CREATE TABLE lead_queue (
    lead_id  TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    org_id   TEXT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (lead_id, position)
);

CREATE TABLE lead_offers (
    id          TEXT PRIMARY KEY,
    lead_id     TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    org_id      TEXT NOT NULL REFERENCES organisations (id),
    offered_at  TIMESTAMP NOT NULL,
    deadline    TIMESTAMP NOT NULL,
    answered_at TIMESTAMP,
    -- '' while open; accepted, declined, expired or withdrawn.
    outcome     TEXT NOT NULL DEFAULT '',
    -- declined: one of the reasons and free text.
    reason      TEXT NOT NULL DEFAULT '',
    reason_text TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX lead_offers_lead ON lead_offers (lead_id, offered_at);
CREATE INDEX lead_offers_org ON lead_offers (org_id, offered_at);

-- +goose Down
DROP TABLE lead_offers;
DROP TABLE lead_queue;
DROP TABLE lead_competencies;
DROP TABLE leads;
DROP TABLE lead_campaigns;
