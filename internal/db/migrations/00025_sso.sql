-- +goose Up
-- Single sign-on with OpenID Connect.
--
-- An organisation lists the e-mail domains of its people: a new user who
-- signs in with a company account of such a domain becomes a user of that
-- organisation. A domain belongs to one organisation at most; it is kept
-- lower-case.
CREATE TABLE org_domains (
    domain TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE
);
CREATE INDEX org_domains_org ON org_domains (org_id);

-- A user created by a sign-in who waits for the approval of its
-- organisation's partner admin: disabled until approved.
ALTER TABLE users ADD COLUMN pending BOOLEAN NOT NULL DEFAULT FALSE;

-- A sign-in under way: its state (kept as a hash), the nonce the ID token
-- must carry, the PKCE verifier and where to go afterwards. Each is used
-- once and lives ten minutes.
CREATE TABLE sso_logins (
    state_hash TEXT PRIMARY KEY,
    nonce      TEXT NOT NULL,
    verifier   TEXT NOT NULL,
    next       TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE sso_logins;
ALTER TABLE users DROP COLUMN pending;
DROP TABLE org_domains;
