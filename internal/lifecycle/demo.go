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

// SeedDemo creates the demo's prospects and walks them through the
// stages over the past months, so that the board, the funnel and the
// overdue next steps are filled. The service's clock is moved along.
func SeedDemo(ctx context.Context, d *db.DB, partners *partner.Service, owners []*auth.Actor, seed int64, now time.Time) error {
	if len(owners) == 0 {
		return nil
	}
	clock := now
	svc := NewService(d, func() time.Time { return clock }, partners)
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
			if _, err := svc.Move(ctx, owner, p.OrgID, stage, ""); err != nil {
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
			if _, err := svc.Move(ctx, owner, p.OrgID, target, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

var demoNextSteps = []string{"Erstgespräch mit der Geschäftsführung vereinbaren", "Business Case gemeinsam rechnen",
	"Referenzkunden vorstellen", "Vertragsentwurf schicken", "Follow-up nach der Messe", "Workshop zu den Use Cases"}

var demoLostReasons = []string{"Setzt auf einen Wettbewerber", "Kein Budget in diesem Jahr", "Strategie passt nicht"}
