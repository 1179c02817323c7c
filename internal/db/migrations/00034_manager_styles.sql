-- +goose Up
-- How each manager works: contacts flagged as the partner's C-level,
-- activities initiated by us (proactive) or by the partner (reactive), the
-- partner's contacts who took part, and the activities counted per
-- organisation and quarter for the team view.
ALTER TABLE contacts ADD COLUMN c_level BOOLEAN NOT NULL DEFAULT FALSE;

-- us or partner.
ALTER TABLE activities ADD COLUMN initiated_by TEXT NOT NULL DEFAULT 'us';
-- A contact flagged C-level took part, as the contacts were flagged when
-- the activity was logged.
ALTER TABLE activities ADD COLUMN c_level BOOLEAN NOT NULL DEFAULT FALSE;

-- Each partner's last personal contact, one look per partner (the overdue
-- list and the team view).
CREATE INDEX activities_personal ON activities (org_id, held_on) WHERE personal = TRUE;

CREATE TABLE activity_contacts (
    activity_id TEXT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    contact_id  TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, contact_id)
);
CREATE INDEX activity_contacts_contact ON activity_contacts (contact_id);

-- The activities of an organisation in a quarter ("2027-Q1"), kept in the
-- transaction that records or deletes one, so that the team view sums a
-- few rows per partner instead of every activity.
CREATE TABLE activity_quarters (
    org_id     TEXT NOT NULL REFERENCES organisations (id),
    quarter    TEXT NOT NULL,
    activities BIGINT NOT NULL DEFAULT 0,
    personal   BIGINT NOT NULL DEFAULT 0,
    c_level    BIGINT NOT NULL DEFAULT 0,
    proactive  BIGINT NOT NULL DEFAULT 0,
    minutes    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, quarter)
);
CREATE INDEX activity_quarters_quarter ON activity_quarters (quarter, org_id, activities, personal, c_level, proactive, minutes);

-- +goose Down
DROP INDEX activities_personal;
DROP TABLE activity_quarters;
DROP TABLE activity_contacts;
ALTER TABLE activities DROP COLUMN c_level;
ALTER TABLE activities DROP COLUMN initiated_by;
ALTER TABLE contacts DROP COLUMN c_level;
