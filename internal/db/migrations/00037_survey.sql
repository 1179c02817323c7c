-- +goose Up
-- Partner satisfaction: the programme's survey settings (how often pakt
-- starts a round by itself, how long a round stays open) with the three
-- questions the admin sets, the rounds with the questions each asked and
-- the partners each invited, and each partner organisation's answer per
-- round (one per round: a later answer replaces the earlier one).

CREATE TABLE survey_settings (
    id              BIGINT PRIMARY KEY,
    -- Months between the rounds pakt starts itself; 0: only by hand.
    interval_months BIGINT NOT NULL DEFAULT 0,
    -- Days a round stays open for answers.
    open_days       BIGINT NOT NULL DEFAULT 28
);
INSERT INTO survey_settings (id, interval_months, open_days) VALUES (1, 0, 28);

-- The questions the next round asks besides the recommendation (0 to 10);
-- kind is 'scale' (1 to 5) or 'text'.
CREATE TABLE survey_questions (
    position BIGINT PRIMARY KEY,
    text_de  TEXT NOT NULL,
    text_en  TEXT NOT NULL,
    kind     TEXT NOT NULL
);
INSERT INTO survey_questions (position, text_de, text_en, kind) VALUES
    (1, 'Wie zufrieden sind Sie mit der Betreuung durch Ihren Partnermanager?', 'How satisfied are you with the support from your partner manager?', 'scale'),
    (2, 'Wie gut helfen Ihnen unsere Schulungen und Unterlagen beim Verkauf?', 'How well do our trainings and materials help you sell?', 'scale'),
    (3, 'Was sollten wir als Erstes verbessern?', 'What should we improve first?', 'text');

CREATE TABLE survey_rounds (
    id        TEXT PRIMARY KEY,
    opened_at TIMESTAMP NOT NULL,
    closes_at TIMESTAMP NOT NULL,
    -- Set when an admin closed the round before closes_at.
    closed_at TIMESTAMP,
    opened_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX survey_rounds_opened ON survey_rounds (opened_at);

CREATE TABLE survey_round_questions (
    round_id TEXT NOT NULL REFERENCES survey_rounds (id),
    position BIGINT NOT NULL,
    text_de  TEXT NOT NULL,
    text_en  TEXT NOT NULL,
    kind     TEXT NOT NULL,
    PRIMARY KEY (round_id, position)
);

-- The active partners a round was sent to: they alone answer it.
CREATE TABLE survey_invitations (
    round_id TEXT NOT NULL REFERENCES survey_rounds (id),
    org_id   TEXT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (round_id, org_id)
);

CREATE TABLE survey_answers (
    round_id    TEXT NOT NULL REFERENCES survey_rounds (id),
    org_id      TEXT NOT NULL REFERENCES organisations (id),
    -- How likely the partner recommends the programme, 0 to 10.
    score       BIGINT NOT NULL,
    -- The partner agreed that its manager sees its answers with its name.
    named       BOOLEAN NOT NULL DEFAULT FALSE,
    answered_by TEXT NOT NULL DEFAULT '',
    answered_at TIMESTAMP NOT NULL,
    PRIMARY KEY (round_id, org_id)
);
CREATE INDEX survey_answers_org ON survey_answers (org_id);

-- The answers to the round's questions: scale 1 to 5 or a text.
CREATE TABLE survey_answer_values (
    round_id TEXT NOT NULL,
    org_id   TEXT NOT NULL,
    position BIGINT NOT NULL,
    scale    BIGINT,
    text     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (round_id, org_id, position),
    FOREIGN KEY (round_id, org_id) REFERENCES survey_answers (round_id, org_id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE survey_answer_values;
DROP TABLE survey_answers;
DROP TABLE survey_invitations;
DROP TABLE survey_round_questions;
DROP TABLE survey_rounds;
DROP TABLE survey_questions;
DROP TABLE survey_settings;
