package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"pakt/internal/apperr"
)

// Guard keeps deliveries away from the networks around the server: a URL
// whose host is on a loopback, private, link-local or otherwise special
// address is refused when subscribed, and a connection to such an address
// is refused when a delivery is sent (so that a name that later resolves
// elsewhere gains nothing), unless the operator allowed its network.
type Guard struct {
	// Allow are the networks that may be targets although they are not
	// public (--webhook-allow-networks).
	Allow []netip.Prefix
}

// special are the ranges that are not the public internet, beyond those
// netip.Addr reports itself (loopback, private, link-local, multicast,
// unspecified).
var special = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("100::/64"),
	netip.MustParsePrefix("2001:db8::/32"),
}

// Blocked reports whether ip may not be a target.
func (g Guard) Blocked(ip netip.Addr) bool {
	ip = ip.Unmap()
	for _, p := range g.Allow {
		if p.Contains(ip) {
			return false
		}
	}
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() || !ip.IsValid() {
		return true
	}
	for _, p := range special {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// ParseNetworks reads a comma-separated list of networks (CIDR ranges or
// single addresses).
func ParseNetworks(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("%q is neither an address nor a network", f)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an address nor a network", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// checkURL validates a subscribed URL: http or https, a host, no user
// name or fragment, and a host that resolves to addresses the guard lets
// through. Its errors name the field url.
func (g Guard) checkURL(ctx context.Context, raw string) (*url.URL, error) {
	bad := func(key string, args ...any) error {
		var v apperr.Validation
		v.Add("url", key, args...)
		return v.Err()
	}
	if raw == "" {
		return nil, bad("webhook.url.required")
	}
	if len(raw) > 2000 {
		return nil, bad("webhook.url.long")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" {
		return nil, bad("webhook.url.invalid")
	}
	if u.User != nil {
		return nil, bad("webhook.url.userinfo")
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return nil, bad("webhook.url.fragment")
	}
	host := u.Hostname()
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{a}
	} else {
		rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		addrs, err = net.DefaultResolver.LookupNetIP(rctx, "ip", host)
		if err != nil || len(addrs) == 0 {
			return nil, bad("webhook.url.unknown_host", host)
		}
	}
	for _, a := range addrs {
		if g.Blocked(a) {
			return nil, bad("webhook.url.private", a.Unmap().String())
		}
	}
	return u, nil
}

// errBlocked is a connection the guard refused.
var errBlocked = errors.New("the address is in a network that may not receive webhooks")

// client is the HTTP client deliveries go out with: through the guard, no
// proxy from the environment, no redirects followed, ten seconds at most.
func (g Guard) client() *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second, Control: func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil || g.Blocked(ap.Addr()) {
			return errBlocked
		}
		return nil
	}}
	t := &http.Transport{DialContext: d.DialContext, TLSHandshakeTimeout: 5 * time.Second, ResponseHeaderTimeout: 10 * time.Second,
		MaxIdleConnsPerHost: 2, IdleConnTimeout: 60 * time.Second, ForceAttemptHTTP2: true}
	return &http.Client{Transport: t, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
