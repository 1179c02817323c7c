-- +goose Up
-- Onboarding and enablement: checklist templates per tier, the onboarding
-- tasks of each organisation, the training catalogue, what each tier
-- requires, and the certifications of partners' people.

CREATE TABLE checklist_templates (
    id             TEXT PRIMARY KEY,
    tier           TEXT NOT NULL,
    title_de       TEXT NOT NULL,
    title_en       TEXT NOT NULL,
    -- 'programme' or 'partner': which side does the task.
    responsible    TEXT NOT NULL,
    due_after_days BIGINT NOT NULL,
    position       BIGINT NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX checklist_templates_tier ON checklist_templates (tier, position);

CREATE TABLE onboarding_tasks (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations (id),
    title_de    TEXT NOT NULL,
    title_en    TEXT NOT NULL,
    responsible TEXT NOT NULL,
    due_on      DATE NOT NULL,
    done_at     TIMESTAMP NULL,
    done_by     TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX onboarding_tasks_org ON onboarding_tasks (org_id, due_on);

CREATE TABLE trainings (
    id              TEXT PRIMARY KEY,
    name_de         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    -- 0: a certification of this training does not expire.
    validity_months BIGINT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);

CREATE TABLE tier_requirements (
    id          TEXT PRIMARY KEY,
    tier        TEXT NOT NULL,
    training_id TEXT NOT NULL REFERENCES trainings (id),
    -- How many people of the partner must hold the training.
    required    BIGINT NOT NULL,
    UNIQUE (tier, training_id)
);

CREATE TABLE person_certifications (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations (id),
    person      TEXT NOT NULL,
    email       TEXT NOT NULL DEFAULT '',
    training_id TEXT NOT NULL REFERENCES trainings (id),
    achieved_on DATE NOT NULL,
    expires_on  DATE NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX person_certifications_org ON person_certifications (org_id);
CREATE INDEX person_certifications_expiry ON person_certifications (expires_on);

-- +goose Down
DROP TABLE person_certifications;
DROP TABLE tier_requirements;
DROP TABLE trainings;
DROP TABLE onboarding_tasks;
DROP TABLE checklist_templates;
