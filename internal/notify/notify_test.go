package notify_test

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/notify"
	"pakt/internal/notify/notifytest"
)

var clock = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func addOrg(t *testing.T, d *db.DB, id string) {
	t.Helper()
	if _, err := d.Exec(`INSERT INTO organisations (id, kind, legal_name, status, published, created_at, updated_at, seq) VALUES ($1, 'partner', $1, 'active', TRUE, $2, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM organisations))`, id, clock); err != nil {
		t.Fatal(err)
	}
}

func addUser(t *testing.T, d *db.DB, id, email, role, org, lang string) *auth.Actor {
	t.Helper()
	var orgID any
	if org != "" {
		orgID = org
	}
	if _, err := d.Exec(`INSERT INTO users (id, email, name, password_hash, role, org_id, lang, created_at, updated_at) VALUES ($1, $2, $1, 'x', $3, $4, $5, $6, $6)`,
		id, email, role, orgID, lang, clock); err != nil {
		t.Fatal(err)
	}
	return &auth.Actor{UserID: id, Email: email, Role: auth.Role(role), OrgID: org, Lang: lang}
}

// Recipients are resolved by user, organisation (or its admins) and staff,
// each once, never the one who acted; each gets the mail in their language.
func TestNotifyReachesTheRightPeopleInTheirLanguage(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		smtp := notifytest.Start(t)
		m, err := notify.NewSMTP(smtp.Config())
		if err != nil {
			t.Fatal(err)
		}
		svc := notify.NewService(d, func() time.Time { return clock }, m, slog.Default())
		svc.BaseURL = "https://partners.example"
		addOrg(t, d, "org-a")
		addOrg(t, d, "org-b")
		admin := addUser(t, d, "u-admin", "admin@pakt.example", "admin", "", "de")
		addUser(t, d, "u-manager", "manager@pakt.example", "manager", "", "en")
		aAdmin := addUser(t, d, "u-a-admin", "chef@a.example", "partner_admin", "org-a", "de")
		aMember := addUser(t, d, "u-a-member", "member@a.example", "partner_member", "org-a", "en")
		bAdmin := addUser(t, d, "u-b-admin", "chef@b.example", "partner_admin", "org-b", "en")

		err = d.Tx(ctx, func(tx *sql.Tx) error {
			return svc.Notify(ctx, tx, notify.Notice{Kind: "notify.test", Args: []string{"Müller IT"}, Link: "/agreements/x",
				Orgs: []string{"org-a"}, Users: []string{"u-b-admin"}, Staff: true, Except: "u-manager"})
		})
		if err != nil {
			t.Fatal(err)
		}
		// Admins only: the member of org-a is left out.
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			return svc.Notify(ctx, tx, notify.Notice{Kind: "notify.test", Args: []string{"Admins"}, Orgs: []string{"org-a", "org-b"}, AdminsOnly: true})
		})
		if err != nil {
			t.Fatal(err)
		}
		// A rolled-back change leaves no notice behind.
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			if err := svc.Notify(ctx, tx, notify.Notice{Kind: "notify.test", Args: []string{"rolled back"}, Staff: true}); err != nil {
				return err
			}
			return errors.New("abort")
		})
		if err == nil {
			t.Fatal("want the abort")
		}

		if n, err := svc.Deliver(ctx); err != nil || n != 6 {
			t.Fatalf("Deliver = %d, %v; want 6 mails", n, err)
		}
		smtp.Wait(t, 6, 5*time.Second)
		if got := smtp.To("manager@pakt.example"); len(got) != 0 {
			t.Errorf("the actor got its own notice: %v", got)
		}
		de := smtp.To("chef@a.example")
		if len(de) != 2 || de[0].Subject != "Testnachricht für Müller IT" || !strings.Contains(de[0].Body, "Grüße an Müller IT – Umlaute: äöüß.") ||
			!strings.Contains(de[0].Body, "https://partners.example/agreements/x") {
			t.Errorf("German mail to chef@a.example: %+v", de)
		}
		en := smtp.To("member@a.example")
		if len(en) != 1 || en[0].Subject != "Test message for Müller IT" {
			t.Errorf("English mail to member@a.example: %+v", en)
		}
		if got := smtp.To("chef@b.example"); len(got) != 2 {
			t.Errorf("chef@b.example got %d mails, want 2 (by user, as admin)", len(got))
		}
		if got := smtp.To("admin@pakt.example"); len(got) != 1 {
			t.Errorf("admin got %d mails, want 1", len(got))
		}
		if n, _ := svc.Deliver(ctx); n != 0 {
			t.Errorf("a second delivery sent %d mails again", n)
		}

		// The inbox: titles in the reader's language, unread counts, read.
		if n := svc.Unread(ctx, aMember); n != 1 {
			t.Errorf("member unread = %d, want 1", n)
		}
		items, err := svc.Inbox(ctx, bAdmin, "", false, 10)
		if err != nil || len(items) != 2 || items[0].Title != "Test message for Admins" {
			t.Fatalf("b admin inbox = %+v, %v", items, err)
		}
		link, err := svc.Open(ctx, aAdmin, firstID(t, svc, aAdmin, "Testnachricht für Müller IT"))
		if err != nil || link != "/agreements/x" {
			t.Errorf("Open = %q, %v", link, err)
		}
		if n := svc.Unread(ctx, aAdmin); n != 1 {
			t.Errorf("after opening one, unread = %d, want 1", n)
		}
		// Someone else's notification does not exist for the caller.
		if err := svc.MarkRead(ctx, admin, items[0].ID); err == nil {
			t.Error("admin marked a partner's notification read")
		}
		if err := svc.MarkRead(ctx, aAdmin, ""); err != nil || svc.Unread(ctx, aAdmin) != 0 {
			t.Errorf("mark all read: %v, unread %d", err, svc.Unread(ctx, aAdmin))
		}
	})
}

