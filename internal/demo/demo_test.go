package demo_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/demo"
	"pakt/internal/partner"
)

func services(d *db.DB) (*auth.Service, *partner.Service) {
	authSvc := auth.NewService(d, time.Now)
	authSvc.OrgExists = partner.Exists
	return authSvc, partner.NewService(d, time.Now)
}

func TestSeed(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		authSvc, partners := services(d)
		start := time.Now()
		res, err := demo.Seed(ctx, demo.Options{DB: d, Auth: authSvc, Partners: partners, Count: 200, Seed: 1})
		if err != nil {
			t.Fatalf("seed: %v", err)
		}
		t.Logf("seeded 200 partners in %v", time.Since(start))
		// 4 staff, 3 board members and a vendor liaison, 200 partner
		// admins, a member for every tenth partner.
		if res.Organisations != 200 || res.Users != 228 {
			t.Fatalf("got %d organisations and %d users, want 200 and 228", res.Organisations, res.Users)
		}
		orgs, err := partners.All(ctx, auth.System)
		if err != nil {
			t.Fatal(err)
		}
		if len(orgs) != 200 {
			t.Fatalf("got %d organisations in the database, want 200", len(orgs))
		}

		users, err := authSvc.ListUsers(ctx, auth.System)
		if err != nil {
			t.Fatal(err)
		}
		roles := map[auth.Role]int{}
		byEmail := map[string]*auth.User{}
		for _, u := range users {
			roles[u.Role]++
			byEmail[u.Email] = u
		}
		wantRoles := map[auth.Role]int{auth.RoleAdmin: 1, auth.RoleManager: 2, auth.RoleRecruiter: 1, auth.RoleBoard: 3, auth.RoleLiaison: 1, auth.RolePartnerAdmin: 200, auth.RolePartnerMember: 20}
		if !reflect.DeepEqual(roles, wantRoles) {
			t.Errorf("users by role: got %v, want %v", roles, wantRoles)
		}
		for _, e := range []string{demo.AdminEmail, demo.AnnaEmail, demo.TomEmail, demo.RecruiterEmail, "admin@mueller-it.de", "team@mueller-it.de"} {
			if byEmail[e] == nil {
				t.Errorf("no user %s", e)
			}
		}
		managers := map[string]int{}
		for _, o := range orgs {
			if u := byEmail["admin@"+o.Domain]; u == nil || u.OrgID != o.ID || u.Role != auth.RolePartnerAdmin {
				t.Errorf("%s: no partner admin admin@%s", o.LegalName, o.Domain)
			}
			managers[o.ManagerID]++
		}
		anna, tom := byEmail[demo.AnnaEmail], byEmail[demo.TomEmail]
		if anna == nil || tom == nil || managers[anna.ID] != 100 || managers[tom.ID] != 100 {
			t.Errorf("organisations per manager: got %v, want 100 each for Anna Berger and Tom Fischer", managers)
		}

		if _, _, err := authSvc.Login(ctx, demo.AnnaEmail, demo.StaffPassword, "127.0.0.1"); err != nil {
			t.Errorf("partner manager login: %v", err)
		}
		u, _, err := authSvc.Login(ctx, "admin@mueller-it.de", demo.PartnerPassword, "127.0.0.1")
		if err != nil {
			t.Fatalf("login admin@mueller-it.de: %v", err)
		}
		actor := u.Actor()
		own, err := partners.Get(ctx, actor, actor.OrgID)
		if err != nil {
			t.Fatal(err)
		}
		if own.LegalName != demo.ShowcaseName || own.City != "München" || !own.Published || own.ManagerID != anna.ID {
			t.Errorf("the partner admin's organisation: got %q in %s (published %v, manager %s), want %q in München, published, managed by Anna Berger",
				own.LegalName, own.City, own.Published, own.ManagerID, demo.ShowcaseName)
		}
		comps, err := partners.CompetencyBySlug(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(comps) != len(demo.Competencies()) {
			t.Errorf("got %d competencies, want %d", len(comps), len(demo.Competencies()))
		}
		if vr := comps["vr"]; vr == nil || !own.HasCompetency(vr.ID) {
			t.Errorf("Müller IT's competencies %v lack VR", own.Competencies)
		}

		found, err := partners.Search(ctx, actor, partner.Query{Text: "mueller it"})
		if err != nil {
			t.Fatal(err)
		}
		if len(found.Hits) == 0 || found.Hits[0].LegalName != demo.ShowcaseName {
			t.Errorf("search for \"mueller it\": got %v first, want %q", found.Hits, demo.ShowcaseName)
		}

		if _, err := demo.Seed(ctx, demo.Options{DB: d, Auth: authSvc, Partners: partners, Count: 10, Seed: 2}); !errors.Is(err, demo.ErrNotEmpty) {
			t.Errorf("second seed: got %v, want ErrNotEmpty", err)
		}
	})
}

func fakeIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = "competency-" + string(rune('a'+i))
	}
	return ids
}

func names(drafts []partner.Draft) []string {
	out := make([]string, len(drafts))
	for i := range drafts {
		out[i] = *drafts[i].Input.LegalName
	}
	return out
}

func TestDraftsDeterministic(t *testing.T) {
	ids := fakeIDs(20)
	a, b := demo.Drafts(7, 500, ids), demo.Drafts(7, 500, ids)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different drafts")
	}
	c := names(demo.Drafts(8, 500, ids))
	same := 0
	for i, n := range names(a) {
		if c[i] == n {
			same++
		}
	}
	// Only the showcase partner is the same in every run.
	if same > 5 {
		t.Errorf("seeds 7 and 8 gave %d of 500 names alike, want nearly none", same)
	}
}

func TestDraftsShowcaseFirst(t *testing.T) {
	for _, ids := range [][]string{nil, {"vr-id"}, fakeIDs(30)} {
		d := demo.Drafts(42, 3, ids)[0]
		in := d.Input
		if *in.LegalName != "Müller IT GmbH & Co. KG" || *in.Domain != "mueller-it.de" || *in.City != "München" ||
			*in.Region != "Bayern" || *in.Country != "DE" || !*in.Published {
			t.Errorf("first draft: got %s, %s, %s, %s, %s, published %v", *in.LegalName, *in.Domain, *in.City, *in.Region, *in.Country, *in.Published)
		}
		if len(ids) > 0 && !slices.Contains(*in.Competencies, ids[0]) {
			t.Errorf("first draft's competencies %v lack the first id %s", *in.Competencies, ids[0])
		}
		if len(ids) == 0 && len(*in.Competencies) != 0 {
			t.Errorf("first draft without competency ids: got competencies %v", *in.Competencies)
		}
	}
}

func TestDraftsUnique(t *testing.T) {
	start := time.Now()
	drafts := demo.Drafts(1, 100000, fakeIDs(31))
	t.Logf("100000 drafts in %v", time.Since(start))
	if len(drafts) != 100000 {
		t.Fatalf("got %d drafts, want 100000", len(drafts))
	}
	seenName := make(map[string]bool, len(drafts))
	seenDomain := make(map[string]bool, len(drafts))
	countries := map[string]int{}
	for i := range drafts {
		in := drafts[i].Input
		if seenName[*in.LegalName] {
			t.Fatalf("draft %d: name %q given twice", i, *in.LegalName)
		}
		if seenDomain[*in.Domain] {
			t.Fatalf("draft %d: domain %q given twice", i, *in.Domain)
		}
		seenName[*in.LegalName], seenDomain[*in.Domain] = true, true
		countries[*in.Country]++
		if i > 0 && strings.Contains(*in.LegalName, "Müller") && slices.Contains(partner.NameTokens(*in.LegalName), "it") {
			t.Fatalf("draft %d: %q competes with the showcase partner in a search for Müller IT", i, *in.LegalName)
		}
	}
	if de := countries["DE"]; de < 60000 || len(countries) < 6 {
		t.Errorf("countries: got %v, want mostly DE and several others", countries)
	}
}

func TestDraftsValid(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, partners := services(d)
		var ids []string
		for _, in := range demo.Competencies() {
			c, err := partners.SaveCompetency(ctx, auth.System, "", in)
			if err != nil {
				t.Fatalf("competency %s: %v", *in.Slug, err)
			}
			ids = append(ids, c.ID)
		}
		drafts := demo.Drafts(3, 6000, ids)
		checked := 0
		for i := 0; i < len(drafts); i += 20 {
			if err := partners.ValidateDraft(ctx, auth.System, &drafts[i]); err != nil {
				t.Errorf("draft %d (%s): %v", i, *drafts[i].Input.LegalName, err)
			}
			checked++
		}
		if checked < 300 {
			t.Fatalf("checked %d drafts, want at least 300", checked)
		}
	})
}

func TestCompetencies(t *testing.T) {
	list := demo.Competencies()
	if len(list) < 28 || len(list) > 35 {
		t.Errorf("got %d competencies, want about 30", len(list))
	}
	slugs := map[string]bool{}
	for _, c := range list {
		if slugs[*c.Slug] {
			t.Errorf("slug %s given twice", *c.Slug)
		}
		slugs[*c.Slug] = true
		if *c.NameDE == "" || *c.NameEN == "" || !strings.HasSuffix(*c.DescriptionDE, ".") || !strings.HasSuffix(*c.DescriptionEN, ".") {
			t.Errorf("competency %s lacks a name or a one-sentence description", *c.Slug)
		}
	}
	for _, s := range []string{"azure", "security", "vr", "ai", "erp", "sap", "m365", "networking", "cloud-migration", "data-analytics",
		"iot", "devops", "crm", "backup", "itsm", "ar", "3d-visualisation", "cad", "plm", "e-commerce", "managed-services",
		"kubernetes", "gdpr", "sd-wan", "voip", "digital-workplace", "low-code", "bi"} {
		if !slugs[s] {
			t.Errorf("no competency %s", s)
		}
	}
}

