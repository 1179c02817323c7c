package agreement_test

import (
	"context"
	"net/url"
	"strconv"
	"testing"

	"pakt/internal/agreement"
	"pakt/internal/app/apptest"
)

// Cooperation agreements are seen by their parties and the programme staff
// only; the users of a party and staff edit them; only a party's partner
// admin accepts. An agreement between A and C is A's; one between B and C
// is B's ("other"); the customer of each is a leak marker for everybody
// else.
func TestAuthorisationMatrix(t *testing.T) {
	type agreements struct{ AC, BC string }
	// ensure makes the two agreements once per fixture and registers their
	// customers as secrets.
	ensure := func(f *apptest.Fixture) *agreements {
		return apptest.Once(f, "agreements", func() *agreements {
			ctx := context.Background()
			create := func(customer string, parties ...string) string {
				ag, err := f.S.App.Agreements.Create(ctx, f.AdminActor, agreement.CreateInput{Title: f.Unique("Kooperation"), Customer: customer, Parties: parties, Shares: []int{6000, 4000}})
				if err != nil {
					f.T.Fatal(err)
				}
				return ag.ID
			}
			ag := &agreements{AC: create("Kundin AC Geheimsache", f.A, f.C), BC: create("Kundin BC Geheimsache", f.B, f.C)}
			f.Forbid("Kundin AC Geheimsache", "anon", "recruiter", "other")
			f.Forbid("Kundin BC Geheimsache", "anon", "recruiter", "padmin", "pmember")
			return ag
		})
	}
	ac := func(suffix string) func(f *apptest.Fixture) string {
		return func(f *apptest.Fixture) string { return "/agreements/" + ensure(f).AC + suffix }
	}
	bc := func(suffix string) func(f *apptest.Fixture) string {
		return func(f *apptest.Fixture) string { return "/agreements/" + ensure(f).BC + suffix }
	}
	api := func(page func(f *apptest.Fixture) string) func(f *apptest.Fixture) string {
		return func(f *apptest.Fixture) string { return "/api/v1" + page(f) }
	}
	list := func(p string) func(f *apptest.Fixture) string {
		return func(f *apptest.Fixture) string { ensure(f); return p }
	}
	current := func(f *apptest.Fixture) *agreement.Agreement {
		ag, err := f.S.App.Agreements.Get(context.Background(), f.AdminActor, ensure(f).AC)
		if err != nil {
			f.T.Fatal(err)
		}
		return ag
	}
	editForm := func(f *apptest.Fixture) url.Values {
		ag := current(f)
		return url.Values{"base_version": {strconv.Itoa(ag.CurrentVersion)}, "title": {ag.Title}, "customer": {ag.Customer},
			"responsibilities.lead_org_id": {f.A}, "costs.share." + f.A: {"55"}, "costs.share." + f.C: {"45"},
			"confidentiality.scope": {f.Unique("Preise")}}
	}
	editJSON := func(f *apptest.Fixture) any {
		ag := current(f)
		c := *ag.Content
		c.Confidentiality.Scope = f.Unique("Quellcode")
		return agreement.UpdateInput{BaseVersion: ag.CurrentVersion, Content: c}
	}
	const (
		readAC = "admin,manager,padmin,pmember:200 anon:303 *:404"
		readBC = "admin,manager,other:200 anon:303 *:404"
		apiAC  = "admin,manager,padmin,pmember:200 anon:401 *:404"
		apiBC  = "admin,manager,other:200 anon:401 *:404"
	)
	apptest.Matrix(t, "agreement", func() []apptest.Case {
		return []apptest.Case{
			{Pattern: "GET /agreements", Path: list("/agreements"), Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /agreements", Path: list("/agreements?status=draft"), Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /agreements/new", Path: func(f *apptest.Fixture) string { return "/agreements/new?title=Neu&parties=" + f.B + "," + f.C }, Want: "recruiter:404 pmember:403 anon:303 *:200"},
			// Partner users are always party 1 themselves.
			{Pattern: "POST /agreements", Path: apptest.Static("/agreements"), Form: func(f *apptest.Fixture) url.Values {
				return url.Values{"title": {f.Unique("Neu")}, "customer": {"Kunde"}, "party.0": {f.A}, "party.1": {f.C}, "share.0": {"60"}, "share.1": {"40"}, "lead": {"0"}}
			}, Want: "recruiter:404 pmember:403 anon:401 *:303"},
			{Pattern: "GET /agreements/{id}", Path: ac(""), Want: readAC},
			{Pattern: "GET /agreements/{id}", Path: ac("?version=1"), Want: readAC},
			{Pattern: "GET /agreements/{id}", Path: bc(""), Want: readBC},
			{Pattern: "GET /agreements/{id}/edit", Path: ac("/edit"), Want: "admin,manager,padmin:200 pmember:403 anon:303 *:404"},
			{Pattern: "GET /agreements/{id}/edit", Path: bc("/edit"), Want: readBC},
			{Pattern: "POST /agreements/{id}", Path: ac(""), Form: editForm, Want: "admin,manager,padmin:303 pmember:403 anon:401 *:404"},
			{Pattern: "POST /agreements/{id}/accept", Path: ac("/accept"), Form: func(f *apptest.Fixture) url.Values {
				return url.Values{"version": {strconv.Itoa(current(f).CurrentVersion)}}
			}, Want: "padmin:303 admin,manager,pmember:403 anon:401 *:404"},
			{Pattern: "GET /agreements/{id}/versions", Path: ac("/versions"), Want: readAC},
			{Pattern: "GET /agreements/{id}/versions", Path: bc("/versions"), Want: readBC},
			{Pattern: "GET /agreements/{id}/compare", Path: ac("/compare?a=1&b=1"), Want: readAC},
			{Pattern: "GET /agreements/{id}/compare", Path: bc("/compare"), Want: readBC},
			{Pattern: "GET /agreements/{id}/export.pdf", Path: ac("/export.pdf?lang=de"), Want: readAC},
			{Pattern: "GET /agreements/{id}/export.md", Path: ac("/export.md?lang=en"), Want: readAC},
			{Pattern: "GET /agreements/{id}/export.md", Path: bc("/export.md?lang=de"), Want: readBC},

			{Pattern: "GET /api/v1/agreements", Path: list("/api/v1/agreements"), Want: "recruiter:404 anon:401 *:200"},
			{Pattern: "POST /api/v1/agreements", Path: apptest.Static("/api/v1/agreements"), JSON: func(f *apptest.Fixture) any {
				return agreement.CreateInput{Title: f.Unique("API"), Customer: "Kunde", Parties: []string{f.A, f.C}}
			}, Want: "admin,manager,padmin:201 pmember:403 other:422 recruiter:404 anon:401"},
			{Pattern: "GET /api/v1/agreements/{id}", Path: api(ac("")), Want: apiAC},
			{Pattern: "GET /api/v1/agreements/{id}", Path: api(bc("")), Want: apiBC},
			{Pattern: "PUT /api/v1/agreements/{id}", Path: api(ac("")), JSON: editJSON, Want: "admin,manager,padmin:200 pmember:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/agreements/{id}/versions", Path: api(ac("/versions")), Want: apiAC},
			{Pattern: "GET /api/v1/agreements/{id}/versions/{n}", Path: api(ac("/versions/1")), Want: apiAC},
			{Pattern: "GET /api/v1/agreements/{id}/versions/{n}", Path: api(bc("/versions/1")), Want: apiBC},
			{Pattern: "POST /api/v1/agreements/{id}/accept", Path: api(ac("/accept")), JSON: func(f *apptest.Fixture) any {
				return agreement.AcceptInput{Version: current(f).CurrentVersion}
			}, Want: "padmin:200 admin,manager,pmember:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/agreements/{id}/compare", Path: api(ac("/compare?a=1&b=2")), Want: apiAC},
			{Pattern: "GET /api/v1/agreements/{id}/compare", Path: api(bc("/compare?a=1&b=1")), Want: apiBC},
		}
	})
}
