package app_test

import (
	"context"
	"net/url"
	"strconv"
	"sync"

	"pakt/internal/agreement"
)

// Cooperation agreements are seen by their parties and the programme staff
// only; the users of a party and staff edit them; only a party's partner
// admin accepts. An agreement between A and C is A's; one between B and C
// is B's ("other"); the customer of each is a leak marker for everybody
// else.
func init() {
	type agreements struct{ AC, BC string }
	var mu sync.Mutex
	made := map[*fixture]*agreements{}
	// ensure makes the two agreements once per fixture and registers their
	// customers as secrets.
	ensure := func(f *fixture) *agreements {
		mu.Lock()
		defer mu.Unlock()
		if ag := made[f]; ag != nil {
			return ag
		}
		ctx := context.Background()
		create := func(customer string, parties ...string) string {
			ag, err := f.s.App.Agreements.Create(ctx, f.adminActor, agreement.CreateInput{Title: f.unique("Kooperation"), Customer: customer, Parties: parties, Shares: []int{6000, 4000}})
			if err != nil {
				f.t.Fatal(err)
			}
			return ag.ID
		}
		ag := &agreements{AC: create("Kundin AC Geheimsache", f.A, f.C), BC: create("Kundin BC Geheimsache", f.B, f.C)}
		for _, role := range []string{"anon", "recruiter", "other"} {
			f.secretsForbidden[role] = append(f.secretsForbidden[role], "Kundin AC Geheimsache")
		}
		for _, role := range []string{"anon", "recruiter", "padmin", "pmember"} {
			f.secretsForbidden[role] = append(f.secretsForbidden[role], "Kundin BC Geheimsache")
		}
		made[f] = ag
		return ag
	}
	ac := func(suffix string) func(f *fixture) string {
		return func(f *fixture) string { return "/agreements/" + ensure(f).AC + suffix }
	}
	bc := func(suffix string) func(f *fixture) string {
		return func(f *fixture) string { return "/agreements/" + ensure(f).BC + suffix }
	}
	api := func(page func(f *fixture) string) func(f *fixture) string {
		return func(f *fixture) string { return "/api/v1" + page(f) }
	}
	list := func(p string) func(f *fixture) string {
		return func(f *fixture) string { ensure(f); return p }
	}
	current := func(f *fixture) *agreement.Agreement {
		ag, err := f.s.App.Agreements.Get(context.Background(), f.adminActor, ensure(f).AC)
		if err != nil {
			f.t.Fatal(err)
		}
		return ag
	}
	editForm := func(f *fixture) url.Values {
		ag := current(f)
		return url.Values{"base_version": {strconv.Itoa(ag.CurrentVersion)}, "title": {ag.Title}, "customer": {ag.Customer},
			"responsibilities.lead_org_id": {f.A}, "costs.share." + f.A: {"55"}, "costs.share." + f.C: {"45"},
			"confidentiality.scope": {f.unique("Preise")}}
	}
	editJSON := func(f *fixture) any {
		ag := current(f)
		c := *ag.Content
		c.Confidentiality.Scope = f.unique("Quellcode")
		return agreement.UpdateInput{BaseVersion: ag.CurrentVersion, Content: c}
	}
	const (
		readAC = "admin,manager,padmin,pmember:200 anon:303 *:404"
		readBC = "admin,manager,other:200 anon:303 *:404"
		apiAC  = "admin,manager,padmin,pmember:200 anon:401 *:404"
		apiBC  = "admin,manager,other:200 anon:401 *:404"
	)
	featureCases = append(featureCases, func() []matrixCase {
		return []matrixCase{
			{pattern: "GET /agreements", path: list("/agreements"), want: "recruiter:404 anon:303 *:200"},
			{pattern: "GET /agreements", path: list("/agreements?status=draft"), want: "recruiter:404 anon:303 *:200"},
			{pattern: "GET /agreements/new", path: func(f *fixture) string { return "/agreements/new?title=Neu&parties=" + f.B + "," + f.C }, want: "recruiter:404 pmember:403 anon:303 *:200"},
			// Partner users are always party 1 themselves.
			{pattern: "POST /agreements", path: static("/agreements"), form: func(f *fixture) url.Values {
				return url.Values{"title": {f.unique("Neu")}, "customer": {"Kunde"}, "party.0": {f.A}, "party.1": {f.C}, "share.0": {"60"}, "share.1": {"40"}, "lead": {"0"}}
			}, want: "recruiter:404 pmember:403 anon:401 *:303"},
			{pattern: "GET /agreements/{id}", path: ac(""), want: readAC},
			{pattern: "GET /agreements/{id}", path: ac("?version=1"), want: readAC},
			{pattern: "GET /agreements/{id}", path: bc(""), want: readBC},
			{pattern: "GET /agreements/{id}/edit", path: ac("/edit"), want: "admin,manager,padmin:200 pmember:403 anon:303 *:404"},
			{pattern: "GET /agreements/{id}/edit", path: bc("/edit"), want: readBC},
			{pattern: "POST /agreements/{id}", path: ac(""), form: editForm, want: "admin,manager,padmin:303 pmember:403 anon:401 *:404"},
			{pattern: "POST /agreements/{id}/accept", path: ac("/accept"), form: func(f *fixture) url.Values {
				return url.Values{"version": {strconv.Itoa(current(f).CurrentVersion)}}
			}, want: "padmin:303 admin,manager,pmember:403 anon:401 *:404"},
			{pattern: "GET /agreements/{id}/versions", path: ac("/versions"), want: readAC},
			{pattern: "GET /agreements/{id}/versions", path: bc("/versions"), want: readBC},
			{pattern: "GET /agreements/{id}/compare", path: ac("/compare?a=1&b=1"), want: readAC},
			{pattern: "GET /agreements/{id}/compare", path: bc("/compare"), want: readBC},
			{pattern: "GET /agreements/{id}/export.pdf", path: ac("/export.pdf?lang=de"), want: readAC},
			{pattern: "GET /agreements/{id}/export.md", path: ac("/export.md?lang=en"), want: readAC},
			{pattern: "GET /agreements/{id}/export.md", path: bc("/export.md?lang=de"), want: readBC},

			{pattern: "GET /api/v1/agreements", path: list("/api/v1/agreements"), want: "recruiter:404 anon:401 *:200"},
			{pattern: "POST /api/v1/agreements", path: static("/api/v1/agreements"), json: func(f *fixture) any {
				return agreement.CreateInput{Title: f.unique("API"), Customer: "Kunde", Parties: []string{f.A, f.C}}
			}, want: "admin,manager,padmin:201 pmember:403 other:422 recruiter:404 anon:401"},
			{pattern: "GET /api/v1/agreements/{id}", path: api(ac("")), want: apiAC},
			{pattern: "GET /api/v1/agreements/{id}", path: api(bc("")), want: apiBC},
			{pattern: "PUT /api/v1/agreements/{id}", path: api(ac("")), json: editJSON, want: "admin,manager,padmin:200 pmember:403 anon:401 *:404"},
			{pattern: "GET /api/v1/agreements/{id}/versions", path: api(ac("/versions")), want: apiAC},
			{pattern: "GET /api/v1/agreements/{id}/versions/{n}", path: api(ac("/versions/1")), want: apiAC},
			{pattern: "GET /api/v1/agreements/{id}/versions/{n}", path: api(bc("/versions/1")), want: apiBC},
			{pattern: "POST /api/v1/agreements/{id}/accept", path: api(ac("/accept")), json: func(f *fixture) any {
				return agreement.AcceptInput{Version: current(f).CurrentVersion}
			}, want: "padmin:200 admin,manager,pmember:403 anon:401 *:404"},
			{pattern: "GET /api/v1/agreements/{id}/compare", path: api(ac("/compare?a=1&b=2")), want: apiAC},
			{pattern: "GET /api/v1/agreements/{id}/compare", path: api(bc("/compare?a=1&b=1")), want: apiBC},
		}
	})
}
