package incentive

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
)

// BenchmarkStatements10k builds every statement of a quarter at 10 000
// partners with three lines each (two joint deals and one of its own) on
// SQLite; the target is 2 s. Run:
//
//	go test -run '^$' -bench Statements10k -benchtime 1x ./internal/incentive/
func BenchmarkStatements10k(b *testing.B) {
	const n = 10_000
	d := dbtest.SQLite(b)
	ctx := context.Background()
	at := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return at }
	partners := partner.NewService(d, clock)
	drafts := make([]partner.Draft, n)
	for i := range drafts {
		name := fmt.Sprintf("Partner %05d GmbH", i)
		drafts[i].Input = partner.Input{LegalName: &name}
	}
	ids, err := partners.CreateAll(ctx, auth.System, drafts, nil)
	if err != nil {
		b.Fatal(err)
	}
	s := NewService(d, clock, partners, nil)
	if _, err := s.CreateRule(ctx, auth.System, RuleInput{Name: "Benchmark", Currency: "EUR", Rates: Rates{Lead: 500, Delivery: 300},
		P2PBonusBP: 200, CapDealMinor: 1_000_000, CapQuarterMinor: 5_000_000, ValidFrom: "2026-01-01"}); err != nil {
		b.Fatal(err)
	}
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		for i, id := range ids {
			next := ids[(i+1)%n]
			for _, deal := range []WonDeal{
				{ID: fmt.Sprintf("joint-%d", i), Customer: fmt.Sprintf("Kunde %d AG", i), Value: int64(1_000_000 + i*37), Currency: "EUR", WonAt: at,
					Parties: []Party{{OrgID: id, Role: RoleLead, SplitBP: 6000}, {OrgID: next, Role: RoleDelivery, SplitBP: 4000}}},
				{ID: fmt.Sprintf("solo-%d", i), Customer: fmt.Sprintf("Eigenkunde %d GmbH", i), Value: int64(500_000 + i), Currency: "EUR", WonAt: at,
					Parties: []Party{{OrgID: id, Role: RoleLead, SplitBP: 10_000}}},
			} {
				if _, err := s.Earn(ctx, tx, deal); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		list, err := s.Statements(ctx, auth.System, "2026-Q4", "de")
		if err != nil {
			b.Fatal(err)
		}
		if len(list) != n || len(list[0].Lines) != 3 {
			b.Fatalf("%d statements, the first with %d lines", len(list), len(list[0].Lines))
		}
	}
}
