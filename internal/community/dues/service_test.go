package dues_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/community/dues"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// The yearly fees: the board sets them, the scheduled work raises each
// running membership's fee once a year however many processes run it,
// reminds the member's partner admins before the due day and tells them
// once it is overdue, each once; the board records the payment; a member
// reads only its own fees, other organisations and the vendor's liaison
// nothing.
func TestFees(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
		e := newEnv(t, d, &now)
		comm, svc, user, org := e.comm, e.svc, e.user, e.org
		alpha, gamma, beta := org("Alpha Netz AG"), org("Gamma Förder GmbH"), org("Beta Außen GmbH")
		admin := user("admin@verband.example", auth.RoleAdmin, "")
		board := user("vorstand@verband.example", auth.RoleBoard, "")
		liaison := user("liaison@hersteller.example", auth.RoleLiaison, "")
		alphaAdmin := user("admin@alpha.example", auth.RolePartnerAdmin, alpha)
		alphaMember := user("team@alpha.example", auth.RolePartnerMember, alpha)
		betaAdmin := user("admin@beta.example", auth.RolePartnerAdmin, beta)
		if _, err := comm.SaveSettings(ctx, admin, community.SettingsInput{Mode: new(community.ModeAssociation)}); err != nil {
			t.Fatal(err)
		}
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := comm.StartMembership(ctx, tx, admin, alpha, community.KindOrdinary, now.AddDate(-2, 0, 0)); err != nil {
				return err
			}
			_, err := comm.StartMembership(ctx, tx, admin, gamma, community.KindSupporting, now.AddDate(0, -1, 0))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}

		// No fee set yet: nothing is raised.
		if err := svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if list, err := svc.Fees(ctx, board, 0, "de"); err != nil || len(list) != 0 {
			t.Fatalf("fees before any fee was set: %d, %v", len(list), err)
		}
		if _, err := svc.SaveSettings(ctx, alphaAdmin, dues.SettingsInput{FeeOrdinary: new(int64(120000))}); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("a member changed the fees: %v", err)
		}
		if _, err := svc.SaveSettings(ctx, board, dues.SettingsInput{Currency: new("EURO"), DueMonth: new(13)}); !onField(err, "currency") || !onField(err, "due_month") {
			t.Fatalf("a wrong currency and month: %v", err)
		}
		if _, err := svc.SaveSettings(ctx, board, dues.SettingsInput{FeeOrdinary: new(int64(120000)), FeeSupporting: new(int64(30000)), RemindDays: new(14)}); err != nil {
			t.Fatal(err)
		}

		// Two processes tick at once: one fee per membership.
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for i := range errs {
			wg.Go(func() { errs[i] = svc.Tick(ctx) })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		list, err := svc.Fees(ctx, board, 2026, "de")
		if err != nil || len(list) != 2 {
			t.Fatalf("the board's fees of 2026: %d, %v", len(list), err)
		}
		if f := list[0]; f.OrgName != "Alpha Netz AG" || f.AmountMinor != 120000 || f.Currency != "EUR" || f.DueOn.Format(time.DateOnly) != "2026-03-31" || f.PaidOn != nil || f.Overdue {
			t.Fatalf("Alpha's fee: %+v", f)
		}
		if f := list[1]; f.OrgName != "Gamma Förder GmbH" || f.AmountMinor != 30000 || f.Kind != community.KindSupporting {
			t.Fatalf("Gamma's fee: %+v", f)
		}
		alphaFee := list[0].ID
		own, err := svc.Fees(ctx, alphaMember, 0, "de")
		if err != nil || len(own) != 1 || own[0].ID != alphaFee {
			t.Fatalf("Alpha's own fees: %d, %v", len(own), err)
		}
		for _, who := range []*auth.Actor{betaAdmin, liaison} {
			if _, err := svc.Fees(ctx, who, 0, "de"); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s read fees: %v", who.Email, err)
			}
		}
		if _, err := svc.Fee(ctx, alphaMember, list[1].ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("Alpha read Gamma's fee: %v", err)
		}

		told := func(u *auth.Actor, kind string) int {
			var n int
			if err := d.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = $2`, u.UserID, kind).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		// Ten days before the due day: a reminder to the partner admins, once.
		now = time.Date(2026, 3, 21, 9, 0, 0, 0, time.UTC)
		for range 2 {
			if err := svc.Tick(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n, m := told(alphaAdmin, "dues.reminder"), told(alphaMember, "dues.reminder"); n != 1 || m != 0 {
			t.Fatalf("reminders: the partner admin %d, the partner member %d; want 1 and 0", n, m)
		}
		// Gamma pays in time; Alpha does not.
		if _, err := svc.Pay(ctx, alphaAdmin, list[1].ID, dues.Payment{PaidOn: "2026-03-20"}); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("a member recorded a payment: %v", err)
		}
		if _, err := svc.Pay(ctx, board, list[1].ID, dues.Payment{PaidOn: "2026-03-22"}); !onField(err, "paid_on") {
			t.Fatalf("a payment tomorrow: %v", err)
		}
		paid, err := svc.Pay(ctx, board, list[1].ID, dues.Payment{PaidOn: "2026-03-20"})
		if err != nil || paid.PaidOn == nil || paid.PaidOn.Format(time.DateOnly) != "2026-03-20" {
			t.Fatalf("Gamma's payment: %+v, %v", paid, err)
		}
		now = time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC)
		for range 2 {
			if err := svc.Tick(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := told(alphaAdmin, "dues.overdue"); n != 1 {
			t.Fatalf("overdue notices to Alpha: %d, want 1", n)
		}
		if f, err := svc.Fee(ctx, alphaAdmin, alphaFee); err != nil || !f.Overdue {
			t.Fatalf("Alpha's fee after the due day: %+v, %v", f, err)
		}
		var gammaAdmins int
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE kind = 'dues.overdue'`).Scan(&gammaAdmins); err != nil || gammaAdmins != 1 {
			t.Fatalf("overdue notices in all: %d, %v", gammaAdmins, err)
		}
		// A payment recorded by mistake is taken back.
		if f, err := svc.Pay(ctx, board, list[1].ID, dues.Payment{}); err != nil || f.PaidOn != nil || !f.Overdue {
			t.Fatalf("Gamma's payment taken back: %+v, %v", f, err)
		}
	})
}

