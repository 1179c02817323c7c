// Package oidctest runs a real OpenID provider on 127.0.0.1 for tests,
// built from zitadel's op package: its discovery, authorisation, token and
// key endpoints are the library's; the storage behind them is this
// package's, with the people who may sign in, one client, a signing key
// made at start, and faults a test switches on (a token for another
// client, an expired token, a wrong nonce).
package oidctest

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Person is someone who may sign in at the provider.
type Person struct {
	Subject string
	Email   string
	Name    string
	// EmailVerified is the email_verified claim; nil leaves it out.
	EmailVerified *bool
	// Groups are the groups claim; nil leaves it out.
	Groups []string
}

// Fault is what the provider does wrong on purpose.
type Fault int

// The faults.
const (
	// NoFault issues correct tokens.
	NoFault Fault = iota
	// OtherAudience issues the ID token to another client.
	OtherAudience
	// Expired issues an ID token that expired an hour ago.
	Expired
	// WrongNonce puts another nonce than the client's into the ID token.
	WrongNonce
)

// OtherClient is the client id of the other application a token with the
// fault OtherAudience is issued to.
const OtherClient = "other-app"

// Provider is a running OpenID provider.
type Provider struct {
	// Issuer is its issuer URL, http://127.0.0.1:port.
	Issuer       string
	ClientID     string
	ClientSecret string

	mu        sync.Mutex
	redirects []string
	people    map[string]Person
	next      string
	fault     Fault
	requests  map[string]*authRequest
	codes     map[string]string
	methods   []oidc.CodeChallengeMethod
	key       *rsa.PrivateKey
	keyID     string
}

// Start runs a provider until the test ends, with the client "pakt" and
// its secret.
func Start(t testing.TB) *Provider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &Provider{ClientID: "pakt", ClientSecret: secret(), people: map[string]Person{}, requests: map[string]*authRequest{},
		codes: map[string]string{}, key: key, keyID: secret()[:8]}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	p.Issuer = srv.URL
	cfg := &op.Config{CodeMethodS256: true}
	if _, err := rand.Read(cfg.CryptoKey[:]); err != nil {
		t.Fatal(err)
	}
	provider, err := op.NewProvider(cfg, p, op.StaticIssuer(p.Issuer), op.WithAllowInsecure())
	if err != nil {
		t.Fatal(err)
	}
	mux.HandleFunc("/login", p.login)
	mux.Handle("/", provider)
	return p
}

func secret() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// AllowRedirect registers a redirect URI of the client.
func (p *Provider) AllowRedirect(uri string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.redirects = append(p.redirects, uri)
}

// SignInAs makes the person the one who signs in at the next
// authorisation.
func (p *Provider) SignInAs(who Person) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.people[who.Subject] = who
	p.next = who.Subject
}

// SetFault makes the provider do f wrong from now on.
func (p *Provider) SetFault(f Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fault = f
}

// ChallengeMethods are the PKCE methods of the authorisations so far ("" for
// one without PKCE).
func (p *Provider) ChallengeMethods() []oidc.CodeChallengeMethod {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.methods)
}

