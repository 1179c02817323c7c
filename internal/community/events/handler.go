package events

import (
	"bytes"
	"context"
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/i18n"
	"pakt/internal/web"
)

// Templates are the events' pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Handler serves the events' pages, downloads and API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the events handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Routes registers the pages, their forms, the calendar downloads and the
// API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/community/events", Label: "nav.community_events", Order: 94, ShowsWhen: h.svc.Shows, Group: "nav.group.community"})
	s.HandleFunc("GET /community/events", s.SignedIn(h.listPage))
	s.HandleFunc("GET /community/events/new", s.SignedIn(h.newPage))
	s.HandleFunc("POST /community/events", s.SignedIn(h.create))
	s.HandleFunc("GET /community/events/{id}", s.SignedIn(h.eventPage))
	s.HandleFunc("GET /community/events/{id}/edit", s.SignedIn(h.editPage))
	s.HandleFunc("POST /community/events/{id}", s.SignedIn(h.update))
	s.HandleFunc("POST /community/events/{id}/cancel", s.SignedIn(h.cancel))
	s.HandleFunc("POST /community/events/{id}/registration", s.SignedIn(h.register))
	s.HandleFunc("POST /community/events/{id}/registration/cancel", s.SignedIn(h.unregister))
	s.HandleFunc("GET /community/events/{id}/attendance", s.SignedIn(h.attendancePage))
	s.HandleFunc("POST /community/events/{id}/attendance", s.SignedIn(h.checkIn))
	s.HandleFunc("GET /community/events/{id}/event.ics", s.SignedIn(h.download))
	h.apiRoutes()
}

type listView struct {
	Runs           bool
	Liaison        bool
	Upcoming, Past []*Event
}

func (h *Handler) listPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	list, err := h.svc.List(ctx, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &listView{Runs: h.svc.Runs(ctx, a), Liaison: a.IsLiaison()}
	now := h.svc.now()
	for _, e := range list {
		if e.Ends.After(now) {
			// The next first.
			v.Upcoming = append([]*Event{e}, v.Upcoming...)
		} else {
			v.Past = append(v.Past, e)
		}
	}
	h.web.Render(w, r, http.StatusOK, "events.html", h.web.NewPage(r, "events.title", v))
}

type formView struct {
	Event *Event
	Kinds []string
}

// dateTimeLocal is the format of an <input type="datetime-local">: a
// wall-clock time in the programme zone.
const dateTimeLocal = "2006-01-02T15:04"

// formValues are the form's fields of e.
func (h *Handler) formValues(e *Event) url.Values {
	zone := i18n.ZoneOr(h.web.Zone)
	f := url.Values{"kind": {e.Kind}, "title": {e.Title}, "description": {e.Description}, "place": {e.Place}, "online_url": {e.OnlineURL},
		"capacity": {strconv.Itoa(e.Capacity)}}
	if !e.Starts.IsZero() {
		f.Set("starts_at", e.Starts.In(zone).Format(dateTimeLocal))
		f.Set("ends_at", e.Ends.In(zone).Format(dateTimeLocal))
	}
	if e.Public {
		f.Set("public", "1")
	}
	return f
}

// input reads the event form; what cannot be read is refused by field.
func (h *Handler) input(form url.Values) (Input, error) {
	var v apperr.Validation
	in := Input{Public: new(form.Get("public") == "1")}
	for field, dst := range map[string]**string{"kind": &in.Kind, "title": &in.Title, "description": &in.Description, "place": &in.Place, "online_url": &in.OnlineURL} {
		*dst = new(form.Get(field))
	}
	zone := i18n.ZoneOr(h.web.Zone)
	for field, dst := range map[string]**time.Time{"starts_at": &in.Starts, "ends_at": &in.Ends} {
		s := strings.TrimSpace(form.Get(field))
		if s == "" {
			continue
		}
		t, err := time.ParseInLocation(dateTimeLocal, s, zone)
		if err != nil {
			v.Add(field, "events.validation.datetime")
			continue
		}
		*dst = &t
	}
	c := strings.TrimSpace(form.Get("capacity"))
	if c == "" {
		c = "0"
	}
	n, err := strconv.Atoi(c)
	if err != nil {
		v.Add("capacity", "validation.integer")
	}
	in.Capacity = &n
	return in, v.Err()
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, e *Event, formErr error) {
	title := "events.new"
	if e.ID != "" {
		title = "events.edit_title"
	}
	p := h.web.NewPage(r, title, &formView{Event: e, Kinds: Kinds})
	if formErr == nil {
		p.Form = h.formValues(e)
	}
	h.web.RenderForm(w, r, "events_form.html", p, formErr)
}

