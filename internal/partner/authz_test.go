package partner_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
	"pakt/internal/upload"
)

// The dashboard, the directory, profiles with their entries and the
// competencies: staff see all, partner users their own organisation and
// the listed ones, recruiters none; partner admins edit their own profile.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	apptest.Matrix(t, "partner", func() []apptest.Case {
		return append([]apptest.Case{
			{Pattern: "GET /{$}", Path: apptest.Static("/"), Want: "anon:303 *:200"},
			{Pattern: "GET /partners", Path: apptest.Static("/partners"), Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /partners", Path: apptest.Static("/partners?q=geheim"), Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /partners/new", Path: apptest.Static("/partners/new"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "POST /partners", Path: apptest.Static("/partners"), Form: func(f *apptest.Fixture) url.Values { return url.Values{"legal_name": {f.Unique("Neu GmbH")}} },
				Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "GET /partners/{id}", Path: func(f *apptest.Fixture) string { return "/partners/" + f.B }, Want: "admin,manager,other:200 anon:303 *:404"},
			{Pattern: "GET /partners/{id}", Path: func(f *apptest.Fixture) string { return "/partners/" + f.C }, Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /partners/{id}/edit", Path: func(f *apptest.Fixture) string { return "/partners/" + f.C + "/edit" }, Want: "admin,manager:200 padmin,pmember,other:403 recruiter:404 anon:303"},
			{Pattern: "GET /partners/{id}/edit", Path: func(f *apptest.Fixture) string { return "/partners/" + f.A + "/edit" }, Want: "admin,manager,padmin:200 pmember,other:403 recruiter:404 anon:303"},
			{Pattern: "POST /partners/{id}", Path: func(f *apptest.Fixture) string { return "/partners/" + f.C }, Form: func(*apptest.Fixture) url.Values { return url.Values{"city": {"Köln"}} },
				Want: "admin,manager:303 padmin,pmember,other:403 recruiter:404 anon:401"},
			{Pattern: "POST /partners/{id}", Path: func(f *apptest.Fixture) string { return "/partners/" + f.B }, Form: func(*apptest.Fixture) url.Values { return url.Values{"city": {"Köln"}} },
				Want: "admin,manager,other:303 padmin,pmember,recruiter:404 anon:401"},
			{Pattern: "POST /partners/{id}/delete", Path: func(f *apptest.Fixture) string { return "/partners/" + f.NewOrg(true) + "/delete" },
				Want: "admin:303 manager,padmin,pmember,other:403 recruiter:404 anon:401"},
			{Pattern: "POST /partners/{id}/delete", Path: func(f *apptest.Fixture) string { return "/partners/" + f.NewOrg(false) + "/delete" },
				Want: "admin:303 manager:403 anon:401 *:404"},
			{Pattern: "GET /competencies", Path: apptest.Static("/competencies"), Want: "admin:200 anon:303 *:404"},
			{Pattern: "POST /competencies", Path: apptest.Static("/competencies"), Form: func(f *apptest.Fixture) url.Values {
				return url.Values{"name_de": {f.Unique("Neu")}, "name_en": {f.Unique("New")}}
			}, Want: "admin:303 anon:401 *:404"},
			{Pattern: "POST /competencies/{id}", Path: func(f *apptest.Fixture) string { return "/competencies/" + f.Competency }, Form: func(f *apptest.Fixture) url.Values {
				return url.Values{"name_de": {f.Unique("Neu")}, "name_en": {f.Unique("New")}}
			}, Want: "admin:303 anon:401 *:404"},
			{Pattern: "POST /competencies/{id}/delete", Path: func(f *apptest.Fixture) string { return "/competencies/" + f.NewCompetency() + "/delete" }, Want: "admin:303 anon:401 *:404"},
			{Pattern: "GET /api/v1/partners", Path: apptest.Static("/api/v1/partners?per_page=100"), Want: "recruiter:404 anon:401 *:200"},
			// The organisation picker's suggestions (picker.js): part of an
			// unlisted organisation's name finds it for staff only.
			{Pattern: "GET /api/v1/partners", Path: apptest.Static("/api/v1/partners?per_page=8&kind=partner&kind=member&q=Geheim"), Want: "recruiter:404 anon:401 *:200"},
			{Pattern: "POST /api/v1/partners", Path: apptest.Static("/api/v1/partners"), JSON: func(f *apptest.Fixture) any { return map[string]string{"legal_name": f.Unique("API GmbH")} },
				Want: "admin,manager:201 anon:401 *:404"},
			{Pattern: "GET /api/v1/partners/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.B }, Want: "admin,manager,other:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/partners/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.C }, Want: "recruiter:404 anon:401 *:200"},
			{Pattern: "PATCH /api/v1/partners/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.C }, JSON: func(*apptest.Fixture) any { return map[string]string{"city": "Köln"} },
				Want: "admin,manager:200 padmin,pmember,other:403 recruiter:404 anon:401"},
			{Pattern: "PATCH /api/v1/partners/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.B }, JSON: func(*apptest.Fixture) any { return map[string]string{"city": "Köln"} },
				Want: "admin,manager,other:200 padmin,pmember,recruiter:404 anon:401"},
			{Pattern: "DELETE /api/v1/partners/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.NewOrg(true) },
				Want: "admin:204 manager,padmin,pmember,other:403 recruiter:404 anon:401"},
			{Pattern: "DELETE /api/v1/partners/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.NewOrg(false) },
				Want: "admin:204 manager:403 anon:401 *:404"},
			{Pattern: "GET /api/v1/competencies", Path: apptest.Static("/api/v1/competencies"), Want: "anon:401 *:200"},
			{Pattern: "POST /api/v1/competencies", Path: apptest.Static("/api/v1/competencies"), JSON: func(f *apptest.Fixture) any {
				return map[string]string{"name_de": f.Unique("Neu"), "name_en": f.Unique("New")}
			}, Want: "admin:201 anon:401 *:404"},
			{Pattern: "PATCH /api/v1/competencies/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/competencies/" + f.Competency }, JSON: func(f *apptest.Fixture) any {
				return map[string]string{"name_en": f.Unique("Renamed")}
			}, Want: "admin:200 anon:401 *:404"},
			{Pattern: "DELETE /api/v1/competencies/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/competencies/" + f.NewCompetency() }, Want: "admin:204 anon:401 *:404"},
		}, append(append(entryCases(), ownershipCases()...), certificationCases()...)...)
	})
}

