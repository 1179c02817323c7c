package partner_test

import (
	"context"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// While the directory index loads, the directory page lists from the
// database and says, in the user's language, that search is still being
// prepared; once loaded, it says nothing of the kind. The load is held by
// locking the certifications, which it reads and the page's list from the
// database does not; PostgreSQL can.
func TestDirectoryPageWhileTheIndexLoads(t *testing.T) {
	t.Parallel()
	s := apptest.StartPostgres(t)
	if s == nil {
		t.Skip("PAKT_TEST_POSTGRES not set")
	}
	ctx := context.Background()
	if _, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new("Nordlicht GmbH"), Published: new(true)}); err != nil {
		t.Fatal(err)
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
	for _, c := range []struct{ lang, want string }{{"de", "Die Suche wird noch vorbereitet"}, {"en", "Search is still being prepared"}} {
		staff.Lang = c.lang
		r := staff.Get("/partners?q=nordlicht")
		if r.Status != 200 || !strings.Contains(r.Body, c.want) || !strings.Contains(r.Body, "Nordlicht GmbH") {
			t.Errorf("directory while loading (%s): %d, want Nordlicht GmbH and %q in\n%s", c.lang, r.Status, c.want, r.Body)
		}
	}
	tx.Rollback()
	<-loaded
	if r := staff.Get("/partners?q=nordlicht"); !strings.Contains(r.Body, "Nordlicht GmbH") || strings.Contains(r.Body, `id="preparing"`) {
		t.Errorf("directory once loaded: want Nordlicht GmbH and no note of preparing in\n%s", r.Body)
	}
}
