package partner_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// TestPartnerScenarios runs requests as users would send them and checks
// what they would see.
func TestPartnerScenarios(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		vr, err := s.App.Partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: new("Virtuelle Realität"), NameEN: new("Virtual Reality"), Slug: new("vr")})
		if err != nil {
			t.Fatal(err)
		}
		own, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new("Müller IT GmbH & Co. KG"), City: new("München"), Region: new("Bayern"),
			Country: new("DE"), Tier: new("gold"), Published: new(true), Competencies: &[]string{vr.ID}})
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range []string{"Schmidt Security AG", "Weber Systeme GmbH", "Bäcker Digital KG"} {
			tier := []string{"silver", "gold", "registered"}[i]
			if _, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(n), Country: new("AT"), Tier: &tier, Published: new(true)}); err != nil {
				t.Fatal(err)
			}
		}
		pa := s.Login(s.CreateUser(auth.RolePartnerAdmin, own.ID).Email)

		for _, tc := range []struct {
			name, lang, method, path string
			form                     url.Values
			json                     any
			status                   int
			want, not                []string
		}{
			{name: "directory page finds by forgiving text", lang: "de", method: "GET", path: "/partners?q=mueller+it",
				status: 200, want: []string{"Müller IT GmbH &amp; Co. KG", "1 Treffer"}, not: []string{"Schmidt Security"}},
			{name: "directory facet narrows and keeps counts", lang: "en", method: "GET", path: "/partners?country=AT",
				status: 200, want: []string{"3 results", "Schmidt Security AG", `aria-current="true"`}, not: []string{">Müller IT GmbH &amp; Co. KG</a>"}},
			{name: "directory page with a bad date names the field", lang: "de", method: "GET", path: "/partners?free_from=31.12.",
				status: 422, want: []string{"Kein gültiges Datum"}},
			{name: "API search with facets and paging", lang: "en", method: "GET", path: "/api/v1/partners?tier=gold&per_page=1&sort=name&facets=tier",
				status: 200, want: []string{`"total":2`, `"per_page":1`, `"legal_name":"Müller IT GmbH & Co. KG"`, `"value":"silver","count":1`}},
			{name: "API search refuses a bad page size", lang: "en", method: "GET", path: "/api/v1/partners?per_page=1000",
				status: 422, want: []string{`"field":"per_page"`, "Must be between 1 and 100"}},
			{name: "API search refuses an unknown sort", lang: "de", method: "GET", path: "/api/v1/partners?sort=price",
				status: 422, want: []string{`"field":"sort"`, "Kein zulässiger Wert"}},
			{name: "profile form refuses an empty name and keeps the other values", lang: "de", method: "POST", path: "/partners/" + own.ID,
				form: url.Values{"legal_name": {""}, "city": {"Nürnberg"}, "country": {"DE"}}, status: 422,
				want: []string{"Pflichtfeld: bitte ausfüllen.", `value="Nürnberg"`}},
			{name: "resource form refuses an end before the start", lang: "en", method: "POST", path: "/partners/" + own.ID + "/resources",
				form: url.Values{"skill": {"Unity"}, "amount": {"1,5"}, "unit": {"fte"}, "from": {"2027-05-01"}, "to": {"2027-04-01"}}, status: 422,
				want: []string{"The end is before the start.", `value="Unity"`}},
			{name: "resource form refuses a bad amount", lang: "de", method: "POST", path: "/partners/" + own.ID + "/resources",
				form: url.Values{"skill": {"Unity"}, "amount": {"viel"}, "unit": {"fte"}, "from": {"2027-04-01"}, "to": {"2027-05-01"}}, status: 422,
				want: []string{"Keine Zahl."}},
			{name: "contact API refuses a bad e-mail", lang: "en", method: "POST", path: "/api/v1/partners/" + own.ID + "/contacts",
				json: map[string]any{"name": "Anna", "email": "anna@"}, status: 422, want: []string{`"field":"email"`}},
			{name: "partner admin adds a resource in German notation", lang: "de", method: "POST", path: "/partners/" + own.ID + "/resources",
				form: url.Values{"skill": {"Unity"}, "amount": {"1,5"}, "unit": {"fte"}, "from": {"2027-04-01"}, "to": {"2027-05-01"}}, status: 303},
			{name: "profile shows the resource in German formats", lang: "de", method: "GET", path: "/partners/" + own.ID,
				status: 200, want: []string{"1,5 Vollzeitkräfte", "01.04.2027 – 01.05.2027"}},
			{name: "profile shows it in English formats", lang: "en", method: "GET", path: "/partners/" + own.ID,
				status: 200, want: []string{"1.5 FTE", "1 Apr 2027 – 1 May 2027"}},
			{name: "directory finds the new resource skill", lang: "en", method: "GET", path: "/partners?q=unity&free_from=2027-04-15",
				status: 200, want: []string{"1 result", "Müller IT"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				pa.Lang = tc.lang
				var r *apptest.Response
				switch {
				case tc.json != nil:
					r = pa.JSON(tc.method, tc.path, tc.json)
				case tc.form != nil:
					r = pa.Form(tc.method, tc.path, tc.form)
				default:
					r = pa.Get(tc.path)
				}
				if r.Status != tc.status {
					t.Fatalf("status %d, want %d\n%.500s", r.Status, tc.status, r.Body)
				}
				for _, w := range tc.want {
					if !strings.Contains(r.Body, w) {
						t.Errorf("answer lacks %q", w)
					}
				}
				for _, n := range tc.not {
					if strings.Contains(r.Body, n) {
						t.Errorf("answer shows %q", n)
					}
				}
			})
		}
		got, err := s.App.Partners.Get(ctx, auth.System, own.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.LegalName != "Müller IT GmbH & Co. KG" || got.City != "München" || len(got.Resources) != 1 || len(got.Contacts) != 0 {
			t.Fatalf("refused changes were saved: %+v", got)
		}
	})
}

