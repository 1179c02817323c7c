package account_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
)

// userRows returns the names in the user list's rows.
var userRowName = regexp.MustCompile(`<tr>\s*<td><a href="/users/[^"]+">([^<]+)</a>`)

func userNames(r *apptest.Response) []string {
	var out []string
	for _, m := range userRowName.FindAllStringSubmatch(r.Body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestUserListSearchesAndPages: with more users than fit on a page, the
// list pages, and the search finds users by part of the name or e-mail
// address whatever the case, umlauts included, among those the caller may
// manage only.
func TestUserListSearchesAndPages(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		add := func(name, email string, role auth.Role, org string) {
			t.Helper()
			pw := apptest.Password
			if _, err := s.App.Auth.CreateUser(ctx, auth.System, auth.UserInput{Email: &email, Name: &name, Role: &role, OrgID: &org, Password: &pw}); err != nil {
				t.Fatal(err)
			}
		}
		org, other := s.Org("Liste GmbH"), s.Org("Andere AG")
		for i := range 55 {
			add(fmt.Sprintf("Person %02d", i), fmt.Sprintf("person%02d@liste.example", i), auth.RolePartnerMember, org)
		}
		add("Jürgen Müller", "j.mueller@liste.example", auth.RolePartnerMember, org)
		add("Özlem Şahin", "oezlem@andere.example", auth.RolePartnerMember, other)
		admin := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)

		first := admin.Get("/users")
		if first.Status != http.StatusOK {
			t.Fatalf("GET /users: %d", first.Status)
		}
		total := 55 + 2 + 1
		if !strings.Contains(first.Body, fmt.Sprintf("%d users", total)) || !strings.Contains(first.Body, "Page 1 of 2") {
			t.Errorf("the first page does not say %d users on 2 pages:\n%.1500s", total, first.Body)
		}
		if n := len(userNames(first)); n != 50 {
			t.Errorf("%d rows on the first page, want 50", n)
		}
		second := admin.Get("/users?page=2")
		if n := len(userNames(second)); n != total-50 || !strings.Contains(second.Body, "Page 2 of 2") || !strings.Contains(second.Body, `href="?page=1"`) {
			t.Errorf("the second page: %d rows, want %d\n%.1500s", n, total-50, second.Body)
		}
		seen := map[string]bool{}
		for _, n := range append(userNames(first), userNames(second)...) {
			if seen[n] {
				t.Errorf("%s is on both pages", n)
			}
			seen[n] = true
		}
		if n := len(userNames(admin.Get("/users?page=99"))); n != total-50 {
			t.Errorf("a page after the last shows %d rows, want the last page's %d", n, total-50)
		}

		for _, tc := range []struct {
			q    string
			want []string
		}{
			{"MÜLLER", []string{"Jürgen Müller"}},
			{"mueller", []string{"Jürgen Müller"}},
			{"jürgen", []string{"Jürgen Müller"}},
			{"ÖZLEM", []string{"Özlem Şahin"}},
			{"@ANDERE.example", []string{"Özlem Şahin"}},
			{"person07", []string{"Person 07"}},
			{"nobody at all", nil},
		} {
			r := admin.Get("/users?q=" + strings.ReplaceAll(tc.q, " ", "+"))
			if got := userNames(r); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("search %q: %q, want %q", tc.q, got, tc.want)
			}
			if tc.want == nil && !strings.Contains(r.Body, "No user matches “nobody at all”.") {
				t.Errorf("search %q finds nobody and does not say so:\n%.1500s", tc.q, r.Body)
			}
		}
		// The search keeps its words when paging.
		r := admin.Get("/users?q=person")
		if !strings.Contains(r.Body, "55 users") || !strings.Contains(r.Body, `href="?page=2&amp;q=person"`) {
			t.Errorf("searching many: \n%.2000s", r.Body)
		}

		// A partner admin searches its own organisation's users only.
		padmin := s.Login(s.CreateUser(auth.RolePartnerAdmin, org).Email)
		if got := userNames(padmin.Get("/users?q=%C3%B6zlem")); len(got) != 0 {
			t.Errorf("a partner admin finds another organisation's user: %q", got)
		}
		if got := userNames(padmin.Get("/users?q=M%C3%BCller")); fmt.Sprint(got) != "[Jürgen Müller]" {
			t.Errorf("a partner admin searching its own: %q", got)
		}
	})
}
