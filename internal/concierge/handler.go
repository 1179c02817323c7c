package concierge

import (
	"context"
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/partner"
	"pakt/internal/web"
)

//go:embed templates/*.html
var Templates embed.FS

// Handler serves the concierge's pages and API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the concierge handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Routes registers the pages, their forms and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/concierge", Label: "nav.concierge", Order: 30, Shows: mayMatch})
	s.HandleFunc("GET /concierge", s.SignedIn(h.matchesPage))
	s.HandleFunc("GET /concierge/pins", s.SignedIn(h.pinsPage))
	s.HandleFunc("POST /concierge/pins", s.SignedIn(h.addPin))
	s.HandleFunc("POST /concierge/pins/{id}/delete", s.SignedIn(h.deletePin))
	s.HandleFunc("POST /concierge/settings", s.SignedIn(h.saveSettings))
	s.HandleFunc("GET /concierge/stats", s.SignedIn(h.statsPage))
	s.HandleFunc("GET /introductions", s.SignedIn(h.listPage))
	s.HandleFunc("GET /introductions/new", s.SignedIn(h.newPage))
	s.HandleFunc("POST /introductions", s.SignedIn(h.create))
	s.HandleFunc("GET /introductions/{id}", s.SignedIn(h.detailPage))
	for _, action := range []string{ActionApprove, ActionReject, ActionAccept, ActionDecline, ActionWithdraw} {
		s.HandleFunc("POST /introductions/{id}/"+action, s.SignedIn(h.decide(action)))
	}
	s.HandleFunc("POST /introductions/{id}/outcome", s.SignedIn(h.outcome))
	h.apiRoutes()
}

// names maps competency ids to their names in the page's language.
func (h *Handler) names(ctx context.Context) (map[string]string, []*partner.Competency, error) {
	list, err := h.svc.Partners.Competencies(ctx)
	if err != nil {
		return nil, nil, err
	}
	m := make(map[string]string, len(list))
	lang := web.Lang(ctx)
	for _, c := range list {
		m[c.ID] = c.Name(lang)
	}
	return m, list, nil
}

type matchView struct {
	Query      Query
	Asked      bool
	Result     *Result
	Taxonomy   []*partner.Competency
	Industries []string
	Sizes      []string
	Countries  []string
	// Pinnable is the one requested competency staff may pin a match for.
	Pinnable string
	Back     string
}

// Selected reports whether the competency id was asked for.
func (v *matchView) Selected(id string) bool {
	for _, c := range v.Query.Competencies {
		if c == id {
			return true
		}
	}
	return false
}

// IntroLink is the address of the introduction form for a match.
func (v *matchView) IntroLink(orgID string) string {
	q := url.Values{"to": {orgID}}
	if len(v.Query.Competencies) > 0 {
		q.Set("competency", v.Query.Competencies[0])
	}
	if t := strings.TrimSpace(v.Query.Topic); t != "" {
		q.Set("topic", t)
	}
	return "/introductions/new?" + q.Encode()
}

func queryFromValues(v url.Values) Query {
	n := func(key string) int {
		i, err := strconv.Atoi(strings.TrimSpace(v.Get(key)))
		if err != nil && strings.TrimSpace(v.Get(key)) != "" {
			return -1
		}
		return i
	}
	return Query{Competencies: uniq(v["competency"]), Topic: v.Get("topic"), Region: v.Get("region"), Country: v.Get("country"),
		City: v.Get("city"), RadiusKm: n("radius_km"), From: v.Get("from"), To: v.Get("to"), Industry: v.Get("industry"), Size: v.Get("size")}
}

func (h *Handler) matchesPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !mayMatch(a) {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	ctx := r.Context()
	_, taxonomy, err := h.names(ctx)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	q := queryFromValues(r.URL.Query())
	lang := web.Lang(ctx)
	v := &matchView{Query: q, Taxonomy: partner.CompetenciesIn(lang, taxonomy), Industries: partner.IndustriesIn(lang), Sizes: partner.Sizes, Countries: partner.CountriesIn(lang),
		Back: r.URL.RequestURI()}
	if a.IsStaff() && len(q.Competencies) == 1 {
		v.Pinnable = q.Competencies[0]
	}
	p := h.web.NewPage(r, "concierge.title", v)
	var questionErr error
	if r.URL.RawQuery != "" {
		v.Result, questionErr = h.svc.Matches(ctx, a, q, p.Lang)
		v.Asked = questionErr == nil
	}
	h.web.RenderForm(w, r, "concierge.html", p, questionErr)
}

