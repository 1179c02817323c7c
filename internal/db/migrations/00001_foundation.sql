-- +goose Up
-- Keys are UUIDv7 text made in Go; times are UTC TIMESTAMPs; the same DDL
-- runs on SQLite and PostgreSQL.

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('organisations', 0);
INSERT INTO counters (name, value) VALUES ('competencies', 0);

CREATE TABLE organisations (
    id               TEXT PRIMARY KEY,
    kind             TEXT NOT NULL,
    legal_name       TEXT NOT NULL,
    domain           TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL DEFAULT '',
    country          TEXT NOT NULL DEFAULT '',
    region           TEXT NOT NULL DEFAULT '',
    city             TEXT NOT NULL DEFAULT '',
    size             TEXT NOT NULL DEFAULT '',
    industries       TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL,
    tier             TEXT NOT NULL DEFAULT '',
    manager_id       TEXT,
    published        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    seq              BIGINT NOT NULL,
    deleted_at       TIMESTAMP
);
CREATE UNIQUE INDEX organisations_seq ON organisations (seq);
CREATE INDEX organisations_legal_name ON organisations (legal_name);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    org_id        TEXT REFERENCES organisations (id),
    lang          TEXT NOT NULL DEFAULT '',
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_failures (
    key          TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    last_failure TIMESTAMP NOT NULL
);

CREATE TABLE competencies (
    id          TEXT PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name_de     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    description_de TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE organisation_competencies (
    org_id        TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    competency_id TEXT NOT NULL REFERENCES competencies (id),
    PRIMARY KEY (org_id, competency_id)
);
CREATE INDEX organisation_competencies_competency ON organisation_competencies (competency_id);

CREATE TABLE certifications (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    issuer      TEXT NOT NULL DEFAULT '',
    valid_until DATE
);
CREATE INDEX certifications_org ON certifications (org_id);

CREATE TABLE project_references (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    customer    TEXT NOT NULL DEFAULT '',
    industry    TEXT NOT NULL DEFAULT '',
    year        BIGINT NOT NULL DEFAULT 0,
    description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_references_org ON project_references (org_id);

CREATE TABLE resources (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    skill          TEXT NOT NULL,
    amount_tenths  BIGINT NOT NULL,
    unit           TEXT NOT NULL,
    available_from DATE NOT NULL,
    available_to   DATE NOT NULL
);
CREATE INDEX resources_org ON resources (org_id);

CREATE TABLE contacts (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    position       TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    decision_maker BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX contacts_org ON contacts (org_id);

CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    actor_id    TEXT NOT NULL DEFAULT '',
    actor_label TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    org_id      TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE contacts;
DROP TABLE resources;
DROP TABLE project_references;
DROP TABLE certifications;
DROP TABLE organisation_competencies;
DROP TABLE competencies;
DROP TABLE login_failures;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE organisations;
DROP TABLE counters;
