package partner_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
)

// A notice about a partner goes to the managers who steer it: its
// manager and deputies when managers see only their own (and every
// manager for a partner nobody owns), every manager when they see all;
// never a disabled one.
func TestStewards(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clock := func() time.Time { return time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) }
		users := auth.NewService(d, clock)
		svc := partner.NewService(d, clock)
		manager := func(name string) string {
			u, err := users.CreateUser(ctx, auth.System, auth.UserInput{Email: new(name + "@programm.example"), Name: new(name), Role: new(auth.RoleManager),
				Password: new("ein langes Passwort 123")})
			if err != nil {
				t.Fatal(err)
			}
			return u.ID
		}
		maria, otto, dana, gone := manager("maria"), manager("otto"), manager("dana"), manager("gone")
		if _, err := users.UpdateUser(ctx, auth.System, gone, auth.UserInput{Disabled: new(true)}); err != nil {
			t.Fatal(err)
		}
		org := func(name, manager string) string {
			in := partner.Input{LegalName: new(name), Published: new(true)}
			if manager != "" {
				in.ManagerID = new(manager)
			}
			o, err := svc.Create(ctx, auth.System, in)
			if err != nil {
				t.Fatal(err)
			}
			return o.ID
		}
		marias, ottos, nobodys := org("Marias Partner GmbH", maria), org("Ottos Partner AG", otto), org("Niemandes Partner KG", "")
		if _, err := svc.SetDeputies(ctx, auth.System, marias, []string{dana}); err != nil {
			t.Fatal(err)
		}
		all := []string{maria, otto, dana}
		slices.Sort(all)
		check := func(label string, want []string, orgs ...string) {
			t.Helper()
			got, err := partner.Stewards(ctx, d, orgs...)
			if err != nil {
				t.Fatal(err)
			}
			want = slices.Clone(want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s: %v, want %v", label, got, want)
			}
		}
		check("Maria's partner", []string{maria, dana}, marias)
		check("Otto's partner", []string{otto}, ottos)
		check("both", all, marias, ottos)
		check("a partner nobody owns", all, nobodys)
		check("none", nil)
		if _, err := svc.SetOwnershipSettings(ctx, &auth.Actor{Role: auth.RoleAdmin}, partner.OwnershipSettings{OwnOnly: false}); err != nil {
			t.Fatal(err)
		}
		check("Otto's partner, every manager seeing all", all, ottos)
	})
}
