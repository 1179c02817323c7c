package jourfixe

import (
	"context"
	"embed"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/web"
)

//go:embed templates/*.html
var Templates embed.FS

// Handler serves the jour fixe pages, the calendar feeds and the API.
type Handler struct {
	web *web.Server
	svc *Service
	// AgreementPath is the page of an agreement, for a link from its
	// series; nil shows no link.
	AgreementPath func(agreementID string) string
}

// NewHandler returns the jour fixe handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Routes registers the pages, the feed and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/jour-fixe", Label: "nav.jourfixe", Order: 60, Shows: mayUse})
	s.HandleFunc("GET /jour-fixe", s.SignedIn(h.listPage))
	s.HandleFunc("GET /jour-fixe/{series}", s.SignedIn(h.seriesPage))
	s.HandleFunc("POST /jour-fixe/{series}/feed", s.SignedIn(h.createFeed))
	s.HandleFunc("POST /jour-fixe/{series}/feed/revoke", s.SignedIn(h.revokeFeed))
	s.HandleFunc("GET /jour-fixe/{series}/meetings/{meeting}", s.SignedIn(h.meetingPage))
	s.HandleFunc("POST /jour-fixe/{series}/meetings/{meeting}/notes", s.SignedIn(h.addNote))
	s.HandleFunc("POST /jour-fixe/{series}/meetings/{meeting}/held", s.SignedIn(h.setHeld))
	// The token in the URL is the credential: calendar applications do not
	// log in.
	s.HandleFunc("GET /ical/{token}", h.feed)
	h.apiRoutes()
}

func (h *Handler) agreementLink(id string) string {
	if h.AgreementPath == nil {
		return ""
	}
	return h.AgreementPath(id)
}

type listView struct {
	Items     []*Series
	Agreement string
}

func (h *Handler) listPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	agreement := strings.TrimSpace(r.URL.Query().Get("agreement"))
	list, err := h.svc.List(r.Context(), a, agreement)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "jourfixe.title", &listView{Items: list, Agreement: agreement})
	// Running series first, each group by title in the reader's language.
	i18n.SortBy(p.Lang, list, func(sr *Series) string { return sr.Title })
	ended := func(sr *Series) bool { return sr.EndedAt != nil }
	slices.SortStableFunc(list, func(x, y *Series) int {
		if ended(x) == ended(y) {
			return 0
		}
		if ended(x) {
			return 1
		}
		return -1
	})
	h.web.Render(w, r, http.StatusOK, "jourfixe_list.html", p)
}

// upcomingShown is how many upcoming meetings the series page lists.
const upcomingShown = 8

type seriesView struct {
	*Detail
	Upcoming []*Meeting
	// MoreUpcoming counts the upcoming meetings not listed, up to LastUpcoming.
	MoreUpcoming int
	LastUpcoming *Meeting
	// Past lists the meetings that have begun, newest first (cancelled ones
	// only when they have notes).
	Past          []*Meeting
	NewFeed       *NewFeed
	AgreementLink string
	lang          string
}

// PartyNames lists the parties in the page's language.
func (v *seriesView) PartyNames() string { return i18n.Join(v.lang, v.Series.PartyNames()) }

// Webcal is the new feed's webcal:// link, which calendar applications
// open as a subscription; html/template would refuse the scheme.
func (v *seriesView) Webcal() template.URL { return v.NewFeed.Subscribe() }

func (h *Handler) seriesPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderSeries(w, r, a, nil)
}

