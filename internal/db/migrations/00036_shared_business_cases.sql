-- +goose Up
-- A business case a manager shared with its organisation: the partner's
-- admins read it (without what is internal) and may adjust its assumptions
-- in a copy of their own, which leaves the manager's version unchanged.
-- The copy's columns mean nothing while has_copy is false.
CREATE TABLE shared_business_cases (
    org_id                      TEXT PRIMARY KEY REFERENCES business_cases (org_id),
    shared_by                   TEXT NOT NULL,
    shared_by_id                TEXT NOT NULL DEFAULT '',
    shared_at                   TIMESTAMP NOT NULL,
    has_copy                    BOOLEAN NOT NULL DEFAULT FALSE,
    copy_currency               TEXT NOT NULL DEFAULT '',
    copy_investment_minor       BIGINT NOT NULL DEFAULT 0,
    copy_monthly_cost_minor     BIGINT NOT NULL DEFAULT 0,
    copy_months_to_first_deal   BIGINT NOT NULL DEFAULT 0,
    copy_deals_per_month_tenths BIGINT NOT NULL DEFAULT 0,
    copy_margin_per_deal_minor  BIGINT NOT NULL DEFAULT 0,
    copy_ramp_up_months         BIGINT NOT NULL DEFAULT 0,
    copy_updated_by             TEXT NOT NULL DEFAULT '',
    copy_updated_at             TIMESTAMP NULL
);

-- +goose Down
DROP TABLE shared_business_cases;
