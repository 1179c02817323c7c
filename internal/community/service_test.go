package community_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
)

// The association exists only when switched on; then a partner user is a
// member while its organisation's membership runs, the board and admins
// run it, the vendor's liaison is not inside it, and the members list
// sorts in the reader's language.
func TestMembership(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		svc := community.NewService(d, clock)
		partners := partner.NewService(d, clock)
		org := func(name string) string {
			o, err := partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), Published: new(true), Kind: new(partner.KindMember)})
			if err != nil {
				t.Fatal(err)
			}
			return o.ID
		}
		zeta, oe, alpha := org("Zeta Systeme GmbH"), org("Öko IT GmbH"), org("Alpha Netz AG")
		admin := &auth.Actor{UserID: "admin", Role: auth.RoleAdmin}
		board := &auth.Actor{UserID: "board", Role: auth.RoleBoard}
		liaison := &auth.Actor{UserID: "liaison", Role: auth.RoleLiaison}
		zetaUser := &auth.Actor{UserID: "z", Role: auth.RolePartnerMember, OrgID: zeta}
		alphaUser := &auth.Actor{UserID: "a", Role: auth.RolePartnerAdmin, OrgID: alpha}

		// Off (the default): the association does not exist but for admins.
		if _, err := svc.Members(ctx, board, "de"); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("members with the association off: %v, want not found", err)
		}
		if st, err := svc.Standing(ctx, nil, admin); err != nil || st != community.Admin {
			t.Fatalf("admin with the association off: %q, %v", st, err)
		}
		if _, err := svc.SaveSettings(ctx, board, community.SettingsInput{Mode: new(community.ModeBoth)}); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("a board member changed the mode: %v", err)
		}
		if _, err := svc.SaveSettings(ctx, admin, community.SettingsInput{Mode: new("verband")}); !onField(err, "mode") {
			t.Fatalf("an unknown mode: %v, want an error on mode", err)
		}
		if _, err := svc.SaveSettings(ctx, admin, community.SettingsInput{Mode: new(community.ModeAssociation)}); err != nil {
			t.Fatal(err)
		}

		err := d.Tx(ctx, func(tx *sql.Tx) error {
			for _, o := range []string{zeta, oe} {
				if _, err := svc.StartMembership(ctx, tx, admin, o, community.KindOrdinary, now.AddDate(-1, 0, 0)); err != nil {
					return err
				}
			}
			// Alpha joins next month: not a member yet.
			_, err := svc.StartMembership(ctx, tx, admin, alpha, community.KindSupporting, now.AddDate(0, 1, 0))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			who  *auth.Actor
			want community.Standing
		}{{board, community.Board}, {liaison, community.Liaison}, {zetaUser, community.Member}, {alphaUser, community.Outsider}} {
			if st, err := svc.Standing(ctx, nil, c.who); err != nil || st != c.want {
				t.Errorf("%s: %q, %v; want %q", c.who.Role, st, err, c.want)
			}
		}
		list, err := svc.Members(ctx, zetaUser, "de")
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].OrgName != "Öko IT GmbH" || list[1].OrgName != "Zeta Systeme GmbH" {
			t.Fatalf("members in German order: %v", names(list))
		}
		for _, who := range []*auth.Actor{liaison, alphaUser} {
			if _, err := svc.Members(ctx, who, "de"); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s read the members: %v", who.Role, err)
			}
		}
		// A second membership that overlaps is refused, nothing changes.
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			_, err := svc.StartMembership(ctx, tx, admin, zeta, community.KindOrdinary, now)
			return err
		})
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Conflict {
			t.Fatalf("an overlapping membership: %v", err)
		}
		// Zeta resigns at the end of the month: a member until then.
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			_, err := svc.EndMembership(ctx, tx, admin, zeta, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := svc.IsMember(ctx, d, zeta); err != nil || !ok {
			t.Fatalf("Zeta before its last day: %v, %v", ok, err)
		}
		now = time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC)
		if st, err := svc.Standing(ctx, nil, zetaUser); err != nil || st != community.Outsider {
			t.Fatalf("Zeta after its last day: %q, %v", st, err)
		}
		if st, err := svc.Standing(ctx, nil, alphaUser); err != nil || st != community.Member {
			t.Fatalf("Alpha once it joined: %q, %v", st, err)
		}
		history, err := svc.Memberships(ctx, zetaUser, zeta)
		if err != nil || len(history) != 1 || history[0].EndsOn == nil || history[0].EndsOn.Format(time.DateOnly) != "2026-06-30" {
			t.Fatalf("Zeta's own history: %v, %v", history, err)
		}
		if _, err := svc.Memberships(ctx, alphaUser, zeta); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("Alpha read Zeta's memberships: %v", err)
		}
		// The history holds ended memberships too, for those who run it.
		if all, err := svc.History(ctx, board); err != nil || len(all) != 3 || all[0].EndsOn == nil {
			t.Fatalf("the board's history: %v, %v", names(all), err)
		}
		if _, err := svc.History(ctx, alphaUser); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("a member read the history: %v", err)
		}
		// Switched off, the data stays and shows again when on.
		if _, err := svc.SaveSettings(ctx, admin, community.SettingsInput{Mode: new(community.ModeVendor)}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Members(ctx, alphaUser, "de"); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("members with the association off: %v", err)
		}
		if _, err := svc.SaveSettings(ctx, admin, community.SettingsInput{Mode: new(community.ModeBoth)}); err != nil {
			t.Fatal(err)
		}
		if list, err := svc.Members(ctx, alphaUser, "en"); err != nil || len(list) != 2 || list[0].OrgName != "Alpha Netz AG" {
			t.Fatalf("members switched on again: %v, %v", names(list), err)
		}
	})
}

func names(list []*community.Membership) []string {
	var out []string
	for _, m := range list {
		out = append(out, m.OrgName)
	}
	return out
}

// onField reports whether err is a validation error on the field.
func onField(err error, field string) bool {
	x, ok := apperr.As(err)
	if !ok || x.Code != apperr.Invalid {
		return false
	}
	for _, f := range x.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}