type pinsView struct {
	Pins     []*Pin
	Names    map[string]string
	Taxonomy []*partner.Competency
	Settings Settings
	Admin    bool
}

func (h *Handler) pinsPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderPins(w, r, a, nil)
}

func (h *Handler) renderPins(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	pins, err := h.svc.Pins(ctx, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	set, err := h.svc.Settings(ctx, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	names, taxonomy, err := h.names(ctx)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	lang := web.Lang(ctx)
	// The pins read by competency, then by partner, as the page names them.
	i18n.SortBy(lang, pins, func(p *Pin) string { return p.OrgName })
	i18n.SortBy(lang, pins, func(p *Pin) string { return names[p.CompetencyID] })
	p := h.web.NewPage(r, "concierge.pins", &pinsView{Pins: pins, Names: names, Taxonomy: partner.CompetenciesIn(lang, taxonomy), Settings: set, Admin: a.IsAdmin()})
	h.web.RenderForm(w, r, "concierge_pins.html", p, formErr)
}

// safeBack returns a local address to go back to, else fallback.
func safeBack(s, fallback string) string {
	if web.LocalPath(s) {
		return s
	}
	return fallback
}

// resolveOrg finds a partner by id, name or a part of the name that only
// one matches (partner.Resolve), for the pin form; what it cannot resolve
// goes to the service as typed, which refuses it.
func (h *Handler) resolveOrg(ctx context.Context, a *auth.Actor, s string) string {
	id, _, err := h.svc.Partners.Resolve(ctx, a, s)
	if err != nil || id == "" {
		return s
	}
	return id
}

func (h *Handler) addPin(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !a.IsStaff() {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	if !h.web.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	org := f.Get("org_id")
	if org == "" {
		org = h.resolveOrg(r.Context(), a, f.Get("org"))
	}
	_, err := h.svc.AddPin(r.Context(), a, PinInput{OrgID: org, CompetencyID: f.Get("competency_id")})
	if err != nil {
		h.renderPins(w, r, a, apperr.RenameFields(err, map[string]string{"org_id": "org"}))
		return
	}
	h.web.Redirect(w, r, safeBack(f.Get("back"), "/concierge/pins"), "concierge.pinned")
}

func (h *Handler) deletePin(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error { return h.svc.DeletePin(ctx, a, id) }, func() web.Confirm {
		return web.Deleting(r, "concierge.confirm_unpin")
	})
	if asked {
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/concierge/pins", "concierge.unpinned")
}

func (h *Handler) saveSettings(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	if _, err := h.svc.SaveSettings(r.Context(), a, Settings{ApprovalRequired: r.PostForm.Get("approval_required") == "1"}); err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/concierge/pins", "form.saved")
}

func (h *Handler) statsPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	st, err := h.svc.Stats(r.Context(), a, web.Lang(r.Context()))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Render(w, r, http.StatusOK, "concierge_stats.html", h.web.NewPage(r, "concierge.stats", st))
}

type listView struct {
	Sent, Received, Queue, All []*Introduction
	Names                      map[string]string
}

// Topic names an introduction's topic in the page's language.
func (v *listView) Topic(in *Introduction) string { return topicName(v.Names, in) }

func topicName(names map[string]string, in *Introduction) string {
	n := names[in.CompetencyID]
	switch {
	case n != "" && in.Topic != "":
		return n + " – " + in.Topic
	case n != "":
		return n
	}
	return in.Topic
}

func (h *Handler) listPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	list, err := h.svc.Introductions(ctx, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	names, _, err := h.names(ctx)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &listView{Names: names}
	for _, in := range list {
		switch {
		case a.IsStaff():
			v.All = append(v.All, in)
			if in.Status == StatusPendingApproval {
				v.Queue = append(v.Queue, in)
			}
		case in.AskerOrgID == a.OrgID:
			v.Sent = append(v.Sent, in)
		default:
			v.Received = append(v.Received, in)
		}
	}
	h.web.Render(w, r, http.StatusOK, "introductions.html", h.web.NewPage(r, "concierge.introductions", v))
}

type newView struct {
	Target     *partner.Organisation
	Competency string
	CompName   string
	Topic      string
}

func (h *Handler) newPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	q := r.URL.Query()
	h.renderNew(w, r, a, q.Get("to"), q.Get("competency"), q.Get("topic"), nil)
}

func (h *Handler) renderNew(w http.ResponseWriter, r *http.Request, a *auth.Actor, to, comp, topic string, formErr error) {
	ctx := r.Context()
	switch {
	case a.IsStaff():
		h.web.Error(w, r, apperr.New(apperr.Forbidden, "concierge.error.partners_only"))
		return
	case !a.IsPartner() || to == a.OrgID:
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	o, err := h.svc.Partners.Get(ctx, a, to)
	if err == nil && !a.ActsForOwnOrg() {
		err = auth.ErrPartnerAdminOnly
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	names, _, err := h.names(ctx)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	o.Contacts = nil
	p := h.web.NewPage(r, "concierge.request", &newView{Target: o, Competency: comp, CompName: names[comp], Topic: topic})
	p.Title = p.T("concierge.request") + " · " + o.LegalName
	h.web.RenderForm(w, r, "introduction_new.html", p, formErr)
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	in := IntroInput{TargetOrgID: f.Get("target_org_id"), CompetencyID: f.Get("competency_id"), Topic: f.Get("topic"), Message: f.Get("message")}
	intro, err := h.svc.RequestIntroduction(r.Context(), a, in)
	if err != nil {
		h.renderNew(w, r, a, in.TargetOrgID, in.CompetencyID, f.Get("topic"), err)
		return
	}
	h.web.Redirect(w, r, "/introductions/"+intro.ID, "concierge.requested")
}

type detailView struct {
	Intro    *Introduction
	Topic    string
	Actions  []string
	Report   bool
	Outcomes []string
	// MyOutcome is what the actor's side reported.
	MyOutcome string
	// AdminsDecide tells a member that its partner admins could act now.
	AdminsDecide bool
}

// Can reports whether the action is offered.
func (v *detailView) Can(action string) bool {
	for _, a := range v.Actions {
		if a == action {
			return true
		}
	}
	return false
}

func (h *Handler) detailPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderDetail(w, r, a, nil)
}

func (h *Handler) renderDetail(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	in, err := h.svc.Introduction(ctx, a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	names, _, err := h.names(ctx)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &detailView{Intro: in, Topic: topicName(names, in), Report: MayReport(a, in), Outcomes: Outcomes}
	admin := a.AsOrgAdmin()
	for _, act := range []string{ActionApprove, ActionReject, ActionAccept, ActionDecline, ActionWithdraw} {
		if Allowed(a, in, act) {
			v.Actions = append(v.Actions, act)
		}
		if admin != nil && Allowed(admin, in, act) {
			v.AdminsDecide = true
		}
	}
	if a.OrgID == in.AskerOrgID {
		v.MyOutcome = in.AskerOutcome
	} else if a.OrgID == in.TargetOrgID {
		v.MyOutcome = in.TargetOutcome
	}
	p := h.web.NewPage(r, "concierge.introduction", v)
	p.Title = p.T("concierge.introduction") + " · " + in.AskerOrgName + " → " + in.TargetOrgName
	h.web.RenderForm(w, r, "introduction.html", p, formErr)
}

func (h *Handler) decide(action string) func(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	return func(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
		if !h.web.ParseForm(w, r) {
			return
		}
		in, err := h.svc.Decide(r.Context(), a, r.PathValue("id"), action, r.PostForm.Get("reason"))
		if err != nil {
			h.renderDetail(w, r, a, err)
			return
		}
		h.web.Redirect(w, r, "/introductions/"+in.ID, "concierge.done_"+action)
	}
}

func (h *Handler) outcome(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	in, err := h.svc.ReportOutcome(r.Context(), a, r.PathValue("id"), r.PostForm.Get("outcome"))
	if err != nil {
		h.renderDetail(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/introductions/"+in.ID, "concierge.outcome_saved")
}

// WaitingWidget is the dashboard card of the introductions that wait for
// the actor: requests to accept or decline, or (staff) to approve.
func (h *Handler) WaitingWidget(r *http.Request, a *auth.Actor) (template.HTML, error) {
	if !mayMatch(a) {
		return "", nil
	}
	ctx := r.Context()
	list, err := h.svc.Introductions(ctx, a)
	if err != nil {
		return "", err
	}
	v := &listView{}
	for _, in := range list {
		if Allowed(a, in, ActionAccept) || Allowed(a, in, ActionApprove) {
			v.Received = append(v.Received, in)
		}
	}
	if len(v.Received) == 0 {
		return "", nil
	}
	if v.Names, _, err = h.names(ctx); err != nil {
		return "", err
	}
	return h.web.Fragment(h.web.NewPage(r, "concierge.waiting", v), "introductions.html", "widget")
}
