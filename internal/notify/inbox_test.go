package notify_test

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/notify"
)

// Opening a notification from the inbox marks it read; a GET of its
// address (a link kept from earlier, a prefetching browser) only goes
// there and changes nothing.
func TestInboxReadsOnlyByPost(t *testing.T) {
	s := apptest.Start(t)
	ctx := context.Background()
	u := s.CreateUser(auth.RoleManager, "")
	if err := s.App.DB.Tx(ctx, func(tx *sql.Tx) error {
		return s.App.Notify.Notify(ctx, tx, notify.Notice{Kind: "notify.test", Args: []string{"x"}, Link: "/partners", Users: []string{u.ID}})
	}); err != nil {
		t.Fatal(err)
	}
	items, err := s.App.Notify.Inbox(ctx, u.Actor(), "", true, 1)
	if err != nil || len(items) != 1 {
		t.Fatalf("inbox: %v, %v", items, err)
	}
	id := items[0].ID
	c := s.Login(u.Email)
	if page := c.Get("/inbox"); !strings.Contains(page.Body, `<form method="post" action="/inbox/`+id+`"`) {
		t.Fatalf("the inbox does not open the notification by a form:\n%s", page.Body)
	}
	res := c.Get("/inbox/" + id)
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/partners" {
		t.Fatalf("GET: %d to %q", res.Status, res.Header.Get("Location"))
	}
	if n := s.App.Notify.Unread(ctx, u.Actor()); n != 1 {
		t.Fatalf("after a GET %d unread, want 1: a GET changed state", n)
	}
	res = c.Form("POST", "/inbox/"+id, nil)
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/partners" {
		t.Fatalf("POST: %d to %q", res.Status, res.Header.Get("Location"))
	}
	if n := s.App.Notify.Unread(ctx, u.Actor()); n != 0 {
		t.Errorf("after opening it %d unread, want 0", n)
	}
	other := s.Login(s.CreateUser(auth.RoleManager, "").Email)
	if res := other.Form("POST", "/inbox/"+id, nil); res.Status != http.StatusNotFound {
		t.Errorf("another user opened it: %d", res.Status)
	}
}

// A user who chose no language reads the inbox's titles in the page's
// language (the browser's), not in the programme's first one.
func TestInboxInThePagesLanguage(t *testing.T) {
	s := apptest.Start(t)
	ctx := context.Background()
	u := s.CreateUser(auth.RoleManager, "")
	if u.Lang != "" {
		t.Fatalf("the user chose %q", u.Lang)
	}
	if err := s.App.DB.Tx(ctx, func(tx *sql.Tx) error {
		return s.App.Notify.Notify(ctx, tx, notify.Notice{Kind: "notify.test", Args: []string{"Müller IT"}, Link: "/partners", Users: []string{u.ID}})
	}); err != nil {
		t.Fatal(err)
	}
	c := s.Login(u.Email)
	for lang, title := range map[string]string{"en": "Test message for Müller IT", "de": "Testnachricht für Müller IT"} {
		c.Lang = lang
		if page := c.Get("/inbox"); !strings.Contains(page.Body, title) {
			t.Errorf("the inbox in %s lacks %q:\n%s", lang, title, page.Body)
		}
		var list struct{ Items []notify.Notification }
		res := c.JSON("GET", "/api/v1/notifications", nil)
		if res.JSON(t, &list); len(list.Items) != 1 || list.Items[0].Title != title {
			t.Errorf("the API in %s: %s", lang, res.Body)
		}
	}
}
