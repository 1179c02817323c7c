package webhook

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/db"
	"pakt/internal/notify"
)

// message is the body of a delivery, as the specification suggests: the
// event type, when it happened, and the object as its receiver may see it.
type message struct {
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"`
	Data      any       `json:"data"`
}

// Kick asks the dispatcher to run now instead of at its next round.
func (s *Service) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Run dispatches until ctx ends: every interval, and at once when kicked.
func (s *Service) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	away := false // the database is away: said once, not every round
	for {
		err := s.Dispatch(ctx)
		switch {
		case err == nil || ctx.Err() != nil || errors.Is(err, sql.ErrConnDone):
			if away && err == nil {
				s.Log.Info("webhook dispatch resumes: the database is back")
				away = false
			}
		case db.IsUnavailable(err):
			if !away {
				s.Log.Warn("webhook dispatch waits for the database", "err", err)
				away = true
			}
		default:
			s.Log.Error("webhook dispatch", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.kick:
		}
	}
}

// Dispatch turns the waiting events into deliveries, then sends what is
// due, until nothing is left to do now.
func (s *Service) Dispatch(ctx context.Context) error {
	s.running.Lock()
	defer s.running.Unlock()
	if err := s.publish(ctx); err != nil {
		return err
	}
	return s.send(ctx)
}

