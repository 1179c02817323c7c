package targets_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"pakt/internal/app"
	"pakt/internal/app/apptest"
	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/lifecycle"
	"pakt/internal/partner"
	"pakt/internal/steering"
	"pakt/internal/targets"
)

func ptr[T any](v T) *T { return &v }

// hasField reports whether err is a validation error on field.
func hasField(err error, field string) bool {
	e, ok := apperr.As(err)
	return ok && e.Code == apperr.Invalid && slices.ContainsFunc(e.Fields, func(f apperr.FieldError) bool { return f.Field == field })
}

// at fixes the app's clock: 2 July 2027, 183 of 365 days of the year gone.
func at(c *app.Config) {
	c.Now = func() time.Time { return time.Date(2027, 7, 2, 10, 0, 0, 0, time.UTC) }
}

// world is a programme with two managers, a recruiter, partners with
// plans and prospects won, as the roll-up reads them through the app.
type world struct {
	admin, anna, ben, rita *auth.Actor
}

func newWorld(t *testing.T, s *apptest.Server) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{admin: s.CreateUser(auth.RoleAdmin, "").Actor(), anna: s.CreateUser(auth.RoleManager, "").Actor(),
		ben: s.CreateUser(auth.RoleManager, "").Actor(), rita: s.CreateUser(auth.RoleRecruiter, "").Actor()}
	w.anna.Name, w.ben.Name = "Anna Berger", "Ben Adler"
	for _, u := range []*auth.Actor{w.anna, w.ben} {
		if _, err := s.App.Auth.UpdateUser(ctx, auth.System, u.UserID, auth.UserInput{Name: ptr(u.Name)}); err != nil {
			t.Fatal(err)
		}
	}
	org := func(name, manager string) string {
		in := partner.Input{LegalName: ptr(name)}
		if manager != "" {
			in.ManagerID = ptr(manager)
		}
		o, err := s.App.Partners.Create(ctx, auth.System, in)
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	for _, p := range []struct {
		org                      string
		currency                 string
		target, actual, deals, n int64
	}{
		{org("Anna Eins GmbH", w.anna.UserID), "EUR", 300_000_00, 100_000_00, 6, 2},
		{org("Anna Zwei AG", w.anna.UserID), "EUR", 100_000_00, 20_000_00, 2, 1},
		{org("Ben Schweiz AG", w.ben.UserID), "CHF", 80_000_00, 50_000_00, 3, 3},
		{org("Ben Eins KG", w.ben.UserID), "EUR", 40_000_00, 0, 1, 0},
		{org("Ohne Manager GmbH", ""), "EUR", 60_000_00, 30_000_00, 2, 1},
	} {
		if _, err := s.App.Steering.SavePlan(ctx, w.admin, p.org, steering.PlanInput{Period: "2027", Currency: p.currency,
			TargetRevenueMinor: p.target, ActualRevenueMinor: p.actual, TargetDeals: p.deals, ActualDeals: p.n}); err != nil {
			t.Fatal(err)
		}
	}
	for i, name := range []string{"Rita Gewinn Eins GmbH", "Rita Gewinn Zwei GmbH", "Rita Offen GmbH"} {
		pr, err := s.App.Pipeline.Create(ctx, w.admin, lifecycle.CreateInput{LegalName: name, OwnerID: w.rita.UserID})
		if err != nil {
			t.Fatal(err)
		}
		stage := lifecycle.Won
		if i == 2 {
			stage = lifecycle.Qualified
		}
		// Won past the stage gates, with the reason they ask for.
		if _, err := s.App.Pipeline.MoveWith(ctx, w.admin, pr.OrgID, lifecycle.MoveInput{Stage: stage, OverrideReason: "Vertrag unterschrieben"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, in := range []targets.Input{
		{Period: "2027", Currency: "EUR", RevenueMinor: 1_000_000_00, Deals: 20, Recruits: 4},
		{UserID: w.anna.UserID, Period: "2027", Currency: "EUR", RevenueMinor: 500_000_00, Deals: 8},
		{UserID: w.ben.UserID, Period: "2027", Currency: "CHF", RevenueMinor: 100_000_00, Deals: 4},
		{UserID: w.rita.UserID, Period: "2027", Recruits: 3},
	} {
		if _, err := s.App.Targets.Save(ctx, w.admin, in); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// lineOf returns the line of user in lines.
func lineOf(lines []*targets.Line, user string) *targets.Line {
	for _, l := range lines {
		if l.UserID == user && !l.Unassigned {
			return l
		}
	}
	return nil
}

// Admins see the programme, each manager and recruiter; a manager its own
// line; a recruiter its own recruitment; partners nothing.
func TestRollup(t *testing.T) {
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		w := newWorld(t, s)
		svc := s.App.Targets
		r, err := svc.Rollup(ctx, w.admin, "2027", "de")
		if err != nil {
			t.Fatal(err)
		}
		if r.Elapsed != 50 || r.Period != "2027" {
			t.Errorf("period %s, %d%% gone, want 2027 and 50%%", r.Period, r.Elapsed)
		}
		// The programme counts every EUR plan, lists the CHF one apart,
		// and every prospect won.
		p := r.Programme
		if p == nil || p.Plans != 4 || p.Revenue.Planned != 500_000_00 || p.Revenue.Actual != 150_000_00 || p.Revenue.Target != 1_000_000_00 ||
			*p.Revenue.Attainment != 15 || *p.Revenue.Coverage != 50 || !reflect.DeepEqual(p.Other, []targets.Amount{{Currency: "CHF", Minor: 80_000_00}}) ||
			p.Recruits.Actual != 2 || p.Recruits.Target != 4 || p.Deals.Actual != 4 {
			t.Errorf("programme = %+v", p)
		}
		// Managers by name in German order, then the partners without one.
		var names []string
		for _, l := range r.Managers {
			names = append(names, l.Name)
		}
		if len(names) < 3 || names[len(names)-1] != "Partner ohne Manager" {
			t.Errorf("managers %v, want the unassigned partners last", names)
		}
		if lineOf(r.Managers, w.admin.UserID) != nil {
			t.Error("the admin, responsible for no partner and without a target, has a line")
		}
		anna, ben := lineOf(r.Managers, w.anna.UserID), lineOf(r.Managers, w.ben.UserID)
		if anna == nil || anna.Revenue.Planned != 400_000_00 || anna.Revenue.Actual != 120_000_00 || *anna.Revenue.Coverage != 80 ||
			anna.Revenue.Forecast.Outlook != targets.OffTrack || anna.Deals.Actual != 3 {
			t.Errorf("Anna = %+v", anna)
		}
		// Ben's target is in CHF: his CHF plan counts, the EUR one stands
		// apart. Half his target in just over half the year: the pace
		// falls just short.
		if ben == nil || ben.Currency != "CHF" || ben.Plans != 1 || ben.Revenue.Actual != 50_000_00 || *ben.Revenue.Attainment != 50 ||
			ben.Revenue.Forecast != (targets.Forecast{Projected: 99_726_77, Basis: targets.BasisPace, Outlook: targets.AtRisk}) || !reflect.DeepEqual(ben.Other, []targets.Amount{{Currency: "EUR", Minor: 40_000_00}}) {
			t.Errorf("Ben = %+v", ben)
		}
		rita := lineOf(r.Recruiters, w.rita.UserID)
		if rita == nil || rita.Recruits.Actual != 2 || rita.Recruits.Target != 3 || *rita.Recruits.Attainment != 66 || rita.Recruits.Forecast.Outlook != targets.OnTrack {
			t.Errorf("Rita = %+v", rita)
		}

		own, err := svc.Rollup(ctx, w.anna, "2027", "de")
		if err != nil {
			t.Fatal(err)
		}
		if own.Programme != nil || len(own.Managers) != 1 || own.Managers[0].UserID != w.anna.UserID || len(own.Recruiters) != 0 ||
			!reflect.DeepEqual(own.Managers[0].Revenue, anna.Revenue) {
			t.Errorf("Anna's own roll-up = %+v", own)
		}
		own, err = svc.Rollup(ctx, w.rita, "", "en")
		if err != nil {
			t.Fatal(err)
		}
		if own.Programme != nil || len(own.Managers) != 0 || len(own.Recruiters) != 1 || !reflect.DeepEqual(own.Recruiters[0].Recruits, rita.Recruits) ||
			own.Recruiters[0].Revenue.Planned != 0 {
			t.Errorf("Rita's own roll-up = %+v", own)
		}
		for _, a := range []*auth.Actor{{UserID: "x", Role: auth.RolePartnerAdmin, OrgID: "o"}, {UserID: "y", Role: auth.RolePartnerMember, OrgID: "o"}, nil} {
			if _, err := svc.Rollup(ctx, a, "2027", "de"); apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("Rollup as %+v: %v, want not found", a, err)
			}
		}
		if _, err := svc.Rollup(ctx, w.admin, "2027-Q5", "de"); !hasField(err, "period") {
			t.Errorf("Rollup of 2027-Q5: %v, want an invalid period", err)
		}
	}, at)
}

// Only admins set targets; bad input names its field and changes nothing;
// each change is audited.
func TestSave(t *testing.T) {
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		w := newWorld(t, s)
		svc := s.App.Targets
		for _, c := range []struct {
			in    targets.Input
			field string
		}{
			{targets.Input{UserID: w.rita.UserID, Period: "2027", RevenueMinor: 1}, "user_id"},
			{targets.Input{UserID: "niemand", Period: "2027"}, "user_id"},
			{targets.Input{UserID: w.anna.UserID, Period: "2027-Q5"}, "period"},
			{targets.Input{UserID: w.anna.UserID, Period: ""}, "period"},
			{targets.Input{UserID: w.anna.UserID, Period: "2027", Currency: "euro"}, "currency"},
			{targets.Input{UserID: w.anna.UserID, Period: "2027", Deals: -1}, "deals"},
			{targets.Input{UserID: w.anna.UserID, Period: "2027", RevenueMinor: 2_000_000_000_000_000}, "revenue_minor"},
		} {
			if _, err := svc.Save(ctx, w.admin, c.in); !hasField(err, c.field) {
				t.Errorf("Save(%+v): %v, want an error on %s", c.in, err, c.field)
			}
		}
		if _, err := svc.Save(ctx, w.anna, targets.Input{UserID: w.anna.UserID, Period: "2027", Deals: 1}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a manager sets its own target: %v, want forbidden", err)
		}
		if _, err := svc.Save(ctx, w.rita, targets.Input{UserID: w.rita.UserID, Period: "2027", Recruits: 99}); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a recruiter sets its own target: %v, want not found", err)
		}
		got, err := svc.Target(ctx, w.admin, w.anna.UserID, "2027")
		if err != nil || got.RevenueMinor != 500_000_00 || got.Deals != 8 {
			t.Fatalf("Anna's target after refused changes = %+v, %v", got, err)
		}
		changed, err := svc.Save(ctx, w.admin, targets.Input{UserID: w.anna.UserID, Period: "2027", Currency: "eur", RevenueMinor: 450_000_00, Deals: 9})
		if err != nil || changed.ID != got.ID || changed.Currency != "EUR" || changed.RevenueMinor != 450_000_00 {
			t.Fatalf("changed target = %+v, %v", changed, err)
		}
		var created, updated int
		if err := s.App.DB.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE object_type = 'target' AND action = 'create'`).Scan(&created); err != nil {
			t.Fatal(err)
		}
		if err := s.App.DB.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE object_type = 'target' AND action = 'update' AND object_id = $1`, got.ID).Scan(&updated); err != nil {
			t.Fatal(err)
		}
		if created != 4 || updated != 1 {
			t.Errorf("audited %d creations and %d updates, want 4 and 1", created, updated)
		}
	}, at)
}
