package partner_test

import (
	"testing"

	"pakt/internal/auth"
	"pakt/internal/partner"
)

// Who steers a partner: admins always; a partner manager its own, those it
// deputises and those nobody owns, or every one when the programme does not
// restrict managers; nobody else.
func TestSteers(t *testing.T) {
	t.Parallel()
	admin := &auth.Actor{UserID: "a", Role: auth.RoleAdmin}
	anna := &auth.Actor{UserID: "anna", Role: auth.RoleManager}
	recruiter := &auth.Actor{UserID: "r", Role: auth.RoleRecruiter}
	padmin := &auth.Actor{UserID: "p", Role: auth.RolePartnerAdmin, OrgID: "org"}
	for _, c := range []struct {
		name    string
		a       *auth.Actor
		ownOnly bool
		manager string
		deputy  bool
		want    bool
	}{
		{"admin, another's partner", admin, true, "bernd", false, true},
		{"manager, own partner", anna, true, "anna", false, true},
		{"manager, another's partner", anna, true, "bernd", false, false},
		{"manager, deputy of another's partner", anna, true, "bernd", true, true},
		{"manager, nobody's partner", anna, true, "", false, true},
		{"manager, another's partner, setting off", anna, false, "bernd", false, true},
		{"recruiter, nobody's partner", recruiter, true, "", false, false},
		{"recruiter, setting off", recruiter, false, "r", true, false},
		{"partner admin, its own organisation", padmin, true, "", false, false},
		{"nobody", nil, false, "", false, false},
	} {
		if got := partner.Steers(c.a, c.ownOnly, c.manager, c.deputy); got != c.want {
			t.Errorf("%s: Steers = %v, want %v", c.name, got, c.want)
		}
	}
}
