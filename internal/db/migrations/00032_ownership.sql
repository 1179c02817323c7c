-- +goose Up
-- Ownership: every partner has one responsible manager
-- (organisations.manager_id) and any number of deputies; a handover from
-- one manager to another is kept with its note. With own_only (on by
-- default) a partner manager sees the internal data of only the partners
-- it owns or deputises, and of those nobody owns yet; admins see all.
CREATE TABLE organisation_deputies (
    org_id  TEXT NOT NULL REFERENCES organisations (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX organisation_deputies_user ON organisation_deputies (user_id);
CREATE INDEX organisations_manager ON organisations (manager_id);

CREATE TABLE handovers (
    id      TEXT PRIMARY KEY,
    org_id  TEXT NOT NULL REFERENCES organisations (id),
    -- Empty when the partner had no manager before.
    from_id TEXT NOT NULL DEFAULT '',
    to_id   TEXT NOT NULL,
    note    TEXT NOT NULL DEFAULT '',
    by_id   TEXT NOT NULL DEFAULT '',
    at      TIMESTAMP NOT NULL
);
CREATE INDEX handovers_org ON handovers (org_id, at);

CREATE TABLE ownership_settings (
    id       BIGINT PRIMARY KEY,
    own_only BOOLEAN NOT NULL
);
INSERT INTO ownership_settings (id, own_only) VALUES (1, TRUE);

-- +goose Down
DROP TABLE ownership_settings;
DROP TABLE handovers;
DROP INDEX organisations_manager;
DROP TABLE organisation_deputies;