func (h *Handler) renderSeries(w http.ResponseWriter, r *http.Request, a *auth.Actor, feed *NewFeed) {
	d, err := h.svc.Get(r.Context(), a, r.PathValue("series"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &seriesView{Detail: d, NewFeed: feed, AgreementLink: h.agreementLink(d.AgreementID), lang: web.Lang(r.Context())}
	var upcoming []*Meeting
	for _, m := range d.Meetings {
		switch {
		case m.Status == StatusUpcoming:
			upcoming = append(upcoming, m)
		case m.Status != StatusCancelled || m.NoteCount > 0:
			if m.Status == StatusCancelled && m.Start.After(h.svc.now()) {
				continue
			}
			v.Past = append(v.Past, m)
		}
	}
	slices.Reverse(v.Past)
	v.Upcoming = upcoming[:min(len(upcoming), upcomingShown)]
	if n := len(upcoming) - len(v.Upcoming); n > 0 {
		v.MoreUpcoming, v.LastUpcoming = n, upcoming[len(upcoming)-1]
	}
	p := h.web.NewPage(r, "jourfixe.title", v)
	p.Title = d.Title + " · " + p.T("jourfixe.title")
	h.web.Render(w, r, http.StatusOK, "jourfixe_series.html", p)
}

// createFeed makes or renews the caller's feed and shows its URL, this
// once.
func (h *Handler) createFeed(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	f, err := h.svc.CreateFeed(r.Context(), a, r.PathValue("series"), h.web.BaseURL)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.renderSeries(w, r, a, f)
}

func (h *Handler) revokeFeed(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("series")
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error { return h.svc.RevokeFeed(ctx, a, id) }, func() web.Confirm {
		lang := web.Lang(r.Context())
		return web.Confirm{Title: i18n.T(lang, "jourfixe.confirm_revoke"), Text: []string{i18n.T(lang, "jourfixe.confirm_revoke_text")}, Button: i18n.T(lang, "jourfixe.feed_revoke")}
	})
	if asked {
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, SeriesPath(id), "jourfixe.feed_revoked")
}

type meetingView struct {
	*MeetingDetail
	AgreementLink string
	// CanRecord reports whether the reader may record notes and the held
	// mark; CanHold whether the held mark can be set or taken back now.
	CanRecord, CanHold bool
	lang               string
}

// PartyNames lists the parties in the page's language.
func (v *meetingView) PartyNames() string { return i18n.Join(v.lang, v.Series.PartyNames()) }

func (h *Handler) meetingPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderMeeting(w, r, a, nil)
}

func (h *Handler) renderMeeting(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	d, err := h.svc.Meeting(r.Context(), a, r.PathValue("series"), r.PathValue("meeting"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &meetingView{MeetingDetail: d, AgreementLink: h.agreementLink(d.Series.AgreementID), lang: web.Lang(r.Context()),
		CanRecord: MayRecord(a, d.Series.OrgIDs())}
	v.CanHold = v.CanRecord && d.Status != StatusUpcoming && d.Status != StatusCancelled
	p := h.web.NewPage(r, "jourfixe.meeting", v)
	p.Title = d.Series.Title + " · " + p.DateTime(d.Start)
	h.web.RenderForm(w, r, "jourfixe_meeting.html", p, formErr)
}

func (h *Handler) record(w http.ResponseWriter, r *http.Request, a *auth.Actor, p MeetingPatch, flash string) {
	series, meeting := r.PathValue("series"), r.PathValue("meeting")
	if _, err := h.svc.Update(r.Context(), a, series, meeting, p); err != nil {
		h.renderMeeting(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, MeetingPath(series, meeting), flash)
}

func (h *Handler) addNote(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	h.record(w, r, a, MeetingPatch{Note: r.PostForm.Get("note")}, "jourfixe.note_added")
}

func (h *Handler) setHeld(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	held := r.PostForm.Get("held") == "1"
	h.record(w, r, a, MeetingPatch{Held: &held}, "form.saved")
}

// feed answers a calendar application with the series' meetings.
func (h *Handler) feed(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("token"), ".ics")
	if !ok {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	cal, err := h.svc.Feed(r.Context(), token, h.web.BaseURL)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	if err := cal.Serve(w, h.svc.now(), "jour-fixe.ics"); err != nil {
		h.web.Error(w, r, err)
	}
}