// Authorize takes a browser from the authorisation URL a client sent it to
// through the provider's sign-in, and returns where the provider sends it
// back: the client's redirect URI with the code and the state.
func (p *Provider) Authorize(t testing.TB, authURL string) string {
	t.Helper()
	if !strings.HasPrefix(authURL, p.Issuer+"/") {
		t.Fatalf("authorisation URL %q is not the provider's (%s)", authURL, p.Issuer)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	at := authURL
	for range 10 {
		res, err := c.Get(at)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		loc, err := res.Location()
		if err != nil {
			t.Fatalf("GET %s: status %d without a redirect", at, res.StatusCode)
		}
		if !strings.HasPrefix(loc.String(), p.Issuer+"/") {
			return loc.String()
		}
		at = loc.String()
	}
	t.Fatalf("the provider redirects in circles from %s", authURL)
	return ""
}

// login is the provider's sign-in page: whoever SignInAs named signs in at
// once.
func (p *Provider) login(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	p.mu.Lock()
	req, ok := p.requests[id]
	if ok {
		req.subject, req.done, req.authTime = p.next, true, time.Now()
	}
	p.mu.Unlock()
	if !ok {
		http.Error(w, "unknown authorisation request", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, p.Issuer+"/authorize/callback?id="+url.QueryEscape(id), http.StatusFound)
}

// authRequest is an authorisation under way.
type authRequest struct {
	id, clientID, nonce, subject string
	req                          oidc.AuthRequest
	done                         bool
	authTime                     time.Time
}

func (a *authRequest) GetID() string          { return a.id }
func (a *authRequest) GetACR() string         { return "" }
func (a *authRequest) GetAMR() []string       { return []string{"pwd"} }
func (a *authRequest) GetAudience() []string  { return []string{a.clientID} }
func (a *authRequest) GetAuthTime() time.Time { return a.authTime }
func (a *authRequest) GetClientID() string    { return a.clientID }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if a.req.CodeChallenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: a.req.CodeChallenge, Method: a.req.CodeChallengeMethod}
}
func (a *authRequest) GetNonce() string                   { return a.nonce }
func (a *authRequest) GetRedirectURI() string             { return a.req.RedirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType { return a.req.ResponseType }
func (a *authRequest) GetResponseMode() oidc.ResponseMode { return a.req.ResponseMode }
func (a *authRequest) GetScopes() []string                { return a.req.Scopes }
func (a *authRequest) GetState() string                   { return a.req.State }
func (a *authRequest) GetSubject() string                 { return a.subject }
func (a *authRequest) Done() bool                         { return a.done }

// client is the provider's one client, as the current fault shows it.
type client struct {
	id        string
	redirects []string
	lifetime  time.Duration
}

func (c *client) GetID() string                       { return c.id }
func (c *client) RedirectURIs() []string              { return c.redirects }
func (c *client) PostLogoutRedirectURIs() []string    { return nil }
func (c *client) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }
func (c *client) AuthMethod() oidc.AuthMethod         { return oidc.AuthMethodBasic }
func (c *client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c *client) GrantTypes() []oidc.GrantType        { return []oidc.GrantType{oidc.GrantTypeCode} }
func (c *client) LoginURL(id string) string           { return "/login?id=" + url.QueryEscape(id) }
func (c *client) AccessTokenType() op.AccessTokenType { return op.AccessTokenTypeBearer }
func (c *client) IDTokenLifetime() time.Duration      { return c.lifetime }

// DevMode allows redirect URIs with plain http on 127.0.0.1.
func (c *client) DevMode() bool { return true }
func (c *client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *client) IsScopeAllowed(string) bool           { return true }
func (c *client) IDTokenUserinfoClaimsAssertion() bool { return true }
func (c *client) ClockSkew() time.Duration             { return 0 }

var errUnknown = errors.New("unknown")

// CreateAuthRequest keeps an authorisation; the faults change the client
// it is for and its nonce.
func (p *Provider) CreateAuthRequest(_ context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	a := &authRequest{id: secret(), clientID: req.ClientID, nonce: req.Nonce, req: *req}
	switch p.fault {
	case OtherAudience:
		a.clientID = OtherClient
	case WrongNonce:
		a.nonce = "not-the-clients-nonce"
	}
	p.requests[a.id] = a
	p.methods = append(p.methods, req.CodeChallengeMethod)
	return a, nil
}

// AuthRequestByID returns an authorisation under way.
func (p *Provider) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if a, ok := p.requests[id]; ok {
		return a, nil
	}
	return nil, errUnknown
}

// AuthRequestByCode returns the authorisation of a code.
func (p *Provider) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	p.mu.Lock()
	id, ok := p.codes[code]
	p.mu.Unlock()
	if !ok {
		return nil, errUnknown
	}
	return p.AuthRequestByID(ctx, id)
}

// SaveAuthCode keeps the code of an authorisation.
func (p *Provider) SaveAuthCode(_ context.Context, id, code string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.codes[code] = id
	return nil
}

// DeleteAuthRequest forgets an authorisation and its codes: a code works
// once.
func (p *Provider) DeleteAuthRequest(_ context.Context, id string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.requests, id)
	for code, of := range p.codes {
		if of == id {
			delete(p.codes, code)
		}
	}
	return nil
}

