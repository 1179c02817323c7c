package webhook

import (
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/netip"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/notify"
)

var (
	_ = audit.Kind("webhook_endpoint", "create", "update", "rotate_secret", "delete")
	_ = audit.Kind("webhook_delivery", "redeliver")
)

// Overlap is how long the previous secret keeps signing after a rotation,
// so that a receiver can switch to the new one in its own time.
const Overlap = 24 * time.Hour

// Service keeps the endpoints and delivers the events.
type Service struct {
	db     *db.DB
	Now    func() time.Time
	Log    *slog.Logger
	Notify *notify.Service
	// Guard refuses targets in networks around the server.
	Guard Guard
	// Backoff are the pauses after the first, second, … failed attempt;
	// the last one repeats. GiveUp is how long a delivery is retried
	// before it fails and its endpoint is switched off.
	Backoff []time.Duration
	GiveUp  time.Duration

	mu       sync.Mutex
	sources  map[string]Source
	httpOnce sync.Once
	http     *http.Client
	running  sync.Mutex // one dispatch run per process at a time
	kick     chan struct{}
	failures atomic.Int64
	sent     atomic.Int64
}

// DefaultBackoff retries after 5 seconds, 5 minutes, 30 minutes, 2, 5 and
// then every 10 hours, until the day is over.
var DefaultBackoff = []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour}

// NewService returns the webhook service.
func NewService(d *db.DB, now func() time.Time, n *notify.Service, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{db: d, Now: now, Log: log, Notify: n, Backoff: DefaultBackoff, GiveUp: 24 * time.Hour,
		sources: map[string]Source{}, kick: make(chan struct{}, 1)}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Source registers where the payloads of an object type's events come
// from. Only the object types with a source are offered for subscription.
func (s *Service) Source(objectType string, src Source) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sources[objectType] = src
}

func (s *Service) source(objectType string) (Source, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	src, ok := s.sources[objectType]
	return src, ok
}

// EventType is an event one may subscribe to.
type EventType struct {
	Type       string `json:"type" doc:"object type and action, e.g. introduction.accept"`
	ObjectType string `json:"object_type"`
	Action     string `json:"action"`
}

// Types returns the event types the actor may subscribe to: every
// published event with a source; those marked Staff for the programme
// only.
func (s *Service) Types(a *auth.Actor) []EventType {
	var out []EventType
	for _, t := range audit.Events() {
		objectType, action := splitType(t)
		src, ok := s.source(objectType)
		if !ok || (src.Staff && !a.IsAdmin()) {
			continue
		}
		out = append(out, EventType{Type: t, ObjectType: objectType, Action: action})
	}
	return out
}

func splitType(t string) (objectType, action string) {
	for i := len(t) - 1; i >= 0; i-- {
		if t[i] == '.' {
			return t[:i], t[i+1:]
		}
	}
	return t, ""
}

// owner is the organisation whose endpoints the actor manages: "" for an
// admin (the programme's), the own organisation for a partner admin; ok is
// false for everyone else.
func owner(a *auth.Actor) (org string, ok bool) {
	switch {
	case a.IsAdmin():
		return "", true
	case a.ActsForOwnOrg():
		return a.OrgID, true
	}
	return "", false
}

// Manages reports whether the actor may subscribe endpoints at all.
func Manages(a *auth.Actor) bool {
	_, ok := owner(a)
	return ok
}

// Endpoints lists the endpoints the actor manages.
func (s *Service) Endpoints(ctx context.Context, a *auth.Actor) ([]*Endpoint, error) {
	org, ok := owner(a)
	if !ok {
		return nil, apperr.ErrNotFound
	}
	return endpointsOf(ctx, s.db, org)
}

// Endpoint returns one endpoint its owner manages; not found for anyone
// else.
func (s *Service) Endpoint(ctx context.Context, a *auth.Actor, id string) (*Endpoint, error) {
	return s.endpoint(ctx, s.db, a, id)
}

