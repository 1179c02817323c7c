package webhook

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// The signature is the one the Standard Webhooks specification's test
// vector gives, so that a receiver using any of its libraries accepts it.
func TestSignatureMatchesTheSpecificationsVector(t *testing.T) {
	const (
		secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
		id     = "msg_p5jXN8AQM9LWM0D4loKWxJek"
		body   = `{"test": 2432232314}`
		want   = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
	)
	at := time.Unix(1614265330, 0)
	got, err := Sign([]string{secret}, id, at, []byte(body))
	if err != nil || got != want {
		t.Fatalf("Sign = %q, %v; want %q", got, err, want)
	}
	h := http.Header{}
	h.Set("webhook-id", id)
	h.Set("webhook-timestamp", "1614265330")
	h.Set("webhook-signature", got)
	if err := Verify(secret, h, []byte(body), at.Add(time.Minute)); err != nil {
		t.Errorf("Verify of the vector: %v", err)
	}
	if err := Verify(secret, h, []byte(body+" "), at); err == nil {
		t.Error("Verify accepted a changed body")
	}
	if err := Verify(secret, h, []byte(body), at.Add(Tolerance+time.Second)); err == nil {
		t.Error("Verify accepted a message older than the tolerance")
	}
	other := NewSecret()
	if err := Verify(other, h, []byte(body), at); err == nil {
		t.Error("Verify accepted another secret")
	}
	// During a rotation both secrets sign, and either verifies.
	both, err := Sign([]string{other, secret}, id, at, []byte(body))
	if err != nil || len(strings.Fields(both)) != 2 {
		t.Fatalf("two secrets: %q, %v", both, err)
	}
	h.Set("webhook-signature", both)
	for _, s := range []string{secret, other} {
		if err := Verify(s, h, []byte(body), at); err != nil {
			t.Errorf("Verify with one of two signatures: %v", err)
		}
	}
	if !strings.HasPrefix(other, "whsec_") || len(other) != len("whsec_")+44 {
		t.Errorf("NewSecret = %q", other)
	}
}

func TestGuardKeepsDeliveriesOutOfTheServersNetworks(t *testing.T) {
	for _, c := range []struct {
		addr    string
		blocked bool
	}{
		{"127.0.0.1", true}, {"10.1.2.3", true}, {"172.16.5.4", true}, {"192.168.1.1", true}, {"169.254.169.254", true},
		{"100.64.0.1", true}, {"0.0.0.0", true}, {"::1", true}, {"fd00::1", true}, {"fe80::1", true}, {"::ffff:127.0.0.1", true},
		{"224.0.0.1", true}, {"8.8.8.8", false}, {"2a00:1450:4001::1", false}, {"185.199.108.153", false},
	} {
		if got := (Guard{}).Blocked(netip.MustParseAddr(c.addr)); got != c.blocked {
			t.Errorf("Blocked(%s) = %v, want %v", c.addr, got, c.blocked)
		}
	}
	allow, err := ParseNetworks("10.20.0.0/16, 127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	g := Guard{Allow: allow}
	if g.Blocked(netip.MustParseAddr("10.20.3.4")) || g.Blocked(netip.MustParseAddr("127.0.0.1")) || !g.Blocked(netip.MustParseAddr("10.21.0.1")) ||
		!g.Blocked(netip.MustParseAddr("127.0.0.2")) {
		t.Error("allowed networks not applied exactly")
	}
	if _, err := ParseNetworks("10.0.0.0/33"); err == nil {
		t.Error("ParseNetworks took a bad range")
	}

	// The check is made again when connecting: a receiver on loopback is
	// not reached without the operator's allowance, whatever its name
	// resolved to when it was subscribed.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer srv.Close()
	if _, err := (Guard{}).client().Post(srv.URL, "application/json", nil); err == nil || !strings.Contains(err.Error(), errBlocked.Error()) {
		t.Errorf("a blocked address was reached: %v", err)
	}
	res, err := Guard{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}.client().Post(srv.URL, "application/json", nil)
	if err != nil || res.StatusCode != http.StatusNoContent {
		t.Fatalf("an allowed address: %v", err)
	}
	res.Body.Close()
}
