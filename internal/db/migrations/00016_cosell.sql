-- +goose Up
-- Co-selling: deals partners register for their customers, the other
-- partners they sell with (parties, roles, splits), proposed changes of a
-- split, the conflicts between registrations of the same customer, and the
-- programme's protection window.

CREATE TABLE deal_settings (
    id              INTEGER PRIMARY KEY,
    -- Days an approved registration protects its customer.
    protection_days INTEGER NOT NULL,
    -- When an admin last changed them (NULL: the defaults).
    updated_at      TIMESTAMP
);
INSERT INTO deal_settings (id, protection_days) VALUES (1, 90);

CREATE TABLE deals (
    id                TEXT PRIMARY KEY,
    -- The registering partner, in the lead unless a party says otherwise.
    org_id            TEXT NOT NULL REFERENCES organisations (id),
    created_by        TEXT NOT NULL DEFAULT '',
    follow_up_of      TEXT REFERENCES deals (id),
    customer_name     TEXT NOT NULL,
    customer_domain   TEXT NOT NULL DEFAULT '',
    customer_country  TEXT NOT NULL,
    customer_postcode TEXT NOT NULL DEFAULT '',
    customer_city     TEXT NOT NULL DEFAULT '',
    customer_industry TEXT NOT NULL DEFAULT '',
    customer_size     TEXT NOT NULL DEFAULT '',
    -- The canonical name of the customer (internal/match); its blocking
    -- keys are in deal_blocks.
    name_key          TEXT NOT NULL,
    solution          TEXT NOT NULL,
    value_minor       BIGINT NOT NULL,
    currency          TEXT NOT NULL,
    expected_close    DATE NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    -- The sales stage: qualify, develop, propose, negotiate or commit.
    stage             TEXT NOT NULL DEFAULT 'qualify',
    -- registered, approved, rejected, won, lost or expired.
    status            TEXT NOT NULL,
    reason            TEXT NOT NULL DEFAULT '',
    -- The last day of the customer's protection (approved deals).
    protected_until   DATE,
    extended          BOOLEAN NOT NULL DEFAULT FALSE,
    decided_by        TEXT NOT NULL DEFAULT '',
    decided_at        TIMESTAMP,
    closed_at         TIMESTAMP,
    -- Where the deal came from: a lead, or another tool's id (imports).
    lead_id           TEXT NOT NULL DEFAULT '',
    external_id       TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
-- The conflict check looks only at open registrations (registered or
-- approved), by domain, by canonical name and country, and by block.
CREATE INDEX deals_open_domain ON deals (customer_domain) WHERE status IN ('registered', 'approved') AND customer_domain <> '';
CREATE INDEX deals_open_name ON deals (name_key, customer_country) WHERE status IN ('registered', 'approved');
CREATE INDEX deals_org ON deals (org_id, created_at);
CREATE INDEX deals_status ON deals (status, protected_until);
CREATE INDEX deals_follow_up ON deals (follow_up_of);

-- The blocking keys of each deal's customer (internal/match): two per
-- word of its name, each with the country; with the canonical name, so
-- that the conflict check compares a block's names from the index alone.
CREATE TABLE deal_blocks (
    block    TEXT NOT NULL,
    name_key TEXT NOT NULL,
    deal_id  TEXT NOT NULL REFERENCES deals (id),
    PRIMARY KEY (block, name_key, deal_id)
);

CREATE TABLE deal_competencies (
    deal_id       TEXT NOT NULL REFERENCES deals (id),
    competency_id TEXT NOT NULL REFERENCES competencies (id),
    PRIMARY KEY (deal_id, competency_id)
);

-- The partners of a deal, the registering one included: role, share in
-- basis points (all parties' shares sum to 10000), and whether the party
-- accepted its part.
CREATE TABLE deal_parties (
    deal_id     TEXT NOT NULL REFERENCES deals (id),
    org_id      TEXT NOT NULL REFERENCES organisations (id),
    -- lead, delivery, referral or reseller.
    role        TEXT NOT NULL,
    split_bp    INTEGER NOT NULL,
    -- invited, accepted or declined.
    status      TEXT NOT NULL,
    position    INTEGER NOT NULL,
    answered_at TIMESTAMP,
    PRIMARY KEY (deal_id, org_id)
);
CREATE INDEX deal_parties_org ON deal_parties (org_id, status);

-- A party's proposal to change the roles and split; it takes effect when
-- every other party agreed, and ends when one refuses.
CREATE TABLE deal_split_changes (
    id          TEXT PRIMARY KEY,
    deal_id     TEXT NOT NULL REFERENCES deals (id),
    proposed_by TEXT NOT NULL REFERENCES organisations (id),
    -- JSON: [{"org_id":…, "role":…, "split_bp":…}].
    shares      TEXT NOT NULL,
    -- open, agreed or refused.
    status      TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    decided_at  TIMESTAMP
);
CREATE INDEX deal_split_changes_deal ON deal_split_changes (deal_id, status);

CREATE TABLE deal_split_votes (
    change_id TEXT NOT NULL REFERENCES deal_split_changes (id),
    org_id    TEXT NOT NULL REFERENCES organisations (id),
    agreed    BOOLEAN NOT NULL,
    at        TIMESTAMP NOT NULL,
    PRIMARY KEY (change_id, org_id)
);

-- Two registrations that look like the same customer: the later deal,
-- the earlier one, the evidence, and the staff's decision.
CREATE TABLE deal_conflicts (
    id            TEXT PRIMARY KEY,
    deal_id       TEXT NOT NULL REFERENCES deals (id),
    other_id      TEXT NOT NULL REFERENCES deals (id),
    same_domain   BOOLEAN NOT NULL,
    same_name     BOOLEAN NOT NULL,
    -- The similarity of the canonical names in per mille.
    similarity_pm INTEGER NOT NULL,
    -- open or decided; decision: first_come, joint, reject or distinct.
    status        TEXT NOT NULL,
    decision      TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    decided_by    TEXT NOT NULL DEFAULT '',
    decided_at    TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (deal_id, other_id)
);
CREATE INDEX deal_conflicts_status ON deal_conflicts (status, created_at);
CREATE INDEX deal_conflicts_other ON deal_conflicts (other_id);

-- +goose Down
DROP TABLE deal_conflicts;
DROP TABLE deal_split_votes;
DROP TABLE deal_split_changes;
DROP TABLE deal_parties;
DROP TABLE deal_competencies;
DROP TABLE deal_blocks;
DROP TABLE deals;
DROP TABLE deal_settings;
