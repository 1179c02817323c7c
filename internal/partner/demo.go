package partner

import (
	"context"

	"pakt/internal/auth"
)

// DemoOwnOnly sets the ownership setting without an audit entry: the demo
// makes its history with every manager seeing every partner, as a
// programme did before it restricted them, and restricts them at the end
// (SeedOwnership).
func DemoOwnOnly(ctx context.Context, s *Service, on bool) error {
	return saveOwnershipSettings(ctx, s.DB, OwnershipSettings{OwnOnly: on})
}

// SeedOwnership gives the demo's partners (ids, owned in turn by the
// managers) deputies and handovers with notes, then restricts managers to
// their own partners, the programme's default.
func SeedOwnership(ctx context.Context, s *Service, admin *auth.Actor, managers []*auth.Actor, ids []string) error {
	if len(managers) < 2 || len(ids) < 8 {
		return DemoOwnOnly(ctx, s, true)
	}
	anna, tom := managers[0], managers[1]
	// ids[i] belongs to managers[i % 2]: Tom stands in for two of Anna's
	// partners during her parental leave, Anna for one of Tom's.
	for _, d := range []struct {
		org    string
		deputy *auth.Actor
	}{{ids[2], tom}, {ids[4], tom}, {ids[3], anna}} {
		if _, err := s.SetDeputies(ctx, admin, d.org, []string{d.deputy.UserID}); err != nil {
			return err
		}
	}
	for _, h := range []struct {
		org  string
		to   *auth.Actor
		note string
	}{
		{ids[6], tom, "Tom kennt den Geschäftsführer aus dem Cloud-Projekt bei der Stadtwerke-Gruppe. Offen: Angebot für das Q3-Review, der Partnerplan für nächstes Jahr fehlt noch."},
		{ids[7], anna, "Übergabe wegen Regionszuschnitt Süd. Der Partner wünscht sich mehr Vertriebsunterstützung; die Entscheiderin ist die kaufmännische Leiterin, nicht der Technikchef."},
	} {
		if _, err := s.HandOver(ctx, admin, h.org, HandoverInput{To: h.to.UserID, Note: h.note}); err != nil {
			return err
		}
	}
	return DemoOwnOnly(ctx, s, true)
}
