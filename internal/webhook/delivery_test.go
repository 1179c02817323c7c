package webhook_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pakt/internal/app"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/concierge"
	"pakt/internal/lifecycle"
	"pakt/internal/partner"
	"pakt/internal/web"
	"pakt/internal/webhook"
)

// receiver is a webhook receiver on 127.0.0.1 that records what arrives
// and answers 503 while it is told to fail.
type receiver struct {
	*httptest.Server
	mu   sync.Mutex
	got  []received
	fail atomic.Int32 // requests still to refuse; -1: all
}

type received struct {
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{req.Header.Clone(), body})
		r.mu.Unlock()
		if n := r.fail.Load(); n != 0 {
			if n > 0 {
				r.fail.Add(-1)
			}
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) all() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

func (r *receiver) count() int { return len(r.all()) }

// message is a delivery's body.
type message struct {
	Type      string          `json:"type"`
	Timestamp time.Time       `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

func (m received) message(t *testing.T) message {
	t.Helper()
	var out message
	if err := json.Unmarshal(m.body, &out); err != nil {
		t.Fatalf("delivery body %s: %v", m.body, err)
	}
	return out
}

// sentAt is when the message says it was sent (the test's clock runs
// ahead of the receiver's).
func (m received) sentAt(t *testing.T) time.Time {
	t.Helper()
	sec, err := strconv.ParseInt(m.header.Get("webhook-timestamp"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return time.Unix(sec, 0)
}

func (m received) id(t *testing.T) string {
	t.Helper()
	var data struct {
		ID    string `json:"id"`
		OrgID string `json:"org_id"` // a prospect's
	}
	if err := json.Unmarshal(m.message(t).Data, &data); err != nil {
		t.Fatal(err)
	}
	if data.ID == "" {
		return data.OrgID
	}
	return data.ID
}

// eventually waits until ok holds, failing the test after ten seconds.
func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited in vain for %s", what)
		}
	}
}

// sameJSON fails unless a and b hold the same JSON value.
func sameJSON(t *testing.T, what string, a, b []byte) {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(x, y) {
		t.Errorf("%s:\n got %s\nwant %s", what, a, b)
	}
}

func loopback(_ *testing.T, c *app.Config) {
	c.WebhookNetworks = []string{"127.0.0.0/8"}
	c.WebhookEvery = 10 * time.Millisecond
}

type subscription struct {
	webhook.Endpoint
	secret string
}

func subscribe(t *testing.T, c *apptest.Client, url string, events ...string) subscription {
	t.Helper()
	res := c.JSON("POST", "/api/v1/webhooks", map[string]any{"url": url, "events": events, "description": "CRM"})
	if res.Status != http.StatusCreated {
		t.Fatalf("subscribe: %d %s", res.Status, res.Body)
	}
	var s subscription
	res.JSON(t, &s.Endpoint)
	var sec webhook.SecretOut
	c.Get("/api/v1/webhooks/"+s.ID+"/secret").JSON(t, &sec)
	s.secret = sec.Secret
	return s
}

func published(t *testing.T, s *apptest.Server, name string) string {
	t.Helper()
	o, err := s.App.Partners.Create(context.Background(), auth.System, partner.Input{LegalName: &name, Published: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

// A partner admin's endpoint receives the introductions of its own
// organisation, each with the introduction as the API shows it to that
// organisation, signed with the endpoint's secret and in the order they
// happened; a third partner's endpoint receives nothing of them; the
// programme's endpoint receives them as staff see them, and the
// prospects, which partners cannot subscribe to.
func TestDeliveriesCarryWhatTheSubscriberMaySee(t *testing.T) {
	t.Parallel()
	apptest.EnginesWith(t, loopback, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		a, b, c := published(t, s, "Alpha Systeme GmbH"), published(t, s, "Beta Consulting AG"), published(t, s, "Gamma IT KG")
		ua, ub, uc := s.CreateUser(auth.RolePartnerAdmin, a), s.CreateUser(auth.RolePartnerAdmin, b), s.CreateUser(auth.RolePartnerAdmin, c)
		admin := s.CreateUser(auth.RoleAdmin, "")
		ca, cc, cadmin := s.Login(ua.Email), s.Login(uc.Email), s.Login(admin.Email)
		ra, rc, rp := newReceiver(t), newReceiver(t), newReceiver(t)

		subA := subscribe(t, ca, ra.URL+"/hooks/pakt", "introduction.create", "introduction.accept")
		subC := subscribe(t, cc, rc.URL, "introduction.create", "introduction.accept")
		subP := subscribe(t, cadmin, rp.URL, "introduction.create", "prospect.create")
		if res := ca.JSON("POST", "/api/v1/webhooks", map[string]any{"url": ra.URL, "events": []string{"prospect.create"}}); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Body, `"events"`) {
			t.Errorf("a partner subscribing to prospects: %d %s", res.Status, res.Body)
		}
		var types web.List[webhook.EventType]
		ca.Get("/api/v1/webhooks/event-types").JSON(t, &types)
		for _, et := range types.Items {
			if et.ObjectType == "prospect" || et.ObjectType == "assessment" {
				t.Errorf("offered to a partner: %s", et.Type)
			}
		}

		intro, err := s.App.Concierge.RequestIntroduction(ctx, ua.Actor(), concierge.IntroInput{TargetOrgID: b, Topic: "Datenschutz", Message: "Lassen Sie uns sprechen."})
		if err != nil {
			t.Fatal(err)
		}
		eventually(t, "the request at A and the programme", func() bool { return ra.count() == 1 && rp.count() == 1 })
		asA := ca.Get("/api/v1/introductions/" + intro.ID)
		asAdmin := cadmin.Get("/api/v1/introductions/" + intro.ID)
		if _, err := s.App.Concierge.Decide(ctx, ub.Actor(), intro.ID, concierge.ActionAccept, ""); err != nil {
			t.Fatal(err)
		}
		eventually(t, "the acceptance at A", func() bool { return ra.count() == 2 })
		acceptedAsA := ca.Get("/api/v1/introductions/" + intro.ID)

		got := ra.all()
		for i, want := range []string{"introduction.create", "introduction.accept"} {
			m := got[i].message(t)
			if m.Type != want {
				t.Errorf("delivery %d is %s, want %s", i, m.Type, want)
			}
			if err := webhook.Verify(subA.secret, got[i].header, got[i].body, time.Now()); err != nil {
				t.Errorf("delivery %d: %v", i, err)
			}
			if err := webhook.Verify(subC.secret, got[i].header, got[i].body, time.Now()); err == nil {
				t.Errorf("delivery %d verifies with another endpoint's secret", i)
			}
		}
		sameJSON(t, "the request as A sees it", got[0].message(t).Data, []byte(asA.Body))
		sameJSON(t, "the acceptance as A sees it", got[1].message(t).Data, []byte(acceptedAsA.Body))
		sameJSON(t, "the request as the programme sees it", rp.all()[0].message(t).Data, []byte(asAdmin.Body))
		if got[0].header.Get("webhook-id") == got[1].header.Get("webhook-id") || !strings.HasPrefix(got[0].header.Get("webhook-id"), "msg_") {
			t.Errorf("message ids %q, %q", got[0].header.Get("webhook-id"), got[1].header.Get("webhook-id"))
		}

		// C may not see an introduction between A and B: no delivery
		// was even made for it (the events are made in order, so the
		// acceptance at A means both were handled).
		var log web.List[webhook.Delivery]
		cc.Get("/api/v1/webhooks/"+subC.ID+"/deliveries").JSON(t, &log)
		if len(log.Items) != 0 || rc.count() != 0 {
			t.Errorf("C's endpoint got %d deliveries, its receiver %d requests", len(log.Items), rc.count())
		}
		// C tries its receiver with a test event.
		if res := cc.JSON("POST", "/api/v1/webhooks/"+subC.ID+"/test", nil); res.Status != http.StatusAccepted {
			t.Fatalf("test event: %d %s", res.Status, res.Body)
		}
		eventually(t, "the test event at C", func() bool { return rc.count() == 1 })
		if m := rc.all()[0]; m.message(t).Type != webhook.TestEvent || !strings.Contains(string(m.message(t).Data), subC.ID) ||
			webhook.Verify(subC.secret, m.header, m.body, time.Now()) != nil {
			t.Errorf("test event %s", m.body)
		}
		// Nor may C read A's endpoint, nor send it a test.
		if res := cc.JSON("POST", "/api/v1/webhooks/"+subA.ID+"/test", nil); res.Status != http.StatusNotFound {
			t.Errorf("C tests A's endpoint: %d", res.Status)
		}
		for _, path := range []string{"/api/v1/webhooks/" + subA.ID, "/api/v1/webhooks/" + subA.ID + "/secret", "/api/v1/webhooks/" + subA.ID + "/deliveries"} {
			if res := cc.Get(path); res.Status != http.StatusNotFound {
				t.Errorf("C reads %s: %d", path, res.Status)
			}
		}

		p, err := s.App.Pipeline.Create(ctx, admin.Actor(), lifecycle.CreateInput{LegalName: "Delta Digital GmbH", Domain: "delta.example", Country: "DE", City: "Köln"})
		if err != nil {
			t.Fatal(err)
		}
		eventually(t, "the prospect at the programme", func() bool { return rp.count() == 2 })
		m := rp.all()[1].message(t)
		if m.Type != "prospect.create" {
			t.Fatalf("programme's second delivery: %s", m.Type)
		}
		sameJSON(t, "the prospect as the programme sees it", m.Data, []byte(cadmin.Get("/api/v1/prospects/"+p.OrgID).Body))
		if err := webhook.Verify(subP.secret, rp.all()[1].header, rp.all()[1].body, time.Now()); err != nil {
			t.Error(err)
		}

		// The delivery log shows each attempt with its status.
		ca.Get("/api/v1/webhooks/"+subA.ID+"/deliveries").JSON(t, &log)
		if len(log.Items) != 2 || log.Items[0].Status != webhook.Delivered || len(log.Items[0].Log) != 1 || log.Items[0].Log[0].StatusCode != http.StatusNoContent {
			t.Errorf("A's delivery log: %+v", log.Items)
		}
	})
}

// clock is the app's clock, moved on by the test.
type clock struct{ off atomic.Int64 }

func (c *clock) now() time.Time          { return time.Now().Add(time.Duration(c.off.Load())) }
func (c *clock) advance(d time.Duration) { c.off.Add(int64(d)) }

// clocks are the clocks of the engines' servers, by their tests.
var clocks sync.Map

func withClock(t *testing.T, cfg *app.Config) {
	loopback(t, cfg)
	c := &clock{}
	clocks.Store(t, c)
	cfg.Now = c.now
}

// A receiver that refuses gets the same message again, after growing
// pauses, and the messages after it wait for it; after a day of refusals
// the endpoint is switched off and its owners told; switched on, it gets
// what waited; a delivery can be sent again by hand; after a rotation both
// secrets sign.
func TestRetriesKeepTheOrderAndGiveUpAfterADay(t *testing.T) {
	t.Parallel()
	apptest.EnginesWith(t, withClock, func(t *testing.T, s *apptest.Server) {
		v, _ := clocks.Load(t)
		clk := v.(*clock)
		admin := s.CreateUser(auth.RoleAdmin, "")
		ca := s.Login(admin.Email)
		r := newReceiver(t)
		sub := subscribe(t, ca, r.URL, "prospect.create")
		deliveries := func() []webhook.Delivery {
			var log web.List[webhook.Delivery]
			ca.Get("/api/v1/webhooks/"+sub.ID+"/deliveries").JSON(t, &log)
			return log.Items
		}

		r.fail.Store(2)
		p1, p2, p3 := prospect(t, s, admin.Actor(), 1), prospect(t, s, admin.Actor(), 2), prospect(t, s, admin.Actor(), 3)
		eventually(t, "the first attempt", func() bool { return r.count() == 1 })
		eventually(t, "three deliveries made", func() bool { return len(deliveries()) == 3 })
		time.Sleep(100 * time.Millisecond) // ten dispatch rounds: the next two wait behind the first
		if n := r.count(); n != 1 {
			t.Fatalf("%d requests before the first pause ended, want 1", n)
		}
		clk.advance(6 * time.Second)
		eventually(t, "the second attempt", func() bool { return r.count() == 2 })
		time.Sleep(50 * time.Millisecond)
		if n := r.count(); n != 2 {
			t.Fatalf("%d requests before five minutes passed, want 2", n)
		}
		clk.advance(5*time.Minute + time.Second)
		eventually(t, "the third attempt and the two waiting", func() bool { return r.count() == 5 })
		got := r.all()
		var ids, msgIDs []string
		for _, m := range got {
			ids, msgIDs = append(ids, m.id(t)), append(msgIDs, m.header.Get("webhook-id"))
			if err := webhook.Verify(sub.secret, m.header, m.body, m.sentAt(t)); err != nil {
				t.Error(err)
			}
		}
		if want := []string{p1, p1, p1, p2, p3}; !reflect.DeepEqual(ids, want) {
			t.Errorf("received %v, want %v", ids, want)
		}
		if msgIDs[0] != msgIDs[1] || msgIDs[1] != msgIDs[2] || msgIDs[2] == msgIDs[3] || msgIDs[3] == msgIDs[4] {
			t.Errorf("message ids %v: one per message, the same on every attempt", msgIDs)
		}
		first := deliveries()[2] // newest first
		if first.Status != webhook.Delivered || len(first.Log) != 3 || first.Log[0].StatusCode != 503 || first.Log[1].StatusCode != 503 ||
			first.Log[2].StatusCode != 204 || first.Log[0].Response != "busy" {
			t.Errorf("the first delivery's log: %+v", first)
		}

		// A day of refusals switches the endpoint off.
		r.fail.Store(-1)
		p4 := prospect(t, s, admin.Actor(), 4)
		eventually(t, "the first attempt of the fourth", func() bool { return r.count() == 6 })
		p4b := prospect(t, s, admin.Actor(), 5) // waits behind the fourth
		eventually(t, "the fifth delivery made", func() bool { return len(deliveries()) == 5 })
		fourth := func() (attempts int, status string) {
			for _, d := range deliveries() {
				if strings.Contains(d.Payload, p4) {
					return d.Attempts, d.Status
				}
			}
			return 0, ""
		}
		eventually(t, "the first attempt of the fourth logged", func() bool { k, _ := fourth(); return k == 1 })
		for i := 0; i < 6; i++ {
			k, status := fourth()
			if status != webhook.Pending {
				break
			}
			clk.advance(11 * time.Hour)
			eventually(t, "another attempt logged", func() bool { k2, _ := fourth(); return k2 == k+1 })
		}
		var ep webhook.Endpoint
		ca.Get("/api/v1/webhooks/"+sub.ID).JSON(t, &ep)
		if ep.Enabled || ep.DisabledReason != "failing" {
			t.Fatalf("after a day of refusals: %+v", ep)
		}
		for _, m := range r.all()[5:] {
			if m.id(t) != p4 {
				t.Fatalf("a later message was sent before the fourth was given up: %s", m.id(t))
			}
		}
		ds := deliveries()
		if ds[1].Status != webhook.Failed || ds[0].Status != webhook.Pending {
			t.Errorf("after giving up: %s, %s", ds[1].Status, ds[0].Status)
		}
		inbox, err := s.App.Notify.Inbox(context.Background(), admin.Actor(), "", true, 10)
		if err != nil || len(inbox) == 0 || !strings.Contains(inbox[0].Title, r.URL) || inbox[0].Link != "/webhooks/"+sub.ID {
			t.Fatalf("the admin was not told: %v %+v", err, inbox)
		}

		// An event while it is off is not delivered; switched on, what
		// waited is.
		prospect(t, s, admin.Actor(), 6)
		eventually(t, "the outbox empty", func() bool {
			var n int
			err := s.App.DB.QueryRowContext(context.Background(), `SELECT count(*) FROM event_outbox`).Scan(&n)
			return err == nil && n == 0
		})
		r.fail.Store(0)
		n := r.count()
		if res := ca.JSON("PUT", "/api/v1/webhooks/"+sub.ID, map[string]any{"url": r.URL, "events": []string{"prospect.create"}, "enabled": true}); res.Status != http.StatusOK {
			t.Fatalf("switch on: %d %s", res.Status, res.Body)
		}
		eventually(t, "what waited", func() bool { return r.count() == n+1 })
		if id := r.all()[n].id(t); id != p4b {
			t.Errorf("after switching on, %s arrived, want %s", id, p4b)
		}
		if len(deliveries()) != 5 {
			t.Errorf("%d deliveries: the event while off made one", len(deliveries()))
		}

		// By hand, the given-up one is sent again, as the same message.
		res := ca.JSON("POST", "/api/v1/webhooks/"+sub.ID+"/deliveries/"+ds[1].ID+"/redeliver", nil)
		if res.Status != http.StatusOK {
			t.Fatalf("redeliver: %d %s", res.Status, res.Body)
		}
		eventually(t, "the redelivery", func() bool { return r.count() == n+2 })
		if m := r.all()[n+1]; m.id(t) != p4 || m.header.Get("webhook-id") != ds[1].ID {
			t.Errorf("redelivered %s as %s", m.id(t), m.header.Get("webhook-id"))
		}

		// After a rotation, both secrets sign for a day.
		var sec webhook.SecretOut
		if res := ca.JSON("POST", "/api/v1/webhooks/"+sub.ID+"/rotate", nil); res.Status != http.StatusOK {
			t.Fatalf("rotate: %d", res.Status)
		} else {
			res.JSON(t, &sec)
		}
		prospect(t, s, admin.Actor(), 7)
		eventually(t, "a delivery after the rotation", func() bool { return r.count() == n+3 })
		m := r.all()[n+2]
		for _, secret := range []string{sub.secret, sec.Secret} {
			if err := webhook.Verify(secret, m.header, m.body, m.sentAt(t)); err != nil {
				t.Errorf("during the overlap: %v", err)
			}
		}
		clk.advance(webhook.Overlap + time.Minute)
		prospect(t, s, admin.Actor(), 8)
		eventually(t, "a delivery after the overlap", func() bool { return r.count() == n+4 })
		m = r.all()[n+3]
		if webhook.Verify(sub.secret, m.header, m.body, m.sentAt(t)) == nil || webhook.Verify(sec.Secret, m.header, m.body, m.sentAt(t)) != nil {
			t.Error("after the overlap only the new secret should sign")
		}
	})
}

func prospect(t *testing.T, s *apptest.Server, a *auth.Actor, n int) string {
	t.Helper()
	p, err := s.App.Pipeline.Create(context.Background(), a, lifecycle.CreateInput{LegalName: fmt.Sprintf("Interessent %d GmbH", n),
		Domain: fmt.Sprintf("interessent%d.example", n), Country: "DE", City: "Hamburg"})
	if err != nil {
		t.Fatal(err)
	}
	return p.OrgID
}
