package lifecycle

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/partner"
)

// demoProspects are the demo's prospects; with the stage each reaches they
// fill every column of the board.
var demoProspects = []string{
	"Aurora Systemhaus GmbH", "Bergwerk IT-Service KG", "Cobalt Cloud Consulting GmbH", "Donau Datentechnik GmbH",
	"Elbe Netzwerke AG", "Fichtel Software GmbH", "Gipfel Digital UG (haftungsbeschränkt)", "Hanse Security GmbH",
	"Isar Analytics GmbH", "Jura IT-Partner AG", "Kessler & Kühn Systemhaus GmbH", "Lindwurm Solutions GmbH",
	"Main-Tauber IT e.K.", "Nordsee Cloud GmbH", "Oderland Digital GmbH", "Pfalz Datenwerk GmbH",
	"Quellwasser Consulting GmbH", "Rhön Netzwerke GmbH", "Spessart Software AG", "Taunus Technologies GmbH",
	"Uckermark IT GmbH", "Vogtland Digital GmbH", "Westerwald Systeme GmbH", "Zugspitz Data GmbH",
	"Alpenglühen IT AG", "Brocken Cloud GmbH", "Chiemsee Consulting GmbH", "Dreiländereck IT Sàrl",
}

// DemoEvidence is what the demo's prospects show at the stage gates: the
// hooks that find the evidence, as the app connects them (see Service),
// and Prove, which makes a piece of evidence for a prospect on a day (a
// business case, an assessment) and reports false when it cannot. Any may
// be nil.
type DemoEvidence struct {
	MetCLevel       func(ctx context.Context, orgID string) (bool, error)
	BreakEvenMonths func(ctx context.Context, orgID string) (months int, ok bool, err error)
	Assessed        func(ctx context.Context, orgID string) (bool, error)
	Prove           func(ctx context.Context, orgID, evidence string, on time.Time) (bool, error)
}

// SeedDemo creates the demo's prospects and walks them through the
// stages over the past months, so that the board, the funnel and the
// overdue next steps are filled. The service's clock is moved along. At a
// stage gate, two of three prospects bring the evidence (through
// ev.Prove); the third, and every one whose evidence cannot be made,
// moves on by an override with a reason.
func SeedDemo(ctx context.Context, d *db.DB, partners *partner.Service, owners []*auth.Actor, seed int64, now time.Time, ev DemoEvidence) error {
	if len(owners) == 0 {
		return nil
	}
	clock := now
	svc := NewService(d, func() time.Time { return clock }, partners)
	svc.MetCLevel, svc.BreakEvenMonths, svc.Assessed = ev.MetCLevel, ev.BreakEvenMonths, ev.Assessed
	gates, err := loadGates(ctx, d)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0xb0a4d))
	for i, name := range demoProspects {
		// The furthest stage: every stage is reached by some, the early
		// ones by more; every seventh is lost on the way.
		target := Stages[(i*3)%8]
		start := now.AddDate(0, 0, -200+i*5)
		clock = start
		owner := owners[i%len(owners)]
		due := start.AddDate(0, 0, 14+rng.IntN(60)).Format(time.DateOnly)
		p, err := svc.Create(ctx, owner, CreateInput{LegalName: name, Country: "DE", NextStep: demoNextSteps[i%len(demoNextSteps)], DueOn: due})
		if err != nil {
			return fmt.Errorf("prospect %s: %w", name, err)
		}
		for _, stage := range Stages[1:8] {
			if stage == target || slices.Index(Stages, stage) > slices.Index(Stages, target) {
				break
			}
			clock = clock.AddDate(0, 0, 5+rng.IntN(25))
			if clock.After(now) {
				clock = now
			}
			if err := demoMove(ctx, svc, gates, ev, owner, p.OrgID, stage, i); err != nil {
				return err
			}
		}
		clock = clock.AddDate(0, 0, 3+rng.IntN(20))
		if clock.After(now) {
			clock = now
		}
		switch {
		case i%7 == 6:
			if _, err := svc.Move(ctx, owner, p.OrgID, Lost, demoLostReasons[i%len(demoLostReasons)]); err != nil {
				return err
			}
		case target != Identified:
			if err := demoMove(ctx, svc, gates, ev, owner, p.OrgID, target, i); err != nil {
				return err
			}
		}
	}
	return nil
}

var demoNextSteps = []string{"Erstgespräch mit der Geschäftsführung vereinbaren", "Business Case gemeinsam rechnen",
	"Referenzkunden vorstellen", "Vertragsentwurf schicken", "Follow-up nach der Messe", "Workshop zu den Use Cases"}

var demoLostReasons = []string{"Setzt auf einen Wettbewerber", "Kein Budget in diesem Jahr", "Strategie passt nicht"}

// demoMove moves the i-th demo prospect into stage: with the evidence its
// gates ask for, made where it can be, or else by an override.
func demoMove(ctx context.Context, svc *Service, g *Gates, ev DemoEvidence, owner *auth.Actor, orgID, stage string, i int) error {
	p, err := svc.visible(ctx, svc.DB, owner, orgID)
	if err != nil {
		return err
	}
	for _, e := range g.Asked(p.Stage, stage) {
		if i%3 != 0 && ev.Prove != nil {
			if _, err := ev.Prove(ctx, orgID, e, svc.now()); err != nil {
				return fmt.Errorf("evidence %s of %s: %w", e, orgID, err)
			}
		}
	}
	known, err := svc.evidence(ctx, orgID, g.Asked(p.Stage, stage))
	if err != nil {
		return err
	}
	in := MoveInput{Stage: stage}
	if missing := g.Check(p.Stage, stage, known); len(missing) > 0 {
		in.OverrideReason = demoOverrideReasons[missing[0].Evidence][i%2]
	}
	_, err = svc.MoveWith(ctx, owner, orgID, in)
	return err
}

// demoOverrideReasons are the reasons the demo's managers give for moving
// on without a gate's evidence, two per kind.
var demoOverrideReasons = map[string][2]string{
	EvidenceCLevel: {"Geschäftsführer auf dem Partnertag gesprochen, der Termin wird nachgetragen",
		"Vorstand hat per Videocall zugesagt, Protokoll folgt"},
	EvidenceBusinessCase: {"Strategischer Zugang zum Mittelstand, ein späterer Break-even ist akzeptiert",
		"Business Case wird gemeinsam mit dem Vertrag gerechnet"},
	EvidenceAssessment: {"Bewertung folgt im ersten Quartal des Onboardings",
		"Vertrieb hat auf schnellen Abschluss gedrängt, Bewertung wird nachgeholt"},
}
