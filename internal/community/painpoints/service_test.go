package painpoints_test

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/community/painpoints"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// penv is an association of five member companies (Alpha, Beta, Gamma,
// Delta, Epsilon), each with a partner admin, Alpha with a partner member
// too, and a company that is not a member (Extern), on a clock of its own.
type penv struct {
	t       *testing.T
	svc     *painpoints.Service
	notify  *notify.Service
	now     time.Time
	org     map[string]string
	admin   map[string]*auth.Actor
	member  *auth.Actor
	board   *auth.Actor
	liaison *auth.Actor
	manager *auth.Actor
}

func newPenv(t *testing.T, d *db.DB) *penv {
	t.Helper()
	ctx := context.Background()
	e := &penv{t: t, now: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC), org: map[string]string{}, admin: map[string]*auth.Actor{}}
	clock := func() time.Time { return e.now }
	users := auth.NewService(d, clock)
	partners := partner.NewService(d, clock)
	cs := community.NewService(d, clock)
	sys := &auth.Actor{UserID: "admin", Role: auth.RoleAdmin}
	if _, err := cs.SaveSettings(ctx, sys, community.SettingsInput{Mode: new(community.ModeAssociation)}); err != nil {
		t.Fatal(err)
	}
	user := func(name string, role auth.Role, org string) *auth.Actor {
		in := auth.UserInput{Email: new(strings.ToLower(strings.Fields(name)[0]) + "@" + string(role) + ".example"), Name: new(name), Role: new(role), Password: new("ein langes Passwort 123")}
		if org != "" {
			in.OrgID = new(org)
		}
		u, err := users.CreateUser(ctx, auth.System, in)
		if err != nil {
			t.Fatal(err)
		}
		return u.Actor()
	}
	for _, name := range []string{"Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Extern"} {
		o, err := partners.Create(ctx, auth.System, partner.Input{LegalName: new(name + " IT GmbH"), Published: new(true)})
		if err != nil {
			t.Fatal(err)
		}
		e.org[name] = o.ID
		e.admin[name] = user(name+" Admin", auth.RolePartnerAdmin, o.ID)
		if name == "Extern" {
			continue
		}
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			_, err := cs.StartMembership(ctx, tx, sys, o.ID, community.KindOrdinary, e.now.AddDate(-1, 0, 0))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	e.member = user("Anton Mitarbeiter", auth.RolePartnerMember, e.org["Alpha"])
	e.board = user("Karin Vorstand", auth.RoleBoard, "")
	e.liaison = user("Stefan Hersteller", auth.RoleLiaison, "")
	e.manager = user("Maria Manager", auth.RoleManager, "")
	e.notify = notify.NewService(d, clock, nil, slog.New(slog.DiscardHandler))
	e.svc = painpoints.NewService(d, clock, cs, e.notify)
	return e
}

// want fails the test unless err has the code (a validation error: names
// field).
func (e *penv) want(err error, code apperr.Code, field, what string) {
	e.t.Helper()
	x, ok := apperr.As(err)
	if !ok || x.Code != code {
		e.t.Fatalf("%s: got %v, want %s", what, err, code)
	}
	if field != "" && !slices.ContainsFunc(x.Fields, func(f apperr.FieldError) bool { return f.Field == field }) {
		e.t.Fatalf("%s: got %v, want an error on %s", what, err, field)
	}
}

// told reports whether a's inbox holds a notice of kind.
func (e *penv) told(a *auth.Actor, kind string) bool {
	e.t.Helper()
	items, err := e.notify.Inbox(context.Background(), a, "", false, 50)
	if err != nil {
		e.t.Fatal(err)
	}
	return slices.ContainsFunc(items, func(n *notify.Notification) bool { return n.Kind == kind })
}

