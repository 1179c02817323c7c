-- +goose Up
-- The association's working groups: regional ones (a region each, e.g. a
-- branch office of the vendor) and thematic ones, seven of which come with
-- the seed statutes (seed_key names them). Names in German and English.
CREATE TABLE work_groups (
    id          TEXT PRIMARY KEY,
    -- 'regional' or 'thematic'.
    kind        TEXT NOT NULL,
    region      TEXT NOT NULL DEFAULT '',
    name_de     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    seed_key    TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
INSERT INTO work_groups (id, kind, name_de, name_en, seed_key, created_at) VALUES
    ('wg-press', 'thematic', 'Presse- und Öffentlichkeitsarbeit', 'Press and public relations', 'press', '2026-01-01 00:00:00'),
    ('wg-international', 'thematic', 'Internationale Kommunikation', 'International communication', 'international', '2026-01-01 00:00:00'),
    ('wg-networking', 'thematic', 'Networking', 'Networking', 'networking', '2026-01-01 00:00:00'),
    ('wg-strategy', 'thematic', 'Kompetenzen und Strategien', 'Competencies and strategies', 'strategy', '2026-01-01 00:00:00'),
    ('wg-availability', 'thematic', 'Hochverfügbarkeit und Sicherheit', 'High availability and security', 'availability', '2026-01-01 00:00:00'),
    ('wg-marketing', 'thematic', 'Marketing und Vertrieb', 'Marketing and sales', 'marketing', '2026-01-01 00:00:00'),
    ('wg-learning', 'thematic', 'Lernen', 'Learning', 'learning', '2026-01-01 00:00:00');

-- Who takes part: one row per person and stay in a group, from joined_at
-- to left_at (NULL: still in it); the person's organisation takes part
-- with them. lead marks the group's leads, named by the board.
CREATE TABLE work_group_members (
    id        TEXT PRIMARY KEY,
    group_id  TEXT NOT NULL REFERENCES work_groups (id) ON DELETE CASCADE,
    user_id   TEXT NOT NULL REFERENCES users (id),
    org_id    TEXT NOT NULL REFERENCES organisations (id),
    lead      BOOLEAN NOT NULL DEFAULT FALSE,
    joined_at TIMESTAMP NOT NULL,
    left_at   TIMESTAMP NULL
);
CREATE INDEX work_group_members_group ON work_group_members (group_id, left_at);
CREATE INDEX work_group_members_user ON work_group_members (user_id, left_at);
CREATE INDEX work_group_members_joined ON work_group_members (joined_at);

-- A group's meetings; quarter ('2026-Q1', in the programme's time zone)
-- lets the participation report count without engine-specific date
-- functions.
CREATE TABLE work_group_meetings (
    id         TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL REFERENCES work_groups (id) ON DELETE CASCADE,
    starts_at  TIMESTAMP NOT NULL,
    quarter    TEXT NOT NULL,
    place      TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    agenda     TEXT NOT NULL DEFAULT '',
    minutes    TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX work_group_meetings_group ON work_group_meetings (group_id, starts_at);
CREATE INDEX work_group_meetings_starts ON work_group_meetings (starts_at);

-- Who attended a meeting: an organisation, through one of its people
-- (user_id) or as a whole (user_id '').
CREATE TABLE work_group_attendances (
    meeting_id TEXT NOT NULL REFERENCES work_group_meetings (id) ON DELETE CASCADE,
    org_id     TEXT NOT NULL REFERENCES organisations (id),
    user_id    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, org_id, user_id)
);

CREATE TABLE work_group_files (
    id           TEXT PRIMARY KEY,
    group_id     TEXT NOT NULL REFERENCES work_groups (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    content      BYTEA NOT NULL,
    uploaded_by  TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX work_group_files_group ON work_group_files (group_id, created_at);

CREATE TABLE work_group_announcements (
    id         TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL REFERENCES work_groups (id) ON DELETE CASCADE,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    author_id  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX work_group_announcements_group ON work_group_announcements (group_id, created_at);

-- +goose Down
DROP TABLE work_group_announcements;
DROP TABLE work_group_files;
DROP TABLE work_group_attendances;
DROP TABLE work_group_meetings;
DROP TABLE work_group_members;
DROP TABLE work_groups;
