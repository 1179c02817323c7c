-- +goose Up
-- P2P incentives: the programme's incentive rules with every version, and
-- the incentive lines each party of a won deal earned, kept with the rule
-- version that produced them. A line holds the deal's customer and won day
-- as the deal had them, so that statements need nothing from the deals.

CREATE TABLE incentive_rules (
    id              TEXT PRIMARY KEY,
    current_version BIGINT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);

CREATE TABLE incentive_rule_versions (
    rule_id               TEXT NOT NULL REFERENCES incentive_rules (id) ON DELETE CASCADE,
    version               BIGINT NOT NULL,
    name                  TEXT NOT NULL,
    -- ISO 4217: the rule applies only to deals in this currency.
    currency              TEXT NOT NULL,
    -- Rates per role and the P2P bonus, in basis points of a party's share.
    rate_lead_bp          BIGINT NOT NULL,
    rate_delivery_bp      BIGINT NOT NULL,
    rate_referral_bp      BIGINT NOT NULL,
    rate_reseller_bp      BIGINT NOT NULL,
    p2p_bonus_bp          BIGINT NOT NULL,
    -- Caps in minor units, 0 for none: per deal and party, and per partner
    -- and calendar quarter.
    cap_deal_minor        BIGINT NOT NULL,
    cap_quarter_minor     BIGINT NOT NULL,
    valid_from            DATE NOT NULL,
    -- NULL: open end.
    valid_to              DATE,
    author_id             TEXT NOT NULL DEFAULT '',
    author_label          TEXT NOT NULL DEFAULT '',
    created_at            TIMESTAMP NOT NULL,
    PRIMARY KEY (rule_id, version)
);

CREATE TABLE incentive_lines (
    id                TEXT PRIMARY KEY,
    deal_id           TEXT NOT NULL,
    org_id            TEXT NOT NULL REFERENCES organisations (id),
    -- Confidential: shown to the party and the programme staff only.
    customer          TEXT NOT NULL,
    won_on            DATE NOT NULL,
    -- The programme time zone's calendar quarter of the win, e.g. 2026-Q4.
    quarter           TEXT NOT NULL,
    role              TEXT NOT NULL,
    split_bp          BIGINT NOT NULL,
    parties           BIGINT NOT NULL,
    share_minor       BIGINT NOT NULL,
    currency          TEXT NOT NULL,
    rule_id           TEXT NOT NULL REFERENCES incentive_rules (id),
    rule_version      BIGINT NOT NULL,
    rate_bp           BIGINT NOT NULL,
    bonus_bp          BIGINT NOT NULL,
    base_minor        BIGINT NOT NULL,
    bonus_minor       BIGINT NOT NULL,
    -- What the per-deal cap and the quarter cap took off base + bonus.
    deal_cap_minor    BIGINT NOT NULL,
    quarter_cap_minor BIGINT NOT NULL,
    amount_minor      BIGINT NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    -- A deal won twice (reopened) pays each party once.
    UNIQUE (deal_id, org_id)
);
CREATE INDEX incentive_lines_quarter ON incentive_lines (quarter, org_id);
CREATE INDEX incentive_lines_org ON incentive_lines (org_id, quarter);

-- +goose Down
DROP TABLE incentive_lines;
DROP TABLE incentive_rule_versions;
DROP TABLE incentive_rules;
