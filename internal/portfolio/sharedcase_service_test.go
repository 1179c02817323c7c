package portfolio_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/notify"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
)

// scCase is a valid EUR case that breaks even; amounts in cents.
func scCase() portfolio.BusinessCase {
	return portfolio.BusinessCase{Currency: "EUR", InvestmentMinor: 2_000_000, MonthlyCostMinor: 100_000, MonthsToFirstDeal: 3,
		DealsPerMonthTenths: 20, MarginPerDealMinor: 300_000, RampUpMonths: 2}
}

func TestDifferences(t *testing.T) {
	t.Parallel()
	base := scCase()
	with := func(change func(*portfolio.BusinessCase)) portfolio.BusinessCase {
		c := base
		change(&c)
		return c
	}
	for _, tc := range []struct {
		name string
		copy portfolio.BusinessCase
		want []portfolio.Assumption
	}{
		{"the same assumptions", base, nil},
		{"only the note and author differ", with(func(c *portfolio.BusinessCase) { c.Note, c.UpdatedBy = "", "someone" }), nil},
		{"fewer deals", with(func(c *portfolio.BusinessCase) { c.DealsPerMonthTenths = 10 }), []portfolio.Assumption{portfolio.AssumeDealsPerMonth}},
		{"two changes in page order", with(func(c *portfolio.BusinessCase) { c.RampUpMonths, c.InvestmentMinor = 6, 1 }),
			[]portfolio.Assumption{portfolio.AssumeInvestment, portfolio.AssumeRampUp}},
		{"another currency makes every amount differ", with(func(c *portfolio.BusinessCase) { c.Currency = "CHF" }),
			[]portfolio.Assumption{portfolio.AssumeInvestment, portfolio.AssumeMonthlyCost, portfolio.AssumeMargin}},
	} {
		if got := portfolio.Differences(base, tc.copy); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

// The figures a partner reads add up to the projection and hold nothing
// internal: no note, no suggested score, no judgement of the programme.
func TestFiguresHoldNothingInternal(t *testing.T) {
	t.Parallel()
	bc := scCase()
	bc.Note = "Nur intern: wir zweifeln an der Zahl"
	f := portfolio.FiguresOf(bc)
	var rev, cost int64
	for _, m := range portfolio.Project(bc, portfolio.Horizon) {
		rev, cost = rev+m.RevenueMinor, cost+m.CostMinor
	}
	if f.RevenueMinor != rev || f.CostMinor != cost || f.ResultMinor != rev-cost || len(f.Months) != portfolio.Horizon {
		t.Fatalf("sums %d/%d/%d over %d months, want %d/%d/%d over %d", f.RevenueMinor, f.CostMinor, f.ResultMinor, len(f.Months), rev, cost, rev-cost, portfolio.Horizon)
	}
	if m, ok := portfolio.BreakEven(bc); !ok || f.Month() != m {
		t.Fatalf("break-even month %d, want %d", f.Month(), m)
	}
	b, err := json.Marshal(portfolio.NewSharedCaseResult(&portfolio.SharedCase{OrgID: "o", Manager: bc, Copy: &bc}))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{bc.Note, "note", "score", "within_12_months", "quadrant"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("the partner's answer holds %q: %s", secret, b)
		}
	}
}

// Staff share a case; the partner's admins (and only they) read it and
// are told; they keep a copy of their own without touching the manager's
// version, and reset it; unsharing hides it again. Every step is audited.
func TestSharedCaseService(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
		users := auth.NewService(d, c.Now)
		users.Password = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
		orgs := partner.NewService(d, c.Now)
		org := func(name string) string {
			o, err := orgs.Create(ctx, auth.System, partner.Input{LegalName: ptr(name)})
			if err != nil {
				t.Fatal(err)
			}
			return o.ID
		}
		user := func(email string, role auth.Role, orgID string) *auth.Actor {
			u, err := users.CreateUser(ctx, auth.System, auth.UserInput{Email: ptr(email), Name: ptr(email), Role: &role, OrgID: ptr(orgID),
				Lang: ptr("de"), Password: ptr("a long password 2026")})
			if err != nil {
				t.Fatal(err)
			}
			return u.Actor()
		}
		alpha, beta, prospect := org("Alpha GmbH"), org("Beta AG"), org("Interessent KG")
		manager := user("anna@pakt.example", auth.RoleManager, "")
		padmin, pmember := user("chefin@alpha.example", auth.RolePartnerAdmin, alpha), user("team@alpha.example", auth.RolePartnerMember, alpha)
		other := user("chef@beta.example", auth.RolePartnerAdmin, beta)
		recruiter := user("jana@pakt.example", auth.RoleRecruiter, "")
		s := portfolio.NewBusinessCases(d, c.Now)
		s.Notify = notify.NewService(d, c.Now, nil, slog.New(slog.DiscardHandler))
		t.Cleanup(s.Notify.Wait)

		if _, err := s.Share(ctx, manager, alpha); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("sharing without a business case: got %v, want a conflict", err)
		}
		bc := scCase()
		bc.Note = "Intern: Geschäftsführer skeptisch"
		if _, err := s.Save(ctx, manager, alpha, bc); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Shared(ctx, padmin, alpha); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("an unshared case reads: %v, want not found", err)
		}
		for who, a := range map[string]*auth.Actor{"the partner admin": padmin, "a recruiter": recruiter, "anonymous": nil} {
			if _, err := s.Share(ctx, a, alpha); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s shares: got %v, want not found", who, err)
			}
		}
		shared, err := s.Share(ctx, manager, alpha)
		if err != nil {
			t.Fatal(err)
		}
		if shared.SharedBy != "anna@pakt.example" || !shared.SharedAt.Equal(c.now) || shared.Copy != nil {
			t.Fatalf("shared: %+v", shared)
		}
		// Sharing again changes nothing and tells no one twice.
		if _, err := s.Share(ctx, manager, alpha); err != nil {
			t.Fatal(err)
		}
		items, err := s.Notify.Inbox(ctx, padmin, "", false, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 || items[0].Link != portfolio.SharedPath(alpha) || !strings.Contains(items[0].Title, "Alpha GmbH") {
			t.Fatalf("the partner admin's inbox: %+v, want one notice linking to the shared case", items)
		}
		if items, _ := s.Notify.Inbox(ctx, pmember, "", false, 10); len(items) != 0 {
			t.Errorf("a partner member was told: %+v", items)
		}

		got, err := s.Shared(ctx, padmin, alpha)
		if err != nil {
			t.Fatal(err)
		}
		if got.Manager.InvestmentMinor != bc.InvestmentMinor || got.Copy != nil {
			t.Fatalf("the partner reads %+v", got)
		}
		for who, a := range map[string]*auth.Actor{"a partner member": pmember, "another partner's admin": other, "a recruiter": recruiter, "anonymous": nil} {
			if _, err := s.Shared(ctx, a, alpha); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s reads the shared case: got %v, want not found", who, err)
			}
			if _, err := s.SaveCopy(ctx, a, alpha, scCase()); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s adjusts the copy: got %v, want not found", who, err)
			}
		}
		if _, err := s.SaveCopy(ctx, manager, alpha, scCase()); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("the manager adjusts the partner's copy: got %v, want not found", err)
		}

		// A bad assumption names its field and saves nothing.
		bad := scCase()
		bad.DealsPerMonthTenths = 0
		if _, err := s.SaveCopy(ctx, padmin, alpha, bad); !slices.Contains(fieldsOf(err), "deals_per_month_tenths") {
			t.Fatalf("a copy without deals: got %v, want an error on deals_per_month_tenths", err)
		}
		c.now = c.now.Add(time.Hour)
		adjusted := scCase()
		adjusted.DealsPerMonthTenths, adjusted.Currency, adjusted.Note = 10, "USD", "ignored"
		cp, err := s.SaveCopy(ctx, padmin, alpha, adjusted)
		if err != nil {
			t.Fatal(err)
		}
		if cp.Copy == nil || cp.Copy.DealsPerMonthTenths != 10 || cp.Copy.Currency != "EUR" || cp.Copy.Note != "" || cp.Copy.UpdatedBy != "chefin@alpha.example" {
			t.Fatalf("the copy: %+v, want 1.0 deals a month in the manager's currency without a note", cp.Copy)
		}
		staffView, err := s.Shared(ctx, manager, alpha)
		if err != nil {
			t.Fatal(err)
		}
		if staffView.Manager.DealsPerMonthTenths != 20 || staffView.Manager.Note != bc.Note || staffView.Copy == nil || staffView.Copy.DealsPerMonthTenths != 10 {
			t.Fatalf("the manager reads %+v with copy %+v: want the original beside the copy", staffView.Manager, staffView.Copy)
		}
		if mine, err := s.Get(ctx, manager, alpha); err != nil || mine.DealsPerMonthTenths != 20 {
			t.Fatalf("the manager's business case after the partner's copy: %+v, %v", mine, err)
		}
		if got := portfolio.Differences(staffView.Manager, *staffView.Copy); !slices.Equal(got, []portfolio.Assumption{portfolio.AssumeDealsPerMonth}) {
			t.Errorf("differences %v, want deals per month", got)
		}
		if items, _ := s.Notify.Inbox(ctx, manager, "", false, 10); len(items) != 1 || items[0].Link != portfolio.SharedPath(alpha) {
			t.Errorf("the sharing manager's inbox: %+v, want the adjusted copy", items)
		}

		reset, err := s.ResetCopy(ctx, padmin, alpha)
		if err != nil || reset.Copy != nil {
			t.Fatalf("reset: %+v, %v", reset, err)
		}
		if got, _ := s.Shared(ctx, padmin, alpha); got.Copy != nil || got.Current().DealsPerMonthTenths != 20 {
			t.Fatalf("after the reset the partner reads %+v", got)
		}

		// A prospect without users is shared all the same.
		if _, err := s.Save(ctx, manager, prospect, scCase()); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Share(ctx, manager, prospect); err != nil {
			t.Fatalf("sharing with an organisation without admins: %v", err)
		}
		if sh, admins, err := s.SharingOf(ctx, manager, prospect); err != nil || sh == nil || admins != 0 {
			t.Fatalf("the prospect's sharing: %+v, %d admins, %v", sh, admins, err)
		}
		late := user("chef@interessent.example", auth.RolePartnerAdmin, prospect)
		if _, err := s.Shared(ctx, late, prospect); err != nil {
			t.Fatalf("the prospect's first admin reads the shared case: %v", err)
		}

		if err := s.Unshare(ctx, padmin, alpha); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("the partner admin unshares: got %v, want not found", err)
		}
		if err := s.Unshare(ctx, manager, alpha); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Shared(ctx, padmin, alpha); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("an unshared case still reads: %v", err)
		}
		if err := s.Unshare(ctx, manager, alpha); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("unsharing twice: got %v, want not found", err)
		}

		entries, _, err := audit.List(ctx, d, audit.Filter{ObjectType: "shared_business_case", ObjectID: alpha, To: c.now.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
			if strings.Contains(e.Before+e.After, "skeptisch") {
				t.Errorf("the audit entry %s holds the manager's note", e.Action)
			}
		}
		slices.Reverse(actions)
		if want := []string{"share", "update", "reset", "unshare"}; !slices.Equal(actions, want) {
			t.Errorf("audited %v, want %v", actions, want)
		}
	})
}

// fieldsOf lists the fields a validation error names.
func fieldsOf(err error) []string {
	e, ok := apperr.As(err)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field)
	}
	return out
}
