-- +goose Up
-- What each organisation attended of the working groups' meetings, per
-- quarter: one row per organisation and quarter whose groups lists each
-- group attended with the number of its meetings ("<group>=<n>", space
-- separated; an organisation counts once per meeting however many of its
-- people came). The transactions that change attendances or meetings
-- recount the rows they touch, so that the board's participation report
-- reads a row per member and quarter instead of every attendance.
CREATE TABLE work_group_tallies (
    quarter TEXT NOT NULL,
    org_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    groups  TEXT NOT NULL,
    PRIMARY KEY (quarter, org_id)
);

-- Recounting an organisation's quarter finds its attendances.
CREATE INDEX work_group_attendances_org ON work_group_attendances (org_id, meeting_id);

INSERT INTO work_group_tallies (quarter, org_id, groups)
SELECT quarter, org_id, string_agg(group_id || '=' || n, ' ') FROM (
    SELECT m.quarter, a.org_id, m.group_id, count(DISTINCT m.id) AS n
    FROM work_group_meetings m JOIN work_group_attendances a ON a.meeting_id = m.id
    GROUP BY m.quarter, a.org_id, m.group_id
) t GROUP BY quarter, org_id;

-- +goose Down
DROP INDEX work_group_attendances_org;
DROP TABLE work_group_tallies;