func (s *Service) endpoint(ctx context.Context, q db.Querier, a *auth.Actor, id string) (*Endpoint, error) {
	org, ok := owner(a)
	if !ok {
		return nil, apperr.ErrNotFound
	}
	e, err := getEndpoint(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if e.OrgID != org {
		return nil, apperr.ErrNotFound
	}
	return e, nil
}

// Secret returns an endpoint's signing secret for its owner.
func (s *Service) Secret(ctx context.Context, a *auth.Actor, id string) (string, error) {
	e, err := s.Endpoint(ctx, a, id)
	if err != nil {
		return "", err
	}
	return e.secret, nil
}

// EndpointInput is what an owner says about an endpoint.
type EndpointInput struct {
	URL         string   `json:"url" doc:"http or https; the receiver of the POSTs"`
	Description string   `json:"description,omitempty"`
	Events      []string `json:"events" doc:"event types, see GET /api/v1/webhooks/event-types"`
	// Enabled switches the endpoint on or off; nil leaves it (on for a
	// new one).
	Enabled *bool `json:"enabled,omitempty" doc:"switch it on or off; a new endpoint is on"`
}

// check validates the input for the actor, resolving the URL's host.
func (s *Service) check(ctx context.Context, a *auth.Actor, in *EndpointInput) error {
	var v apperr.Validation
	if _, err := s.Guard.checkURL(ctx, in.URL); err != nil {
		e, _ := apperr.As(err)
		for _, f := range e.Fields {
			v.Add(f.Field, f.Key, f.Args...)
		}
	}
	v.Text(&in.Description, apperr.Line, "description", 200, false)
	in.Events = apperr.UniqueSorted(in.Events)
	offered := s.Types(a)
	for _, t := range in.Events {
		if !slices.ContainsFunc(offered, func(o EventType) bool { return o.Type == t }) {
			v.Add("events", "webhook.events.unknown", apperr.OneLine(t))
			break
		}
	}
	if len(in.Events) == 0 && !v.Has("events") {
		v.Add("events", "webhook.events.required")
	}
	return v.Err()
}

// Create subscribes a new endpoint for the actor's programme or
// organisation, with a fresh secret.
func (s *Service) Create(ctx context.Context, a *auth.Actor, in EndpointInput) (*Endpoint, error) {
	org, ok := owner(a)
	if !ok {
		return nil, apperr.ErrNotFound
	}
	if err := s.check(ctx, a, &in); err != nil {
		return nil, err
	}
	now := s.now()
	e := &Endpoint{ID: db.NewID(), OrgID: org, URL: in.URL, Description: in.Description, Events: in.Events, Enabled: in.Enabled == nil || *in.Enabled,
		CreatedAt: now, secret: NewSecret()}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertEndpoint(ctx, tx, e, a.UserID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "create", "webhook_endpoint", e.ID, org, nil, e)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// Update changes an endpoint's URL, description, events and whether it is
// on. Switching it on again resumes its waiting deliveries.
func (s *Service) Update(ctx context.Context, a *auth.Actor, id string, in EndpointInput) (*Endpoint, error) {
	if _, err := s.Endpoint(ctx, a, id); err != nil {
		return nil, err
	}
	if err := s.check(ctx, a, &in); err != nil {
		return nil, err
	}
	now := s.now()
	var e *Endpoint
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.endpoint(ctx, tx, a, id)
		if err != nil {
			return err
		}
		after := *before
		after.URL, after.Description, after.Events = in.URL, in.Description, in.Events
		if in.Enabled != nil && *in.Enabled != before.Enabled {
			after.Enabled, after.DisabledReason = *in.Enabled, ""
			if after.Enabled {
				if err := resume(ctx, tx, id, now); err != nil {
					return err
				}
			}
		}
		if err := updateEndpoint(ctx, tx, &after); err != nil {
			return err
		}
		e = &after
		return audit.Record(ctx, tx, now, a.Who(), "update", "webhook_endpoint", id, before.OrgID, before, &after)
	})
	if err != nil {
		return nil, err
	}
	s.Kick()
	return e, nil
}

