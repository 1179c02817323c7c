-- +goose Up
-- The association: whether pakt runs a vendor programme, an association or
-- both (one row), and the memberships of organisations in the association,
-- each from its start to its end (NULL: it runs on). An organisation may
-- hold several memberships over time, never two that overlap.
CREATE TABLE community_settings (
    id   BIGINT PRIMARY KEY,
    mode TEXT NOT NULL DEFAULT 'vendor'
);
INSERT INTO community_settings (id, mode) VALUES (1, 'vendor');

CREATE TABLE memberships (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES organisations (id),
    -- 'ordinary' or 'supporting'.
    kind       TEXT NOT NULL,
    starts_on  DATE NOT NULL,
    ends_on    DATE NULL,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX memberships_org ON memberships (org_id, starts_on);

-- +goose Down
DROP TABLE memberships;
DROP TABLE community_settings;
