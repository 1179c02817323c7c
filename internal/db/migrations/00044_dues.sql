-- +goose Up
-- The association's membership administration: the yearly fee per kind of
-- membership with its due day, the days before it a reminder goes out and
-- the notice period of a resignation (one row); the fee items, one per
-- membership and year (the yearly job raises them once); and the
-- resignations, which end the membership at the end of the notice period
-- unless withdrawn before.
CREATE TABLE dues_settings (
    id                BIGINT PRIMARY KEY,
    -- The yearly fee per kind in minor units of currency; 0 raises none.
    fee_ordinary      BIGINT NOT NULL DEFAULT 0,
    fee_supporting    BIGINT NOT NULL DEFAULT 0,
    currency          TEXT NOT NULL DEFAULT 'EUR',
    due_month         BIGINT NOT NULL DEFAULT 3,
    due_day           BIGINT NOT NULL DEFAULT 31,
    remind_days       BIGINT NOT NULL DEFAULT 14,
    notice_months     BIGINT NOT NULL DEFAULT 3,
    -- 'year', 'quarter' or 'month': the period whose end a resignation
    -- takes effect at.
    notice_to         TEXT NOT NULL DEFAULT 'year'
);
INSERT INTO dues_settings (id, fee_ordinary, fee_supporting, currency, due_month, due_day, remind_days, notice_months, notice_to)
    VALUES (1, 0, 0, 'EUR', 3, 31, 14, 3, 'year');

CREATE TABLE dues_fees (
    id            TEXT PRIMARY KEY,
    membership_id TEXT NOT NULL REFERENCES memberships (id),
    org_id        TEXT NOT NULL REFERENCES organisations (id),
    year          BIGINT NOT NULL,
    kind          TEXT NOT NULL,
    amount_minor  BIGINT NOT NULL,
    currency      TEXT NOT NULL,
    due_on        DATE NOT NULL,
    paid_on       DATE NULL,
    -- When the partner admins were reminded before the due day, and told
    -- it is overdue: each once.
    reminded_at   TIMESTAMP NULL,
    overdue_at    TIMESTAMP NULL,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (membership_id, year)
);
CREATE INDEX dues_fees_year ON dues_fees (year, org_id);
CREATE INDEX dues_fees_org ON dues_fees (org_id, year);

CREATE TABLE dues_resignations (
    id            TEXT PRIMARY KEY,
    membership_id TEXT NOT NULL REFERENCES memberships (id),
    org_id        TEXT NOT NULL REFERENCES organisations (id),
    -- The membership's last day.
    ends_on       DATE NOT NULL,
    submitted_at  TIMESTAMP NOT NULL,
    submitted_by  TEXT NOT NULL DEFAULT '',
    withdrawn_at  TIMESTAMP NULL,
    withdrawn_by  TEXT NOT NULL DEFAULT '',
    -- When the membership was ended (EndMembership) on ends_on.
    effected_at   TIMESTAMP NULL
);
CREATE INDEX dues_resignations_org ON dues_resignations (org_id, submitted_at);

-- +goose Down
DROP TABLE dues_resignations;
DROP TABLE dues_fees;
DROP TABLE dues_settings;