func entryCases() []apptest.Case {
	var out []apptest.Case
	bodies := map[string]url.Values{
		"contacts":       {"name": {"Neu"}},
		"certifications": {"name": {"Neu"}},
		"references":     {"title": {"Neu"}},
		"resources":      {"skill": {"Neu"}, "amount": {"1"}, "unit": {"days"}, "from": {"2027-01-01"}, "to": {"2027-01-31"}},
	}
	jsonBodies := map[string]any{
		"contacts":       map[string]any{"name": "Neu"},
		"certifications": map[string]any{"name": "Neu"},
		"references":     map[string]any{"title": "Neu"},
		"resources":      map[string]any{"skill": "Neu", "amount_tenths": 10, "unit": "days", "from": "2027-01-01", "to": "2027-01-31"},
	}
	for _, kind := range partner.EntryKinds {
		body := bodies[kind]
		jb := jsonBodies[kind]
		out = append(out,
			apptest.Case{Pattern: "POST /partners/{id}/" + kind, Path: func(f *apptest.Fixture) string { return "/partners/" + f.C + "/" + kind },
				Form: func(*apptest.Fixture) url.Values { return body }, Want: "admin,manager:303 padmin,pmember,other:403 recruiter:404 anon:401"},
			apptest.Case{Pattern: "POST /partners/{id}/" + kind, Path: func(f *apptest.Fixture) string { return "/partners/" + f.B + "/" + kind },
				Form: func(*apptest.Fixture) url.Values { return body }, Want: "admin,manager,other:303 padmin,pmember,recruiter:404 anon:401"},
			apptest.Case{Pattern: "POST /partners/{id}/" + kind + "/{entry}", Path: func(f *apptest.Fixture) string { return "/partners/" + f.C + "/" + kind + "/" + f.EntryC[kind] },
				Form: func(*apptest.Fixture) url.Values { return body }, Want: "admin,manager:303 padmin,pmember,other:403 recruiter:404 anon:401"},
			apptest.Case{Pattern: "POST /partners/{id}/" + kind + "/{entry}/delete", Path: func(f *apptest.Fixture) string {
				return "/partners/" + f.C + "/" + kind + "/" + f.AddEntry(kind, f.C) + "/delete"
			},
				Want: "admin,manager:303 padmin,pmember,other:403 recruiter:404 anon:401"},
			apptest.Case{Pattern: "POST /api/v1/partners/{id}/" + kind, Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.C + "/" + kind },
				JSON: func(*apptest.Fixture) any { return jb }, Want: "admin,manager:201 padmin,pmember,other:403 recruiter:404 anon:401"},
			apptest.Case{Pattern: "POST /api/v1/partners/{id}/" + kind, Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.B + "/" + kind },
				JSON: func(*apptest.Fixture) any { return jb }, Want: "admin,manager,other:201 padmin,pmember,recruiter:404 anon:401"},
			apptest.Case{Pattern: "PUT /api/v1/partners/{id}/" + kind + "/{entry}", Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.C + "/" + kind + "/" + f.EntryC[kind] },
				JSON: func(*apptest.Fixture) any { return jb }, Want: "admin,manager:200 padmin,pmember,other:403 recruiter:404 anon:401"},
			apptest.Case{Pattern: "DELETE /api/v1/partners/{id}/" + kind + "/{entry}", Path: func(f *apptest.Fixture) string {
				return "/api/v1/partners/" + f.C + "/" + kind + "/" + f.AddEntry(kind, f.C)
			},
				Want: "admin,manager:204 padmin,pmember,other:403 recruiter:404 anon:401"},
		)
	}
	return out
}

