package painpoints_test

import (
	"context"
	"database/sql"
	"net/url"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/community/painpoints"
	"pakt/internal/partner"
)

// The marker texts of the matrix.
const (
	newTitle    = "Neuer Pain Point im Verband"
	raisedTitle = "Beim Hersteller vorgebrachter Pain Point"
	silentOrg   = "Verschwiegen Systeme GmbH"
	namedOrg    = "Zustimmung Systeme GmbH"
)

// fixture holds the matrix's pain points: a new one and one raised with
// the vendor that A and Verschwiegen support without, Zustimmung with
// consent to be named.
type fixture struct {
	f              *apptest.Fixture
	named, silent  *auth.Actor
	newID, raiseID string
}

func painFixture(f *apptest.Fixture) *fixture {
	return apptest.Once(f, "painpoints", func() *fixture {
		f.Association()
		ctx := context.Background()
		x := &fixture{f: f}
		member := func(name string) *auth.Actor {
			o, err := f.S.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), Published: new(true)})
			if err != nil {
				f.T.Fatal(err)
			}
			err = f.S.App.DB.Tx(ctx, func(tx *sql.Tx) error {
				_, err := f.S.App.Community.StartMembership(ctx, tx, f.AdminActor, o.ID, community.KindOrdinary, time.Now().AddDate(0, -1, 0))
				return err
			})
			if err != nil {
				f.T.Fatal(err)
			}
			return f.S.CreateUser(auth.RolePartnerAdmin, o.ID).Actor()
		}
		x.named, x.silent = member(namedOrg), member(silentOrg)
		x.newID = x.point(newTitle, painpoints.StatusNew)
		x.raiseID = x.point(raisedTitle, painpoints.StatusRaised)
		// Outside the association nobody reads a point; the vendor's
		// liaison reads no point before it is raised, and no supporter's
		// name that did not agree.
		f.Forbid(newTitle, "anon", "manager", "recruiter", "liaison", "other")
		f.Forbid(raisedTitle, "anon", "manager", "recruiter", "other")
		f.Forbid(silentOrg, "anon", "manager", "recruiter", "liaison", "other")
		return x
	})
}

// point makes a point of A's in status, supported by A and Verschwiegen
// (not named) and Zustimmung (named), and returns its id.
func (x *fixture) point(title, status string) string {
	x.f.T.Helper()
	ctx, svc := context.Background(), x.f.S.App.PainPoints
	padmin := x.f.Users["padmin"].Actor()
	p, err := svc.Create(ctx, padmin, painpoints.Input{Title: title, Description: "Lizenzschlüssel kommen zu spät.", Topic: "licensing"})
	if err != nil {
		x.f.T.Fatal(err)
	}
	for _, v := range []struct {
		a     *auth.Actor
		named bool
	}{{padmin, false}, {x.silent, false}, {x.named, true}} {
		if _, err := svc.Support(ctx, v.a, p.ID, v.named); err != nil {
			x.f.T.Fatal(err)
		}
	}
	board := x.f.Users["board"].Actor()
	for _, st := range map[string][]string{painpoints.StatusNew: nil, painpoints.StatusRaised: {painpoints.StatusReview, painpoints.StatusRaised}}[status] {
		if _, err := svc.SetStatus(ctx, board, p.ID, painpoints.StatusInput{Status: st}); err != nil {
			x.f.T.Fatal(err)
		}
	}
	return p.ID
}

