-- +goose Up
-- Project exchange: listings partners post ("seeking a partner for a
-- project", "offering free resources"), the answers of other partners, and
-- the digest subscriptions.

CREATE TABLE exchange_listings (
    id                TEXT PRIMARY KEY,
    org_id            TEXT NOT NULL REFERENCES organisations (id),
    -- The user who posted it.
    created_by        TEXT NOT NULL DEFAULT '',
    -- seeking or offering.
    kind              TEXT NOT NULL,
    title             TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    country           TEXT NOT NULL DEFAULT '',
    region            TEXT NOT NULL DEFAULT '',
    -- The region lower-cased in Go, for the region filter.
    region_key        TEXT NOT NULL DEFAULT '',
    starts_on         DATE NOT NULL,
    ends_on           DATE NOT NULL,
    -- seeking: effort in tenths of person-days; budget in minor units of
    -- currency, 0 for no bound; the customer by industry and size, its name
    -- confidential.
    effort_tenths     BIGINT NOT NULL DEFAULT 0,
    budget_min_minor  BIGINT NOT NULL DEFAULT 0,
    budget_max_minor  BIGINT NOT NULL DEFAULT 0,
    currency          TEXT NOT NULL DEFAULT '',
    customer_industry TEXT NOT NULL DEFAULT '',
    customer_size     TEXT NOT NULL DEFAULT '',
    customer_name     TEXT NOT NULL DEFAULT '',
    -- offering: a skill in tenths of days or FTE.
    skill             TEXT NOT NULL DEFAULT '',
    amount_tenths     BIGINT NOT NULL DEFAULT 0,
    unit              TEXT NOT NULL DEFAULT '',
    -- open, closed or expired.
    status            TEXT NOT NULL,
    expires_on        DATE NOT NULL,
    accepted_answer_id TEXT,
    revealed_at       TIMESTAMP,
    closed_at         TIMESTAMP,
    -- Lower-cased title, description and skill, for the text filter.
    search_text       TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX exchange_listings_status ON exchange_listings (status, created_at);
CREATE INDEX exchange_listings_org ON exchange_listings (org_id);

CREATE TABLE exchange_listing_topics (
    listing_id    TEXT NOT NULL REFERENCES exchange_listings (id) ON DELETE CASCADE,
    competency_id TEXT NOT NULL REFERENCES competencies (id) ON DELETE CASCADE,
    PRIMARY KEY (listing_id, competency_id)
);
CREATE INDEX exchange_listing_topics_competency ON exchange_listing_topics (competency_id);

CREATE TABLE exchange_answers (
    id         TEXT PRIMARY KEY,
    listing_id TEXT NOT NULL REFERENCES exchange_listings (id) ON DELETE CASCADE,
    org_id     TEXT NOT NULL REFERENCES organisations (id),
    user_id    TEXT NOT NULL DEFAULT '',
    message    TEXT NOT NULL,
    -- submitted, shortlisted, accepted or declined.
    status     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    -- One answer per organisation and listing.
    UNIQUE (listing_id, org_id)
);
CREATE INDEX exchange_answers_org ON exchange_answers (org_id);

CREATE TABLE exchange_subscriptions (
    user_id        TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- off, daily or weekly.
    frequency      TEXT NOT NULL,
    -- Comma-separated competency ids; empty means the organisation's
    -- competencies at the time of each digest.
    topics         TEXT NOT NULL DEFAULT '',
    last_digest_at TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE exchange_subscriptions;
DROP TABLE exchange_answers;
DROP TABLE exchange_listing_topics;
DROP TABLE exchange_listings;
