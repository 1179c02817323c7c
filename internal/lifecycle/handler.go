package lifecycle

import (
	"context"
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/partner"
	"pakt/internal/web"
)

// Templates are the pipeline pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Handler serves the pipeline pages and API.
type Handler struct {
	web      *web.Server
	svc      *Service
	auth     *auth.Service
	partners *partner.Service
}

// NewHandler returns the pipeline handler.
func NewHandler(w *web.Server, s *Service, a *auth.Service, partners *partner.Service) *Handler {
	return &Handler{web: w, svc: s, auth: a, partners: partners}
}

// Routes registers the pages and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/pipeline", Label: "nav.pipeline", Order: 20, Shows: mayUse, Vendor: true})
	s.HandleFunc("GET /pipeline", s.SignedIn(h.boardPage))
	s.HandleFunc("GET /pipeline/new", s.SignedIn(h.newPage))
	s.HandleFunc("POST /pipeline", s.SignedIn(h.create))
	s.HandleFunc("GET /pipeline/funnel", s.SignedIn(h.funnelPage))
	s.HandleFunc("GET /pipeline/gates", s.SignedIn(h.gatesPage))
	s.HandleFunc("POST /pipeline/gates", s.SignedIn(h.saveGates))
	s.HandleFunc("GET /pipeline/{id}", s.SignedIn(h.prospectPage))
	s.HandleFunc("POST /pipeline/{id}", s.SignedIn(h.update))
	s.HandleFunc("POST /pipeline/{id}/stage", s.SignedIn(h.move))
	h.apiRoutes()
}

type boardData struct {
	Columns []Column
	Stages  []string
	Owners  []Owner
	Owner   string
	// Months is the break-even the gates ask of a business case.
	Months int
}

func (h *Handler) boardPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	f := Filter{OwnerID: r.URL.Query().Get("owner")}
	cols, err := h.svc.Board(r.Context(), a, f)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	owners, err := h.owners(r, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	g, err := h.svc.Gates(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "pipeline.title", &boardData{Columns: cols, Stages: Stages, Owners: owners, Owner: f.OwnerID, Months: g.BreakEvenMonths})
	h.web.Render(w, r, http.StatusOK, "pipeline.html", p)
}

type newData struct {
	Owners []Owner
	// Countries are the codes the country list offers, by name in the
	// page's language.
	Countries []string
}

func (h *Handler) newPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderNew(w, r, a, nil)
}

