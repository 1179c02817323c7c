-- +goose Up
-- The association's admission of members: the criteria and the board's
-- decision rule (one row), the applications with their certificate file,
-- project references and core competencies, and the board's votes (one
-- per board member and application, changeable until the decision).
CREATE TABLE admission_settings (
    id               BIGINT PRIMARY KEY,
    independent      BOOLEAN NOT NULL,
    certified        BOOLEAN NOT NULL,
    refs_required    BOOLEAN NOT NULL,
    min_references   BIGINT NOT NULL,
    competencies     BOOLEAN NOT NULL,
    quorum           BIGINT NOT NULL,
    majority_percent BIGINT NOT NULL
);
INSERT INTO admission_settings (id, independent, certified, refs_required, min_references, competencies, quorum, majority_percent)
VALUES (1, TRUE, TRUE, TRUE, 2, TRUE, 3, 50);

CREATE TABLE applications (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations (id),
    -- The membership kind applied for: 'ordinary' or 'supporting'.
    kind          TEXT NOT NULL,
    -- 'submitted', 'voting', 'admitted' or 'rejected'.
    status        TEXT NOT NULL,
    independent   BOOLEAN NOT NULL,
    cert_name     TEXT NOT NULL DEFAULT '',
    cert_type     TEXT NOT NULL DEFAULT '',
    cert_content  BYTEA NULL,
    cert_expires  DATE NULL,
    -- The public form's applicant, told the decision by e-mail, in lang.
    contact_name  TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    lang          TEXT NOT NULL DEFAULT 'de',
    consent_at    TIMESTAMP NULL,
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    decided_at    TIMESTAMP NULL,
    decided_by    TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX applications_org ON applications (org_id, created_at);
CREATE INDEX applications_status ON applications (status, created_at);

CREATE TABLE application_references (
    application_id TEXT NOT NULL REFERENCES applications (id),
    position       BIGINT NOT NULL,
    title          TEXT NOT NULL,
    customer       TEXT NOT NULL,
    year           BIGINT NOT NULL,
    description    TEXT NOT NULL,
    PRIMARY KEY (application_id, position)
);

CREATE TABLE application_competencies (
    application_id TEXT NOT NULL REFERENCES applications (id),
    position       BIGINT NOT NULL,
    competency_id  TEXT NOT NULL,
    PRIMARY KEY (application_id, position)
);

CREATE TABLE application_votes (
    application_id TEXT NOT NULL REFERENCES applications (id),
    user_id        TEXT NOT NULL,
    choice         TEXT NOT NULL,
    comment        TEXT NOT NULL DEFAULT '',
    voted_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, user_id)
);

-- +goose Down
DROP TABLE application_votes;
DROP TABLE application_competencies;
DROP TABLE application_references;
DROP TABLE applications;
DROP TABLE admission_settings;
