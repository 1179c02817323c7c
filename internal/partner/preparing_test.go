package partner_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// While the directory index loads, the directory page lists from the
// database and says, in the user's language, that search is still being
// prepared, and where it stopped counting; once loaded, it says nothing of
// the kind and counts all. The load is held by locking the certifications,
// which it reads and the page's list from the database does not;
// PostgreSQL can. Not parallel: it lowers where counting stops.
func TestDirectoryPageWhileTheIndexLoads(t *testing.T) {
	s := apptest.StartPostgres(t)
	if s == nil {
		t.Skip("PAKT_TEST_POSTGRES not set")
	}
	defer partner.SetFallbackCountCap(2)()
	ctx := context.Background()
	for _, name := range []string{"Nordlicht GmbH", "Nordlicht Süd GmbH", "Nordlicht Ost GmbH"} {
		if _, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), Published: new(true)}); err != nil {
			t.Fatal(err)
		}
	}
	staff := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
	tx, err := s.App.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `LOCK TABLE certifications IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	s.App.Partners.Index = partner.NewIndex(s.App.DB)
	loaded := s.App.Partners.Index.Warm(ctx, func(err error) { t.Errorf("load: %v", err) })
	for _, c := range []struct{ lang, want, count string }{{"de", "Die Suche wird noch vorbereitet", "Mehr als 2 Treffer"},
		{"en", "Search is still being prepared", "More than 2 results"}} {
		staff.Lang = c.lang
		r := staff.Get("/partners?q=nordlicht")
		if r.Status != 200 || !strings.Contains(r.Body, c.want) || !strings.Contains(r.Body, c.count) || !strings.Contains(r.Body, "Nordlicht GmbH") {
			t.Errorf("directory while loading (%s): %d, want Nordlicht GmbH, %q and %q in\n%s", c.lang, r.Status, c.want, c.count, r.Body)
		}
	}
	var during partner.Result
	if r := staff.Get("/api/v1/partners?q=nordlicht"); r.Status != 200 || json.Unmarshal([]byte(r.Body), &during) != nil {
		t.Fatalf("API while loading: %d %s", r.Status, r.Body)
	}
	if !during.Preparing || !during.TotalAtLeast || during.Total != 2 {
		t.Errorf("API while loading: preparing %v, total %d, at least %v; want preparing, at least 2", during.Preparing, during.Total, during.TotalAtLeast)
	}
	tx.Rollback()
	<-loaded
	staff.Lang = "en"
	if r := staff.Get("/partners?q=nordlicht"); !strings.Contains(r.Body, "Nordlicht GmbH") || strings.Contains(r.Body, `id="preparing"`) || !strings.Contains(r.Body, "3 results") {
		t.Errorf("directory once loaded: want Nordlicht GmbH, 3 results and no note of preparing in\n%s", r.Body)
	}
}