func (h *Handler) renderNew(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	if !mayUse(a) {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	owners, err := h.owners(r, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "pipeline.new", &newData{Owners: owners, Countries: partner.CountriesIn(web.Lang(r.Context()))})
	h.web.RenderForm(w, r, "prospect_new.html", p, formErr)
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	in := CreateInput{LegalName: f.Get("legal_name"), Domain: f.Get("domain"), Country: f.Get("country"), City: f.Get("city"),
		OwnerID: f.Get("owner_id"), NextStep: f.Get("next_step"), DueOn: f.Get("due_on")}
	p, err := h.svc.Create(r.Context(), a, in)
	if err != nil {
		h.renderNew(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/pipeline/"+p.OrgID, "form.saved")
}

type prospectData struct {
	Prospect *Prospect
	Profile  *Profile
	Owners   []Owner
	Stages   []string
	// Months is the break-even the gates ask of a business case.
	Months int
	// Refused lists what a refused move lacked, for the override field.
	Refused bool
}

// Due formats the due date for a date input.
func (d *prospectData) Due() string {
	if d.Prospect.DueOn == nil {
		return ""
	}
	return d.Prospect.DueOn.Format(time.DateOnly)
}

func (h *Handler) prospectPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderProspect(w, r, a, nil)
}

func (h *Handler) renderProspect(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	pr, err := h.svc.Get(r.Context(), a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	owners, err := h.owners(r, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	profile, err := h.svc.Profile(r.Context(), a, pr.OrgID)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	g, err := h.svc.Gates(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	d := &prospectData{Prospect: pr, Profile: profile, Owners: owners, Stages: Stages, Months: g.BreakEvenMonths}
	if e, ok := apperr.As(formErr); ok && e.Code == apperr.Conflict && e.Key == "gate.refused" {
		d.Refused = true
	}
	p := h.web.NewPage(r, "pipeline.prospect", d)
	p.Title = i18n.T(p.Lang, "pipeline.prospect_of", pr.Name)
	h.web.RenderForm(w, r, "prospect.html", p, formErr)
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	str := func(k string) *string {
		if _, ok := f[k]; !ok {
			return nil
		}
		v := f.Get(k)
		return &v
	}
	in := UpdateInput{OwnerID: str("owner_id"), NextStep: str("next_step"), Notes: str("notes"), DueOn: str("due_on")}
	if _, err := h.svc.Update(r.Context(), a, r.PathValue("id"), in); err != nil {
		h.renderProspect(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/pipeline/"+r.PathValue("id"), "form.saved")
}

func (h *Handler) move(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	id := r.PathValue("id")
	var p *Prospect
	move := func(ctx context.Context) (err error) {
		p, err = h.svc.MoveWith(ctx, a, id, MoveInput{Stage: f.Get("stage"), LostReason: f.Get("lost_reason"), OverrideReason: f.Get("override_reason")})
		return err
	}
	var err error
	if stage := strings.TrimSpace(f.Get("stage")); stage == Won || stage == Lost {
		// Winning makes a partner and starts its onboarding; losing takes
		// the prospect off the board: both are asked first.
		var asked bool
		asked, err = h.web.Confirming(w, r, move, func() web.Confirm {
			lang := web.Lang(r.Context())
			c := web.Confirm{Title: i18n.T(lang, "pipeline.confirm_"+stage, p.Name), Text: []string{i18n.T(lang, "pipeline.confirm_"+stage+"_text")},
				Button: i18n.T(lang, "pipeline.confirm_"+stage+"_button")}
			if stage == Lost {
				c.Text = append(c.Text, i18n.T(lang, "pipeline.confirm_lost_reason", strings.TrimSpace(f.Get("lost_reason"))))
			}
			return c
		})
		if asked {
			return
		}
	} else {
		err = move(r.Context())
	}
	if err != nil {
		// The form on the prospect's page asks for the reason.
		h.renderProspect(w, r, a, err)
		return
	}
	to := "/pipeline"
	if strings.HasPrefix(f.Get("back"), "/pipeline/") {
		to = "/pipeline/" + url.PathEscape(id)
	}
	h.web.Redirect(w, r, to, "pipeline.moved", i18n.T(web.Lang(r.Context()), "stage."+p.Stage))
}

type gatesData struct {
	Gates    *Gates
	Stages   []string
	Evidence []string
	Min, Max int
}

// Checked reports whether the gates page shows evidence e ticked for
// stage: as submitted after a refused save, else as the gates are.
func (d *gatesData) Checked(p *web.Page, stage, e string) bool {
	if p.Form != nil {
		return slices.Contains(p.Form["gate_"+stage], e)
	}
	return d.Gates.Needs(stage, e)
}

func (h *Handler) gatesPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderGates(w, r, a, nil)
}

func (h *Handler) renderGates(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	g, err := h.svc.Gates(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "gate.title", &gatesData{Gates: g, Stages: GatedStages, Evidence: EvidenceKinds, Min: MinBreakEvenMonths, Max: MaxBreakEvenMonths})
	h.web.RenderForm(w, r, "gates.html", p, formErr)
}

func (h *Handler) saveGates(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	g := Gates{Stages: map[string][]string{}}
	for _, st := range GatedStages {
		if list := f["gate_"+st]; len(list) > 0 {
			g.Stages[st] = list
		}
	}
	var err error
	if g.BreakEvenMonths, err = strconv.Atoi(strings.TrimSpace(f.Get("break_even_months"))); err != nil {
		var v apperr.Validation
		v.Add("break_even_months", "validation.integer")
		err = v.Err()
	}
	if err == nil {
		_, err = h.svc.SetGates(r.Context(), a, g)
	}
	if err != nil {
		h.renderGates(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/pipeline/gates", "form.saved")
}

type funnelData struct {
	Report *FunnelReport
}

func (h *Handler) funnelPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !a.IsStaff() {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	q := r.URL.Query()
	var v apperr.Validation
	from, to := v.Day("from", q.Get("from"), false), v.Day("to", q.Get("to"), false)
	p := h.web.NewPage(r, "pipeline.funnel", nil)
	queryErr := v.Err()
	if queryErr != nil {
		// The funnel of all time is shown under the refused dates.
		from, to = time.Time{}, time.Time{}
	}
	rep, err := h.svc.Funnel(r.Context(), a, from, to)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p.Data = &funnelData{Report: rep}
	h.web.RenderForm(w, r, "funnel.html", p, queryErr)
}

// WidgetSize is how many prospects and due steps the recruiter's dashboard
// cards list.
const WidgetSize = 10

type overviewData struct {
	*Overview
	Open, Due         []*Prospect
	MoreOpen, MoreDue bool
}

// Days is how many days ahead a next step counts as due.
func (*overviewData) Days() int { return DueWithin }

// RecruiterWidget is the recruiter's dashboard: its open prospects, the
// next steps due within DueWithin days or overdue, and its funnel. Everyone
// else sees no card (staff have the board and the funnel).
func (h *Handler) RecruiterWidget(r *http.Request, a *auth.Actor) (template.HTML, error) {
	if a == nil || a.Role != auth.RoleRecruiter {
		return "", nil
	}
	o, err := h.svc.Overview(r.Context(), a)
	if err != nil {
		return "", err
	}
	d := &overviewData{Overview: o, Open: o.Open, Due: o.Due}
	if len(d.Open) > WidgetSize {
		d.Open, d.MoreOpen = d.Open[:WidgetSize], true
	}
	if len(d.Due) > WidgetSize {
		d.Due, d.MoreDue = d.Due[:WidgetSize], true
	}
	return h.web.Fragment(h.web.NewPage(r, "pipeline.my_prospects", d), "recruiter_widget.html", "widget")
}

// ConversionTenths is the conversion in tenths of a percent, for display.
func (f FunnelStage) ConversionTenths() int { return tenths(f.ConversionPercent) }

// MedianTenths is the median days in tenths of a day, for display.
func (f FunnelStage) MedianTenths() int { return tenths(f.MedianDays) }

func tenths(x *float64) int {
	if x == nil {
		return 0
	}
	return int(*x*10 + 0.5)
}

// owners are the people a prospect can be assigned to, in the order of
// their names in the page's language.
func (h *Handler) owners(r *http.Request, a *auth.Actor) ([]Owner, error) {
	owners, err := h.svc.Owners(r.Context(), a)
	if err != nil {
		return nil, err
	}
	i18n.SortBy(web.Lang(r.Context()), owners, func(o Owner) string { return o.Name })
	return owners, nil
}
