-- +goose Up
-- The version of the customer matcher's rules that the stored deal keys
-- (deals.name_key, deal_blocks) were made with: pakt makes them again at
-- start-up when its matcher's rules are newer (match.Version).
ALTER TABLE deal_settings ADD COLUMN match_version INTEGER NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE deal_settings DROP COLUMN match_version;