// SetEnabled switches an endpoint on or off and keeps the rest.
func (s *Service) SetEnabled(ctx context.Context, a *auth.Actor, id string, on bool) (*Endpoint, error) {
	e, err := s.Endpoint(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return s.Update(ctx, a, id, EndpointInput{URL: e.URL, Description: e.Description, Events: e.Events, Enabled: &on})
}

// Rotate gives an endpoint a new secret; the previous one signs along for
// Overlap.
func (s *Service) Rotate(ctx context.Context, a *auth.Actor, id string) (*Endpoint, error) {
	now := s.now()
	var e *Endpoint
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if e, err = s.endpoint(ctx, tx, a, id); err != nil {
			return err
		}
		until := now.Add(Overlap)
		e.oldSecret, e.OldSecretUntil, e.secret = e.secret, &until, NewSecret()
		if err := setSecret(ctx, tx, e); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "rotate_secret", "webhook_endpoint", id, e.OrgID, nil, map[string]any{"old_secret_until": until})
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// Delete removes an endpoint with its deliveries.
func (s *Service) Delete(ctx context.Context, a *auth.Actor, id string) error {
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		e, err := s.endpoint(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := deleteEndpoint(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "delete", "webhook_endpoint", id, e.OrgID, e, nil)
	})
}

// Deliveries returns an endpoint's newest deliveries with every attempt.
func (s *Service) Deliveries(ctx context.Context, a *auth.Actor, id string, limit int) ([]*Delivery, error) {
	if _, err := s.Endpoint(ctx, a, id); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	return deliveriesOf(ctx, s.db, id, limit)
}

// Redeliver sends a delivery again, whatever became of it: it is pending
// once more, with a new day of retries, and keeps its place in the order.
func (s *Service) Redeliver(ctx context.Context, a *auth.Actor, endpointID, id string) (*Delivery, error) {
	now := s.now()
	var d *Delivery
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		e, err := s.endpoint(ctx, tx, a, endpointID)
		if err != nil {
			return err
		}
		if err := redeliver(ctx, tx, endpointID, id, now); err != nil {
			return err
		}
		if d, err = getDelivery(ctx, tx, endpointID, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "redeliver", "webhook_delivery", id, e.OrgID, nil, map[string]string{"endpoint_id": endpointID})
	})
	if err != nil {
		return nil, err
	}
	s.Kick()
	return d, nil
}

// TestEvent is the type of the event an owner sends to try an endpoint.
const TestEvent = "webhook.test"

// SendTest queues a test event for an endpoint, after whatever waits for
// it: its data names the endpoint, so that a receiver can be tried
// before real events arrive. It is sent like any other delivery, and also
// while the endpoint is off once it is on again.
func (s *Service) SendTest(ctx context.Context, a *auth.Actor, id string) (*Delivery, error) {
	e, err := s.Endpoint(ctx, a, id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	body, err := json.Marshal(message{Type: TestEvent, Timestamp: now, Data: map[string]string{"endpoint_id": e.ID, "url": e.URL}})
	if err != nil {
		return nil, err
	}
	// Its place in the order is now: after every event made so far.
	d := newDelivery{id: "msg_" + db.NewID(), endpointID: e.ID, eventID: db.NewID(), eventType: TestEvent, payload: string(body), at: now}
	if err := insertDelivery(ctx, s.db, d); err != nil {
		return nil, err
	}
	s.Kick()
	return getDelivery(ctx, s.db, e.ID, d.id)
}

// Pending counts the deliveries still to be sent.
func (s *Service) Pending(ctx context.Context) (int, error) { return pendingCount(ctx, s.db) }

// Failures counts the attempts that failed since the process started.
func (s *Service) Failures() int64 { return s.failures.Load() }

// Sent counts the deliveries receivers accepted since the process started.
func (s *Service) Sent() int64 { return s.sent.Load() }

// AllowNetworks sets the networks that may receive webhooks although they
// are not public.
func (s *Service) AllowNetworks(p []netip.Prefix) { s.Guard.Allow = p }