// A point's pages and API are the association's: its admins, board and
// members read every point, the vendor's liaison only those raised with
// it; managers, recruiters and B (no member) find none. Members submit,
// A's partner admin supports for A, the board reviews, declines and
// merges, the liaison answers; the board's report is the board's.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	apptest.Matrix(t, "painpoints", func() []apptest.Case {
		page := func(p string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { painFixture(f); return p }
		}
		// fresh makes a new point in status for each role (suffix: the
		// route after its id).
		fresh := func(status, prefix, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string {
				return prefix + painFixture(f).point(f.Unique("Frischer Pain Point"), status) + suffix
			}
		}
		shared := func(prefix string, raised bool, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string {
				x := painFixture(f)
				if raised {
					return prefix + x.raiseID + suffix
				}
				return prefix + x.newID + suffix
			}
		}
		// kept is the point the merge cases merge into, made with the
		// duplicate's path.
		var kept string
		merge := func(prefix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string {
				x := painFixture(f)
				kept = x.point(f.Unique("Behaltener Pain Point"), painpoints.StatusNew)
				return prefix + x.point(f.Unique("Doppelter Pain Point"), painpoints.StatusNew) + "/merge"
			}
		}
		const pp, api = "/community/pain-points/", "/api/v1/community/pain-points/"
		submit := func(*apptest.Fixture) url.Values {
			return url.Values{"title": {"Portal langsam"}, "description": {"Seit Mai."}, "topic": {"support"}, "area": {"Portal"}}
		}
		return []apptest.Case{
			{Pattern: "GET /community/pain-points", Path: page("/community/pain-points"), Want: "admin,board,liaison,padmin,pmember:200 anon:303 *:404"},
			{Pattern: "GET /community/pain-points", Path: page("/community/pain-points?status=raised&topic=licensing"), Want: "admin,board,liaison,padmin,pmember:200 anon:303 *:404"},
			{Pattern: "GET /community/pain-points/new", Path: page("/community/pain-points/new"), Want: "padmin,pmember:200 admin,board:403 anon:303 liaison:404 *:404"},
			{Pattern: "POST /community/pain-points", Path: page("/community/pain-points"), Form: submit, Want: "padmin,pmember:303 admin,board:403 anon:401 liaison:404 *:404"},
			{Pattern: "GET /community/pain-points/report.md", Path: page("/community/pain-points/report.md"), Want: "admin,board:200 anon:303 liaison:404 *:404"},
			{Pattern: "GET /community/pain-points/report.pdf", Path: page("/community/pain-points/report.pdf"), Want: "admin,board:200 anon:303 liaison:404 *:404"},
			{Pattern: "GET /community/pain-points/{id}", Path: shared(pp, false, ""), Want: "admin,board,padmin,pmember:200 anon:303 liaison:404 *:404"},
			{Pattern: "GET /community/pain-points/{id}", Path: shared(pp, true, ""), Want: "admin,board,liaison,padmin,pmember:200 anon:303 *:404"},
			{Pattern: "POST /community/pain-points/{id}/support", Path: fresh(painpoints.StatusNew, pp, "/support"), Form: func(*apptest.Fixture) url.Values { return url.Values{"named": {"1"}} },
				Want: "padmin:303 admin,board,pmember:403 anon:401 liaison:404 *:404"},
			{Pattern: "POST /community/pain-points/{id}/withdraw", Path: fresh(painpoints.StatusNew, pp, "/withdraw"), Want: "padmin:303 admin,board,pmember:403 anon:401 liaison:404 *:404"},
			{Pattern: "POST /community/pain-points/{id}/status", Path: fresh(painpoints.StatusNew, pp, "/status"), Form: func(*apptest.Fixture) url.Values { return url.Values{"status": {"review"}} },
				Want: "admin,board:303 padmin,pmember:403 anon:401 liaison:404 *:404"},
			{Pattern: "POST /community/pain-points/{id}/status", Path: fresh(painpoints.StatusRaised, pp, "/status"),
				Form: func(*apptest.Fixture) url.Values {
					return url.Values{"status": {"declined"}, "reason": {"Der Hersteller ändert das nicht."}}
				},
				Want: "admin,board:303 liaison,padmin,pmember:403 anon:401 *:404"},
			{Pattern: "POST /community/pain-points/{id}/merge", Path: merge(pp), Form: func(*apptest.Fixture) url.Values { return url.Values{"into": {kept}} },
				Want: "admin,board:303 padmin,pmember:403 anon:401 liaison:404 *:404"},
			{Pattern: "POST /community/pain-points/{id}/answer", Path: fresh(painpoints.StatusRaised, pp, "/answer"), Form: func(*apptest.Fixture) url.Values { return url.Values{"answer": {"Wir beheben das im Juli."}} },
				Want: "admin,liaison:303 board,padmin,pmember:403 anon:401 *:404"},

			{Pattern: "GET /api/v1/community/pain-points", Path: page("/api/v1/community/pain-points"), Want: "admin,board,liaison,padmin,pmember:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/community/pain-points", Path: page("/api/v1/community/pain-points"),
				JSON: func(*apptest.Fixture) any {
					return map[string]any{"title": "Portal langsam", "description": "Seit Mai.", "topic": "support"}
				},
				Want: "padmin,pmember:201 admin,board:403 anon:401 liaison:404 *:404"},
			{Pattern: "GET /api/v1/community/pain-points/{id}", Path: shared(api, false, ""), Want: "admin,board,padmin,pmember:200 anon:401 liaison:404 *:404"},
			{Pattern: "GET /api/v1/community/pain-points/{id}", Path: shared(api, true, ""), Want: "admin,board,liaison,padmin,pmember:200 anon:401 *:404"},
			{Pattern: "PUT /api/v1/community/pain-points/{id}/support", Path: fresh(painpoints.StatusNew, api, "/support"), JSON: func(*apptest.Fixture) any { return map[string]any{"named": true} },
				Want: "padmin:200 admin,board,pmember:403 anon:401 liaison:404 *:404"},
			{Pattern: "DELETE /api/v1/community/pain-points/{id}/support", Path: fresh(painpoints.StatusNew, api, "/support"), Want: "padmin:200 admin,board,pmember:403 anon:401 liaison:404 *:404"},
			{Pattern: "PUT /api/v1/community/pain-points/{id}/status", Path: fresh(painpoints.StatusNew, api, "/status"), JSON: func(*apptest.Fixture) any { return map[string]any{"status": "review"} },
				Want: "admin,board:200 padmin,pmember:403 anon:401 liaison:404 *:404"},
			{Pattern: "POST /api/v1/community/pain-points/{id}/merge", Path: merge(api), JSON: func(*apptest.Fixture) any { return map[string]any{"into": kept} },
				Want: "admin,board:200 padmin,pmember:403 anon:401 liaison:404 *:404"},
			{Pattern: "PUT /api/v1/community/pain-points/{id}/answer", Path: fresh(painpoints.StatusRaised, api, "/answer"), JSON: func(*apptest.Fixture) any { return map[string]any{"answer": "Im Juli."} },
				Want: "admin,liaison:200 board,padmin,pmember:403 anon:401 *:404"},
		}
	})
}