func (h *Handler) newPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if err := h.svc.running(r.Context(), nil, a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.renderForm(w, r, &Event{Kind: KindMemberMeeting}, nil)
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	if err := h.svc.running(ctx, nil, a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	if !h.web.ParseForm(w, r) {
		return
	}
	in, err := h.input(r.PostForm)
	if err == nil {
		var e *Event
		if e, err = h.svc.Create(ctx, a, in); err == nil {
			h.web.Redirect(w, r, EventPath(e.ID), "events.created")
			return
		}
	}
	h.renderForm(w, r, &Event{}, err)
}

func (h *Handler) editPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	e, err := h.svc.editable(r.Context(), h.svc.DB, a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.renderForm(w, r, e, nil)
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	ctx, id := r.Context(), r.PathValue("id")
	e, err := h.svc.editable(ctx, h.svc.DB, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	in, err := h.input(r.PostForm)
	if err == nil {
		if _, err = h.svc.Update(ctx, a, id, in); err == nil {
			h.web.Redirect(w, r, EventPath(id), "form.saved")
			return
		}
	}
	h.renderForm(w, r, e, err)
}

// irreversible runs act once the caller confirmed it (web.Confirming),
// asking with the texts "events.confirm_<what>" and
// "events.confirm_<what>_text" and the button's, then goes back to the
// event with flash.
func (h *Handler) irreversible(w http.ResponseWriter, r *http.Request, act func(ctx context.Context) error, what, button, flash string) {
	asked, err := h.web.Confirming(w, r, act, func() web.Confirm {
		lang := web.Lang(r.Context())
		return web.Confirm{Title: i18n.T(lang, "events.confirm_"+what), Text: []string{i18n.T(lang, "events.confirm_"+what+"_text")},
			Button: i18n.T(lang, button)}
	})
	if asked {
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, EventPath(r.PathValue("id")), flash)
}

func (h *Handler) cancel(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.irreversible(w, r, func(ctx context.Context) error {
		_, err := h.svc.Cancel(ctx, a, r.PathValue("id"))
		return err
	}, "cancel", "events.cancel_event", "events.cancelled_flash")
}

type eventView struct {
	*Event
	Runs bool
	// Member: the caller may register (a person of a member organisation);
	// Open: the event neither started nor was cancelled.
	Member, Open bool
	// Attendees is the list of who else is coming, for confirmed
	// attendees; Suggestions the introductions after the event.
	Attendees   []*Attendee
	Confirmed   bool
	Suggestions []Suggestion
	// Asks: the caller may ask the concierge for introductions.
	Asks bool
}

// IntroLink is the concierge's form of an introduction to a suggestion.
func (v *eventView) IntroLink(s Suggestion) string {
	q := url.Values{"to": {s.OrgID}, "competency": {s.CompetencyID}, "topic": {v.Title}}
	return "/introductions/new?" + q.Encode()
}

func (h *Handler) eventPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx, id := r.Context(), r.PathValue("id")
	e, err := h.svc.Get(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	st, err := h.svc.Community.Standing(ctx, nil, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	now := h.svc.now()
	v := &eventView{Event: e, Runs: st.Runs(), Member: st == community.Member, Open: e.Cancelled == nil && now.Before(e.Starts), Asks: a.ActsForOwnOrg()}
	lang := web.Lang(ctx)
	if e.Mine != nil && e.Mine.Status == StatusConfirmed {
		v.Confirmed = true
		if v.Attendees, err = h.svc.Attendees(ctx, a, id, lang); err == nil {
			v.Suggestions, err = h.svc.Suggestions(ctx, a, id, lang)
		}
		if err != nil {
			h.web.Error(w, r, err)
			return
		}
	}
	p := h.web.NewPage(r, "events.title", v)
	p.Title = e.Title
	h.web.Render(w, r, http.StatusOK, "events_event.html", p)
}

func (h *Handler) register(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	reg, err := h.svc.Register(r.Context(), a, id, r.PostForm.Get("visible") == "1")
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	flash := "events.registered_flash"
	if reg.Status == StatusWaiting {
		flash = "events.waiting_flash"
	}
	h.web.Redirect(w, r, EventPath(id), flash)
}

func (h *Handler) unregister(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.irreversible(w, r, func(ctx context.Context) error { return h.svc.Unregister(ctx, a, r.PathValue("id")) },
		"unregister", "events.unregister", "events.unregistered_flash")
}

type attendanceView struct {
	Event         *Event
	Registrations []*Registration
	Started       bool
	Came          int
}

func (h *Handler) attendancePage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderAttendance(w, r, a, nil)
}

func (h *Handler) renderAttendance(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx, id := r.Context(), r.PathValue("id")
	regs, err := h.svc.Registrations(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	e, err := h.svc.Get(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &attendanceView{Event: e, Registrations: regs, Started: e.Cancelled == nil && !h.svc.now().Before(e.Starts)}
	for _, reg := range regs {
		if reg.Attended {
			v.Came++
		}
	}
	p := h.web.NewPage(r, "events.attendance", v)
	p.Title = p.T("events.attendance") + " · " + e.Title
	h.web.RenderForm(w, r, "events_attendance.html", p, formErr)
}

func (h *Handler) checkIn(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	if _, err := h.svc.CheckIn(r.Context(), a, id, r.PostForm["attended"]); err != nil {
		if code := apperr.CodeOf(err); code == apperr.Invalid || code == apperr.Conflict {
			h.renderAttendance(w, r, a, err)
			return
		}
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/community/events/"+id+"/attendance", "events.attendance_saved")
}

// download answers the event as an iCalendar file.
func (h *Handler) download(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	cal, err := h.svc.Calendar(r.Context(), a, r.PathValue("id"), web.Lang(r.Context()), h.web.BaseURL)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := cal.Write(&buf, h.svc.now()); err != nil {
		h.web.Error(w, r, err)
		return
	}
	web.Attachment(w, "text/calendar; charset=utf-8", "event.ics", buf.Bytes())
}
