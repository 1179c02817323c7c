package agreement_test

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"pakt/internal/agreement"
	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/notify"
	"pakt/internal/notify/notifytest"
)

var clock = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func addOrg(t *testing.T, d *db.DB, id, name string, published bool) {
	t.Helper()
	if _, err := d.Exec(`INSERT INTO organisations (id, kind, legal_name, status, published, created_at, updated_at, seq)
		VALUES ($1, 'partner', $2, 'active', $3, $4, $4, (SELECT COALESCE(MAX(seq), 0) + 1 FROM organisations))`, id, name, published, clock); err != nil {
		t.Fatal(err)
	}
}

func addUser(t *testing.T, d *db.DB, id, email string, role auth.Role, org, lang string) *auth.Actor {
	t.Helper()
	var orgID any
	if org != "" {
		orgID = org
	}
	if _, err := d.Exec(`INSERT INTO users (id, email, name, password_hash, role, org_id, lang, created_at, updated_at) VALUES ($1, $2, $3, 'x', $4, $5, $6, $7, $7)`,
		id, email, "Person "+id, string(role), orgID, lang, clock); err != nil {
		t.Fatal(err)
	}
	return &auth.Actor{UserID: id, Name: "Person " + id, Email: email, Role: role, OrgID: org, Lang: lang}
}

type world struct {
	d                                 *db.DB
	svc                               *agreement.Service
	notes                             *notify.Service
	smtp                              *notifytest.Server
	now                               time.Time
	aAdmin, aEditor, aMember, bAdmin  *auth.Actor
	cAdmin                            *auth.Actor
	dAdmin, staff, recruiter, bMember *auth.Actor
	inForce                           []*agreement.Agreement
	failInForce                       bool
}

// newWorld makes partners A (Müller IT, published), B (published), C
// (unpublished) and D (published, party to nothing), their users, staff
// and a recruiter, and an agreement service that mails through a real
// SMTP server.
func newWorld(t *testing.T, d *db.DB) *world {
	w := &world{d: d, now: clock, smtp: notifytest.Start(t)}
	m, err := notify.NewSMTP(w.smtp.Config())
	if err != nil {
		t.Fatal(err)
	}
	w.notes = notify.NewService(d, func() time.Time { return w.now }, m, slog.Default())
	w.notes.BaseURL = "https://partner.example"
	w.svc = agreement.NewService(d, func() time.Time { return w.now }, w.notes)
	w.svc.OnInForce = func(ctx context.Context, tx *sql.Tx, ag *agreement.Agreement) error {
		if w.failInForce {
			return errors.New("jour fixe series could not start")
		}
		w.inForce = append(w.inForce, ag)
		return nil
	}
	addOrg(t, d, "org-a", "Müller IT GmbH & Co. KG", true)
	addOrg(t, d, "org-b", "Beta Systemhaus AG", true)
	addOrg(t, d, "org-c", "Geheim GmbH", false)
	addOrg(t, d, "org-d", "Delta Beratung GmbH", true)
	w.aAdmin = addUser(t, d, "a-admin", "chef@mueller.example", auth.RolePartnerAdmin, "org-a", "de")
	w.aEditor = addUser(t, d, "a-editor", "team@mueller.example", auth.RolePartnerAdmin, "org-a", "de")
	w.aMember = addUser(t, d, "a-member", "member@mueller.example", auth.RolePartnerMember, "org-a", "de")
	w.bAdmin = addUser(t, d, "b-admin", "admin@beta.example", auth.RolePartnerAdmin, "org-b", "en")
	w.bMember = addUser(t, d, "b-member", "team@beta.example", auth.RolePartnerMember, "org-b", "en")
	w.cAdmin = addUser(t, d, "c-admin", "admin@geheim.example", auth.RolePartnerAdmin, "org-c", "de")
	w.dAdmin = addUser(t, d, "d-admin", "admin@delta.example", auth.RolePartnerAdmin, "org-d", "de")
	w.staff = addUser(t, d, "staff", "manager@pakt.example", auth.RoleManager, "", "de")
	w.recruiter = addUser(t, d, "recruiter", "recruiter@pakt.example", auth.RoleRecruiter, "", "de")
	return w
}