func firstID(t *testing.T, svc *notify.Service, a *auth.Actor, title string) string {
	t.Helper()
	items, err := svc.Inbox(context.Background(), a, "", false, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range items {
		if n.Title == title {
			return n.ID
		}
	}
	t.Fatalf("no notification %q in %+v", title, items)
	return ""
}

type failing struct{ n int }

func (f *failing) Send(context.Context, notify.Mail) error {
	f.n++
	return errors.New("mail server down")
}

// A mail server that is down loses nothing: the mail stays queued and is
// tried again, up to MaxAttempts times.
func TestDeliveryRetries(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	now := clock
	f := &failing{}
	svc := notify.NewService(d, func() time.Time { return now }, f, slog.Default())
	addUser(t, d, "u1", "one@pakt.example", "admin", "", "en")
	if err := d.Tx(ctx, func(tx *sql.Tx) error {
		return svc.Notify(ctx, tx, notify.Notice{Kind: "notify.test", Args: []string{"x"}, Users: []string{"u1"}})
	}); err != nil {
		t.Fatal(err)
	}
	for i := range notify.MaxAttempts + 2 {
		if n, err := svc.Deliver(ctx); err != nil || n != 0 {
			t.Fatalf("round %d: %d, %v", i, n, err)
		}
		now = now.Add(2 * time.Minute)
	}
	if f.n != notify.MaxAttempts {
		t.Errorf("tried %d times, want %d", f.n, notify.MaxAttempts)
	}
	if n, _ := svc.Pending(ctx); n != 0 {
		t.Errorf("pending after giving up = %d", n)
	}
}

// A bilingual argument (a competency's name) reads in each recipient's
// language, in the inbox and in the mail.
func TestBilingualArguments(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	smtp := notifytest.Start(t)
	m, err := notify.NewSMTP(smtp.Config())
	if err != nil {
		t.Fatal(err)
	}
	svc := notify.NewService(d, func() time.Time { return clock }, m, slog.Default())
	de := addUser(t, d, "u-de", "de@pakt.example", "admin", "", "de")
	en := addUser(t, d, "u-en", "en@pakt.example", "manager", "", "en")
	if err := d.Tx(ctx, func(tx *sql.Tx) error {
		return svc.Notify(ctx, tx, notify.Notice{Kind: "notify.test", Args: []string{notify.Bilingual("Virtuelle Realität", "Virtual Reality")}, Staff: true})
	}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		a    *auth.Actor
		want string
	}{{de, "Testnachricht für Virtuelle Realität"}, {en, "Test message for Virtual Reality"}} {
		items, err := svc.Inbox(ctx, c.a, "", false, 5)
		if err != nil || len(items) != 1 || items[0].Title != c.want {
			t.Errorf("%s inbox: %+v, %v; want %q", c.a.Email, items, err, c.want)
		}
	}
	if _, err := svc.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	smtp.Wait(t, 2, 5*time.Second)
	if got := smtp.To("en@pakt.example"); len(got) != 1 || !strings.Contains(got[0].Body, "Greetings to Virtual Reality") || strings.Contains(got[0].Body, "Virtuelle") {
		t.Errorf("English mail: %+v", got)
	}
	if got := smtp.To("de@pakt.example"); len(got) != 1 || !strings.Contains(got[0].Body, "Grüße an Virtuelle Realität") {
		t.Errorf("German mail: %+v", got)
	}
}

// A notice for the programme's admins reaches them, not the partner
// managers nor a partner's admin.
func TestAdminsAreTheProgrammesAdminsAlone(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc := notify.NewService(d, func() time.Time { return clock }, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
		addOrg(t, d, "org-a")
		admin := addUser(t, d, "u-admin", "admin@pakt.example", "admin", "", "de")
		manager := addUser(t, d, "u-manager", "manager@pakt.example", "manager", "", "en")
		aAdmin := addUser(t, d, "u-a-admin", "chef@a.example", "partner_admin", "org-a", "de")
		if err := d.Tx(ctx, func(tx *sql.Tx) error {
			return svc.Notify(ctx, tx, notify.Notice{Kind: "notify.test", Args: []string{"Admins"}, Admins: true})
		}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			who  *auth.Actor
			want int
		}{{admin, 1}, {manager, 0}, {aAdmin, 0}} {
			if n := svc.Unread(ctx, c.who); n != c.want {
				t.Errorf("%s has %d unread, want %d", c.who.Email, n, c.want)
			}
		}
	})
}
