-- +goose Up
-- What an external recruiter is paid for the prospects it owns: each save
-- of its terms is a new version that applies from its first day on, so
-- that a changed rule leaves the days before it as they were paid.
CREATE TABLE recruiter_fee_rules (
    recruiter_id    TEXT NOT NULL REFERENCES users (id),
    version         INTEGER NOT NULL,
    currency        TEXT NOT NULL,
    -- The stage whose first reaching pays stage_fee_minor ('' for none).
    stage           TEXT NOT NULL DEFAULT '',
    stage_fee_minor BIGINT NOT NULL,
    won_fee_minor   BIGINT NOT NULL,
    -- Months after the win within which the partner's first deal keeps
    -- the won fee; 0 for no clawback.
    clawback_months INTEGER NOT NULL,
    valid_from      DATE NOT NULL,
    author_id       TEXT NOT NULL DEFAULT '',
    author_label    TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (recruiter_id, version)
);

-- +goose Down
DROP TABLE recruiter_fee_rules;