func TestLoginHelp(t *testing.T) {
	for _, s := range []string{demo.AdminEmail, demo.AnnaEmail, demo.TomEmail, demo.RecruiterEmail, demo.StaffPassword,
		"admin@mueller-it.de / partner-demo-2026", "Müller IT GmbH & Co. KG", "admin@<its domain>"} {
		if !strings.Contains(demo.LoginHelp, s) {
			t.Errorf("LoginHelp lacks %q", s)
		}
	}
}

func BenchmarkDrafts(b *testing.B) {
	ids := fakeIDs(31)
	for b.Loop() {
		demo.Drafts(1, 100000, ids)
	}
}

// TestSeedLargeDemoInBulk: a demo beyond FeaturePartners loads the rest in
// bulk, and those partners are there as the others are: in the directory
// by name, with their logins, counted by the organisations' counter.
func TestSeedLargeDemoInBulk(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		authSvc, partners := services(d)
		count := demo.FeaturePartners + 2300
		var progress []int
		res, err := demo.Seed(ctx, demo.Options{DB: d, Auth: authSvc, Partners: partners, Count: count, Seed: 1,
			Progress: func(done int) { progress = append(progress, done) }})
		if err != nil {
			t.Fatalf("seed: %v", err)
		}
		if res.Organisations != count || res.Users != 8+count+count/10 {
			t.Errorf("got %d organisations and %d users, want %d and %d", res.Organisations, res.Users, count, 8+count+count/10)
		}
		if !slices.Equal(progress, []int{count}) {
			t.Errorf("progress: got %v, want [%d]", progress, count)
		}
		var n, distinct int64
		if err := d.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT seq) FROM organisations`).Scan(&n, &distinct); err != nil {
			t.Fatal(err)
		}
		counter, err := db.Counters(ctx, d, db.Organisations)
		if err != nil {
			t.Fatal(err)
		}
		seqs, err := db.Query(ctx, d, func(r db.Row) (int64, error) {
			var seq int64
			return seq, r.Scan(&seq)
		}, `SELECT seq FROM organisations`)
		if err != nil {
			t.Fatal(err)
		}
		uncovered := slices.IndexFunc(seqs, func(seq int64) bool { return !counter[0].Covers(seq) })
		if n != int64(count) || distinct != n || uncovered >= 0 {
			t.Errorf("got %d organisations with %d distinct change numbers, the %d-th not taken up to the counter at %v; want %d, all distinct, all up to the counter",
				n, distinct, uncovered, counter[0], count)
		}

		// The last partner was loaded in bulk: the same generator names it.
		last := demo.Drafts(1, count, fakeIDs(len(demo.Competencies())))[count-1]
		found, err := partners.Search(ctx, auth.System, partner.Query{Text: *last.Input.LegalName})
		if err != nil {
			t.Fatal(err)
		}
		if len(found.Hits) == 0 || found.Hits[0].LegalName != *last.Input.LegalName {
			t.Fatalf("search for %q: got %v, want it first", *last.Input.LegalName, found.Hits)
		}
		all, err := partners.Search(ctx, auth.System, partner.Query{PerPage: 1})
		if err != nil {
			t.Fatal(err)
		}
		if all.Total != count {
			t.Errorf("the directory lists %d organisations to staff, want %d", all.Total, count)
		}
		u, _, err := authSvc.Login(ctx, "admin@"+*last.Input.Domain, demo.PartnerPassword, "127.0.0.1")
		if err != nil {
			t.Fatalf("login of the last partner's admin: %v", err)
		}
		own, err := partners.Get(ctx, u.Actor(), u.OrgID)
		if err != nil {
			t.Fatal(err)
		}
		if own.LegalName != *last.Input.LegalName || own.City != *last.Input.City || len(own.Contacts) != len(last.Contacts) ||
			len(own.References) != len(last.References) || len(own.Competencies) != len(*last.Input.Competencies) {
			t.Errorf("the last partner's profile: got %s in %s with %d contacts, %d references, %d competencies; want %s in %s with %d, %d, %d",
				own.LegalName, own.City, len(own.Contacts), len(own.References), len(own.Competencies),
				*last.Input.LegalName, *last.Input.City, len(last.Contacts), len(last.References), len(*last.Input.Competencies))
		}
	})
}
