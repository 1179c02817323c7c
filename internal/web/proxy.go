package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the reverse proxies whose forwarding headers pakt believes.
// Anyone can send X-Forwarded-For and X-Forwarded-Proto, so they count only
// when the request comes directly from one of these addresses.
type Proxies []netip.Prefix

// ParseProxies reads a list of IP addresses and CIDR ranges ("10.0.0.1",
// "10.1.0.0/16", "::1"); empty entries are skipped.
func ParseProxies(list []string) (Proxies, error) {
	var out Proxies
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an IP address nor a CIDR range", s)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// Trusts reports whether a is one of the proxies.
func (p Proxies) Trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, x := range p {
		if x.Contains(a) {
			return true
		}
	}
	return false
}

// origin is where a request came from, as the trusted proxies tell.
type origin struct {
	addr  string
	https bool
}

type originKey struct{}

// origin works out the client's address and whether it used HTTPS. The
// direct peer is the client unless it is a trusted proxy; then the client is
// the rightmost address in X-Forwarded-For that is not a trusted proxy
// (entries further left can be made up by the client), and
// X-Forwarded-Proto says the scheme.
func (p Proxies) origin(r *http.Request) origin {
	o := origin{addr: peer(r), https: r.TLS != nil}
	a, err := netip.ParseAddr(o.addr)
	if err != nil || !p.Trusts(a) {
		return o
	}
	if proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ","); strings.EqualFold(strings.TrimSpace(proto), "https") {
		o.https = true
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, ok := parseHop(hops[i])
		if !ok {
			// A trusted proxy reported something that is not an address:
			// the proxy itself is the last address known.
			break
		}
		o.addr = hop.String()
		if !p.Trusts(hop) {
			break
		}
	}
	return o
}

// parseHop reads one X-Forwarded-For entry: an address, maybe with a port.
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

// peer is the address of the direct peer without the port.
func peer(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	if a, err := netip.ParseAddr(host); err == nil {
		return a.Unmap().String()
	}
	return host
}

// withOrigin records the request's origin for RemoteAddr and Secure.
func (s *Server) withOrigin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o := s.Proxies.origin(r)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), originKey{}, o)))
	})
}

func originOf(r *http.Request) (origin, bool) {
	o, ok := r.Context().Value(originKey{}).(origin)
	return o, ok
}

// RemoteAddr returns the client's address without the port: the direct
// peer, or behind a trusted proxy the address it forwarded for.
func RemoteAddr(r *http.Request) string {
	if o, ok := originOf(r); ok {
		return o.addr
	}
	return peer(r)
}

// Secure reports whether the request must be treated as HTTPS, for cookies'
// Secure flag and HSTS: it came over TLS, directly or through a trusted
// proxy, or the base URL is https.
func (s *Server) Secure(r *http.Request) bool {
	if strings.HasPrefix(s.BaseURL, "https://") || r.TLS != nil {
		return true
	}
	o, ok := originOf(r)
	return ok && o.https
}
