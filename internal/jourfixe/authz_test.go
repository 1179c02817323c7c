package jourfixe_test

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"pakt/internal/app/apptest"
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

// schedule makes the series of a fresh agreement between orgs that began a
// month ago, so that it has past meetings.
func scheduleJourFixe(f *apptest.Fixture, title string, orgs ...string) (agreement, series string) {
	f.T.Helper()
	ctx := context.Background()
	agreement = uuid.Must(uuid.NewV7()).String()
	start := time.Now().UTC().AddDate(0, -1, 0).Truncate(time.Hour).Add(time.Hour)
	svc := f.S.App.JourFixe.At(start.Add(-time.Minute))
	err := f.S.App.DB.Tx(ctx, func(tx *sql.Tx) error {
		return svc.Schedule(ctx, tx, jourfixe.SeriesInput{AgreementID: agreement, Title: title, OrgIDs: orgs,
			Cadence: jourfixe.CadenceWeekly, Start: start, Minutes: 60})
	})
	if err != nil {
		f.T.Fatal(err)
	}
	list, err := f.S.App.JourFixe.List(ctx, f.AdminActor, agreement)
	if err != nil || len(list) != 1 {
		f.T.Fatalf("the series of %s: %v, %v", agreement, list, err)
	}
	return agreement, list[0].ID
}

func jourFixe(f *apptest.Fixture) *jourFixeWorld {
	return apptest.Once(f, "jourfixe", func() *jourFixeWorld { return newJourFixeWorld(f) })
}

// newJourFixeWorld makes the series, meetings and feeds the cases use.
func newJourFixeWorld(f *apptest.Fixture) *jourFixeWorld {
	ctx := context.Background()
	w := &jourFixeWorld{}
	w.agreement, w.series = scheduleJourFixe(f, jourFixeTitle, f.A, f.C)
	d, err := f.S.App.JourFixe.Get(ctx, f.AdminActor, w.series)
	if err != nil {
		f.T.Fatal(err)
	}
	w.meeting = d.Meetings[0].ID
	f.Forbid(jourFixeTitle, "anon", "recruiter", "other")
	// The feed case reads a series whose parties are no leak markers: the
	// token is the credential, whoever holds it sees the parties.
	x, y := f.NewOrg(true), f.NewOrg(true)
	w.feedOwner = f.S.CreateUser(auth.RolePartnerMember, x).Actor()
	_, w.feedSeries = scheduleJourFixe(f, "Offener Jour fixe", x, y)
	nf, err := f.S.App.JourFixe.CreateFeed(ctx, w.feedOwner, w.feedSeries, "")
	if err != nil {
		f.T.Fatal(err)
	}
	w.feedToken = nf.Token
	return w
}

// A jour fixe exists for the users of its parties and the staff; the feed
// needs no login, only a token that works until it is revoked.
func TestAuthorisationMatrix(t *testing.T) {
	apptest.Matrix(t, "jourfixe", func() []apptest.Case {
		series := func(suffix string) func(f *apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/jour-fixe/" + jourFixe(f).series + suffix }
		}
		meeting := func(suffix string) func(f *apptest.Fixture) string {
			return func(f *apptest.Fixture) string {
				w := jourFixe(f)
				return "/jour-fixe/" + w.series + "/meetings/" + w.meeting + suffix
			}
		}
		api := func(page func(f *apptest.Fixture) string) func(f *apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/api/v1" + page(f) }
		}
		revoked := func(f *apptest.Fixture) string {
			ctx := context.Background()
			w := jourFixe(f)
			nf, err := f.S.App.JourFixe.CreateFeed(ctx, w.feedOwner, w.feedSeries, "")
			if err != nil {
				f.T.Fatal(err)
			}
			if err := f.S.App.JourFixe.RevokeFeed(ctx, w.feedOwner, w.feedSeries); err != nil {
				f.T.Fatal(err)
			}
			return jourfixe.FeedPath(nf.Token)
		}
		const (
			party   = "admin,manager,padmin,pmember"
			records = "admin,manager,padmin"
		)
		return []apptest.Case{
			{Pattern: "GET /jour-fixe", Path: func(f *apptest.Fixture) string { jourFixe(f); return "/jour-fixe" }, Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /jour-fixe", Path: func(f *apptest.Fixture) string {
				return "/jour-fixe?agreement=" + url.QueryEscape(jourFixe(f).agreement)
			},
				Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /jour-fixe/{series}", Path: series(""), Want: party + ":200 anon:303 *:404"},
			{Pattern: "POST /jour-fixe/{series}/feed", Path: series("/feed"), Want: party + ":200 anon:401 *:404"},
			{Pattern: "POST /jour-fixe/{series}/feed/revoke", Path: series("/feed/revoke"), Want: party + ":303 anon:401 *:404"},
			{Pattern: "GET /jour-fixe/{series}/meetings/{meeting}", Path: meeting(""), Want: party + ":200 anon:303 *:404"},
			{Pattern: "POST /jour-fixe/{series}/meetings/{meeting}/notes", Path: meeting("/notes"),
				Form: func(*apptest.Fixture) url.Values { return url.Values{"note": {"Besprochen: nächste Schritte."}} }, Want: records + ":303 pmember:403 anon:401 *:404"},
			{Pattern: "POST /jour-fixe/{series}/meetings/{meeting}/held", Path: meeting("/held"),
				Form: func(*apptest.Fixture) url.Values { return url.Values{"held": {"1"}} }, Want: records + ":303 pmember:403 anon:401 *:404"},
			{Pattern: "GET /ical/{token}", Path: func(f *apptest.Fixture) string { return jourfixe.FeedPath(jourFixe(f).feedToken) }, Want: "*:200"},
			{Pattern: "GET /ical/{token}", Path: revoked, Want: "*:404"},
			{Pattern: "GET /ical/{token}", Path: func(f *apptest.Fixture) string { return "/ical/" + strings.Repeat("A", 43) + ".ics" }, Want: "*:404"},

			{Pattern: "GET /api/v1/jour-fixe", Path: func(f *apptest.Fixture) string { jourFixe(f); return "/api/v1/jour-fixe" }, Want: "recruiter:404 anon:401 *:200"},
			{Pattern: "GET /api/v1/jour-fixe/{series}", Path: api(series("")), Want: party + ":200 anon:401 *:404"},
			{Pattern: "GET /api/v1/jour-fixe/{series}/meetings/{meeting}", Path: api(meeting("")), Want: party + ":200 anon:401 *:404"},
			{Pattern: "PATCH /api/v1/jour-fixe/{series}/meetings/{meeting}", Path: api(meeting("")),
				JSON: func(*apptest.Fixture) any { return map[string]any{"held": true, "note": "Per API erfasst."} }, Want: records + ":200 pmember:403 anon:401 *:404"},
			{Pattern: "POST /api/v1/jour-fixe/{series}/feed", Path: api(series("/feed")), Want: party + ":201 anon:401 *:404"},
			{Pattern: "DELETE /api/v1/jour-fixe/{series}/feed", Path: api(series("/feed")), Want: party + ":204 anon:401 *:404"},
		}
	})
}
