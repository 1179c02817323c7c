package groups_test

import (
	"context"
	"net/url"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/community/groups"
)

// matrixFixture holds the matrix's groups: GA ("Hochverfügbarkeit und
// Sicherheit"), which A's partner admin leads and its partner member is
// not in, and GC ("Presse- und Öffentlichkeitsarbeit"), led by a user of
// C, which nobody of A is in; each with a meeting whose minutes and a file
// whose name and content are secret markers.
type matrixFixture struct {
	ga, gc       string
	meetA, meetC string
	fileA, fileC string
	padmin       *auth.Actor
	board        *auth.Actor
}

func fixture(f *apptest.Fixture) *matrixFixture {
	f.Association()
	return apptest.Once(f, "groups", func() *matrixFixture {
		ctx, svc := context.Background(), f.S.App.Groups
		x := &matrixFixture{ga: "wg-availability", gc: "wg-press", padmin: f.Users["padmin"].Actor(), board: f.Users["board"].Actor()}
		leadC := f.S.CreateUser(auth.RolePartnerAdmin, f.C).Actor()
		must := func(err error) {
			if err != nil {
				f.T.Fatal(err)
			}
		}
		for _, g := range []struct {
			id      string
			lead    *auth.Actor
			meeting *string
			file    *string
			secret  string
		}{{x.ga, x.padmin, &x.meetA, &x.fileA, "GA"}, {x.gc, leadC, &x.meetC, &x.fileC, "GC"}} {
			_, err := svc.Join(ctx, g.lead, g.id)
			must(err)
			_, err = svc.SetLead(ctx, x.board, g.id, g.lead.UserID, true)
			must(err)
			m, err := svc.CreateMeeting(ctx, g.lead, g.id, groups.MeetingInput{StartsAt: new("2026-01-15T10:00"), Place: new("Berlin"),
				Minutes: new("Protokoll-Geheimnis-" + g.secret)})
			must(err)
			*g.meeting = m.ID
			files, err := svc.AddFiles(ctx, g.lead, g.id, []groups.Upload{{Name: "Dateiname-Geheimnis-" + g.secret + ".pdf",
				Content: []byte("%PDF-1.4\nDateiinhalt-Geheimnis-" + g.secret + "\n%%EOF\n")}})
			must(err)
			*g.file = files[0].ID
		}
		outsiders := []string{"anon", "manager", "recruiter", "liaison", "other"}
		for _, m := range []string{"Protokoll-Geheimnis-GC", "Dateiname-Geheimnis-GC", "Dateiinhalt-Geheimnis-GC"} {
			f.Forbid(m, append(outsiders, "padmin", "pmember")...)
		}
		for _, m := range []string{"Protokoll-Geheimnis-GA", "Dateiname-Geheimnis-GA", "Dateiinhalt-Geheimnis-GA"} {
			f.Forbid(m, append(outsiders, "pmember")...)
		}
		return x
	})
}

// freshGroup sets up a new group, with A's users in it when joined.
func freshGroup(f *apptest.Fixture, joined bool) string {
	x := fixture(f)
	ctx, svc := context.Background(), f.S.App.Groups
	g, err := svc.Create(ctx, x.board, groups.GroupInput{Kind: new(groups.KindThematic), NameDE: new(f.Unique("Arbeitskreis")), NameEN: new(f.Unique("Group"))})
	if err != nil {
		f.T.Fatal(err)
	}
	if joined {
		for _, r := range []string{"padmin", "pmember"} {
			if _, err := svc.Join(ctx, f.Users[r].Actor(), g.ID); err != nil {
				f.T.Fatal(err)
			}
		}
	}
	return g.ID
}

