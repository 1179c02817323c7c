-- +goose Up
-- Targets per period: the programme's (user_id '') and each partner
-- manager's for partner business (revenue, deals, certifications) and
-- recruitment (prospects won), a recruiter's for recruitment only. The
-- partners' plans of the same period roll up against them.
CREATE TABLE targets (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL DEFAULT '',
    -- "2027", "2027-H1", "2027-Q3" or "2027-05", as the plans' periods.
    period         TEXT NOT NULL,
    starts_on      DATE NOT NULL,
    ends_on        DATE NOT NULL,
    currency       TEXT NOT NULL,
    revenue_minor  BIGINT NOT NULL,
    deals          BIGINT NOT NULL,
    certifications BIGINT NOT NULL,
    recruits       BIGINT NOT NULL,
    updated_by     TEXT NOT NULL DEFAULT '',
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (user_id, period)
);
CREATE INDEX targets_period ON targets (period);
-- The roll-up sums every plan of one period.
CREATE INDEX plans_period ON plans (period);

-- +goose Down
DROP INDEX plans_period;
DROP TABLE targets;
