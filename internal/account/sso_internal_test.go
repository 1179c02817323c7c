package account

import (
	"slices"
	"testing"
)

// The configured claims are read whatever their JSON types: groups as a
// list or one string, email_verified as a boolean or a string; a claim of
// another type counts as missing.
func TestIdentityFromClaims(t *testing.T) {
	c := SSOConfig{EmailClaim: "upn", NameClaim: "name", GroupsClaim: "roles"}.WithDefaults()
	id := c.identity("s1", map[string]any{"upn": "Eva@Example.com", "name": "Eva", "roles": []any{"pakt-admins", 7, "x"}, "email_verified": "false"})
	if id.Email != "Eva@Example.com" || id.Name != "Eva" || !id.HasGroups || !slices.Equal(id.Groups, []string{"pakt-admins", "x"}) || id.EmailVerified == nil || *id.EmailVerified {
		t.Errorf("identity: %+v", id)
	}
	id = c.identity("s2", map[string]any{"upn": 42, "roles": "pakt-managers", "email_verified": true})
	if id.Email != "" || !slices.Equal(id.Groups, []string{"pakt-managers"}) || id.EmailVerified == nil || !*id.EmailVerified {
		t.Errorf("identity: %+v", id)
	}
	if id = c.identity("s3", map[string]any{}); id.HasGroups || id.EmailVerified != nil {
		t.Errorf("no claims: %+v", id)
	}
	if d := (SSOConfig{}).WithDefaults(); !slices.Equal(d.Scopes, []string{"openid", "email", "profile"}) || d.EmailClaim != "email" || d.GroupsClaim != "groups" {
		t.Errorf("defaults: %+v", d)
	}
}
