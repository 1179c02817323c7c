package steering

import (
	"context"
	"time"

	"pakt/internal/auth"
)

// SeedDemo records a history of contacts, so that some partners are
// overdue for their cadence, and partner plans for the year.
func SeedDemo(ctx context.Context, s *Service, managers []*auth.Actor, orgs []string, now time.Time) error {
	kinds := []string{"meeting", "call", "qbr", "email", "jour_fixe"}
	minutes := map[string]int{"meeting": 90, "call": 30, "qbr": 120, "email": 15, "jour_fixe": 60}
	year := now.Format("2006")
	for i, org := range orgs {
		if i%4 == 3 {
			continue // never contacted yet
		}
		who := managers[i%len(managers)]
		for k := range 1 + i%3 {
			daysAgo := (i*13)%120 + k*30
			kind := kinds[(i+k)%len(kinds)]
			in := ActivityInput{Kind: kind, On: now.AddDate(0, 0, -daysAgo).Format(time.DateOnly), Minutes: minutes[kind] + (i%3)*15,
				Participants: who.Name, Notes: demoActivityNotes[(i+k)%len(demoActivityNotes)]}
			if _, err := s.AddActivity(ctx, who, org, in); err != nil {
				return err
			}
		}
		if i%5 == 0 {
			target := int64(50000+(i%7)*25000) * 100
			if _, err := s.SavePlan(ctx, who, org, PlanInput{Period: year, Currency: "EUR",
				TargetRevenueMinor: target, TargetDeals: int64(4 + i%6), TargetCertifications: int64(1 + i%3),
				ActualRevenueMinor: target * int64(20+(i*17)%110) / 100, ActualDeals: int64(i % 7), ActualCertifications: int64(i % 3)}); err != nil {
				return err
			}
		}
	}
	return nil
}

var demoActivityNotes = []string{"Pipeline für das nächste Quartal durchgesprochen.", "Neue Ansprechpartnerin im Vertrieb vorgestellt.",
	"Jahresplanung und Ziele abgestimmt.", "Feedback zum letzten Projekt eingeholt.", "Gemeinsame Veranstaltung im Herbst geplant."}