// A partner member submits a pain point; three companies support it, one
// a duplicate of it too; the board merges the duplicate (its votes carry
// over, a company that supported both counts once, its submitter and
// supporters are told), reviews the point and raises it; the vendor's
// liaison sees it only then, with the count and the names of the companies
// that agreed, answers it, and the supporters find the answer in their
// inbox. The report names only those that agreed.
func TestPainPointStory(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newPenv(t, d)
		s := e.svc

		_, err := s.Create(ctx, e.member, painpoints.Input{Title: " ", Description: "x", Topic: "licensing"})
		e.want(err, apperr.Invalid, "title", "an empty title")
		_, err = s.Create(ctx, e.member, painpoints.Input{Title: "Lizenzportal", Description: "x", Topic: "lizenzen"})
		e.want(err, apperr.Invalid, "topic", "an unknown topic")
		_, err = s.Create(ctx, e.board, painpoints.Input{Title: "Vorstand", Description: "x", Topic: "other"})
		e.want(err, apperr.Forbidden, "", "the board submitting")
		for name, a := range map[string]*auth.Actor{"liaison": e.liaison, "manager": e.manager, "non-member": e.admin["Extern"]} {
			if _, err := s.Create(ctx, a, painpoints.Input{Title: "Geheim", Description: "x", Topic: "other"}); !errors.Is(err, apperr.ErrNotFound) {
				t.Fatalf("%s submitting: %v, want not found", name, err)
			}
		}

		p, err := s.Create(ctx, e.member, painpoints.Input{Title: "Lizenzportal zu langsam", Description: "Lizenzschlüssel brauchen Tage.", Topic: "licensing", Area: "Lizenzportal"})
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != painpoints.StatusNew || p.OrgName != "Alpha IT GmbH" || p.Support != 0 {
			t.Fatalf("the new point: %+v", p)
		}
		e.now = e.now.Add(time.Hour)
		if _, err := s.Support(ctx, e.member, p.ID, false); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a partner member supporting: %v, want forbidden", err)
		}
		if _, err := s.Support(ctx, e.admin["Extern"], p.ID, false); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("a non-member supporting: %v, want not found", err)
		}
		for _, v := range []struct {
			org   string
			named bool
		}{{"Beta", true}, {"Gamma", false}, {"Delta", false}, {"Beta", true}} {
			if p, err = s.Support(ctx, e.admin[v.org], p.ID, v.named); err != nil {
				t.Fatal(err)
			}
		}
		if p.Support != 3 || p.Mine == nil || !p.Mine.Named {
			t.Fatalf("after three companies supported (Beta twice): support %d, mine %+v", p.Support, p.Mine)
		}

		e.now = e.now.Add(time.Hour)
		dup, err := s.Create(ctx, e.admin["Epsilon"], painpoints.Input{Title: "Lizenzschlüssel kommen spät", Description: "Dasselbe.", Topic: "licensing"})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []struct {
			org   string
			named bool
		}{{"Gamma", true}, {"Epsilon", true}} {
			if _, err := s.Support(ctx, e.admin[v.org], dup.ID, v.named); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Merge(ctx, e.admin["Beta"], dup.ID, p.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a member merging: %v, want forbidden", err)
		}
		_, err = s.Merge(ctx, e.board, dup.ID, dup.ID)
		e.want(err, apperr.Invalid, "", "merging into itself")
		merged, err := s.Merge(ctx, e.board, dup.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if merged.Status != painpoints.StatusMerged || merged.MergedInto != p.ID {
			t.Fatalf("the duplicate: %s into %q", merged.Status, merged.MergedInto)
		}
		if p, err = s.Get(ctx, e.board, p.ID); err != nil || p.Support != 4 || len(p.Supporters) != 4 {
			t.Fatalf("the kept point after the merge: %+v, %v; want 4 supporters (Gamma once)", p, err)
		}
		if !e.told(e.admin["Epsilon"], "painpoints.merged") || !e.told(e.admin["Gamma"], "painpoints.merged") || e.told(e.admin["Beta"], "painpoints.merged") {
			t.Fatal("the duplicate's submitter and supporters, and only they, are told of the merge")
		}
		if _, err := s.Support(ctx, e.admin["Delta"], dup.ID, false); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("supporting a merged duplicate: %v, want conflict", err)
		}
		page, err := s.List(ctx, e.admin["Beta"], painpoints.Filter{})
		if err != nil || page.Total != 1 || page.Items[0].ID != p.ID || page.Items[0].Mine == nil {
			t.Fatalf("the members' list after the merge: %+v, %v", page, err)
		}

		if p, err = s.Withdraw(ctx, e.admin["Delta"], p.ID); err != nil || p.Support != 3 {
			t.Fatalf("Delta withdrew: %+v, %v", p, err)
		}
		if _, err := s.Withdraw(ctx, e.admin["Delta"], p.ID); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("withdrawing twice: %v, want conflict", err)
		}

		if _, err := s.Get(ctx, e.liaison, p.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("the liaison reads a new point: %v, want not found", err)
		}
		if page, err := s.List(ctx, e.liaison, painpoints.Filter{}); err != nil || page.Total != 0 {
			t.Fatalf("the liaison's list before raising: %+v, %v", page, err)
		}
		_, err = s.SetStatus(ctx, e.board, p.ID, painpoints.StatusInput{Status: painpoints.StatusRaised})
		e.want(err, apperr.Invalid, "status", "raising a new point unreviewed")
		_, err = s.SetStatus(ctx, e.board, p.ID, painpoints.StatusInput{Status: painpoints.StatusDeclined})
		e.want(err, apperr.Invalid, "reason", "declining without a reason")
		if _, err := s.SetStatus(ctx, e.admin["Beta"], p.ID, painpoints.StatusInput{Status: painpoints.StatusReview}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a member reviewing: %v, want forbidden", err)
		}
		for _, st := range []string{painpoints.StatusReview, painpoints.StatusRaised} {
			if p, err = s.SetStatus(ctx, e.board, p.ID, painpoints.StatusInput{Status: st}); err != nil {
				t.Fatal(err)
			}
		}

		v, err := s.Get(ctx, e.liaison, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, x := range v.Supporters {
			names = append(names, x.OrgName)
		}
		slices.Sort(names)
		if v.Support != 3 || !slices.Equal(names, []string{"Beta IT GmbH", "Epsilon IT GmbH"}) || v.OrgName != "" || v.OrgID != "" {
			t.Fatalf("the liaison's view: support %d, named %v, submitter %q", v.Support, names, v.OrgName)
		}
		if _, err := s.Answer(ctx, e.board, p.ID, "Wir prüfen das."); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("the board answering for the vendor: %v, want forbidden", err)
		}
		_, err = s.Answer(ctx, e.liaison, p.ID, "  ")
		e.want(err, apperr.Invalid, "answer", "an empty answer")
		if _, err := s.Answer(ctx, e.liaison, dup.ID, "Nein."); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("the liaison answering a merged duplicate: %v, want not found", err)
		}
		if v, err = s.Answer(ctx, e.liaison, p.ID, "Ab Juli kommen Schlüssel binnen einer Stunde."); err != nil || v.Status != painpoints.StatusAnswered || v.AnsweredAt == nil {
			t.Fatalf("the answer: %+v, %v", v, err)
		}
		for _, who := range []string{"Beta", "Gamma", "Epsilon"} {
			if !e.told(e.admin[who], "painpoints.answered") {
				t.Errorf("supporter %s was not told of the answer", who)
			}
		}
		if !e.told(e.member, "painpoints.answered") || e.told(e.admin["Delta"], "painpoints.answered") || e.told(e.admin["Extern"], "painpoints.answered") {
			t.Error("the submitter is told of the answer; a company that withdrew and a non-member are not")
		}
		if got, err := s.Get(ctx, e.admin["Delta"], p.ID); err != nil || got.Answer == "" {
			t.Fatalf("the answer is published to the members: %+v, %v", got, err)
		}

		if _, err := s.Report(ctx, e.liaison); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("the liaison's report: %v, want not found", err)
		}
		r, err := s.Report(ctx, e.board)
		if err != nil || len(r.Points) != 1 {
			t.Fatalf("the report: %+v, %v", r, err)
		}
		md := string(r.Markdown("de"))
		if !strings.Contains(md, "Lizenzportal zu langsam") || !strings.Contains(md, "Beta IT GmbH") || !strings.Contains(md, "Ab Juli") ||
			strings.Contains(md, "Gamma IT GmbH") || strings.Contains(md, "Alpha IT GmbH") || !strings.Contains(md, "Unterstützende Mitgliedsunternehmen: 3") {
			t.Fatalf("the report names only those that agreed:\n%s", md)
		}
		if b, err := r.PDF("en"); err != nil || !strings.HasPrefix(string(b), "%PDF") {
			t.Fatalf("the PDF: %d bytes, %v", len(b), err)
		}

		if p, err = s.SetStatus(ctx, e.board, p.ID, painpoints.StatusInput{Status: painpoints.StatusResolved}); err != nil || p.Status != painpoints.StatusResolved {
			t.Fatalf("resolving: %+v, %v", p, err)
		}
	})
}

