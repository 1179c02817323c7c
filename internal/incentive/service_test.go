package incentive_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/incentive"
	"pakt/internal/partner"
)

// env is a database with three partners (A, B, C), their admins, a member
// of A, a programme admin, a partner manager and a recruiter. Its clock
// stands at 2026-11-23 in the fourth quarter.
type env struct {
	t                      *testing.T
	d                      *db.DB
	now                    time.Time
	svc                    *incentive.Service
	A, B, C                string
	admin, manager, recr   *auth.Actor
	aAdmin, aMember, bUser *auth.Actor
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, d: d, now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return e.now }
	partners := partner.NewService(d, clock)
	e.svc = incentive.NewService(d, clock, partners, nil)
	org := func(name string) string {
		published := true
		o, err := partners.Create(ctx, auth.System, partner.Input{LegalName: &name, Published: &published})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	e.A, e.B, e.C = org("Alpha IT GmbH"), org("Beta Systeme GmbH"), org("Gamma Digital AG")
	e.admin = &auth.Actor{UserID: "u-admin", Email: "admin@test.example", Role: auth.RoleAdmin}
	e.manager = &auth.Actor{UserID: "u-manager", Email: "anna@test.example", Role: auth.RoleManager}
	e.recr = &auth.Actor{UserID: "u-recr", Role: auth.RoleRecruiter}
	e.aAdmin = &auth.Actor{UserID: "u-a", Role: auth.RolePartnerAdmin, OrgID: e.A}
	e.aMember = &auth.Actor{UserID: "u-am", Role: auth.RolePartnerMember, OrgID: e.A}
	e.bUser = &auth.Actor{UserID: "u-b", Role: auth.RolePartnerAdmin, OrgID: e.B}
	return e
}

// euroRule is 5 % for the lead, 3 % for delivery, 10 % for referral, a
// 2 % P2P bonus, valid through 2026.
func euroRule() incentive.RuleInput {
	return incentive.RuleInput{Name: "Partnerprämie 2026", Currency: "EUR", Rates: incentive.Rates{Lead: 500, Delivery: 300, Referral: 1000},
		P2PBonusBP: 200, ValidFrom: "2026-01-01", ValidTo: "2026-12-31"}
}

func (e *env) rule(in incentive.RuleInput) *incentive.Rule {
	e.t.Helper()
	r, err := e.svc.CreateRule(context.Background(), e.admin, in)
	if err != nil {
		e.t.Fatalf("create rule: %v", err)
	}
	return r
}

// win tells the service that a deal was won, as deal registration does.
func (e *env) win(d incentive.WonDeal) incentive.Earned {
	e.t.Helper()
	var got incentive.Earned
	err := e.d.Tx(context.Background(), func(tx *sql.Tx) error {
		var err error
		got, err = e.svc.Earn(context.Background(), tx, d)
		return err
	})
	if err != nil {
		e.t.Fatalf("earn %s: %v", d.ID, err)
	}
	return got
}

func deal(id, customer string, value int64, at time.Time, parties ...incentive.Party) incentive.WonDeal {
	return incentive.WonDeal{ID: id, Customer: customer, Value: value, Currency: "EUR", WonAt: at, Parties: parties}
}

func fields(err error) string {
	e, ok := apperr.As(err)
	if !ok {
		return ""
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field)
	}
	return strings.Join(out, ",")
}

