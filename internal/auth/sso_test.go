package auth_test

import (
	"testing"

	"pakt/internal/auth"
)

// The highest role any of the groups gives wins; no group of pakt's gives
// none.
func TestStaffRole(t *testing.T) {
	p := auth.SSOPolicy{Roles: []auth.RoleGroups{{Role: auth.RoleAdmin, Groups: []string{"pakt-admins"}},
		{Role: auth.RoleManager, Groups: []string{"pakt-managers", "vertrieb"}}, {Role: auth.RoleRecruiter, Groups: []string{"agentur"}}}}
	for _, tc := range []struct {
		groups []string
		want   auth.Role
	}{
		{nil, ""},
		{[]string{"staff"}, ""},
		{[]string{"vertrieb"}, auth.RoleManager},
		{[]string{"agentur", "pakt-managers"}, auth.RoleManager},
		{[]string{"agentur", "pakt-admins", "vertrieb"}, auth.RoleAdmin},
		{[]string{"Pakt-Admins"}, ""}, // group names are compared exactly
	} {
		if got := p.StaffRole(tc.groups); got != tc.want {
			t.Errorf("StaffRole(%v) = %q, want %q", tc.groups, got, tc.want)
		}
	}
	if got := (auth.SSOPolicy{}).StaffRole([]string{"pakt-admins"}); got != "" {
		t.Errorf("without a mapping: %q, want none", got)
	}
}
