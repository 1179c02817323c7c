package app_test

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"pakt/internal/auth"
	"pakt/internal/jourfixe"
)

// jourFixeWorld is what the jour fixe cases of one fixture refer to: a
// series between A and C with a past meeting, and a calendar feed of a
// series between two other partners.
type jourFixeWorld struct {
	agreement, series, meeting string
	feedOwner                  *auth.Actor
	feedSeries, feedToken      string
}

// jourFixeTitle is the series' title: confidential to A, C and the staff.
const jourFixeTitle = "Vertraulicher Jour fixe Alpha Gamma"

var (
	jourFixeMu     sync.Mutex
	jourFixeWorlds = map[*fixture]*jourFixeWorld{}
)

// schedule makes the series of a fresh agreement between orgs that began a
// month ago, so that it has past meetings.
func scheduleJourFixe(f *fixture, title string, orgs ...string) (agreement, series string) {
	f.t.Helper()
	ctx := context.Background()
	agreement = uuid.Must(uuid.NewV7()).String()
	start := time.Now().UTC().AddDate(0, -1, 0).Truncate(time.Hour).Add(time.Hour)
	svc := f.s.App.JourFixe.At(start.Add(-time.Minute))
	err := f.s.App.DB.Tx(ctx, func(tx *sql.Tx) error {
		return svc.Schedule(ctx, tx, jourfixe.SeriesInput{AgreementID: agreement, Title: title, OrgIDs: orgs,
			Cadence: jourfixe.CadenceWeekly, Start: start, Minutes: 60})
	})
	if err != nil {
		f.t.Fatal(err)
	}
	list, err := f.s.App.JourFixe.List(ctx, f.adminActor, agreement)
	if err != nil || len(list) != 1 {
		f.t.Fatalf("the series of %s: %v, %v", agreement, list, err)
	}
	return agreement, list[0].ID
}

func jourFixe(f *fixture) *jourFixeWorld {
	jourFixeMu.Lock()
	defer jourFixeMu.Unlock()
	if w := jourFixeWorlds[f]; w != nil {
		return w
	}
	ctx := context.Background()
	w := &jourFixeWorld{}
	w.agreement, w.series = scheduleJourFixe(f, jourFixeTitle, f.A, f.C)
	d, err := f.s.App.JourFixe.Get(ctx, f.adminActor, w.series)
	if err != nil {
		f.t.Fatal(err)
	}
	w.meeting = d.Meetings[0].ID
	for _, role := range []string{"anon", "recruiter", "other"} {
		f.secretsForbidden[role] = append(f.secretsForbidden[role], jourFixeTitle)
	}
	// The feed case reads a series whose parties are no leak markers: the
	// token is the credential, whoever holds it sees the parties.
	x, y := f.newOrg(true), f.newOrg(true)
	w.feedOwner = f.s.CreateUser(auth.RolePartnerMember, x).Actor()
	_, w.feedSeries = scheduleJourFixe(f, "Offener Jour fixe", x, y)
	nf, err := f.s.App.JourFixe.CreateFeed(ctx, w.feedOwner, w.feedSeries, "")
	if err != nil {
		f.t.Fatal(err)
	}
	w.feedToken = nf.Token
	jourFixeWorlds[f] = w
	return w
}

// A jour fixe exists for the users of its parties and the staff; the feed
// needs no login, only a token that works until it is revoked.
func init() {
	featureCases = append(featureCases, func() []matrixCase {
		series := func(suffix string) func(f *fixture) string {
			return func(f *fixture) string { return "/jour-fixe/" + jourFixe(f).series + suffix }
		}
		meeting := func(suffix string) func(f *fixture) string {
			return func(f *fixture) string {
				w := jourFixe(f)
				return "/jour-fixe/" + w.series + "/meetings/" + w.meeting + suffix
			}
		}
		api := func(page func(f *fixture) string) func(f *fixture) string {
			return func(f *fixture) string { return "/api/v1" + page(f) }
		}
		revoked := func(f *fixture) string {
			ctx := context.Background()
			w := jourFixe(f)
			nf, err := f.s.App.JourFixe.CreateFeed(ctx, w.feedOwner, w.feedSeries, "")
			if err != nil {
				f.t.Fatal(err)
			}
			if err := f.s.App.JourFixe.RevokeFeed(ctx, w.feedOwner, w.feedSeries); err != nil {
				f.t.Fatal(err)
			}
			return jourfixe.FeedPath(nf.Token)
		}
		const (
			party   = "admin,manager,padmin,pmember"
			records = "admin,manager,padmin"
		)
		return []matrixCase{
			{pattern: "GET /jour-fixe", path: func(f *fixture) string { jourFixe(f); return "/jour-fixe" }, want: "recruiter:404 anon:303 *:200"},
			{pattern: "GET /jour-fixe", path: func(f *fixture) string { return "/jour-fixe?agreement=" + url.QueryEscape(jourFixe(f).agreement) },
				want: "recruiter:404 anon:303 *:200"},
			{pattern: "GET /jour-fixe/{series}", path: series(""), want: party + ":200 anon:303 *:404"},
			{pattern: "POST /jour-fixe/{series}/feed", path: series("/feed"), want: party + ":200 anon:401 *:404"},
			{pattern: "POST /jour-fixe/{series}/feed/revoke", path: series("/feed/revoke"), want: party + ":303 anon:401 *:404"},
			{pattern: "GET /jour-fixe/{series}/meetings/{meeting}", path: meeting(""), want: party + ":200 anon:303 *:404"},
			{pattern: "POST /jour-fixe/{series}/meetings/{meeting}/notes", path: meeting("/notes"),
				form: func(*fixture) url.Values { return url.Values{"note": {"Besprochen: nächste Schritte."}} }, want: records + ":303 pmember:403 anon:401 *:404"},
			{pattern: "POST /jour-fixe/{series}/meetings/{meeting}/held", path: meeting("/held"),
				form: func(*fixture) url.Values { return url.Values{"held": {"1"}} }, want: records + ":303 pmember:403 anon:401 *:404"},
			{pattern: "GET /ical/{token}", path: func(f *fixture) string { return jourfixe.FeedPath(jourFixe(f).feedToken) }, want: "*:200"},
			{pattern: "GET /ical/{token}", path: revoked, want: "*:404"},
			{pattern: "GET /ical/{token}", path: func(f *fixture) string { return "/ical/" + strings.Repeat("A", 43) + ".ics" }, want: "*:404"},

			{pattern: "GET /api/v1/jour-fixe", path: func(f *fixture) string { jourFixe(f); return "/api/v1/jour-fixe" }, want: "recruiter:404 anon:401 *:200"},
			{pattern: "GET /api/v1/jour-fixe/{series}", path: api(series("")), want: party + ":200 anon:401 *:404"},
			{pattern: "GET /api/v1/jour-fixe/{series}/meetings/{meeting}", path: api(meeting("")), want: party + ":200 anon:401 *:404"},
			{pattern: "PATCH /api/v1/jour-fixe/{series}/meetings/{meeting}", path: api(meeting("")),
				json: func(*fixture) any { return map[string]any{"held": true, "note": "Per API erfasst."} }, want: records + ":200 pmember:403 anon:401 *:404"},
			{pattern: "POST /api/v1/jour-fixe/{series}/feed", path: api(series("/feed")), want: party + ":201 anon:401 *:404"},
			{pattern: "DELETE /api/v1/jour-fixe/{series}/feed", path: api(series("/feed")), want: party + ":204 anon:401 *:404"},
		}
	})
}