// Admins write rules, staff read them, partners read the terms in force;
// a rule that overlaps another for the same currency is refused, naming
// the field; a change is a new version, the old one stays readable.
func TestRules(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		if _, err := e.svc.CreateRule(ctx, e.manager, euroRule()); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a manager creates a rule: %v", err)
		}
		if _, err := e.svc.CreateRule(ctx, e.aAdmin, euroRule()); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a partner creates a rule: %v", err)
		}
		r := e.rule(euroRule())
		if r.Version != 1 || r.CurrentVersion != 1 {
			t.Errorf("first version: %+v", r)
		}
		overlap := euroRule()
		overlap.Name, overlap.ValidFrom, overlap.ValidTo = "Sommer", "2026-06-01", ""
		if _, err := e.svc.CreateRule(ctx, e.admin, overlap); fields(err) != "valid_from" {
			t.Errorf("overlapping rule: %v", err)
		}
		overlap.Currency = "CHF"
		if _, err := e.svc.CreateRule(ctx, e.admin, overlap); err != nil {
			t.Errorf("the same period in another currency: %v", err)
		}
		next := euroRule()
		next.Name, next.ValidFrom = "Partnerprämie 2027", "2027-01-01"
		next.ValidTo = ""
		e.rule(next)
		bad := euroRule()
		bad.Name, bad.Currency, bad.ValidFrom, bad.ValidTo, bad.Rates.Lead = "", "EURO", "2026-13-01", "2025-01-01", 10_001
		if got := fields(func() error { _, err := e.svc.CreateRule(ctx, e.admin, bad); return err }()); got != "name,currency,rates.lead,valid_from" {
			t.Errorf("bad input names %q", got)
		}

		changed := euroRule()
		changed.P2PBonusBP = 300
		// Moving the end into the next rule's year is an overlap too.
		changed.ValidTo = "2027-01-31"
		if _, err := e.svc.UpdateRule(ctx, e.admin, r.ID, changed); fields(err) != "valid_from" {
			t.Errorf("an edit that overlaps: %v", err)
		}
		changed.ValidTo = "2026-12-31"
		v2, err := e.svc.UpdateRule(ctx, e.admin, r.ID, changed)
		if err != nil || v2.Version != 2 {
			t.Fatalf("edit: %+v, %v", v2, err)
		}
		if same, err := e.svc.UpdateRule(ctx, e.admin, r.ID, changed); err != nil || same.Version != 2 {
			t.Errorf("saving the same again made version %d, %v", same.Version, err)
		}
		if _, err := e.svc.UpdateRule(ctx, e.manager, r.ID, changed); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a manager edits: %v", err)
		}
		old, err := e.svc.Rule(ctx, e.manager, r.ID, 1)
		if err != nil || old.P2PBonusBP != 200 || old.Current() {
			t.Errorf("version 1 as a manager reads it: %+v, %v", old, err)
		}
		if vs, err := e.svc.Versions(ctx, e.manager, r.ID); err != nil || len(vs) != 2 || vs[0].Version != 2 {
			t.Errorf("versions: %d, %v", len(vs), err)
		}
		if _, err := e.svc.Rule(ctx, e.aAdmin, r.ID, 0); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a partner reads a rule's management: %v", err)
		}
		// Partners see the terms of today and later, not who wrote them.
		e.now = time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)
		terms, err := e.svc.Rules(ctx, e.aMember)
		var names []string
		for _, r := range terms {
			names = append(names, r.Name+" "+r.Author)
		}
		if err != nil || strings.Join(names, "; ") != "Sommer ; Partnerprämie 2027 " {
			t.Errorf("terms for a partner in 2027: %q, %v", names, err)
		}
		all, err := e.svc.Rules(ctx, e.manager)
		if err != nil || len(all) != 3 || all[0].Author == "" {
			t.Errorf("staff read %d rules, %v", len(all), err)
		}
		if _, err := e.svc.Rules(ctx, e.recr); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a recruiter reads rules: %v", err)
		}
	})
}