// TestHiddenAndMissingAnswerAlike checks that an object one may not see
// cannot be told apart from one that does not exist.
func TestHiddenAndMissingAnswerAlike(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	f := apptest.NewFixture(t, s)
	c := f.Clients["padmin"]
	missing := "01234567-89ab-7def-8123-456789abcdef"
	for _, tmpl := range []string{"/api/v1/partners/%s", "/partners/%s", "/partners/%s/edit"} {
		hidden := c.Get(fmt.Sprintf(tmpl, f.B))
		absent := c.Get(fmt.Sprintf(tmpl, missing))
		if hidden.Status != http.StatusNotFound || absent.Status != http.StatusNotFound {
			t.Fatalf("%s: hidden %d, missing %d, want 404 for both", tmpl, hidden.Status, absent.Status)
		}
		if strings.ReplaceAll(hidden.Body, f.B, "ID") != strings.ReplaceAll(absent.Body, missing, "ID") {
			t.Errorf("%s: hidden and missing answers differ:\n%s\n---\n%s", tmpl, hidden.Body, absent.Body)
		}
	}
}

// ownershipCases: staff who steer a partner read its ownership; admins, its
// manager and, while nobody owns it (the fixture's partners), every
// manager hand it over and name deputies; admins change the programme's
// setting.
func ownershipCases() []apptest.Case {
	to := func(f *apptest.Fixture) url.Values {
		return url.Values{"to": {f.Users["manager"].ID}, "note": {"Bitte Q3-Review vorbereiten"}, "confirmed": {"1"}}
	}
	return []apptest.Case{
		{Pattern: "GET /partners/{id}/ownership", Path: func(f *apptest.Fixture) string { return "/partners/" + f.A + "/ownership" }, Want: "admin,manager:200 anon:303 *:404"},
		{Pattern: "GET /partners/{id}/ownership", Path: func(f *apptest.Fixture) string { return "/partners/" + f.B + "/ownership" }, Want: "admin,manager:200 anon:303 *:404"},
		{Pattern: "POST /partners/{id}/handover", Path: func(f *apptest.Fixture) string { return "/partners/" + f.NewOrg(true) + "/handover" }, Form: to,
			Want: "admin,manager:303 anon:401 *:404"},
		{Pattern: "POST /partners/{id}/deputies", Path: func(f *apptest.Fixture) string { return "/partners/" + f.NewOrg(false) + "/deputies" },
			Form: func(f *apptest.Fixture) url.Values { return url.Values{"deputies": {f.Users["admin"].ID}} }, Want: "admin,manager:303 anon:401 *:404"},
		{Pattern: "GET /partners/ownership", Path: apptest.Static("/partners/ownership"), Want: "admin,manager:200 anon:303 *:404"},
		{Pattern: "POST /partners/ownership", Path: apptest.Static("/partners/ownership"), Form: func(*apptest.Fixture) url.Values { return url.Values{"own_only": {"on"}} },
			Want: "admin:303 manager:403 anon:401 *:404"},
		{Pattern: "GET /api/v1/partners/{id}/ownership", Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.B + "/ownership" }, Want: "admin,manager:200 anon:401 *:404"},
		{Pattern: "POST /api/v1/partners/{id}/handover", Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.NewOrg(true) + "/handover" },
			JSON: func(f *apptest.Fixture) any {
				return map[string]string{"to": f.Users["manager"].ID, "note": "Übergabe"}
			}, Want: "admin,manager:200 anon:401 *:404"},
		{Pattern: "PUT /api/v1/partners/{id}/deputies", Path: func(f *apptest.Fixture) string { return "/api/v1/partners/" + f.NewOrg(true) + "/deputies" },
			JSON: func(f *apptest.Fixture) any { return map[string][]string{"deputies": {f.Users["admin"].ID}} }, Want: "admin,manager:200 anon:401 *:404"},
		{Pattern: "GET /api/v1/ownership-settings", Path: apptest.Static("/api/v1/ownership-settings"), Want: "admin,manager:200 anon:401 *:404"},
		{Pattern: "PUT /api/v1/ownership-settings", Path: apptest.Static("/api/v1/ownership-settings"), JSON: func(*apptest.Fixture) any { return map[string]bool{"own_only": true} },
			Want: "admin:200 manager:403 anon:401 *:404"},
	}
}