// A member's partner admin resigns: the membership ends at the end of the
// notice period, the board is told, the resignation can be withdrawn
// until then; on its last day the scheduled work ends the membership.
func TestResignation(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 9, 30, 15, 0, 0, 0, time.UTC)
		e := newEnv(t, d, &now)
		comm, svc, user := e.comm, e.svc, e.user
		o := &partner.Organisation{ID: e.org("Alpha Netz AG")}
		admin := user("admin@verband.example", auth.RoleAdmin, "")
		board := user("vorstand@verband.example", auth.RoleBoard, "")
		alphaAdmin := user("admin@alpha.example", auth.RolePartnerAdmin, o.ID)
		alphaMember := user("team@alpha.example", auth.RolePartnerMember, o.ID)
		if _, err := comm.SaveSettings(ctx, admin, community.SettingsInput{Mode: new(community.ModeBoth)}); err != nil {
			t.Fatal(err)
		}
		if err := d.Tx(ctx, func(tx *sql.Tx) error {
			_, err := comm.StartMembership(ctx, tx, admin, o.ID, community.KindOrdinary, now.AddDate(-3, 0, 0))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Resign(ctx, alphaMember); err == nil || errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("a partner member resigned: %v", err)
		}
		if _, err := svc.Resign(ctx, board); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("the board resigned for nobody: %v", err)
		}
		r, err := svc.Resign(ctx, alphaAdmin)
		if err != nil || r.EndsOn.Format(time.DateOnly) != "2026-12-31" {
			t.Fatalf("resigned on 30 September: %+v, %v", r, err)
		}
		if _, err := svc.Resign(ctx, alphaAdmin); err == nil {
			t.Fatal("resigned twice")
		}
		var boardTold int
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'dues.resigned'`, board.UserID).Scan(&boardTold); err != nil || boardTold != 1 {
			t.Fatalf("the board was told %d times, %v", boardTold, err)
		}
		if list, err := svc.Resignations(ctx, board); err != nil || len(list) != 1 || list[0].OrgName != "Alpha Netz AG" {
			t.Fatalf("the board's pending resignations: %v, %v", list, err)
		}
		// Withdrawn a day later; a new one runs to the end of next year.
		now = now.AddDate(0, 0, 1)
		if _, err := svc.Withdraw(ctx, alphaAdmin); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Withdraw(ctx, alphaAdmin); err == nil {
			t.Fatal("withdrew twice")
		}
		r, err = svc.Resign(ctx, alphaAdmin)
		if err != nil || r.EndsOn.Format(time.DateOnly) != "2027-12-31" {
			t.Fatalf("resigned on 1 October: %+v, %v", r, err)
		}
		own, err := svc.Own(ctx, alphaMember)
		if err != nil || own.Resignation == nil || own.Resignation.ID != r.ID || own.CanResign {
			t.Fatalf("the partner member's view: %+v, %v", own, err)
		}
		// The last day: the membership ends with it.
		now = time.Date(2027, 12, 31, 10, 0, 0, 0, time.UTC)
		for range 2 {
			if err := svc.Tick(ctx); err != nil {
				t.Fatal(err)
			}
		}
		list, err := comm.Memberships(ctx, admin, o.ID)
		if err != nil || len(list) != 1 || list[0].EndsOn == nil || list[0].EndsOn.Format(time.DateOnly) != "2027-12-31" {
			t.Fatalf("the membership after its last day: %v, %v", list, err)
		}
		if own, err := svc.Own(ctx, alphaAdmin); err != nil || own.Resignation != nil {
			t.Fatalf("the resignation on its last day: %+v, %v", own, err)
		}
		now = now.AddDate(0, 0, 1)
		if _, err := svc.Own(ctx, alphaAdmin); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("a former member's page: %v", err)
		}
		points, err := svc.History(ctx, board, 2)
		if err != nil || len(points) != 8 || points[6].Total() != 1 || points[7].Total() != 0 {
			t.Fatalf("members over time: %+v, %v", points, err)
		}
		if _, err := svc.History(ctx, alphaAdmin, 2); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("a former member read the history: %v", err)
		}
	})
}

// env is a test's services on one database, at the time *now.
type env struct {
	comm *community.Service
	svc  *dues.Service
	user func(email string, role auth.Role, org string) *auth.Actor
	org  func(name string) string
}

func newEnv(t *testing.T, d *db.DB, now *time.Time) *env {
	t.Helper()
	ctx := context.Background()
	clock := func() time.Time { return *now }
	users := auth.NewService(d, clock)
	comm := community.NewService(d, clock)
	partners := partner.NewService(d, clock)
	return &env{comm: comm, svc: dues.NewService(d, clock, comm, notify.NewService(d, clock, nil, nil)),
		user: func(email string, role auth.Role, org string) *auth.Actor {
			in := auth.UserInput{Email: new(email), Name: new(email), Role: new(role), Password: new("ein langes Passwort 123")}
			if org != "" {
				in.OrgID = new(org)
			}
			u, err := users.CreateUser(ctx, auth.System, in)
			if err != nil {
				t.Fatal(err)
			}
			return u.Actor()
		},
		org: func(name string) string {
			o, err := partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), Published: new(true), Kind: new(partner.KindMember)})
			if err != nil {
				t.Fatal(err)
			}
			return o.ID
		},
	}
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