// Earn keeps each party's line with the rule version that computed it; a
// deal in a currency without a rule earns nothing and says so; a deal won
// twice pays once; the quarter's cap cuts the line that crosses it and
// pays nothing after.
func TestEarn(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		in := euroRule()
		in.CapQuarterMinor = 1_000_000 // 10 000,00 EUR
		r := e.rule(in)
		won := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
		joint := deal("deal-1", "Bäckerei Größl GmbH", 10_000_000, won,
			incentive.Party{OrgID: e.A, Role: incentive.RoleLead, SplitBP: 6000}, incentive.Party{OrgID: e.B, Role: incentive.RoleDelivery, SplitBP: 4000})
		got := e.win(joint)
		if got.NoRule != "" || len(got.Lines) != 2 {
			t.Fatalf("earned %+v", got)
		}
		a, b := got.Lines[0], got.Lines[1]
		// A: 60 000,00 × 5 % = 3 000,00 + 2 % bonus 1 200,00; B: 40 000,00 ×
		// 3 % = 1 200,00 + 800,00.
		if a.AmountMinor != 420_000 || a.BonusMinor != 120_000 || a.RuleVersion != 1 || a.RuleID != r.ID || a.Quarter != "2026-Q4" || a.WonOn != "2026-11-20" {
			t.Errorf("A's line: %+v", a)
		}
		if b.AmountMinor != 200_000 || b.RateBP != 300 || b.BonusBP != 200 {
			t.Errorf("B's line: %+v", b)
		}
		// Reopened and won again: nothing new.
		again := e.win(joint)
		if len(again.Lines) != 2 || again.Lines[0].ID != a.ID {
			t.Errorf("won twice: %+v", again)
		}
		// The rule changes; the lines earned keep version 1, the next
		// deal gets version 2.
		in.Rates.Lead = 600
		if _, err := e.svc.UpdateRule(ctx, e.admin, r.ID, in); err != nil {
			t.Fatal(err)
		}
		solo := e.win(deal("deal-2", "Stadtwerke Überlingen", 10_000_000, won.Add(time.Hour), incentive.Party{OrgID: e.A, Role: incentive.RoleLead, SplitBP: 10_000}))
		// 100 000,00 × 6 % = 6 000,00, no bonus; A had 4 200,00: 10 200,00
		// crosses the cap of 10 000,00 and is cut by 200,00.
		if l := solo.Lines[0]; l.RuleVersion != 2 || l.BonusMinor != 0 || l.AmountMinor != 580_000 || l.QuarterCapMinor != 20_000 ||
			strings.Join(l.Notes, ",") != incentive.NoteQuarterCap {
			t.Errorf("the crossing line: %+v", l)
		}
		after := e.win(deal("deal-3", "Müller Maschinenbau", 1_000_000, won.Add(2*time.Hour), incentive.Party{OrgID: e.A, Role: incentive.RoleLead, SplitBP: 10_000}))
		if l := after.Lines[0]; l.AmountMinor != 0 || strings.Join(l.Notes, ",") != incentive.NoteQuarterCapReached {
			t.Errorf("the line after the cap: %+v", l)
		}
		// The next quarter starts afresh (Berlin: 1 January 00:30).
		jan := e.win(deal("deal-4", "Neujahr AG", 1_000_000, time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), incentive.Party{OrgID: e.A, Role: incentive.RoleLead, SplitBP: 10_000}))
		if jan.NoRule != "EUR" || len(jan.Lines) != 0 {
			t.Errorf("a deal won on 1 January 2027 in Berlin has no 2026 rule: %+v", jan)
		}
		chf := e.win(incentive.WonDeal{ID: "deal-5", Customer: "Zürcher AG", Value: 500_000, Currency: "CHF", WonAt: won,
			Parties: []incentive.Party{{OrgID: e.B, Role: incentive.RoleReferral, SplitBP: 10_000}}})
		if chf.NoRule != "CHF" || len(chf.Lines) != 0 || chf.Note("en") != "No incentive rule for CHF: this deal earns no incentive." {
			t.Errorf("CHF without a rule: %+v, %q", chf, chf.Note("en"))
		}
		err := e.d.Tx(ctx, func(tx *sql.Tx) error {
			_, err := e.svc.Earn(ctx, tx, deal("deal-6", "X", 100, won, incentive.Party{OrgID: e.A, Role: incentive.RoleLead, SplitBP: 9000}))
			return err
		})
		if fields(err) != "parties" {
			t.Errorf("splits summing to 90 %%: %v", err)
		}

		// A's statement: three lines, the total is their sum.
		st, err := e.svc.Statement(ctx, e.aMember, e.A, "2026-Q4")
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		for _, l := range st.Lines {
			sum += l.AmountMinor
		}
		if len(st.Lines) != 3 || len(st.Totals) != 1 || st.Totals[0].AmountMinor != sum || sum != 1_000_000 || st.OrgName != "Alpha IT GmbH" {
			t.Errorf("A's statement: %d lines, totals %+v, sum %d", len(st.Lines), st.Totals, sum)
		}
		for _, who := range []*auth.Actor{e.bUser, e.recr, nil} {
			if _, err := e.svc.Statement(ctx, who, e.A, "2026-Q4"); apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("%v reads A's statement: %v", who, err)
			}
		}
		if _, err := e.svc.Statement(ctx, e.manager, e.A, "2026-Q5"); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a quarter that is none: %v", err)
		}
		if _, err := e.svc.Statement(ctx, e.manager, "no-such-org", "2026-Q4"); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("an unknown partner: %v", err)
		}
		all, err := e.svc.Statements(ctx, e.manager, "", "de")
		if err != nil || len(all) != 2 || all[0].OrgName != "Alpha IT GmbH" || all[1].Totals[0].AmountMinor != 200_000 {
			t.Errorf("the quarter's statements: %+v, %v", all, err)
		}
		if _, err := e.svc.Statements(ctx, e.aAdmin, "", "de"); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a partner lists every statement: %v", err)
		}
		own, err := e.svc.Summaries(ctx, e.bUser, "", "en")
		if err != nil || len(own) != 1 || own[0].OrgID != e.B || own[0].Totals[0].AmountMinor != 200_000 {
			t.Errorf("B's own summaries: %+v, %v", own, err)
		}
		if qs, err := e.svc.Quarters(ctx, e.aAdmin); err != nil || strings.Join(qs, ",") != "2026-Q4" {
			t.Errorf("A's quarters: %v, %v", qs, err)
		}
	})
}