// TestAuthorisationMatrix: the groups are the association's insiders'
// (admins, board, A's users); a group's files and minutes are its own
// people's (A's partner admin in GA; the board, admins), never A's partner
// member, who is in no group, nor anyone of A in GC. The board sets
// groups up and names leads; leads and the board run meetings and
// announce; the report is the board's.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	apptest.Matrix(t, "groups", func() []apptest.Case {
		page := func(p string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { fixture(f); return p }
		}
		group := func(g func(*matrixFixture) string, tail string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/community/groups/" + g(fixture(f)) + tail }
		}
		api := func(g func(*matrixFixture) string, tail string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/api/v1/community/groups/" + g(fixture(f)) + tail }
		}
		ga := func(x *matrixFixture) string { return x.ga }
		gc := func(x *matrixFixture) string { return x.gc }
		meetA := func(x *matrixFixture) string { return x.ga + "/meetings/" + x.meetA }
		meetC := func(x *matrixFixture) string { return x.gc + "/meetings/" + x.meetC }
		fresh := func(joined bool, tail string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/community/groups/" + freshGroup(f, joined) + tail }
		}
		freshAPI := func(joined bool, tail string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/api/v1/community/groups/" + freshGroup(f, joined) + tail }
		}
		freshMeeting := func(prefix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string {
				x := fixture(f)
				m, err := f.S.App.Groups.CreateMeeting(context.Background(), x.padmin, x.ga, groups.MeetingInput{StartsAt: new("2026-02-01T10:00"), Place: new("Köln")})
				if err != nil {
					f.T.Fatal(err)
				}
				return prefix + x.ga + "/meetings/" + m.ID
			}
		}
		freshFile := func(f *apptest.Fixture) string {
			x := fixture(f)
			fl, err := f.S.App.Groups.AddFiles(context.Background(), x.padmin, x.ga, []groups.Upload{{Name: "Entwurf.pdf", Content: []byte("%PDF-1.4\n%%EOF\n")}})
			if err != nil {
				f.T.Fatal(err)
			}
			return "/community/groups/" + x.ga + "/files/" + fl[0].ID + "/delete"
		}
		form := func(kv ...string) func(*apptest.Fixture) url.Values {
			return func(*apptest.Fixture) url.Values {
				v := url.Values{}
				for i := 0; i < len(kv); i += 2 {
					v.Set(kv[i], kv[i+1])
				}
				return v
			}
		}
		lead := func(f *apptest.Fixture) url.Values {
			return url.Values{"user_id": {fixture(f).padmin.UserID}, "lead": {"1"}}
		}
		js := func(v any) func(*apptest.Fixture) any { return func(*apptest.Fixture) any { return v } }
		const (
			insiders   = "admin,board,padmin,pmember:200 anon:303 *:404"
			boardPage  = "admin,board:200 anon:303 *:404"
			boardPost  = "admin,board:303 anon:401 *:404"
			leadPost   = "admin,board,padmin:303 pmember:403 anon:401 *:404"
			apiInside  = "admin,board,padmin,pmember:200 anon:401 *:404"
			apiLead    = "admin,board,padmin:200 pmember:403 anon:401 *:404"
			apiBoard   = "admin,board:200 padmin,pmember:403 anon:401 *:404"
			innerGA    = "admin,board,padmin:200 anon:303 *:404"
			apiInnerGA = "admin,board,padmin:200 anon:401 *:404"
		)
		return []apptest.Case{
			{Pattern: "GET /community/groups", Path: page("/community/groups"), Want: insiders},
			{Pattern: "GET /community/groups/new", Path: page("/community/groups/new"), Want: boardPage},
			{Pattern: "POST /community/groups", Path: page("/community/groups"), Form: form("kind", "thematic", "name_de", "Cloud", "name_en", "Cloud"), Want: boardPost},
			{Pattern: "GET /community/groups/report", Path: page("/community/groups/report"), Want: boardPage},
			{Pattern: "GET /community/groups/regions", Path: page("/community/groups/regions"), Want: boardPage},
			{Pattern: "POST /community/groups/regions", Path: page("/community/groups/regions"), Form: form("regions", "Niederlassung Süd"), Want: boardPost},
			{Pattern: "GET /community/groups/{id}", Path: group(ga, ""), Want: insiders},
			{Pattern: "GET /community/groups/{id}", Path: group(gc, ""), Want: insiders},
			{Pattern: "GET /community/groups/{id}/edit", Path: group(ga, "/edit"), Want: boardPage},
			{Pattern: "POST /community/groups/{id}", Path: group(ga, ""), Form: form("description", "Verfügbarkeit und Sicherheit im Betrieb"), Want: boardPost},
			{Pattern: "POST /community/groups/{id}/join", Path: fresh(false, "/join"), Want: "padmin,pmember:303 admin,board:403 anon:401 *:404"},
			{Pattern: "POST /community/groups/{id}/leave", Path: fresh(true, "/leave"), Want: "padmin,pmember:303 admin,board:409 anon:401 *:404"},
			{Pattern: "POST /community/groups/{id}/leads", Path: group(ga, "/leads"), Form: lead, Want: "admin,board:303 padmin,pmember:403 anon:401 *:404"},
			{Pattern: "POST /community/groups/{id}/meetings", Path: group(ga, "/meetings"), Form: form("starts_at", "2026-09-01T10:00", "place", "Hamburg"), Want: leadPost},
			{Pattern: "GET /community/groups/{id}/meetings/{meeting}", Path: group(meetA, ""), Want: insiders},
			{Pattern: "GET /community/groups/{id}/meetings/{meeting}", Path: group(meetC, ""), Want: insiders},
			{Pattern: "POST /community/groups/{id}/meetings/{meeting}", Path: group(meetA, ""), Form: form("agenda", "Rückblick und Ausblick"), Want: leadPost},
			{Pattern: "POST /community/groups/{id}/meetings/{meeting}/attendance", Path: group(meetA, "/attendance"),
				Form: func(f *apptest.Fixture) url.Values { return url.Values{"user_ids": {fixture(f).padmin.UserID}} }, Want: leadPost},
			{Pattern: "POST /community/groups/{id}/meetings/{meeting}/delete", Path: func(f *apptest.Fixture) string { return freshMeeting("/community/groups/")(f) + "/delete" }, Want: leadPost},
			{Pattern: "POST /community/groups/{id}/files", Path: group(ga, "/files"), Want: "admin,board,padmin:422 anon:401 *:404"},
			{Pattern: "GET /community/groups/{id}/files/{file}", Path: func(f *apptest.Fixture) string {
				x := fixture(f)
				return "/community/groups/" + x.ga + "/files/" + x.fileA
			}, Want: innerGA},
			{Pattern: "GET /community/groups/{id}/files/{file}", Path: func(f *apptest.Fixture) string {
				x := fixture(f)
				return "/community/groups/" + x.gc + "/files/" + x.fileC
			}, Want: boardPage},
			{Pattern: "POST /community/groups/{id}/files/{file}/delete", Path: freshFile, Want: "admin,board,padmin:303 anon:401 *:404"},
			{Pattern: "POST /community/groups/{id}/announcements", Path: group(ga, "/announcements"), Form: form("subject", "Nächstes Treffen", "message", "Bitte vormerken."), Want: leadPost},

			{Pattern: "GET /api/v1/community/groups", Path: page("/api/v1/community/groups"), Want: apiInside},
			{Pattern: "POST /api/v1/community/groups", Path: page("/api/v1/community/groups"), JSON: js(map[string]any{"kind": "regional", "region": "Niederlassung Süd", "name_de": "Region Süd", "name_en": "Region South"}),
				Want: "admin,board:201 padmin,pmember:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/community/groups/{id}", Path: api(gc, ""), Want: apiInside},
			{Pattern: "GET /api/v1/community/groups/{id}", Path: api(ga, ""), Want: apiInside},
			{Pattern: "PATCH /api/v1/community/groups/{id}", Path: api(ga, ""), JSON: js(map[string]any{"description": "Betrieb"}), Want: apiBoard},
			{Pattern: "POST /api/v1/community/groups/{id}/join", Path: freshAPI(false, "/join"), Want: "padmin,pmember:200 admin,board:403 anon:401 *:404"},
			{Pattern: "POST /api/v1/community/groups/{id}/leave", Path: freshAPI(true, "/leave"), Want: "padmin,pmember:200 admin,board:409 anon:401 *:404"},
			{Pattern: "POST /api/v1/community/groups/{id}/leads", Path: api(ga, "/leads"),
				JSON: func(f *apptest.Fixture) any { return map[string]any{"user_id": fixture(f).padmin.UserID, "lead": true} }, Want: apiBoard},
			{Pattern: "POST /api/v1/community/groups/{id}/meetings", Path: api(ga, "/meetings"), JSON: js(map[string]any{"starts_at": "2026-10-01T10:00", "link": "https://meet.example/ga"}),
				Want: "admin,board,padmin:201 pmember:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/community/groups/{id}/meetings/{meeting}", Path: api(meetC, ""), Want: apiInside},
			{Pattern: "GET /api/v1/community/groups/{id}/meetings/{meeting}", Path: api(meetA, ""), Want: apiInside},
			{Pattern: "PATCH /api/v1/community/groups/{id}/meetings/{meeting}", Path: api(meetA, ""), JSON: js(map[string]any{"agenda": "Neu"}), Want: apiLead},
			{Pattern: "DELETE /api/v1/community/groups/{id}/meetings/{meeting}", Path: freshMeeting("/api/v1/community/groups/"), Want: "admin,board,padmin:204 pmember:403 anon:401 *:404"},
			{Pattern: "PUT /api/v1/community/groups/{id}/meetings/{meeting}/attendance", Path: api(meetA, "/attendance"),
				JSON: func(f *apptest.Fixture) any {
					return map[string]any{"user_ids": []string{fixture(f).padmin.UserID}, "org_ids": []string{f.C}}
				}, Want: apiLead},
			{Pattern: "GET /api/v1/community/groups/{id}/files", Path: api(ga, "/files"), Want: apiInnerGA},
			{Pattern: "GET /api/v1/community/groups/{id}/files", Path: api(gc, "/files"), Want: "admin,board:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/community/groups/{id}/announcements", Path: api(ga, "/announcements"), JSON: js(map[string]any{"subject": "Hallo", "message": "Bis bald."}),
				Want: "admin,board,padmin:201 pmember:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/community/regions", Path: page("/api/v1/community/regions"), Want: "admin,board:200 anon:401 *:404"},
			{Pattern: "PUT /api/v1/community/regions", Path: page("/api/v1/community/regions"), JSON: js(map[string]any{"regions": []string{"Niederlassung Süd"}}), Want: "admin,board:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/community/participation", Path: page("/api/v1/community/participation"), Want: "admin,board:200 anon:401 *:404"},
		}
	})
}
