package jourfixe_test

import (
	"context"
	"database/sql"
	"log/slog"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/jourfixe"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// The demo's jour fixe series have a past written down by the parties'
// people, one missed meeting, and a year ahead.
func TestSeedHistory(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		authSvc, partners := demoServices(d)
		org := func(name string) string {
			o, err := partners.Create(ctx, auth.System, partner.Input{LegalName: &name})
			if err != nil {
				t.Fatal(err)
			}
			return o.ID
		}
		a, b, c := org("Müller IT GmbH & Co. KG"), org("Nordlicht Systeme GmbH"), org("Alpenblick IT AG")
		var people []*auth.Actor
		for i, o := range []string{a, b} {
			u, err := authSvc.CreateUser(ctx, auth.System, auth.UserInput{Email: new([]string{"admin@mueller-it.de", "admin@nordlicht.example"}[i]),
				Name: new([]string{"Petra Müller", "Jan Nord"}[i]), Role: new(auth.RolePartnerAdmin), OrgID: new(o), Password: new("long-enough-1")})
			if err != nil {
				t.Fatal(err)
			}
			people = append(people, u.Actor())
		}
		svc := jourfixe.NewService(d, clock, notify.NewService(d, clock, nil, slog.Default()), partners)
		series := []jourfixe.SeriesInput{
			{AgreementID: "agr-1", Title: "Vertrieb", OrgIDs: []string{a, b}, Cadence: jourfixe.CadenceWeekly, Start: now.AddDate(0, 0, -30), Minutes: 45},
			{AgreementID: "agr-2", Title: "Security", OrgIDs: []string{a, c}, Cadence: jourfixe.CadenceMonthly, Start: now.AddDate(0, -4, 0), Minutes: 60},
			{AgreementID: "agr-3", Title: "Später", OrgIDs: []string{b, c}, Cadence: jourfixe.CadenceQuarterly, Start: now.AddDate(0, 0, 10), Minutes: 60},
		}
		if err := d.Tx(ctx, func(tx *sql.Tx) error { return jourfixe.SeedHistory(ctx, svc, tx, series, people, now) }); err != nil {
			t.Fatal(err)
		}
		staff := &auth.Actor{UserID: "x", Role: auth.RoleAdmin}
		list, err := svc.List(ctx, staff, "")
		if err != nil || len(list) != 3 {
			t.Fatalf("%d series, %v", len(list), err)
		}
		missed, held, upcoming := 0, 0, 0
		for _, s := range list {
			dt, err := svc.Get(ctx, staff, s.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range dt.Meetings {
				switch m.Status {
				case jourfixe.StatusMissed:
					missed++
				case jourfixe.StatusHeld:
					held++
					md, err := svc.Meeting(ctx, staff, s.ID, m.ID)
					if err != nil {
						t.Fatal(err)
					}
					for _, n := range md.Notes {
						if n.Author != "Petra Müller" && n.Author != "Jan Nord" && n.Author != "pakt" {
							t.Errorf("a note by %q", n.Author)
						}
						if !n.CreatedAt.After(m.End) || n.CreatedAt.After(now) {
							t.Errorf("a note written at %v for a meeting ending %v", n.CreatedAt, m.End)
						}
					}
				case jourfixe.StatusUpcoming:
					upcoming++
				}
			}
		}
		// 5 weekly and 4 monthly meetings in the past, one of them missed.
		if missed != 1 || held != 8 {
			t.Errorf("%d missed and %d held meetings, want 1 and 8", missed, held)
		}
		if upcoming < 52+12+4 {
			t.Errorf("%d upcoming meetings, want a year of each series", upcoming)
		}
	})
}

// demoServices returns the services the demo's organisations and users
// are made with.
func demoServices(d *db.DB) (*auth.Service, *partner.Service) {
	authSvc := auth.NewService(d, time.Now)
	authSvc.OrgExists = partner.Exists
	return authSvc, partner.NewService(d, time.Now)
}