// CreateAccessToken makes an opaque access token id.
func (p *Provider) CreateAccessToken(context.Context, op.TokenRequest) (string, time.Time, error) {
	return secret(), time.Now().Add(5 * time.Minute), nil
}

// CreateAccessAndRefreshTokens is refused: the client asks for no refresh
// tokens.
func (p *Provider) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errors.New("no refresh tokens")
}

// TokenRequestByRefreshToken is refused likewise.
func (p *Provider) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, op.ErrInvalidRefreshToken
}

// TerminateSession ends nothing: the provider keeps no sessions.
func (p *Provider) TerminateSession(context.Context, string, string) error { return nil }

// RevokeToken revokes nothing.
func (p *Provider) RevokeToken(context.Context, string, string, string) *oidc.Error { return nil }

// GetRefreshTokenInfo knows no refresh tokens.
func (p *Provider) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

// signingKey is the provider's RSA key.
type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Key() any                                    { return k.key }
func (k signingKey) ID() string                                  { return k.id }

// publicKey is its public half, in the key set.
type publicKey struct{ signingKey }

func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return &k.key.PublicKey }

// SigningKey is the key tokens are signed with.
func (p *Provider) SigningKey(context.Context) (op.SigningKey, error) {
	return signingKey{p.keyID, p.key}, nil
}

// SignatureAlgorithms are RS256 only.
func (p *Provider) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

// KeySet is the public key.
func (p *Provider) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{publicKey{signingKey{p.keyID, p.key}}}, nil
}

// GetClientByClientID returns the client; with the fault OtherAudience
// it is the other application, so that the token is issued to it.
func (p *Provider) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if id != p.ClientID && id != OtherClient {
		return nil, errUnknown
	}
	c := &client{id: id, redirects: slices.Clone(p.redirects), lifetime: 5 * time.Minute}
	switch p.fault {
	case OtherAudience:
		c.id = OtherClient
	case Expired:
		c.lifetime = -time.Hour
	}
	return c, nil
}

// AuthorizeClientIDSecret checks the client's credentials.
func (p *Provider) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	if id != p.ClientID || secret != p.ClientSecret {
		return errors.New("wrong client credentials")
	}
	return nil
}

// SetUserinfoFromScopes is deprecated in op; SetUserinfoFromRequest does
// the work.
func (p *Provider) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// SetUserinfoFromRequest puts the person's claims into the ID token.
func (p *Provider) SetUserinfoFromRequest(_ context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	return p.userinfo(info, req.GetSubject(), scopes)
}

// SetUserinfoFromToken answers the userinfo endpoint.
func (p *Provider) SetUserinfoFromToken(_ context.Context, info *oidc.UserInfo, _, subject, _ string) error {
	return p.userinfo(info, subject, []string{oidc.ScopeEmail, oidc.ScopeProfile})
}

func (p *Provider) userinfo(info *oidc.UserInfo, subject string, scopes []string) error {
	p.mu.Lock()
	who, ok := p.people[subject]
	p.mu.Unlock()
	if !ok {
		return errUnknown
	}
	info.Subject = subject
	if slices.Contains(scopes, oidc.ScopeEmail) {
		info.AppendClaims("email", who.Email)
		if who.EmailVerified != nil {
			info.AppendClaims("email_verified", *who.EmailVerified)
		}
	}
	if slices.Contains(scopes, oidc.ScopeProfile) && who.Name != "" {
		info.AppendClaims("name", who.Name)
	}
	if who.Groups != nil {
		info.AppendClaims("groups", who.Groups)
	}
	return nil
}

// SetIntrospectionFromToken is not needed.
func (p *Provider) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return errors.New("no introspection")
}

// GetPrivateClaimsFromScopes adds no claims to access tokens.
func (p *Provider) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

// GetKeyByIDAndClientID knows no client keys.
func (p *Provider) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errUnknown
}

// ValidateJWTProfileScopes is not needed.
func (p *Provider) ValidateJWTProfileScopes(_ context.Context, _ string, scopes []string) ([]string, error) {
	return scopes, nil
}

// Health says the storage is fine.
func (p *Provider) Health(context.Context) error { return nil }
