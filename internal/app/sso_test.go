package app_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"pakt/internal/account"
	"pakt/internal/app"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
)

// The single sign-on options are checked before anything runs, each
// refusal naming the option and its variable.
func TestSSOFlagsAreChecked(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pakt.db")
	ok := []string{"--oidc-issuer", "https://login.example.com/realms/pakt", "--oidc-client-id", "pakt", "--oidc-client-secret", "s3cret"}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--oidc-issuer", "http://sso.example.com"}, []string{"--oidc-issuer", "PAKT_OIDC_ISSUER", "https"}},
		{[]string{"--oidc-issuer", "https://sso.example.com"}, []string{"--oidc-client-id", "PAKT_OIDC_CLIENT_ID"}},
		{[]string{"--oidc-issuer", "https://sso.example.com", "--oidc-client-id", "pakt"}, []string{"--oidc-client-secret"}},
		{append(slices.Clone(ok), "--oidc-scopes", "email,profile"), []string{"--oidc-scopes", "openid"}},
		{append(slices.Clone(ok), "--oidc-roles", "admin"), []string{"--oidc-roles", "ROLE=GROUP"}},
		{append(slices.Clone(ok), "--oidc-roles", "partner_admin=partners"), []string{"--oidc-roles", "partner_admin"}},
		{append(slices.Clone(ok), "--oidc-partner-users", "later"), []string{"--oidc-partner-users"}},
		{[]string{"--local-passwords-staff", "off"}, []string{"--local-passwords-staff", "--oidc-issuer"}},
	} {
		code, out := apptest.CLI(append([]string{"serve", "--database", db}, tc.args...)...)
		for _, w := range tc.want {
			if code != 2 || !strings.Contains(out, w) {
				t.Errorf("serve %s: exit %d, %q; want 2 naming %s", strings.Join(tc.args, " "), code, out, w)
			}
		}
	}
	t.Setenv("PAKT_OIDC_ISSUER", "ftp://sso.example.com")
	if code, out := apptest.CLI("demo", "--database", db, "--no-serve"); code != 2 || !strings.Contains(out, "PAKT_OIDC_ISSUER") {
		t.Errorf("PAKT_OIDC_ISSUER=ftp://…: exit %d, %q", code, out)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the database was touched: %v", err)
	}
}

// Groups give the roles in order, highest first, however the flag names
// them.
func TestParseSSORoles(t *testing.T) {
	got, err := app.ParseSSORoles([]string{"recruiter=agency", " manager = pakt-managers", "admin=pakt-admins", "manager=sales"})
	if err != nil {
		t.Fatal(err)
	}
	want := []auth.RoleGroups{{Role: auth.RoleAdmin, Groups: []string{"pakt-admins"}}, {Role: auth.RoleManager, Groups: []string{"pakt-managers", "sales"}},
		{Role: auth.RoleRecruiter, Groups: []string{"agency"}}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i].Role != want[i].Role || !slices.Equal(got[i].Groups, want[i].Groups) {
			t.Errorf("[%d]: %v, want %v", i, got[i], want[i])
		}
	}
	if none, err := app.ParseSSORoles(nil); err != nil || len(none) != 0 {
		t.Errorf("no roles: %v, %v", none, err)
	}
	if err := app.CheckSSO(app.Config{SSO: account.SSOConfig{Issuer: "http://127.0.0.1:9999", ClientID: "pakt", ClientSecret: "x"}}); err != nil {
		t.Errorf("a provider on this machine over http (tests): %v", err)
	}
}