// The list ranks by supporting companies, then newest, and filters by
// status and topic; a declined point tells its submitter the reason.
func TestPainPointList(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newPenv(t, d)
		s := e.svc
		ids := map[string]string{}
		for i, title := range []string{"Eins", "Zwei", "Drei"} {
			e.now = e.now.Add(time.Hour)
			p, err := s.Create(ctx, e.admin["Alpha"], painpoints.Input{Title: title, Description: "Text", Topic: []string{"support", "product", "support"}[i]})
			if err != nil {
				t.Fatal(err)
			}
			ids[title] = p.ID
		}
		for _, org := range []string{"Beta", "Gamma"} {
			if _, err := s.Support(ctx, e.admin[org], ids["Eins"], false); err != nil {
				t.Fatal(err)
			}
		}
		titles := func(f painpoints.Filter) []string {
			t.Helper()
			page, err := s.List(ctx, e.admin["Delta"], f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, p := range page.Items {
				out = append(out, p.Title)
			}
			return out
		}
		if got := titles(painpoints.Filter{}); !slices.Equal(got, []string{"Eins", "Drei", "Zwei"}) {
			t.Fatalf("ranked: %v, want the supported one first, then the newest", got)
		}
		if got := titles(painpoints.Filter{Topic: "support"}); !slices.Equal(got, []string{"Eins", "Drei"}) {
			t.Fatalf("the topic support: %v", got)
		}
		if _, err := s.SetStatus(ctx, e.board, ids["Zwei"], painpoints.StatusInput{Status: painpoints.StatusDeclined, Reason: "Betrifft nicht den Hersteller."}); err != nil {
			t.Fatal(err)
		}
		if got := titles(painpoints.Filter{Status: painpoints.StatusDeclined}); !slices.Equal(got, []string{"Zwei"}) {
			t.Fatalf("the declined: %v", got)
		}
		if !e.told(e.admin["Alpha"], "painpoints.declined") {
			t.Fatal("the submitter is told why the point was declined")
		}
		if _, err := s.List(ctx, e.liaison, painpoints.Filter{Status: painpoints.StatusNew}); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("the liaison filtering new points: %v, want invalid", err)
		}
		if _, err := s.List(ctx, e.manager, painpoints.Filter{}); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("a manager's list: %v, want not found", err)
		}
	})
}
