package app

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"

	"pakt/internal/account"
	"pakt/internal/auth"
)

// SSOFlags are the options of single sign-on with OpenID Connect.
type SSOFlags struct {
	Issuer       string   `name:"oidc-issuer" help:"Issuer URL of the OpenID provider, e.g. https://login.microsoftonline.com/TENANT/v2.0 or https://sso.example.com/realms/REALM; switches single sign-on on. The redirect URI to register is --base-url followed by /login/sso/callback." env:"PAKT_OIDC_ISSUER" group:"Single sign-on" placeholder:"URL"`
	ClientID     string   `name:"oidc-client-id" help:"Client (application) id of pakt at the provider." env:"PAKT_OIDC_CLIENT_ID" group:"Single sign-on"`
	ClientSecret string   `name:"oidc-client-secret" help:"Client secret of pakt at the provider." env:"PAKT_OIDC_CLIENT_SECRET" group:"Single sign-on"`
	Scopes       []string `name:"oidc-scopes" help:"Scopes asked for (comma-separated); openid is needed." env:"PAKT_OIDC_SCOPES" default:"openid,email,profile" sep:"," group:"Single sign-on"`
	Name         string   `name:"oidc-name" help:"The provider's name on the login button (\"Sign in with NAME\"), e.g. Microsoft; default \"your company account\"." env:"PAKT_OIDC_NAME" group:"Single sign-on"`
	EmailClaim   string   `name:"oidc-email-claim" help:"ID token claim with the e-mail address (Entra ID without the email claim: preferred_username)." env:"PAKT_OIDC_EMAIL_CLAIM" default:"email" group:"Single sign-on"`
	NameClaim    string   `name:"oidc-name-claim" help:"ID token claim with the person's name." env:"PAKT_OIDC_NAME_CLAIM" default:"name" group:"Single sign-on"`
	GroupsClaim  string   `name:"oidc-groups-claim" help:"ID token claim with the person's groups or roles (Entra ID app roles: roles)." env:"PAKT_OIDC_GROUPS_CLAIM" default:"groups" group:"Single sign-on"`
	Roles        []string `name:"oidc-roles" help:"Groups that give programme roles, ROLE=GROUP comma-separated, e.g. admin=pakt-admins,manager=pakt-managers,recruiter=pakt-recruiters; a role may be named more than once. The role of a programme user follows these groups at each sign-in." env:"PAKT_OIDC_ROLES" sep:"," group:"Single sign-on" placeholder:"ROLE=GROUP"`
	PartnerUsers string   `name:"oidc-partner-users" help:"A new user whose e-mail domain an organisation lists: create (a partner member at once) or approve (waits for the partner admin's approval)." env:"PAKT_OIDC_PARTNER_USERS" default:"create" enum:"create,approve" group:"Single sign-on"`
	StaffLocal   string   `name:"local-passwords-staff" help:"on or off: with off, programme users (admins, managers, recruiters) sign in with single sign-on only; partner users keep their passwords." env:"PAKT_LOCAL_PASSWORDS_STAFF" default:"on" enum:"on,off" group:"Single sign-on"`
}

// applySSO writes the flags into cfg; ServerFlags.Validate has checked
// them.
func (f *SSOFlags) applySSO(cfg *Config) {
	cfg.SSO = account.SSOConfig{Issuer: f.Issuer, ClientID: f.ClientID, ClientSecret: f.ClientSecret, Scopes: f.Scopes, Name: f.Name,
		EmailClaim: f.EmailClaim, NameClaim: f.NameClaim, GroupsClaim: f.GroupsClaim}
	cfg.SSOPolicy.Roles, _ = ParseSSORoles(f.Roles)
	cfg.SSOPolicy.ApprovePartners = f.PartnerUsers == "approve"
	cfg.StaffPasswordsOff = f.StaffLocal == "off"
}

// staffRoles are the roles a group may give, highest first.
var staffRoles = []auth.Role{auth.RoleAdmin, auth.RoleManager, auth.RoleRecruiter}

// ParseSSORoles reads ROLE=GROUP pairs into the roles with their groups,
// highest role first; an error names the setting.
func ParseSSORoles(list []string) ([]auth.RoleGroups, error) {
	groups := map[auth.Role][]string{}
	for _, item := range list {
		role, group, ok := strings.Cut(strings.TrimSpace(item), "=")
		role, group = strings.TrimSpace(role), strings.TrimSpace(group)
		switch {
		case item == "" && len(list) == 1:
			continue
		case !ok || group == "":
			return nil, fmt.Errorf("roles (--oidc-roles, PAKT_OIDC_ROLES): %q is not ROLE=GROUP, e.g. admin=pakt-admins", item)
		case !slices.Contains(staffRoles, auth.Role(role)):
			return nil, fmt.Errorf("roles (--oidc-roles, PAKT_OIDC_ROLES): %q is no role a group can give; give admin, manager or recruiter (partner users come by their e-mail domain)", role)
		}
		groups[auth.Role(role)] = append(groups[auth.Role(role)], group)
	}
	var out []auth.RoleGroups
	for _, r := range staffRoles {
		if g := groups[r]; len(g) > 0 {
			out = append(out, auth.RoleGroups{Role: r, Groups: g})
		}
	}
	return out, nil
}

// CheckSSO refuses an incomplete or unsafe single sign-on configuration;
// each error names the setting.
func CheckSSO(cfg Config) error {
	c := cfg.SSO.WithDefaults()
	if c.Issuer == "" {
		if cfg.StaffPasswordsOff {
			return errors.New("local passwords for staff (--local-passwords-staff, PAKT_LOCAL_PASSWORDS_STAFF): off needs single sign-on (--oidc-issuer, PAKT_OIDC_ISSUER), or nobody of the staff could sign in")
		}
		return nil
	}
	u, err := url.Parse(c.Issuer)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && loopback(u.Hostname()))) {
		return fmt.Errorf("issuer (--oidc-issuer, PAKT_OIDC_ISSUER): %q is no https address (plain http only on this machine, for tests)", c.Issuer)
	}
	switch {
	case strings.TrimSpace(c.ClientID) == "":
		return errors.New("client id (--oidc-client-id, PAKT_OIDC_CLIENT_ID): needed with --oidc-issuer")
	case c.ClientSecret == "":
		return errors.New("client secret (--oidc-client-secret, PAKT_OIDC_CLIENT_SECRET): needed with --oidc-issuer")
	case !slices.Contains(c.Scopes, "openid"):
		return fmt.Errorf("scopes (--oidc-scopes, PAKT_OIDC_SCOPES): %q lacks openid", strings.Join(c.Scopes, ","))
	case c.EmailClaim == "" || c.NameClaim == "" || c.GroupsClaim == "":
		return errors.New("claims (--oidc-email-claim, --oidc-name-claim, --oidc-groups-claim): none may be empty")
	}
	if cfg.BaseURL != "" {
		if b, err := url.Parse(cfg.BaseURL); err != nil || b.Host == "" {
			return fmt.Errorf("base URL (--base-url, PAKT_BASE_URL): %q is no address; single sign-on sends the browser back to it", cfg.BaseURL)
		}
	}
	return nil
}

// loopback reports whether host names this machine.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
