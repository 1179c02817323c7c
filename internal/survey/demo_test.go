package survey_test

import (
	"context"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/demo"
	"pakt/internal/partner"
	"pakt/internal/survey"
)

// The demo has two past rounds and an open one, answered with varied
// scores, some partners sharing their names; Müller IT answered the past
// rounds and has the open one to answer. The interval starts the next
// round six months after the last.
func TestSeedSurvey(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		authSvc := auth.NewService(d, time.Now)
		authSvc.OrgExists = partner.Exists
		partners := partner.NewService(d, time.Now)
		now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		svc := survey.NewService(d, func() time.Time { return now }, partners, nil)
		if _, err := demo.Seed(ctx, demo.Options{DB: d, Auth: authSvc, Partners: partners, Survey: svc, Count: 60, Seed: 1, Now: now}); err != nil {
			t.Fatal(err)
		}
		admin := &auth.Actor{Role: auth.RoleAdmin}
		rounds, err := svc.Rounds(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		if len(rounds) != 3 || !rounds[0].Open || rounds[1].Open || rounds[2].Open {
			t.Fatalf("%d rounds; want the latest open, two closed", len(rounds))
		}
		for _, r := range rounds {
			res, err := svc.Results(ctx, admin, r.ID, "de")
			if err != nil {
				t.Fatal(err)
			}
			named, low, high := 0, 10, 0
			for _, x := range res.Answers {
				if x.Named {
					named++
				}
				low, high = min(low, x.Score), max(high, x.Score)
			}
			if r.Answered < 4 || named < 2 || named == r.Answered || high-low < 4 || res.Answers[0].OrgName == "" {
				t.Errorf("round of %v: %d answers, %d named, scores %d to %d", r.OpenedAt, r.Answered, named, low, high)
			}
			if contains(res.Answers, "Müller IT GmbH & Co. KG") == r.Open {
				t.Errorf("round of %v (open %v): the showcase partner's answer", r.OpenedAt, r.Open)
			}
		}
		if n := *rounds[1].Summary.NPS; n == *rounds[2].Summary.NPS {
			t.Errorf("the score did not move over time: %d", n)
		}
		if err := svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if again, _ := svc.Rounds(ctx, admin); len(again) != 3 {
			t.Errorf("a round started days after the last: %d rounds", len(again))
		}
	})
}

func contains(list []*survey.Answer, name string) bool {
	for _, x := range list {
		if x.OrgName == name {
			return true
		}
	}
	return false
}
