package community_test

import (
	"net/url"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/community"
)

// The association runs beside the programme (ModeBoth); A and C are
// members, B is not. Its home and members are its admins', board's and
// members' (A's users); the vendor's liaison and managers, recruiters and
// B's users do not see it. Its settings are the admins'. An organisation's
// memberships are for those who run the association and its own users.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	apptest.Matrix(t, "community", func() []apptest.Case {
		path := func(p string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { f.Association(); return p }
		}
		memberships := func(org func(*apptest.Fixture) string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string {
				f.Association()
				return "/api/v1/organisations/" + org(f) + "/memberships"
			}
		}
		both := func(*apptest.Fixture) url.Values { return url.Values{"mode": {community.ModeBoth}} }
		return []apptest.Case{
			{Pattern: "GET /community", Path: path("/community"), Want: "admin,board,padmin,pmember:200 anon:303 *:404"},
			{Pattern: "GET /community/settings", Path: path("/community/settings"), Want: "admin:200 anon:303 *:404"},
			{Pattern: "POST /community/settings", Path: path("/community/settings"), Form: both, Want: "admin:303 anon:401 *:404"},
			{Pattern: "GET /api/v1/community/settings", Path: path("/api/v1/community/settings"), Want: "admin:200 anon:401 *:404"},
			{Pattern: "PUT /api/v1/community/settings", Path: path("/api/v1/community/settings"), JSON: func(*apptest.Fixture) any { return map[string]any{"mode": "both"} },
				Want: "admin:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/community/members", Path: path("/api/v1/community/members"), Want: "admin,board,padmin,pmember:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/organisations/{id}/memberships", Path: memberships(func(f *apptest.Fixture) string { return f.A }),
				Want: "admin,board,padmin,pmember:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/organisations/{id}/memberships", Path: memberships(func(f *apptest.Fixture) string { return f.B }),
				Want: "admin,board,other:200 anon:401 *:404"},
		}
	})
}
