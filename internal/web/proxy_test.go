package web

import (
	"net/http/httptest"
	"testing"
)

func TestOriginBehindProxies(t *testing.T) {
	trusted, err := ParseProxies([]string{"127.0.0.1", " 10.0.0.0/8", "", "::1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		proxies Proxies
		peer    string
		xff     []string
		proto   string
		want    string
		https   bool
	}{
		{"no proxy trusted: headers ignored", nil, "127.0.0.1:5000", []string{"203.0.113.7"}, "https", "127.0.0.1", false},
		{"untrusted peer: headers ignored", trusted, "198.51.100.9:5000", []string{"203.0.113.7"}, "https", "198.51.100.9", false},
		{"trusted proxy", trusted, "127.0.0.1:5000", []string{"203.0.113.7"}, "https", "203.0.113.7", true},
		{"rightmost untrusted hop wins over made-up ones", trusted, "127.0.0.1:5000", []string{"6.6.6.6, 203.0.113.7, 10.0.0.5"}, "", "203.0.113.7", false},
		{"several header lines", trusted, "127.0.0.1:5000", []string{"6.6.6.6", "203.0.113.7"}, "", "203.0.113.7", false},
		{"only trusted hops: the leftmost", trusted, "127.0.0.1:5000", []string{"10.0.0.7, 10.0.0.5"}, "", "10.0.0.7", false},
		{"a hop with a port", trusted, "127.0.0.1:5000", []string{"203.0.113.7:4711"}, "", "203.0.113.7", false},
		{"garbage: the proxy", trusted, "127.0.0.1:5000", []string{"nonsense"}, "", "127.0.0.1", false},
		{"garbage left of the client", trusted, "127.0.0.1:5000", []string{"nonsense, 203.0.113.7"}, "", "203.0.113.7", false},
		{"no header: the proxy", trusted, "127.0.0.1:5000", nil, "HTTPS, http", "127.0.0.1", true},
		{"IPv6", trusted, "[::1]:5000", []string{"2001:db8::1"}, "http", "2001:db8::1", false},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.peer
		for _, v := range tc.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if tc.proto != "" {
			r.Header.Set("X-Forwarded-Proto", tc.proto)
		}
		if got := tc.proxies.origin(r); got.addr != tc.want || got.https != tc.https {
			t.Errorf("%s: got %s https=%v, want %s https=%v", tc.name, got.addr, got.https, tc.want, tc.https)
		}
	}
}

func TestParseProxiesRefusesNonsense(t *testing.T) {
	if _, err := ParseProxies([]string{"10.0.0.1", "proxy.example"}); err == nil {
		t.Fatal("a host name was taken as a trusted proxy")
	}
}
