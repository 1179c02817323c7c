package partner_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/bench"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/demo"
	"pakt/internal/partner"
)

// staffActor asks as a programme admin: every organisation is visible.
var staffActor = &auth.Actor{UserID: "admin", Role: auth.RoleAdmin}

// A process that starts beside a snapshot of the directory index answers
// from it, with what changed in the database since, exactly as a full load
// would; a snapshot the database does not know (one restored from an older
// backup) or taken under another competency taxonomy is not used.
func TestIndexStartsFromItsSnapshot(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc := partner.NewService(d, clock)
		comps, err := bench.SeedCompetencies(ctx, svc)
		if err != nil {
			t.Fatal(err)
		}
		ids, err := bench.Insert(ctx, svc, demo.Drafts(1, 300, comps))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "directory.index")
		// start is a new process's directory: its index keeps snapshots
		// at path and has loaded; it logs to the returned log.
		start := func() (*partner.Service, *apptest.SyncBuffer) {
			t.Helper()
			log := &apptest.SyncBuffer{}
			s := partner.NewService(d, clock)
			s.Index.KeepSnapshots(ctx, path, slog.New(slog.NewTextHandler(log, nil)))
			if err := s.Index.Refresh(ctx); err != nil {
				t.Fatal(err)
			}
			if w := s.Index.SnapshotWritten(); w != nil {
				<-w
			}
			return s, log
		}
		first, log := start()
		if !strings.Contains(log.String(), "directory index snapshot written") {
			t.Fatalf("no snapshot written after the first load; log:\n%s", log)
		}

		// Changes after the snapshot: a new partner, a move, a deletion.
		quanten := mustCreate(t, svc, partner.Input{LegalName: new("Quantenwerk GmbH"), City: new("Passau"), Published: new(true)})
		moved, err := svc.Update(ctx, auth.System, ids[7], partner.Input{City: new("Flensburg")})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Delete(ctx, staffActor, ids[9]); err != nil {
			t.Fatal(err)
		}
		if r, err := first.Search(ctx, staffActor, partner.Query{Text: "Quantenwerk"}); err != nil || r.Total != 1 {
			t.Fatalf("the running index does not find the new partner: %v %+v", err, r)
		}

		// compare asks each question of both and wants the same answers.
		questions := []partner.Query{{Text: "Quantenwerk"}, {Text: "Flensburg"}, {Text: "Passau"}, {Sort: "-name", PerPage: 50},
			{Text: moved.LegalName}, {Facets: partner.AllFacets}}
		questions[len(questions)-1].Filters[partner.FacetCountry] = []string{"DE"}
		for _, k := range bench.QueryKinds() {
			questions = append(questions, k.Query)
		}
		compare := func(step string, got, want *partner.Service) {
			t.Helper()
			found := 0
			for _, q := range questions {
				for _, a := range []*auth.Actor{staffActor, {Role: auth.RolePartnerMember, OrgID: ids[3], UserID: "u"}} {
					g, err := got.Search(ctx, a, q)
					if err != nil {
						t.Fatal(err)
					}
					w, err := want.Search(ctx, a, q)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(g, w) {
						t.Fatalf("%s: %+v as %s:\nfrom the snapshot %+v\nfrom the database %+v", step, q, a.Role, g, w)
					}
					found += min(w.Total, 1)
				}
			}
			if found < len(questions) {
				t.Fatalf("%s: only %d answers find anything", step, found)
			}
		}

		second, log := start()
		if s := log.String(); !strings.Contains(s, "directory index read from its snapshot") || !strings.Contains(s, "changes=3") {
			t.Fatalf("the second process did not start from the snapshot with three changes; log:\n%s", s)
		}
		full := partner.NewService(d, clock)
		compare("started from the snapshot", second, full)
		if r, _ := second.Search(ctx, staffActor, partner.Query{Text: "Quantenwerk"}); r.Total != 1 || r.Hits[0].ID != quanten.ID {
			t.Fatalf("the new partner is not found from the snapshot: %+v", r)
		}

		// A database restored from a backup older than the snapshot does
		// not know its token.
		if _, err := d.ExecContext(ctx, `DELETE FROM directory_snapshots`); err != nil {
			t.Fatal(err)
		}
		third, log := start()
		if s := log.String(); !strings.Contains(s, "snapshot not used") || !strings.Contains(s, "does not know it") || !strings.Contains(s, "snapshot written") {
			t.Fatalf("a snapshot the database does not know was not refused and replaced; log:\n%s", s)
		}
		compare("after a refused snapshot", third, full)

		// Another taxonomy: the snapshot's competency terms are stale.
		if _, err := svc.SaveCompetency(ctx, staffActor, "", partner.CompetencyInput{NameDE: new("Quantenrechnen"), NameEN: new("Quantum computing")}); err != nil {
			t.Fatal(err)
		}
		fourth, log := start()
		if s := log.String(); !strings.Contains(s, "snapshot not used") || !strings.Contains(s, "taxonomy changed") {
			t.Fatalf("a snapshot of another taxonomy was not refused; log:\n%s", s)
		}
		compare("after a change of the taxonomy", fourth, partner.NewService(d, clock))
	})
}