// publish makes one delivery per event and subscribed endpoint whose owner
// may see the event's object, and removes the event from the outbox, in
// one transaction per batch. Several processes may publish at once: an
// event's deliveries are written by the one that took it from the outbox.
func (s *Service) publish(ctx context.Context) error {
	for {
		events, err := audit.Outbox(ctx, s.db, 200)
		if err != nil || len(events) == 0 {
			return err
		}
		endpoints, err := enabledEndpoints(ctx, s.db)
		if err != nil {
			return err
		}
		made := make([][]newDelivery, len(events))
		for i, ev := range events {
			src, ok := s.source(ev.ObjectType)
			if !ok {
				continue
			}
			for _, e := range endpoints {
				if !e.Receives(ev.Type) || (src.Staff && e.OrgID != "") {
					continue
				}
				view, err := src.View(ctx, e.owner(), ev.ObjectID)
				if apperr.CodeOf(err) == apperr.NotFound || apperr.CodeOf(err) == apperr.Forbidden {
					continue // its owner may not see it
				}
				if err != nil {
					return fmt.Errorf("webhook view of %s %s: %w", ev.ObjectType, ev.ObjectID, err)
				}
				body, err := json.Marshal(message{Type: ev.Type, Timestamp: ev.At, Data: view})
				if err != nil {
					return err
				}
				made[i] = append(made[i], newDelivery{id: "msg_" + db.NewID(), endpointID: e.ID, eventID: ev.ID, eventType: ev.Type, payload: string(body), at: s.now()})
			}
		}
		err = s.db.Tx(ctx, func(tx *sql.Tx) error {
			for i, ev := range events {
				took, err := audit.Take(ctx, tx, ev.ID)
				if err != nil {
					return err
				}
				if !took {
					continue
				}
				for _, d := range made[i] {
					if err := insertDelivery(ctx, tx, d); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
}

// lease is how long a process holds a delivery it sends: longer than the
// client's timeout.
const lease = time.Minute

// parallel is how many endpoints are sent to at once.
const parallel = 8

// send delivers what is due, each endpoint's deliveries in order, several
// endpoints at once.
func (s *Service) send(ctx context.Context) error {
	for {
		batch, err := dueDeliveries(ctx, s.db, s.now(), parallel)
		if err != nil || len(batch) == 0 {
			return err
		}
		var wg sync.WaitGroup
		errs := make([]error, len(batch))
		for i, d := range batch {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.attempt(ctx, d)
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return err
		}
	}
}

func (s *Service) client() *http.Client {
	s.httpOnce.Do(func() { s.http = s.Guard.client() })
	return s.http
}

// attempt sends one delivery and records what came of it.
func (s *Service) attempt(ctx context.Context, d due) error {
	now := s.now()
	ok, err := claim(ctx, s.db, d.id, now, now.Add(lease))
	if err != nil || !ok {
		return err
	}
	e, err := getEndpoint(ctx, s.db, d.endpointID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil // deleted meanwhile, with its deliveries
	}
	if err != nil {
		return err
	}
	a, retryAfter := s.post(ctx, e, d)
	if ctx.Err() != nil {
		return nil // shutting down: the lease runs out and another round sends it
	}
	status, next := Delivered, a.At
	if !a.OK() {
		s.failures.Add(1)
		status, next = s.retry(d, a.At, retryAfter)
	} else {
		s.sent.Add(1)
	}
	gaveUp := false
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertAttempt(ctx, tx, d.id, a); err != nil {
			return err
		}
		if err := settle(ctx, tx, d.id, status, next, a.At); err != nil {
			return err
		}
		if status != Failed {
			return nil
		}
		off, err := disableFailing(ctx, tx, e.ID)
		if err != nil || !off {
			return err
		}
		gaveUp = true
		return s.tell(ctx, tx, e)
	})
	if err != nil {
		return err
	}
	if gaveUp {
		s.Log.Warn("webhook endpoint switched off after a day of failed deliveries", "endpoint", e.ID, "url", e.URL)
		if s.Notify != nil {
			s.Notify.Kick()
		}
	} else if !a.OK() {
		s.Log.Info("webhook not delivered", "endpoint", e.ID, "delivery", d.id, "status", a.StatusCode, "err", a.Error, "next", next)
	}
	return nil
}

// retry decides what follows a failed attempt at now: the next attempt
// after the pause of its turn (or later, when the receiver asked so), the
// last one at the end of the day, and after that the delivery fails.
func (s *Service) retry(d due, now time.Time, retryAfter time.Duration) (string, time.Time) {
	end := d.retryFrom.Add(s.GiveUp)
	if !now.Before(end) {
		return Failed, now
	}
	pause := s.Backoff[min(d.attempts, len(s.Backoff)-1)]
	pause = max(pause, min(retryAfter, time.Hour))
	next := now.Add(pause)
	if next.After(end) {
		next = end
	}
	return Pending, next
}

// post sends a delivery once and returns the attempt, and how long the
// receiver asked to wait (Retry-After in seconds) before the next one.
func (s *Service) post(ctx context.Context, e *Endpoint, d due) (Attempt, time.Duration) {
	start := s.now()
	a := Attempt{At: start}
	body := []byte(d.payload)
	sig, err := Sign(e.secrets(start), d.id, start, body)
	if err != nil {
		a.Error = err.Error()
		return a, 0
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.URL, bytes.NewReader(body))
	if err != nil {
		a.Error = err.Error()
		return a, 0
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "pakt-webhooks/1")
	req.Header.Set("webhook-id", d.id)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(start.Unix(), 10))
	req.Header.Set("webhook-signature", sig)
	t0 := time.Now()
	resp, err := s.client().Do(req)
	a.DurationMS = time.Since(t0).Milliseconds()
	if err != nil {
		a.Error = describe(err)
		return a, 0
	}
	defer resp.Body.Close()
	a.StatusCode = resp.StatusCode
	head, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)) // lets the connection be reused
	if utf8.Valid(head) {
		a.Response = strings.TrimSpace(apperr.OneLine(string(head)))
	}
	if !a.OK() && a.StatusCode >= 300 && a.StatusCode < 400 {
		a.Error = "redirects are not followed"
	}
	var wait time.Duration
	if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs > 0 {
		wait = time.Duration(secs) * time.Second
	}
	return a, wait
}

// describe says why no answer came, without the URL (the log shows it).
func describe(err error) string {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) && ue.Unwrap() != nil {
		err = ue.Unwrap()
	}
	if errors.Is(err, errBlocked) {
		return errBlocked.Error()
	}
	msg := err.Error()
	if len(msg) > 300 {
		msg = msg[:300]
	}
	return msg
}

// tell queues the notice to an endpoint's owners that it was switched off.
func (s *Service) tell(ctx context.Context, tx *sql.Tx, e *Endpoint) error {
	if s.Notify == nil {
		return nil
	}
	n := notify.Notice{Kind: "webhook.notice.disabled", Args: []string{e.URL}, Link: Path(e.ID), Admins: e.OrgID == ""}
	if e.OrgID != "" {
		n.Orgs, n.AdminsOnly = []string{e.OrgID}, true
	}
	return s.Notify.Notify(ctx, tx, n)
}
