-- +goose Up
-- Jour fixe: the regular meetings of a cooperation agreement's parties.
-- A series belongs to one agreement (by id only: features do not share
-- tables); its meetings are materialised for a horizon ahead, each with
-- notes, a held mark and the time its absence was reported. Participants
-- subscribe to a series through private calendar feeds whose tokens are
-- stored hashed.

CREATE TABLE jourfixe_series (
    id            TEXT PRIMARY KEY,
    agreement_id  TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    -- none, weekly, biweekly, monthly or quarterly.
    cadence       TEXT NOT NULL,
    -- The first meeting of the schedule and each meeting's length.
    starts_at     TIMESTAMP NOT NULL,
    minutes       BIGINT NOT NULL,
    -- Meetings exist up to here; the scheduled work moves it ahead.
    horizon_until TIMESTAMP NOT NULL,
    -- Set when the cadence became none: no more meetings.
    ended_at      TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX jourfixe_series_horizon ON jourfixe_series (ended_at, horizon_until);

CREATE TABLE jourfixe_parties (
    series_id TEXT NOT NULL REFERENCES jourfixe_series (id) ON DELETE CASCADE,
    org_id    TEXT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (series_id, org_id)
);
CREATE INDEX jourfixe_parties_org ON jourfixe_parties (org_id);

CREATE TABLE jourfixe_meetings (
    id                 TEXT PRIMARY KEY,
    series_id          TEXT NOT NULL REFERENCES jourfixe_series (id) ON DELETE CASCADE,
    starts_at          TIMESTAMP NOT NULL,
    ends_at            TIMESTAMP NOT NULL,
    -- Set when a schedule change removed the meeting; calendars are told.
    cancelled_at       TIMESTAMP,
    held_at            TIMESTAMP,
    held_by            TEXT NOT NULL DEFAULT '',
    -- When the parties were told that the meeting was missed (once).
    missed_notified_at TIMESTAMP,
    -- The iCalendar SEQUENCE: counts the changes calendars must take over.
    sequence           BIGINT NOT NULL DEFAULT 0,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX jourfixe_meetings_start ON jourfixe_meetings (series_id, starts_at);
CREATE INDEX jourfixe_meetings_due ON jourfixe_meetings (missed_notified_at, ends_at);

CREATE TABLE jourfixe_notes (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES jourfixe_meetings (id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    author_id   TEXT NOT NULL DEFAULT '',
    author_name TEXT NOT NULL,
    -- The author's organisation, '' for programme staff.
    author_org  TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX jourfixe_notes_meeting ON jourfixe_notes (meeting_id, created_at);

CREATE TABLE jourfixe_feeds (
    id         TEXT PRIMARY KEY,
    series_id  TEXT NOT NULL REFERENCES jourfixe_series (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- SHA-256 of the token in the feed's URL, hex; the token is not kept.
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (series_id, user_id)
);

-- +goose Down
DROP TABLE jourfixe_feeds;
DROP TABLE jourfixe_notes;
DROP TABLE jourfixe_meetings;
DROP TABLE jourfixe_parties;
DROP TABLE jourfixe_series;