// mails delivers the outbox and returns the mails that arrived for addr
// since the last call.
func (w *world) deliver(t *testing.T) {
	t.Helper()
	if _, err := w.notes.Deliver(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func codeOf(err error) apperr.Code { return apperr.CodeOf(err) }

// keyOf is the message key of an application error, "" for others.
func keyOf(err error) string {
	if e, ok := apperr.As(err); ok {
		return e.Key
	}
	return ""
}

func fieldErr(err error, field string) string {
	if e, ok := apperr.As(err); ok {
		for _, f := range e.Fields {
			if f.Field == field {
				return f.Key
			}
		}
	}
	return ""
}

func subjects(ms []notifytest.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Subject)
	}
	return out
}

// The story of an agreement: A drafts it with B at 60/40, B changes a
// clause, both accept the latest version, it is in force; a change sends it
// back to negotiation. Each step tells the right people, in their language.
func TestAgreementLifecycle(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		svc := w.svc

		// A member reads agreements but drafts none.
		if _, err := svc.Create(ctx, w.aMember, agreement.CreateInput{Title: "Vom Mitglied", Customer: "Kunde", Parties: []string{"org-a", "org-b"}}); keyOf(err) != "error.partner_admin_only" {
			t.Errorf("a member creates: %v", err)
		}
		ag, err := svc.Create(ctx, w.aEditor, agreement.CreateInput{Title: "Digitaler Zwilling für Stadtwerke", Customer: "Stadtwerke Überlingen",
			Parties: []string{"org-a", "org-b"}, Shares: []int{6000, 4000}, ListingID: "listing-1"})
		if err != nil {
			t.Fatalf("create: %v", err)
		}
		if ag.Status != agreement.StatusDraft || ag.CurrentVersion != 1 || ag.LeadOrgID != "org-a" || ag.Content.Share("org-b") != 4000 ||
			len(ag.Parties) != 2 || ag.Parties[0].Name != "Müller IT GmbH & Co. KG" || !ag.Parties[0].Lead {
			t.Fatalf("created: %+v", ag)
		}
		w.deliver(t)
		if got := subjects(w.smtp.To("admin@beta.example")); len(got) != 1 || got[0] != "New cooperation agreement: Digitaler Zwilling für Stadtwerke" {
			t.Errorf("B's admin got %q", got)
		}
		if got := w.smtp.To("team@mueller.example"); len(got) != 0 {
			t.Errorf("the author was told of their own agreement: %v", subjects(got))
		}
		if got := w.smtp.To("chef@mueller.example"); len(got) != 0 {
			t.Errorf("the author's own organisation was told as another party: %v", subjects(got))
		}
		body := w.smtp.To("team@beta.example")[0].Body
		if !strings.Contains(body, "Person a-editor (Müller IT GmbH & Co. KG) started") || !strings.Contains(body, "https://partner.example/agreements/"+ag.ID) ||
			strings.Contains(body, "Überlingen") {
			t.Errorf("B's member got:\n%s", body)
		}

		// Who sees it: the parties and staff; nobody else, not even that it
		// exists.
		for _, a := range []*auth.Actor{w.aAdmin, w.bMember, w.staff} {
			if _, err := svc.Get(ctx, a, ag.ID); err != nil {
				t.Errorf("%s cannot read: %v", a.UserID, err)
			}
		}
		for _, a := range []*auth.Actor{w.dAdmin, w.cAdmin, w.recruiter} {
			if _, err := svc.Get(ctx, a, ag.ID); codeOf(err) != apperr.NotFound {
				t.Errorf("%s reads an agreement it is no party to: %v", a.UserID, err)
			}
			if _, err := svc.Versions(ctx, a, ag.ID); codeOf(err) != apperr.NotFound {
				t.Errorf("%s lists versions: %v", a.UserID, err)
			}
			if _, err := svc.Accept(ctx, a, ag.ID, 1); codeOf(err) != apperr.NotFound {
				t.Errorf("%s accepts: %v", a.UserID, err)
			}
		}
		if list, err := svc.List(ctx, w.dAdmin, ""); err != nil || len(list) != 0 {
			t.Errorf("D's list: %v, %v", list, err)
		}
		if list, err := svc.List(ctx, w.bMember, ""); err != nil || len(list) != 1 || list[0].Customer != "Stadtwerke Überlingen" || len(list[0].Parties) != 2 {
			t.Errorf("B's list: %+v, %v", list, err)
		}
		if _, err := svc.List(ctx, w.recruiter, ""); codeOf(err) != apperr.NotFound {
			t.Errorf("recruiter's list: %v", err)
		}

		// B changes a clause: version 2; A is told.
		w.now = w.now.Add(time.Hour)
		c2 := *ag.Content
		c2.Confidentiality.Scope = "Preise, Kundendaten und Quellcode"
		c2.Responsibilities.Parties[1].Contribution = "Sensorik und Betrieb"
		ag2, err := svc.Update(ctx, w.bAdmin, ag.ID, agreement.UpdateInput{BaseVersion: 1, Content: c2, Note: "Vertraulichkeit präzisiert"})
		if err != nil || ag2.CurrentVersion != 2 || ag2.Status != agreement.StatusDraft {
			t.Fatalf("B's change: %+v, %v", ag2, err)
		}
		// A's edit of version 1 made meanwhile is refused, not lost silently.
		c1 := *ag.Content
		c1.Understanding.Goals = "Gleichzeitig"
		if _, err := svc.Update(ctx, w.aEditor, ag.ID, agreement.UpdateInput{BaseVersion: 1, Content: c1}); codeOf(err) != apperr.Conflict {
			t.Errorf("a concurrent edit: %v, want a conflict", err)
		}
		// Saving what is there makes no version.
		if _, err := svc.Update(ctx, w.aMember, ag.ID, agreement.UpdateInput{BaseVersion: 2, Content: c2}); keyOf(err) != "error.partner_admin_only" {
			t.Errorf("a member changes the agreement: %v", err)
		}
		if got, err := svc.Get(ctx, w.aMember, ag.ID); err != nil || got.CurrentVersion != 2 || got.Customer != "Stadtwerke Überlingen" {
			t.Errorf("the member reads: %+v, %v", got, err)
		}
		if same, err := svc.Update(ctx, w.aEditor, ag.ID, agreement.UpdateInput{BaseVersion: 2, Content: c2}); err != nil || same.CurrentVersion != 2 {
			t.Errorf("an unchanged save: %v, %v", same, err)
		}
		// Invalid shares name the field.
		bad := c2
		bad.Costs = agreement.Costs{Shares: []agreement.Share{{OrgID: "org-a", BP: 6000}, {OrgID: "org-b", BP: 3000}}}
		if _, err := svc.Update(ctx, w.aEditor, ag.ID, agreement.UpdateInput{BaseVersion: 2, Content: bad}); fieldErr(err, "costs.shares") != "agreement.shares_sum" {
			t.Errorf("shares of 90 %%: %v", err)
		}
		w.deliver(t)
		if got := subjects(w.smtp.To("chef@mueller.example")); len(got) != 1 || got[0] != "Neue Version 2 von „Digitaler Zwilling für Stadtwerke“" {
			t.Errorf("A's admin got %q", got)
		}

		// Accepting: only a party's admin, only the latest version.
		if _, err := svc.Accept(ctx, w.aAdmin, ag.ID, 1); codeOf(err) != apperr.Conflict {
			t.Errorf("accepting version 1 of 2: %v, want a conflict", err)
		} else if e, _ := apperr.As(err); e.Key != "agreement.accept_outdated" {
			t.Errorf("accepting an old version: %v", err)
		}
		if _, err := svc.Accept(ctx, w.aAdmin, ag.ID, 3); fieldErr(err, "version") != "agreement.no_such_version" {
			t.Errorf("accepting version 3 of 2: %v", err)
		}
		if _, err := svc.Accept(ctx, w.aMember, ag.ID, 2); keyOf(err) != "error.partner_admin_only" {
			t.Errorf("a member accepts: %v", err)
		}
		for _, a := range []*auth.Actor{w.aMember, w.staff} {
			if _, err := svc.Accept(ctx, a, ag.ID, 2); codeOf(err) != apperr.Forbidden {
				t.Errorf("%s accepts: %v, want forbidden", a.UserID, err)
			}
		}
		w.now = w.now.Add(time.Hour)
		ag3, err := svc.Accept(ctx, w.aAdmin, ag.ID, 2)
		if err != nil || ag3.Status != agreement.StatusNegotiation || ag3.Party("org-a").AcceptedVersion != 2 {
			t.Fatalf("A accepts: %+v, %v", ag3, err)
		}
		if again, err := svc.Accept(ctx, w.aAdmin, ag.ID, 2); err != nil || again.Status != agreement.StatusNegotiation {
			t.Errorf("accepting twice: %v", err)
		}
		w.deliver(t)
		// B's admin made version 2: it heard of the creation and A's acceptance only.
		if got := subjects(w.smtp.To("admin@beta.example")); len(got) != 2 || got[1] != "Müller IT GmbH & Co. KG accepted “Digitaler Zwilling für Stadtwerke”" {
			t.Errorf("B's admin got %q", got)
		}

		// A failing hook undoes the acceptance that would put it in force.
		w.failInForce = true
		if _, err := svc.Accept(ctx, w.bAdmin, ag.ID, 2); err == nil {
			t.Fatal("the failing hook did not fail the acceptance")
		}
		if got, _ := svc.Get(ctx, w.bAdmin, ag.ID); got.Status != agreement.StatusNegotiation || got.Party("org-b").AcceptedVersion != 0 {
			t.Errorf("after a failed hook: %s, B accepted %d", got.Status, got.Party("org-b").AcceptedVersion)
		}
		w.failInForce = false

		// B accepts the same, latest version: in force.
		w.now = w.now.Add(time.Hour)
		ag4, err := svc.Accept(ctx, w.bAdmin, ag.ID, 2)
		if err != nil || ag4.Status != agreement.StatusInForce || ag4.InForceAt == nil || !ag4.InForceAt.Equal(w.now) {
			t.Fatalf("B accepts: %+v, %v", ag4, err)
		}
		if len(w.inForce) != 1 || w.inForce[0].ID != ag.ID || len(w.inForce[0].PartyIDs()) != 2 || w.inForce[0].Content == nil {
			t.Errorf("OnInForce got %+v", w.inForce)
		}
		w.deliver(t)
		if got := subjects(w.smtp.To("chef@mueller.example")); len(got) != 2 || got[1] != "„Digitaler Zwilling für Stadtwerke“ ist in Kraft" {
			t.Errorf("A's admin got %q", got)
		}
		if got := subjects(w.smtp.To("team@beta.example")); len(got) != 3 || got[2] != "“Digitaler Zwilling für Stadtwerke” is in force" {
			t.Errorf("B's member got %q", got)
		}

		// A change after that: back to negotiation, everybody is told.
		w.now = w.now.Add(24 * time.Hour)
		c5 := *ag4.Content
		c5.Employees.MonthsAfter = 24
		ag5, err := svc.Update(ctx, w.aEditor, ag.ID, agreement.UpdateInput{BaseVersion: 2, Content: c5})
		if err != nil || ag5.Status != agreement.StatusNegotiation || ag5.InForceAt != nil || ag5.CurrentVersion != 3 {
			t.Fatalf("a change in force: %+v, %v", ag5, err)
		}
		got, _ := svc.Get(ctx, w.staff, ag.ID)
		if got.Status != agreement.StatusNegotiation || got.Party("org-a").AcceptedCurrent(3) || got.Party("org-b").AcceptedVersion != 2 {
			t.Errorf("stored after the change: %+v", got)
		}
		w.deliver(t)
		if got := subjects(w.smtp.To("chef@mueller.example")); len(got) != 3 || got[2] != "„Digitaler Zwilling für Stadtwerke“ ist wieder in Verhandlung" {
			t.Errorf("A's admin got %q", got)
		}
		if got := subjects(w.smtp.To("admin@beta.example")); len(got) != 3 || got[2] != "“Digitaler Zwilling für Stadtwerke” is back in negotiation" {
			t.Errorf("B's admin got %q", got)
		}
		if got := w.smtp.To("admin@delta.example"); len(got) != 0 {
			t.Errorf("D was told: %v", subjects(got))
		}

		// Versions and their comparison.
		vs, err := svc.Versions(ctx, w.bMember, ag.ID)
		if err != nil || len(vs) != 3 || vs[0].Version != 3 || vs[1].Note != "Vertraulichkeit präzisiert" || vs[1].AuthorOrg != "Beta Systemhaus AG" {
			t.Fatalf("versions: %+v, %v", vs, err)
		}
		cmp, err := svc.Compare(ctx, w.bMember, ag.ID, 1, 3, "de")
		if err != nil {
			t.Fatal(err)
		}
		changed := map[string]bool{}
		for _, f := range cmp.Fields {
			if f.Changed {
				changed[f.Key] = true
			}
		}
		if cmp.Changed != 3 || !changed["confidentiality.scope"] || !changed["employees.months_after"] || !changed["responsibilities.contribution.org-b"] {
			t.Errorf("compare 1 and 3: %d changed: %v", cmp.Changed, changed)
		}
		if _, err := svc.Compare(ctx, w.bMember, ag.ID, 0, 4, "de"); fieldErr(err, "a") == "" || fieldErr(err, "b") == "" {
			t.Errorf("compare of missing versions: %v", err)
		}
		if v1, err := svc.Version(ctx, w.aAdmin, ag.ID, 1); err != nil || v1.Content.Confidentiality.Scope != "" {
			t.Errorf("version 1 changed with later versions: %+v, %v", v1, err)
		}

		// Every change is in the audit log.
		entries, _, err := audit.List(ctx, d, audit.Filter{ObjectType: "agreement", ObjectID: ag.ID})
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]int{}
		for _, e := range entries {
			actions[e.Action]++
		}
		if actions["create"] != 1 || actions["update"] != 2 || actions["accept"] != 2 {
			t.Errorf("audit log: %v", actions)
		}
	})
}

