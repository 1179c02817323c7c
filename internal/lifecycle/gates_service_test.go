package lifecycle_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/lifecycle"
	"pakt/internal/partner"
)

// TestStageGates: the programme's gates start as the seed's, admins change
// them, a move without evidence is refused until a reason is given, and
// the override stays in the history and the audit log.
func TestStageGates(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)}
		user := userMaker(t, d, c)
		admin := user("admin@example.com", auth.RoleAdmin)
		manager := user("manager@example.com", auth.RoleManager)
		rita := user("rita@example.com", auth.RoleRecruiter)
		s := lifecycle.NewService(d, c.Now, partner.NewService(d, c.Now))

		g, err := s.Gates(ctx, rita)
		if err != nil {
			t.Fatal(err)
		}
		if want := lifecycle.DefaultGates(); !reflect.DeepEqual(*g, want) {
			t.Fatalf("a new programme's gates: %+v, want the seed's %+v", *g, want)
		}
		if _, err := s.SetGates(ctx, manager, lifecycle.DefaultGates()); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a manager sets the gates: got %v, want forbidden", err)
		}
		if _, err := s.SetGates(ctx, rita, lifecycle.DefaultGates()); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("a recruiter sets the gates: got %v, want not found", err)
		}
		bad := lifecycle.Gates{Stages: map[string][]string{lifecycle.Won: {lifecycle.EvidenceAssessment}}, BreakEvenMonths: 40}
		if _, err := s.SetGates(ctx, admin, bad); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("40 months: got %v, want invalid", err)
		}
		if g, _ := s.Gates(ctx, admin); g.BreakEvenMonths != 12 {
			t.Errorf("a refused change changed the months to %d", g.BreakEvenMonths)
		}

		p, err := s.Create(ctx, rita, lifecycle.CreateInput{LegalName: "Torwächter GmbH"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Move(ctx, rita, p.OrgID, lifecycle.BusinessCase, ""); err == nil {
			t.Fatal("a move into business case without a C-level meeting went ahead")
		}
		// A recruiter overrides with a reason; MetCLevel is not connected.
		c.now = c.now.Add(time.Hour)
		moved, err := s.MoveWith(ctx, rita, p.OrgID, lifecycle.MoveInput{Stage: lifecycle.BusinessCase, OverrideReason: "  Termin mit dem CEO steht, ist aber noch nicht erfasst "})
		if err != nil {
			t.Fatal(err)
		}
		last := moved.History[len(moved.History)-1]
		if moved.Stage != lifecycle.BusinessCase || last.OverrideReason != "Termin mit dem CEO steht, ist aber noch nicht erfasst" || !reflect.DeepEqual(last.Overridden, []string{lifecycle.EvidenceCLevel}) {
			t.Fatalf("the override's change: %+v", last)
		}
		// Its card misses the business case for the contract.
		if want := []lifecycle.Missing{{Stage: lifecycle.Contract, Evidence: lifecycle.EvidenceBusinessCase}}; !reflect.DeepEqual(moved.Missing, want) {
			t.Errorf("missing for the next stage: %+v, want %+v", moved.Missing, want)
		}
		entries, _, err := audit.List(ctx, d, audit.Filter{ObjectType: "prospect", Action: "move"})
		if err != nil || len(entries) != 1 {
			t.Fatalf("the override's audit entries: %d, %v", len(entries), err)
		}
		var after map[string]any
		if err := json.Unmarshal([]byte(entries[0].After), &after); err != nil || after["override_reason"] != last.OverrideReason {
			t.Errorf("the audit entry of the override: %s (%v)", entries[0].After, err)
		}

		// The business case breaks even in month 14: too late at 12
		// months, in time once the admin allows 18.
		s.BreakEvenMonths = func(_ context.Context, id string) (int, bool, error) { return 14, id == p.OrgID, nil }
		_, err = s.Move(ctx, rita, p.OrgID, lifecycle.Contract, "")
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Conflict || len(e.Fields) != 1 || e.Fields[0].Field != "gate_business_case" {
			t.Fatalf("contract with a late business case: got %v, want a conflict on gate_business_case", err)
		}
		relaxed := lifecycle.DefaultGates()
		relaxed.BreakEvenMonths = 18
		if _, err := s.SetGates(ctx, admin, relaxed); err != nil {
			t.Fatal(err)
		}
		if g, _ := s.Gates(ctx, manager); !reflect.DeepEqual(*g, relaxed) {
			t.Errorf("gates after the change: %+v, want %+v", *g, relaxed)
		}
		if _, n, _ := audit.List(ctx, d, audit.Filter{ObjectType: "stage_gates", Action: "update"}); n != 1 {
			t.Errorf("the change of the gates: %d audit entries, want 1", n)
		}
		board, err := s.Board(ctx, rita, lifecycle.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, col := range board {
			for _, card := range col.Cards {
				if len(card.Missing) > 0 {
					t.Errorf("with 18 months the card of %s misses %+v", card.Name, card.Missing)
				}
			}
		}
		c.now = c.now.Add(time.Hour)
		moved, err = s.MoveWith(ctx, rita, p.OrgID, lifecycle.MoveInput{Stage: lifecycle.Contract, OverrideReason: "nicht nötig"})
		if err != nil {
			t.Fatal(err)
		}
		if last := moved.History[len(moved.History)-1]; last.To != lifecycle.Contract || last.OverrideReason != "" || len(last.Overridden) != 0 {
			t.Errorf("a move with its evidence kept a reason: %+v", last)
		}
		// No gate at all: won without assessment once the admin drops it.
		if _, err := s.SetGates(ctx, admin, lifecycle.Gates{BreakEvenMonths: 12}); err != nil {
			t.Fatal(err)
		}
		if g, _ := s.Gates(ctx, admin); len(g.Stages) != 0 {
			t.Errorf("gates after dropping all: %+v", g.Stages)
		}
		if p, err := s.Move(ctx, manager, p.OrgID, lifecycle.Onboarding, ""); err != nil || p.Stage != lifecycle.Onboarding {
			t.Errorf("onboarding without gates: %v", err)
		}
	})
}
