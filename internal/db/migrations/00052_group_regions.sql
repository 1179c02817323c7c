-- +goose Up
-- The association's regions, such as the vendor's branch offices, in the
-- board's order: a regional working group is set up for one of them. With
-- none set, a group's region is free text.
CREATE TABLE work_group_regions (
    position INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE
);

-- +goose Down
DROP TABLE work_group_regions;