func TestCreateRules(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		svc := w.svc
		for _, c := range []struct {
			name  string
			actor *auth.Actor
			in    agreement.CreateInput
			field string
			key   string
		}{
			{"one party", w.aAdmin, agreement.CreateInput{Title: "T", Customer: "K", Parties: []string{"org-a"}}, "parties", "agreement.two_parties"},
			{"without own organisation", w.aAdmin, agreement.CreateInput{Title: "T", Customer: "K", Parties: []string{"org-b", "org-d"}}, "parties", "agreement.own_party"},
			// An unpublished partner is as unknown to another partner as a
			// missing one.
			{"an unpublished partner", w.aAdmin, agreement.CreateInput{Title: "T", Customer: "K", Parties: []string{"org-a", "org-c"}}, "parties", "validation.choice"},
			{"a missing partner", w.aAdmin, agreement.CreateInput{Title: "T", Customer: "K", Parties: []string{"org-a", "org-x"}}, "parties", "validation.choice"},
			{"twice the same", w.aAdmin, agreement.CreateInput{Title: "T", Customer: "K", Parties: []string{"org-a", "org-a"}}, "parties", "agreement.duplicate_party"},
			{"shares not 100 %", w.aAdmin, agreement.CreateInput{Title: "T", Customer: "K", Parties: []string{"org-a", "org-b"}, Shares: []int{5000, 4000}}, "costs.shares", "agreement.shares_sum"},
			{"a lead who is no party", w.aAdmin, agreement.CreateInput{Title: "T", Customer: "K", Parties: []string{"org-a", "org-b"}, LeadOrgID: "org-d"}, "responsibilities.lead_org_id", "agreement.lead_not_party"},
			{"no title", w.aAdmin, agreement.CreateInput{Customer: "K", Parties: []string{"org-a", "org-b"}}, "title", "validation.required"},
		} {
			_, err := svc.Create(ctx, c.actor, c.in)
			if got := fieldErr(err, c.field); got != c.key {
				t.Errorf("%s: %v, want %s on %s", c.name, err, c.key, c.field)
			}
		}
		if _, err := svc.Create(ctx, w.recruiter, agreement.CreateInput{Title: "T", Customer: "K", Parties: []string{"org-a", "org-b"}}); codeOf(err) != apperr.NotFound {
			t.Errorf("a recruiter creates: %v", err)
		}
		// Staff may name unpublished partners, and need not be a party.
		ag, err := svc.Create(ctx, w.staff, agreement.CreateInput{Title: "Dreier", Customer: "K", Parties: []string{"org-b", "org-c", "org-d"}, LeadOrgID: "org-c"})
		if err != nil {
			t.Fatalf("staff creates: %v", err)
		}
		if ag.LeadOrgID != "org-c" || ag.Content.Share("org-b") != 3334 || ag.Content.Share("org-d") != 3333 {
			t.Errorf("staff's agreement: lead %s, shares %+v", ag.LeadOrgID, ag.Content.Costs.Shares)
		}
		// The organisations to choose from.
		orgs, err := svc.Orgs(ctx, w.aEditor)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, o := range orgs {
			names = append(names, o.Name)
		}
		if strings.Join(names, ",") != "Beta Systemhaus AG,Delta Beratung GmbH,Müller IT GmbH & Co. KG" {
			t.Errorf("A may name %v", names)
		}
		if ids, err := svc.Nameable(ctx, w.aEditor, []string{"org-b", "org-c", "org-b", "org-x", "org-a"}); err != nil || strings.Join(ids, ",") != "org-b,org-a" {
			t.Errorf("Nameable = %v, %v", ids, err)
		}
		// Staff's agreement between B, C and D is not A's business.
		if list, _ := svc.List(ctx, w.aAdmin, ""); len(list) != 0 {
			t.Errorf("A lists %d agreements", len(list))
		}
		if list, _ := svc.List(ctx, w.staff, agreement.StatusDraft); len(list) != 1 {
			t.Errorf("staff lists %d drafts", len(list))
		}
		if list, _ := svc.List(ctx, w.cAdmin, agreement.StatusInForce); len(list) != 0 {
			t.Errorf("C lists %d agreements in force", len(list))
		}
	})
}

// When the last two parties accept at the same moment, the agreement is in
// force: neither acceptance overlooks the other.
func TestConcurrentAcceptances(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		for round := range 5 {
			ag, err := w.svc.Create(ctx, w.staff, agreement.CreateInput{Title: "Gleichzeitig", Customer: "K", Parties: []string{"org-a", "org-b", "org-d"}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.svc.Accept(ctx, w.dAdmin, ag.ID, 1); err != nil {
				t.Fatal(err)
			}
			errs := make(chan error, 2)
			for _, a := range []*auth.Actor{w.aAdmin, w.bAdmin} {
				go func() {
					_, err := w.svc.Accept(ctx, a, ag.ID, 1)
					errs <- err
				}()
			}
			for range 2 {
				if err := <-errs; err != nil {
					t.Fatalf("round %d: %v", round, err)
				}
			}
			got, err := w.svc.Get(ctx, w.staff, ag.ID)
			if err != nil || got.Status != agreement.StatusInForce || got.InForceAt == nil {
				t.Fatalf("round %d: %s after every party accepted, %v", round, got.Status, err)
			}
		}
		if len(w.inForce) != 5 {
			t.Errorf("OnInForce ran %d times for 5 agreements", len(w.inForce))
		}
	})
}