// proofCertification returns a certification of org with a number and a
// file, made once per fixture; its number and file name are markers
// that only staff who steer org and org's users may read.
func proofCertification(f *apptest.Fixture, org string) string {
	return apptest.Once(f, "certification proof "+org, func() string {
		ctx := context.Background()
		marker := "ZRT-GEHEIM-B"
		if org == f.A {
			marker = "ZRT-GEHEIM-A"
		}
		c := &partner.Certification{Name: "Geprüfter Partner", Issuer: "Lumen", Number: marker}
		if err := partner.SaveEntry(ctx, f.S.App.Partners, auth.System, org, c); err != nil {
			f.T.Fatal(err)
		}
		if _, err := f.S.App.Partners.AttachCertificationProof(ctx, auth.System, org, c.ID, upload.File{Name: marker + ".pdf", Content: certificatePDF}); err != nil {
			f.T.Fatal(err)
		}
		// The file's content and name are markers too.
		for _, role := range []string{"anon", "recruiter", "padmin", "pmember", "other"} {
			if (role == "padmin" || role == "pmember") && org == f.A || role == "other" && org == f.B {
				continue
			}
			f.Forbid(marker, role)
		}
		return c.ID
	})
}

var certificatePDF = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// certificationCases: staff who steer a partner verify its certifications
// and take that back (after a confirmation); the partner's admins and
// staff upload its certificate; staff who steer it and its own users
// download it; everyone else gets 404, its own users 403 where only staff
// act.
func certificationCases() []apptest.Case {
	path := func(org func(f *apptest.Fixture) string, tail string) func(f *apptest.Fixture) string {
		return func(f *apptest.Fixture) string {
			o := org(f)
			return "/partners/" + o + "/certifications/" + proofCertification(f, o) + tail
		}
	}
	api := func(org func(f *apptest.Fixture) string, tail string) func(f *apptest.Fixture) string {
		p := path(org, tail)
		return func(f *apptest.Fixture) string { return "/api/v1" + p(f) }
	}
	a := func(f *apptest.Fixture) string { return f.A }
	b := func(f *apptest.Fixture) string { return f.B }
	confirmed := func(*apptest.Fixture) url.Values { return url.Values{"confirmed": {"1"}} }
	return []apptest.Case{
		{Pattern: "POST /partners/{id}/certifications/{entry}/verify", Path: path(a, "/verify"), Form: confirmed,
			Want: "admin,manager:303 padmin,pmember:403 recruiter,other:404 anon:401"},
		{Pattern: "POST /partners/{id}/certifications/{entry}/verify", Path: path(b, "/verify"),
			Want: "admin,manager:200|303 other:403 padmin,pmember,recruiter:404 anon:401"},
		{Pattern: "POST /partners/{id}/certifications/{entry}/unverify", Path: path(a, "/unverify"), Form: confirmed,
			Want: "admin,manager:303 padmin,pmember:403 recruiter,other:404 anon:401"},
		{Pattern: "POST /partners/{id}/certifications/{entry}/proof", Path: path(a, "/proof"), Form: func(*apptest.Fixture) url.Values { return url.Values{"x": {"1"}} },
			Want: "admin,manager,padmin:422 pmember:403 recruiter,other:404 anon:401"},
		{Pattern: "POST /partners/{id}/certifications/{entry}/proof", Path: path(b, "/proof"), Form: func(*apptest.Fixture) url.Values { return url.Values{"x": {"1"}} },
			Want: "admin,manager,other:422 padmin,pmember,recruiter:404 anon:401"},
		{Pattern: "GET /partners/{id}/certifications/{entry}/proof", Path: path(a, "/proof"), Want: "admin,manager,padmin,pmember:200 recruiter,other:404 anon:303"},
		{Pattern: "GET /partners/{id}/certifications/{entry}/proof", Path: path(b, "/proof"), Want: "admin,manager,other:200 padmin,pmember,recruiter:404 anon:303"},
		{Pattern: "PUT /api/v1/partners/{id}/certifications/{entry}/verification", Path: api(a, "/verification"), JSON: func(*apptest.Fixture) any { return map[string]bool{"verified": true} },
			Want: "admin,manager:200 padmin,pmember:403 recruiter,other:404 anon:401"},
		{Pattern: "PUT /api/v1/partners/{id}/certifications/{entry}/verification", Path: api(b, "/verification"), JSON: func(*apptest.Fixture) any { return map[string]bool{"verified": false} },
			Want: "admin,manager:200 other:403 padmin,pmember,recruiter:404 anon:401"},
		{Pattern: "POST /api/v1/partners/{id}/certifications/{entry}/proof", Path: api(a, "/proof"),
			Want: "admin,manager,padmin:422 pmember:403 recruiter,other:404 anon:401"},
	}
}
