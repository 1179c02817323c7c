// Package webhook tells other systems what happens in pakt. The programme
// (its admins) and each partner organisation (its partner admins) subscribe
// URLs to event types; every event is delivered to each subscribed endpoint
// that may see it, as a POST signed as the Standard Webhooks specification
// says (webhook-id, webhook-timestamp, webhook-signature: HMAC-SHA256 with
// the endpoint's whsec_ secret).
//
// The events are the audit entries that features publish (audit.Event):
// the audit log queues each in the change's own transaction, so that an
// event exists exactly when its change was committed. The dispatcher turns
// an event into one delivery per subscribed endpoint whose owner may see
// the object, with the object as the API shows it to that owner (the
// feature's View, registered with Source), and sends the deliveries of an
// endpoint one after another in the order of their events, retrying a
// failed one with growing pauses for a day. An endpoint whose delivery
// failed for a day is switched off and its owners are told.
package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"pakt/internal/auth"
)

// Endpoint is a URL subscribed to event types by its owner: the programme
// (OrgID "") or a partner organisation.
type Endpoint struct {
	ID          string   `json:"id"`
	OrgID       string   `json:"org_id,omitempty" doc:"the organisation that owns it; empty for the programme's"`
	URL         string   `json:"url"`
	Description string   `json:"description"`
	Events      []string `json:"events" doc:"the event types it receives, e.g. introduction.accept"`
	Enabled     bool     `json:"enabled"`
	// DisabledReason is "failing" when pakt switched it off after a day of
	// failed deliveries, "" otherwise.
	DisabledReason string    `json:"disabled_reason,omitempty" doc:"failing: switched off by pakt after a day of failed deliveries"`
	CreatedAt      time.Time `json:"created_at"`
	// OldSecretUntil is when the secret before the last rotation stops
	// signing; nil when there is none.
	OldSecretUntil *time.Time `json:"old_secret_until,omitempty" doc:"until then, deliveries are signed with the new and the previous secret"`

	secret, oldSecret string
}

// Receives reports whether the endpoint subscribed to the event type.
func (e *Endpoint) Receives(eventType string) bool {
	for _, t := range e.Events {
		if t == eventType {
			return true
		}
	}
	return false
}

// secrets are the secrets that sign a delivery sent at now: the current
// one, and the previous one during the overlap after a rotation.
func (e *Endpoint) secrets(now time.Time) []string {
	out := []string{e.secret}
	if e.oldSecret != "" && e.OldSecretUntil != nil && now.Before(*e.OldSecretUntil) {
		out = append(out, e.oldSecret)
	}
	return out
}

// owner is the actor whose view of an object a delivery carries: a
// partner admin of the organisation, or an admin of the programme.
func (e *Endpoint) owner() *auth.Actor {
	if e.OrgID == "" {
		return &auth.Actor{Name: "webhook", Role: auth.RoleAdmin, Lang: "en"}
	}
	return &auth.Actor{Name: "webhook", Role: auth.RolePartnerAdmin, OrgID: e.OrgID, Lang: "en"}
}

// Delivery is one event on its way to one endpoint.
type Delivery struct {
	ID         string     `json:"id" doc:"the webhook-id the receiver sees, the same on every attempt"`
	EndpointID string     `json:"endpoint_id"`
	EventType  string     `json:"event_type"`
	Payload    string     `json:"payload" doc:"the JSON body sent"`
	CreatedAt  time.Time  `json:"created_at"`
	Status     string     `json:"status" doc:"pending, delivered or failed (given up after a day of retries)" enum:"delivery_status"`
	Attempts   int        `json:"attempts"`
	NextAt     *time.Time `json:"next_at,omitempty" doc:"when a pending delivery is tried next"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
	Log        []Attempt  `json:"log" doc:"every attempt, oldest first"`
}

// The states of a delivery.
const (
	Pending   = "pending"
	Delivered = "delivered"
	Failed    = "failed"
)

// Statuses lists the states of a delivery.
var Statuses = []string{Pending, Delivered, Failed}

// Attempt is one try to deliver: what the receiver answered and how long
// it took.
type Attempt struct {
	At         time.Time `json:"at"`
	StatusCode int       `json:"status_code" doc:"the receiver's HTTP status; 0 when none came"`
	DurationMS int64     `json:"duration_ms"`
	Error      string    `json:"error,omitempty"`
	Response   string    `json:"response,omitempty" doc:"the start of the receiver's answer"`
}

// OK reports whether the receiver accepted the delivery.
func (a Attempt) OK() bool { return a.StatusCode >= 200 && a.StatusCode < 300 }

// secretPrefix starts every signing secret, as the specification asks.
const secretPrefix = "whsec_"

// NewSecret returns a fresh signing secret: whsec_ and 32 random bytes in
// base64.
func NewSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return secretPrefix + base64.StdEncoding.EncodeToString(b)
}

func secretKey(secret string) ([]byte, error) {
	raw, ok := strings.CutPrefix(secret, secretPrefix)
	if !ok {
		return nil, errors.New("webhook: a secret starts with whsec_")
	}
	return base64.StdEncoding.DecodeString(raw)
}

// Sign returns the value of the webhook-signature header for a message:
// "v1," and the base64 HMAC-SHA256 of "id.timestamp.body" under each
// secret, separated by spaces.
func Sign(secrets []string, id string, at time.Time, body []byte) (string, error) {
	sigs := make([]string, 0, len(secrets))
	for _, s := range secrets {
		key, err := secretKey(s)
		if err != nil {
			return "", err
		}
		sigs = append(sigs, "v1,"+mac(key, id, at.Unix(), body))
	}
	return strings.Join(sigs, " "), nil
}

func mac(key []byte, id string, ts int64, body []byte) string {
	h := hmac.New(sha256.New, key)
	fmt.Fprintf(h, "%s.%d.", id, ts)
	h.Write(body)
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// Tolerance is how far a message's timestamp may lie from the receiver's
// clock before Verify refuses it as a replay.
const Tolerance = 5 * time.Minute

// Verify checks a received message as a receiver should: the timestamp
// within Tolerance of now, and one of the signatures made with secret. It
// is what pakt's tests and a Go receiver use.
func Verify(secret string, h http.Header, body []byte, now time.Time) error {
	id, ts, sigs := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	if id == "" || ts == "" || sigs == "" {
		return errors.New("webhook: headers missing")
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("webhook: bad timestamp")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > Tolerance || d < -Tolerance {
		return errors.New("webhook: timestamp too old or too new")
	}
	key, err := secretKey(secret)
	if err != nil {
		return err
	}
	want := mac(key, id, sec, body)
	for _, s := range strings.Fields(sigs) {
		if v, sig, ok := strings.Cut(s, ","); ok && v == "v1" && hmac.Equal([]byte(sig), []byte(want)) {
			return nil
		}
	}
	return errors.New("webhook: no valid signature")
}

// View renders an object as the API shows it to an actor; an apperr not
// found when the actor may not see it.
type View func(ctx context.Context, a *auth.Actor, id string) (any, error)

// Source is where the payloads of an object type's events come from.
type Source struct {
	View View
	// Staff marks events that only the programme may subscribe to.
	Staff bool
}

// ViewOf adapts a feature's typed getter to a View.
func ViewOf[T any](get func(ctx context.Context, a *auth.Actor, id string) (T, error)) View {
	return func(ctx context.Context, a *auth.Actor, id string) (any, error) { return get(ctx, a, id) }
}
