package steering

import (
	"context"
	"time"

	"pakt/internal/auth"
)

// SeedDemo records a history of contacts, so that some partners are
// overdue for their cadence, and partner plans for the year. The managers
// work in visibly different styles: the first (and every other) is
// proactive and meets the partners' C-level, the second mostly answers the
// partners' calls and talks to their technical staff.
func SeedDemo(ctx context.Context, s *Service, managers []*auth.Actor, orgs []string, now time.Time) error {
	kinds := []string{"meeting", "call", "qbr", "email", "jour_fixe"}
	minutes := map[string]int{"meeting": 90, "call": 30, "qbr": 120, "email": 15, "jour_fixe": 60}
	year := now.Format("2006")
	for i, org := range orgs {
		if i%4 == 3 {
			continue // never contacted yet
		}
		who := managers[i%len(managers)]
		strategist := i%len(managers)%2 == 0
		executives, staff, err := demoContacts(ctx, s, org)
		if err != nil {
			return err
		}
		for k := range 1 + i%3 + 2*(i%2) {
			daysAgo := (i*13)%120 + k*30
			kind := kinds[(i+k)%len(kinds)]
			in := ActivityInput{Kind: kind, On: now.AddDate(0, 0, -daysAgo).Format(time.DateOnly), Minutes: minutes[kind] + (i%3)*15,
				Participants: who.Name, Notes: demoActivityNotes[(i+k)%len(demoActivityNotes)]}
			// The strategist starts nine contacts in ten and brings the
			// partner's management to most; the other answers the partner
			// in two of three and meets its technicians.
			switch {
			case strategist:
				if (i+k)%10 == 9 {
					in.InitiatedBy = InitiatedByPartner
				}
				if len(executives) > 0 && (i+k)%5 != 4 {
					in.ContactIDs = append(in.ContactIDs, executives[0])
				}
				if len(staff) > 0 && k%2 == 1 {
					in.ContactIDs = append(in.ContactIDs, staff[0])
				}
			default:
				if (i+k)%3 != 2 {
					in.InitiatedBy = InitiatedByPartner
				}
				if len(staff) > 0 {
					in.ContactIDs = append(in.ContactIDs, staff[(i+k)%len(staff)])
				}
				if len(executives) > 0 && (i+k)%8 == 0 {
					in.ContactIDs = append(in.ContactIDs, executives[0])
				}
			}
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

// demoContacts returns the ids of an organisation's contacts flagged
// C-level and of the others, each in the order of their names.
func demoContacts(ctx context.Context, s *Service, org string) (executives, staff []string, err error) {
	all, err := contactsByName(ctx, s.DB, org)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range all {
		if c.cLevel {
			executives = append(executives, c.id)
		} else {
			staff = append(staff, c.id)
		}
	}
	return executives, staff, nil
}

var demoActivityNotes = []string{"Pipeline für das nächste Quartal durchgesprochen.", "Neue Ansprechpartnerin im Vertrieb vorgestellt.",
	"Jahresplanung und Ziele abgestimmt.", "Feedback zum letzten Projekt eingeholt.", "Gemeinsame Veranstaltung im Herbst geplant."}
