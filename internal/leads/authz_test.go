package leads_test

import (
	"context"
	"net/url"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/leads"
)

// The markers of what leads keep confidential: the customer of a lead
// offered to C, and the contact person of every lead A has not accepted.
const (
	ldCustomerC = "Gammakunde Lead Geheim AG"
	ldContact   = "lead-kontakt@geheim.example"
)

// ldFixture holds the leads shared by the cases of one matrix run.
type ldFixture struct {
	campaign string
	leadA    string // offered to A
	leadC    string // offered to C
}

// Leads are staff's: they record, distribute and withdraw them and see
// campaigns and conversion. A partner's users see the leads offered to
// their organisation now and those it accepted; its admins answer; a
// member reads. Nobody else sees a lead; recruiters see nothing.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	apptest.Matrix(t, "leads", func() []apptest.Case {
		ctx := context.Background()
		svc := func(f *apptest.Fixture) *leads.Service { return f.S.App.Leads }
		staff := func(f *apptest.Fixture) *auth.Actor { return f.AdminActor }
		create := func(f *apptest.Fixture, customer, contact string) string {
			l, err := svc(f).CreateLead(ctx, staff(f), leads.LeadInput{CustomerName: new(customer), Country: new("DE"), City: new("München"),
				Competencies: &[]string{f.Competency}, ValueMinor: new(int64(5_000_000)), ContactName: new("Frau Geheim"), ContactEmail: new(contact)})
			if err != nil {
				f.T.Fatal(err)
			}
			return l.ID
		}
		offer := func(f *apptest.Fixture, id string, orgs ...string) string {
			if _, err := svc(f).Distribute(ctx, staff(f), id, orgs); err != nil {
				f.T.Fatal(err)
			}
			return id
		}
		ld := func(f *apptest.Fixture) *ldFixture {
			return apptest.Once(f, "leads", func() *ldFixture {
				c, err := svc(f).CreateCampaign(ctx, staff(f), leads.CampaignInput{Name: new(f.Unique("Frühjahrsaktion")), BudgetMinor: new(int64(1_000_000)),
					From: new("2027-03-01"), To: new("2027-05-31")})
				if err != nil {
					f.T.Fatal(err)
				}
				x := &ldFixture{campaign: c.ID, leadA: offer(f, create(f, "Alphakunde Lead GmbH", "kontakt@alphakunde.example"), f.A),
					leadC: offer(f, create(f, ldCustomerC, ldContact), f.C)}
				for _, role := range []string{"anon", "recruiter", "padmin", "pmember", "other"} {
					f.Forbid(ldCustomerC, role)
					f.Forbid(ldContact, role)
				}
				return x
			})
		}
		leadA := func(f *apptest.Fixture) string { return ld(f).leadA }
		leadC := func(f *apptest.Fixture) string { return ld(f).leadC }
		campaign := func(f *apptest.Fixture) string { return ld(f).campaign }
		fresh := func(f *apptest.Fixture) string { ld(f); return create(f, ldCustomerC, ldContact) }
		offeredA := func(f *apptest.Fixture) string {
			ld(f)
			return offer(f, create(f, "Alphakunde Lead GmbH", "kontakt@alphakunde.example"), f.A, f.C)
		}
		offeredC := func(f *apptest.Fixture) string { return offer(f, fresh(f), f.C) }
		page := func(id func(*apptest.Fixture) string, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/leads/" + id(f) + suffix }
		}
		api := func(id func(*apptest.Fixture) string, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/api/v1/leads/" + id(f) + suffix }
		}
		camp := func(prefix, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return prefix + campaign(f) + suffix }
		}
		leadForm := func(f *apptest.Fixture) url.Values {
			return url.Values{"customer_name": {"Neukunde GmbH"}, "country": {"DE"}, "city": {"Köln"}, "competencies": {f.Competency}, "value": {"25000"},
				"currency": {"EUR"}, "answer_hours": {"48"}, "contact_email": {"neu@neukunde.example"}, "description": {"Sucht Hilfe."}}
		}
		leadJSON := func(f *apptest.Fixture) any {
			return map[string]any{"customer_name": "API-Kunde AG", "country": "AT", "competencies": []string{f.Competency}, "value_minor": 1000000, "answer_hours": 24}
		}
		campaignForm := func(f *apptest.Fixture) url.Values {
			return url.Values{"name": {f.Unique("Herbstaktion")}, "budget": {"10000"}, "currency": {"EUR"}, "from": {"2027-09-01"}, "to": {"2027-10-31"}, "description": {"Messe"}}
		}
		campaignJSON := func(f *apptest.Fixture) any {
			return map[string]any{"name": f.Unique("API-Aktion"), "budget_minor": 500000, "from": "2027-01-01", "to": "2027-01-31"}
		}
		distribute := func(f *apptest.Fixture) url.Values {
			return url.Values{"orgs": {f.C}, "rank-" + f.C: {"1"}}
		}
		decline := func(*apptest.Fixture) url.Values {
			return url.Values{"reason": {"no_capacity"}, "note": {"Zurzeit ausgelastet."}}
		}
		return []apptest.Case{
			{Pattern: "GET /leads", Path: apptest.Static("/leads"), Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /leads", Path: func(f *apptest.Fixture) string { return "/leads?state=offered&campaign=" + campaign(f) }, Want: "recruiter:404 anon:303 *:200"},
			{Pattern: "GET /leads/new", Path: apptest.Static("/leads/new"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "POST /leads", Path: apptest.Static("/leads"), Form: leadForm, Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "GET /leads/conversion", Path: apptest.Static("/leads/conversion"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /leads/{id}", Path: page(leadA, ""), Want: "admin,manager,padmin,pmember:200 anon:303 *:404"},
			{Pattern: "GET /leads/{id}", Path: page(leadC, ""), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /leads/{id}/edit", Path: page(leadA, "/edit"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "POST /leads/{id}", Path: page(fresh, ""), Form: leadForm, Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "POST /leads/{id}/distribute", Path: page(fresh, "/distribute"), Form: distribute, Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "POST /leads/{id}/accept", Path: page(offeredA, "/accept"), Want: "padmin:303 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /leads/{id}/accept", Path: page(offeredC, "/accept"), Want: "admin,manager:403 anon:401 *:404"},
			{Pattern: "POST /leads/{id}/decline", Path: page(offeredA, "/decline"), Form: decline, Want: "padmin:303 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /leads/{id}/decline", Path: page(offeredC, "/decline"), Form: decline, Want: "admin,manager:403 anon:401 *:404"},
			{Pattern: "POST /leads/{id}/withdraw", Path: page(offeredC, "/withdraw"), Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "POST /leads/{id}/withdraw", Path: page(offeredA, "/withdraw"), Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "GET /campaigns", Path: apptest.Static("/campaigns"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /campaigns/new", Path: apptest.Static("/campaigns/new"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "POST /campaigns", Path: apptest.Static("/campaigns"), Form: campaignForm, Want: "admin,manager:303 anon:401 *:404"},
			{Pattern: "GET /campaigns/{id}", Path: camp("/campaigns/", ""), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "GET /campaigns/{id}/edit", Path: camp("/campaigns/", "/edit"), Want: "admin,manager:200 anon:303 *:404"},
			{Pattern: "POST /campaigns/{id}", Path: camp("/campaigns/", ""), Form: campaignForm, Want: "admin,manager:303 anon:401 *:404"},

			{Pattern: "GET /api/v1/leads", Path: func(f *apptest.Fixture) string { ld(f); return "/api/v1/leads?state=" }, Want: "recruiter:404 anon:401 *:200"},
			{Pattern: "POST /api/v1/leads", Path: apptest.Static("/api/v1/leads"), JSON: leadJSON, Want: "admin,manager:201 anon:401 *:404"},
			{Pattern: "GET /api/v1/leads/conversion", Path: apptest.Static("/api/v1/leads/conversion"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/leads/{id}", Path: api(leadA, ""), Want: "admin,manager,padmin,pmember:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/leads/{id}", Path: api(leadC, ""), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "PATCH /api/v1/leads/{id}", Path: api(fresh, ""), JSON: func(*apptest.Fixture) any { return map[string]any{"city": "Berlin"} },
				Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/leads/{id}/proposal", Path: api(leadA, "/proposal"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/leads/{id}/distribute", Path: api(fresh, "/distribute"), JSON: func(f *apptest.Fixture) any { return map[string]any{"orgs": []string{f.C}} },
				Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/leads/{id}/accept", Path: api(offeredA, "/accept"), Want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /api/v1/leads/{id}/accept", Path: api(offeredC, "/accept"), Want: "admin,manager:403 anon:401 *:404"},
			{Pattern: "POST /api/v1/leads/{id}/decline", Path: api(offeredA, "/decline"), JSON: func(*apptest.Fixture) any { return map[string]any{"reason": "other", "note": "Kein Fokus."} },
				Want: "padmin:200 admin,manager,pmember:403 other,recruiter:404 anon:401"},
			{Pattern: "POST /api/v1/leads/{id}/withdraw", Path: api(offeredC, "/withdraw"), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/campaigns", Path: func(f *apptest.Fixture) string { ld(f); return "/api/v1/campaigns" }, Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/campaigns", Path: apptest.Static("/api/v1/campaigns"), JSON: campaignJSON, Want: "admin,manager:201 anon:401 *:404"},
			{Pattern: "GET /api/v1/campaigns/{id}", Path: camp("/api/v1/campaigns/", ""), Want: "admin,manager:200 anon:401 *:404"},
			{Pattern: "PATCH /api/v1/campaigns/{id}", Path: camp("/api/v1/campaigns/", ""), JSON: func(*apptest.Fixture) any { return map[string]any{"budget_minor": 700000} },
				Want: "admin,manager:200 anon:401 *:404"},
		}
	})
}
