package painpoints

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
)

// BenchmarkRankedList measures the pain-point list ranked by support, as
// a member company's partner admin opens it (the first page, with its
// organisation's own votes marked), at 10 000 points and 200 000 votes of
// 400 member organisations on SQLite; the target is a p99 of at
// most 50 ms. Points and votes are bulk-loaded with the count of votes
// kept on each point, as the vote's transaction keeps it. It also reports
// the list filtered by status and by topic, and the first list after a
// vote. Run:
//
//	go test -run '^$' -bench RankedList -benchtime 200x -timeout 30m ./internal/community/painpoints/
func BenchmarkRankedList(b *testing.B) {
	const orgs, points, votesTotal = 400, 10_000, 200_000
	d := dbtest.SQLite(b)
	ctx := context.Background()
	now := time.Now().UTC()
	clock := func() time.Time { return now }
	partners := partner.NewService(d, clock)
	cs := community.NewService(d, clock)
	sys := &auth.Actor{UserID: "admin", Role: auth.RoleAdmin}
	if _, err := cs.SaveSettings(ctx, sys, community.SettingsInput{Mode: new(community.ModeAssociation)}); err != nil {
		b.Fatal(err)
	}
	drafts := make([]partner.Draft, orgs)
	for i := range drafts {
		name := fmt.Sprintf("Mitglied %03d GmbH", i)
		drafts[i].Input = partner.Input{LegalName: &name, Published: new(true)}
	}
	orgIDs, err := partners.CreateAll(ctx, auth.System, drafts, nil)
	if err != nil {
		b.Fatal(err)
	}
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		for _, id := range orgIDs {
			if _, err := cs.StartMembership(ctx, tx, sys, id, community.KindOrdinary, now.AddDate(-2, 0, 0)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// Point p and its partner p+points/2 share 40 votes between them, so
	// that the support is spread from 0 to 40 and sums to votesTotal.
	support := make([]int, points)
	for p := range points / 2 {
		support[p] = (p * 7919) % 41
		support[p+points/2] = 2*votesTotal/points - support[p]
	}
	load, err := d.Loader(db.Unsynced(ctx))
	if err != nil {
		b.Fatal(err)
	}
	statuses := append(slices.Clone(Statuses), StatusMerged)
	err = load.Part(ctx, func(bk *db.Bulk) error {
		rows := make([][]any, points)
		for p := range rows {
			at := now.Add(-time.Duration(p) * time.Minute)
			rows[p] = []any{fmt.Sprintf("p%05d", p), orgIDs[p%orgs], "", fmt.Sprintf("Pain Point %05d", p), "Beschreibung", Topics[p%len(Topics)], "",
				statuses[(p*13)%len(statuses)], support[p], at, at}
		}
		return bk.Insert(ctx, "pain_points", []string{"id", "org_id", "submitted_by", "title", "description", "topic", "area", "status", "support", "created_at", "updated_at"}, rows)
	})
	if err != nil {
		b.Fatal(errors.Join(err, load.Close()))
	}
	const part = 50_000
	var votes [][]any
	flush := func() error {
		err := load.Part(ctx, func(bk *db.Bulk) error {
			return bk.Insert(ctx, "pain_point_votes", []string{"point_id", "org_id", "named", "voted_by", "created_at"}, votes)
		})
		votes = votes[:0]
		return err
	}
	for p, n := range support {
		for k := range n {
			votes = append(votes, []any{fmt.Sprintf("p%05d", p), orgIDs[(p*7+k)%orgs], k%3 == 0, "", now})
			if len(votes) == part {
				if err := flush(); err != nil {
					b.Fatal(errors.Join(err, load.Close()))
				}
			}
		}
	}
	if err := flush(); err != nil {
		b.Fatal(errors.Join(err, load.Close()))
	}
	if err := load.Close(); err != nil {
		b.Fatal(err)
	}
	if err := d.Analyze(ctx); err != nil {
		b.Fatal(err)
	}
	s := NewService(d, clock, cs, nil)
	member := &auth.Actor{UserID: "u", Role: auth.RolePartnerAdmin, OrgID: orgIDs[0]}
	check := func(page *Page, f Filter) {
		if len(page.Items) != PerPage || page.Total == 0 {
			b.Fatalf("list %+v: %d items of %d", f, len(page.Items), page.Total)
		}
		for i := 1; i < len(page.Items); i++ {
			if page.Items[i].Support > page.Items[i-1].Support {
				b.Fatalf("list %+v not ranked by support at %d", f, i)
			}
		}
	}
	measure := func(f Filter, n int) []time.Duration {
		durations := make([]time.Duration, 0, n)
		for range n {
			start := time.Now()
			page, err := s.List(ctx, member, f)
			if err != nil {
				b.Fatal(err)
			}
			durations = append(durations, time.Since(start))
			check(page, f)
		}
		return durations
	}
	measure(Filter{}, 1)
	b.ReportAllocs()
	b.ResetTimer()
	durations := measure(Filter{}, b.N)
	b.StopTimer()
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(durations[min(len(durations)-1, len(durations)*99/100)].Microseconds())/1000, "p99-ms")
	for name, f := range map[string]Filter{"status": {Status: StatusRaised}, "topic": {Topic: Topics[1]}, "page-100": {Page: 100}} {
		ds := measure(f, 20)
		slices.Sort(ds)
		b.ReportMetric(float64(ds[len(ds)*19/20].Microseconds())/1000, name+"-p95-ms")
	}
	// The first list after a vote: the vote's transaction keeps the count.
	if _, err := s.Support(ctx, member, "p00000", true); err != nil {
		b.Fatal(err)
	}
	ds := measure(Filter{}, 5)
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "after-vote-p50-ms")
}
