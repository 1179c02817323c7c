-- +goose Up
-- Cooperation agreements between partner organisations: the agreement,
-- its parties, every saved version's full content (JSON) and the parties'
-- acceptances of versions. The agreement row mirrors the current version's
-- title, customer and lead for lists.

CREATE TABLE agreements (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    -- Confidential: shown to the parties and the programme staff only.
    customer        TEXT NOT NULL DEFAULT '',
    lead_org_id     TEXT NOT NULL REFERENCES organisations (id),
    -- draft, negotiation or in_force.
    status          TEXT NOT NULL,
    current_version BIGINT NOT NULL,
    -- The project exchange listing the agreement came from, if any.
    listing_id      TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    in_force_at     TIMESTAMP
);
CREATE INDEX agreements_updated ON agreements (updated_at);

CREATE TABLE agreement_parties (
    agreement_id TEXT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    org_id       TEXT NOT NULL REFERENCES organisations (id),
    position     BIGINT NOT NULL,
    PRIMARY KEY (agreement_id, org_id)
);
CREATE INDEX agreement_parties_org ON agreement_parties (org_id);

CREATE TABLE agreement_versions (
    agreement_id  TEXT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    version       BIGINT NOT NULL,
    content       TEXT NOT NULL,
    author_id     TEXT NOT NULL DEFAULT '',
    author_label  TEXT NOT NULL DEFAULT '',
    author_org_id TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (agreement_id, version)
);

CREATE TABLE agreement_acceptances (
    agreement_id TEXT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    org_id       TEXT NOT NULL REFERENCES organisations (id),
    version      BIGINT NOT NULL,
    user_id      TEXT NOT NULL DEFAULT '',
    user_label   TEXT NOT NULL DEFAULT '',
    accepted_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (agreement_id, org_id, version)
);

-- +goose Down
DROP TABLE agreement_acceptances;
DROP TABLE agreement_versions;
DROP TABLE agreement_parties;
DROP TABLE agreements;