// TestUnreadableFormChangesNothing: a form body with a broken escape is
// refused as invalid input, and the profile keeps what it had.
func TestUnreadableFormChangesNothing(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	own, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new("Müller IT GmbH"), Country: new("DE"), Published: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	pa := s.Login(s.CreateUser(auth.RolePartnerAdmin, own.ID).Email)
	res := pa.Do("POST", "/partners/"+own.ID, "application/x-www-form-urlencoded", strings.NewReader("legal_name=Neu%zz&city=Berlin"))
	if res.Status != 422 {
		t.Fatalf("unreadable form: status %d, want 422: %s", res.Status, res.Body)
	}
	got, err := s.App.Partners.Get(ctx, auth.System, own.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.LegalName != "Müller IT GmbH" || got.City != "" {
		t.Fatalf("after an unreadable form the profile reads %q in %q, want it unchanged", got.LegalName, got.City)
	}
}

// TestDeleteAsksFirst: a delete without confirmation changes nothing and
// answers the question, with the same form and confirmed=1; a delete the
// service would refuse is refused at once, without a question.
func TestDeleteAsksFirst(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		vr, err := s.App.Partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: new("Virtuelle Realität"), NameEN: new("Virtual Reality"), Slug: new("vr")})
		if err != nil {
			t.Fatal(err)
		}
		org, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new("Müller IT GmbH"), Country: new("DE"), Competencies: &[]string{vr.ID}})
		if err != nil {
			t.Fatal(err)
		}
		admin := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
		admin.Lang = "de"

		res := admin.Form("POST", "/partners/"+org.ID+"/delete", nil)
		if res.Status != 200 || !strings.Contains(res.Body, "Diese Organisation löschen?") ||
			!strings.Contains(res.Body, `action="/partners/`+org.ID+`/delete"`) || !strings.Contains(res.Body, `name="confirmed" value="1"`) ||
			!strings.Contains(res.Body, "Endgültig löschen") {
			t.Fatalf("unconfirmed delete: %d\n%.3000s", res.Status, res.Body)
		}
		if _, err := s.App.Partners.Get(ctx, auth.System, org.ID); err != nil {
			t.Fatalf("an unconfirmed delete deleted the organisation: %v", err)
		}
		// The competency is in use: the conflict is said before any question.
		if res := admin.Form("POST", "/competencies/"+vr.ID+"/delete", nil); res.Status != 409 || strings.Contains(res.Body, `name="confirmed"`) {
			t.Errorf("deleting a competency in use: %d\n%.2000s", res.Status, res.Body)
		}

		if res := admin.Form("POST", "/partners/"+org.ID+"/delete", url.Values{"confirmed": {"1"}}); res.Status != 303 {
			t.Fatalf("confirmed delete: %d", res.Status)
		}
		if _, err := s.App.Partners.Get(ctx, auth.System, org.ID); err == nil {
			t.Fatal("the confirmed delete left the organisation")
		}
	})
}
