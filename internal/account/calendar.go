package account

import (
	"context"
	"database/sql"
	"net/http"
	"slices"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/i18n"
	"pakt/internal/ical"
	"pakt/internal/web"
)

// The personal feed is recorded without its token, which is its
// credential.
var _ = audit.Kind("calendar_feed", "create", "update", "revoke")

// Calendar is every person's one private calendar feed, "My calendar" on
// the account page: all their appointments, which the features add
// through Sources. Any signed-in person may have one; its URL carries a
// token that is the only credential, since calendar applications do not
// log in.
type Calendar struct {
	DB  *db.DB
	Now func() time.Time
	// Sources are the features' appointments of the feed's owner (see
	// ical.Source), filled in internal/app's connect. A source that fails
	// fails the feed, so that a calendar keeps what it had rather than
	// lose entries.
	Sources []ical.Source
}

// NewCalendar returns the personal calendar feeds without sources.
func NewCalendar(d *db.DB, now func() time.Time) *Calendar { return &Calendar{DB: d, Now: now} }

func (c *Calendar) now() time.Time { return c.Now().UTC().Truncate(time.Microsecond) }

// CalendarPath is the path of a personal feed with its token.
func CalendarPath(token string) string { return "/calendar/" + token + ".ics" }

// Since returns when the actor's feed was made, nil without one.
func (c *Calendar) Since(ctx context.Context, a *auth.Actor) (*time.Time, error) {
	_, created, err := ownFeed(ctx, c.DB, a.UserID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &created, nil
}

// Create makes the actor's feed, or gives it a new token: the old URL
// stops working. The token is 256 random bits and only its hash is kept;
// baseURL makes the URL absolute.
func (c *Calendar) Create(ctx context.Context, a *auth.Actor, baseURL string) (*ical.NewFeed, error) {
	if a.UserID == "" {
		return nil, apperr.ErrNotFound
	}
	token, hash := auth.NewSecret()
	now := c.now()
	err := c.DB.Tx(ctx, func(tx *sql.Tx) error {
		id, _, err := ownFeed(ctx, tx, a.UserID)
		action := "update"
		switch {
		case apperr.CodeOf(err) == apperr.NotFound:
			id, action = db.NewID(), "create"
			err = insertCalendarFeed(ctx, tx, id, a.UserID, hash, now)
		case err == nil:
			err = replaceCalendarToken(ctx, tx, id, hash, now)
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), action, "calendar_feed", id, a.OrgID, nil, map[string]any{"user_id": a.UserID})
	})
	if err != nil {
		return nil, err
	}
	return ical.Made(token, baseURL, CalendarPath(token), now), nil
}

// Revoke ends the actor's feed: its URL answers 404 from now on. Without a
// feed it does nothing.
func (c *Calendar) Revoke(ctx context.Context, a *auth.Actor) error {
	return c.DB.Tx(ctx, func(tx *sql.Tx) error {
		id, _, err := ownFeed(ctx, tx, a.UserID)
		if apperr.CodeOf(err) == apperr.NotFound {
			return nil
		}
		if err != nil {
			return err
		}
		if err := deleteCalendarFeed(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, c.now(), a.Who(), "revoke", "calendar_feed", id, a.OrgID, map[string]any{"user_id": a.UserID}, nil)
	})
}

// Open returns the calendar behind a feed token, in its owner's language,
// with what each source lets the owner see now. A token that is unknown or
// replaced, or whose owner is disabled, finds nothing. baseURL makes the
// links absolute.
func (c *Calendar) Open(ctx context.Context, token, baseURL string) (*ical.Calendar, error) {
	if token == "" {
		return nil, apperr.ErrNotFound
	}
	owner, err := calendarOwner(ctx, c.DB, auth.HashSecret(token))
	if err != nil {
		return nil, err
	}
	lang := owner.Lang
	if !i18n.Supported(lang) {
		lang = i18n.Languages[0]
	}
	base := strings.TrimSuffix(baseURL, "/")
	cal := &ical.Calendar{Name: i18n.T(lang, "calendar.name")}
	for _, src := range c.Sources {
		more, err := src(ctx, owner, lang, base)
		if err != nil {
			return nil, err
		}
		cal.Events = append(cal.Events, more...)
	}
	slices.SortStableFunc(cal.Events, func(x, y ical.Event) int {
		if d := x.Start.Compare(y.Start); d != 0 {
			return d
		}
		return strings.Compare(x.UID, y.UID)
	})
	return cal, nil
}

// createCalendar makes or renews the caller's feed and shows its URL, this
// once.
func (h *Handler) createCalendar(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	f, err := h.Calendar.Create(r.Context(), a, h.web.BaseURL)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.renderAccount(w, r, a, &accountData{NewFeed: f}, nil)
}

func (h *Handler) revokeCalendar(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error { return h.Calendar.Revoke(ctx, a) }, func() web.Confirm {
		lang := web.Lang(r.Context())
		return web.Confirm{Title: i18n.T(lang, "calendar.confirm_revoke"), Text: []string{i18n.T(lang, "calendar.confirm_revoke_text")}, Button: i18n.T(lang, "calendar.revoke")}
	})
	if asked {
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/account", "calendar.revoked")
}

// calendarFeed answers a calendar application with the owner's
// appointments.
func (h *Handler) calendarFeed(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("token"), ".ics")
	if !ok {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	cal, err := h.Calendar.Open(r.Context(), token, h.web.BaseURL)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	if err := cal.Serve(w, h.Calendar.now(), "calendar.ics"); err != nil {
		h.web.Error(w, r, err)
	}
}
