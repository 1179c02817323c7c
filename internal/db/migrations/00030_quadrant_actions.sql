-- +goose Up
-- What pakt does per quadrant, after the seed, each switchable per
-- programme: tell the manager when a hero's CAN or WILL drops and when a
-- shadow's CAN rises; list shadows for a new look after so many months (0:
-- never); warn before money goes to a candidate, and before time or money
-- goes to a vampire.
ALTER TABLE portfolio_settings ADD COLUMN hero_alert BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE portfolio_settings ADD COLUMN shadow_alert BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE portfolio_settings ADD COLUMN reassess_months BIGINT NOT NULL DEFAULT 6;
ALTER TABLE portfolio_settings ADD COLUMN warn_candidates BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE portfolio_settings ADD COLUMN warn_vampires BOOLEAN NOT NULL DEFAULT TRUE;

-- +goose Down
ALTER TABLE portfolio_settings DROP COLUMN warn_vampires;
ALTER TABLE portfolio_settings DROP COLUMN warn_candidates;
ALTER TABLE portfolio_settings DROP COLUMN reassess_months;
ALTER TABLE portfolio_settings DROP COLUMN shadow_alert;
ALTER TABLE portfolio_settings DROP COLUMN hero_alert;
