package fees_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"pakt/internal/app"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/cosell"
	"pakt/internal/fees"
	"pakt/internal/lifecycle"
)

// clock is a programme clock the tests move.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) set(day string) {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		panic(err)
	}
	c.mu.Lock()
	c.now = t.Add(10 * time.Hour)
	c.mu.Unlock()
}

// withClock starts a server on c.
func withClock(c *clock) apptest.Option { return func(cfg *app.Config) { cfg.Now = c.Now } }

// story is a recruiter's first months: terms set in January and raised
// in February; two prospects qualified (one of them twice) and won in
// January, the first making its first deal within the two months of the
// clawback, the second none; a third qualified in February; another
// recruiter with a prospect of its own and no terms.
type story struct {
	admin, manager, recruiter, other, partner *auth.User
	alpha, beta, gamma, delta                 string
}

// The prospects' names, which no one but staff and their recruiter may
// read.
const (
	alphaName = "Alpha Anwerbung GmbH"
	betaName  = "Beta Bürotechnik AG"
	gammaName = "Gamma Grün KG"
	deltaName = "Delta Daten fremd GmbH"
)

func tell(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func play(t *testing.T, s *apptest.Server, c *clock) *story {
	t.Helper()
	ctx := context.Background()
	c.set("2026-01-05")
	st := &story{admin: s.CreateUser(auth.RoleAdmin, ""), manager: s.CreateUser(auth.RoleManager, ""),
		recruiter: s.CreateUser(auth.RoleRecruiter, ""), other: s.CreateUser(auth.RoleRecruiter, "")}
	admin, rec := st.admin.Actor(), st.recruiter.Actor()
	_, err := s.App.Fees.SaveRule(ctx, admin, st.recruiter.ID, fees.RuleInput{Currency: "EUR", Stage: lifecycle.Qualified,
		StageFeeMinor: 20_000, WonFeeMinor: 150_000, ClawbackMonths: 2, ValidFrom: "2026-01-05"})
	tell(t, err)
	create := func(a *auth.Actor, name string) string {
		p, err := s.App.Pipeline.Create(ctx, a, lifecycle.CreateInput{LegalName: name, Country: "DE"})
		tell(t, err)
		return p.OrgID
	}
	move := func(org, stage string) {
		t.Helper()
		// The story is about fees, not the stage gates: each move gives
		// the reason a gate asks for (none is needed back or to qualified).
		_, err := s.App.Pipeline.MoveWith(ctx, rec, org, lifecycle.MoveInput{Stage: stage, OverrideReason: "Nachweis liegt vor"})
		tell(t, err)
	}
	st.alpha, st.beta = create(rec, alphaName), create(rec, betaName)
	st.delta = create(st.other.Actor(), deltaName)
	c.set("2026-01-10")
	move(st.alpha, lifecycle.Qualified)
	move(st.beta, lifecycle.Qualified)
	c.set("2026-01-12")
	move(st.alpha, lifecycle.Identified)
	move(st.alpha, lifecycle.Qualified)
	c.set("2026-01-20")
	move(st.alpha, lifecycle.Won)
	move(st.beta, lifecycle.Won)
	c.set("2026-02-15")
	_, err = s.App.Fees.SaveRule(ctx, admin, st.recruiter.ID, fees.RuleInput{Currency: "EUR", Stage: lifecycle.Qualified,
		StageFeeMinor: 30_000, WonFeeMinor: 150_000, ClawbackMonths: 2, ValidFrom: "2026-02-15"})
	tell(t, err)
	st.gamma = create(rec, gammaName)
	c.set("2026-02-20")
	move(st.gamma, lifecycle.Qualified)
	// Alpha wins its first deal on 1 March, within two months of its win.
	c.set("2026-03-01")
	st.partner = s.CreateUser(auth.RolePartnerAdmin, st.alpha)
	d, err := s.App.Deals.Register(ctx, st.partner.Actor(), cosell.DealInput{Customer: cosell.Customer{Name: "Kundin Erstgeschäft", Country: "DE", City: "Passau"},
		Solution: "Netzwerk", ValueMinor: 1_000_000, Currency: "EUR", ExpectedClose: "2026-03-31"})
	tell(t, err)
	_, err = s.App.Deals.Approve(ctx, admin, d.ID)
	tell(t, err)
	_, err = s.App.Deals.Win(ctx, st.partner.Actor(), d.ID, nil)
	tell(t, err)
	c.set("2026-04-02")
	return st
}
