package targets

import (
	"embed"
	"math"
	"net/http"
	"net/url"
	"slices"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/web"
)

// Templates are the targets pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Handler serves the targets pages and API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the targets handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Routes registers the pages, the form and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/targets", Label: "nav.targets", Order: 57, Shows: MayRead, Group: "nav.group.steering", Vendor: true})
	s.HandleFunc("GET /targets", s.SignedIn(h.overview))
	s.HandleFunc("GET /targets/edit", s.SignedIn(h.edit))
	s.HandleFunc("POST /targets", s.SignedIn(h.save))
	h.apiRoutes()
}

// format writes the figures in a language.
type format struct{ lang string }

// Money formats minor units of cur.
func (f format) Money(minor int64, cur string) string { return i18n.Money(f.lang, minor, cur) }

// Pct formats a whole percentage, a dash when there is none.
func (f format) Pct(p *int) string {
	if p == nil {
		return "–"
	}
	return i18n.Percent(f.lang, min(*p, math.MaxInt32/100)*100)
}

// Outlook names an outlook.
func (f format) Outlook(o string) string { return i18n.T(f.lang, "targets.outlook."+o) }

// OutlookClass is the badge class of an outlook.
func (f format) OutlookClass(o string) string {
	switch o {
	case Reached, OnTrack:
		return "free"
	case AtRisk:
		return "tier"
	case OffTrack:
		return "off"
	}
	return ""
}

// Basis says what a forecast's rest was estimated from.
func (f format) Basis(b string) string { return i18n.T(f.lang, "targets.basis."+b) }

// Others lists the planned revenue in other currencies.
func (f format) Others(list []Amount) string {
	var out string
	for i, a := range list {
		if i > 0 {
			out += ", "
		}
		out += f.Money(a.Minor, a.Currency)
	}
	return out
}

type overviewView struct {
	format
	R       *Rollup
	Periods []string
	Admin   bool
	Staff   bool
	// Own is the reader's own line (a manager's or a recruiter's).
	Own *Line
}

func (h *Handler) overview(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	lang := web.Lang(ctx)
	periods, err := h.svc.Periods(ctx, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	roll, err := h.svc.Rollup(ctx, a, r.URL.Query().Get("period"), lang)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	if !slices.Contains(periods, roll.Period) {
		periods = append(periods, roll.Period)
	}
	v := &overviewView{format: format{lang}, R: roll, Periods: periods, Admin: a.IsAdmin(), Staff: a.IsStaff()}
	if !v.Admin {
		for _, l := range append(roll.Managers, roll.Recruiters...) {
			if l.UserID == a.UserID {
				v.Own = l
			}
		}
	}
	p := h.web.NewPage(r, "targets.title", v)
	p.Title = p.T("targets.title_period", roll.Period)
	h.web.RenderForm(w, r, "targets.html", p, nil)
}

// formView is the form of one person's or the programme's target.
type formView struct {
	Period string
	UserID string
	// Name is the person's, "" for the programme.
	Name      string
	Recruiter bool
}

// formField names the form field of each JSON field that differs.
var formField = map[string]string{"revenue_minor": "revenue", "user_id": "user"}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, a *auth.Actor, v *formView, values url.Values, formErr error) {
	if err := permitSet(a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	if v.UserID != "" {
		p, err := getPerson(r.Context(), h.svc.DB, v.UserID)
		if err != nil {
			h.web.Error(w, r, err)
			return
		}
		v.Name, v.Recruiter = p.Name, p.Role == auth.RoleRecruiter
	}
	p := h.web.NewPage(r, "targets.set", v)
	if v.Name != "" {
		p.Title = p.T("targets.set_for", v.Name, v.Period)
	} else {
		p.Title = p.T("targets.set_programme", v.Period)
	}
	p.Form = values
	h.web.RenderForm(w, r, "targets_form.html", p, formErr)
}

func (h *Handler) edit(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	q := r.URL.Query()
	v := &formView{Period: q.Get("period"), UserID: q.Get("user")}
	if v.Period == "" {
		v.Period = h.svc.CurrentPeriod()
	}
	if _, bad := apperr.CleanText(apperr.Line, v.UserID); bad != "" {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	values := url.Values{"currency": {DefaultCurrency}}
	t, err := h.svc.Target(ctx, a, v.UserID, v.Period)
	switch {
	case err == nil:
		values = formValues(t, web.Lang(ctx))
	case apperr.CodeOf(err) != apperr.NotFound:
		h.web.Error(w, r, err)
		return
	}
	h.renderForm(w, r, a, v, values, nil)
}

// formValues fills the form with a target, revenue in whole units.
func formValues(t *Target, lang string) url.Values {
	whole := func(n int64) string { return i18n.Number(lang, n) }
	return url.Values{"currency": {t.Currency}, "revenue": {whole(t.RevenueMinor / scale(t.Currency))}, "deals": {whole(t.Deals)},
		"certifications": {whole(t.Certifications)}, "recruits": {whole(t.Recruits)}}
}

// scale is the number of minor units in a whole unit of cur.
func scale(cur string) int64 {
	n := int64(1)
	for range i18n.CurrencyScale(cur) {
		n *= 10
	}
	return n
}

// inputFrom reads the target form: revenue in whole units of the currency,
// empty fields as zero.
func inputFrom(f url.Values, lang string) (Input, error) {
	var v apperr.Validation
	in := Input{Period: f.Get("period"), UserID: f.Get("user"), Currency: f.Get("currency")}
	num := func(field string) int64 {
		s := f.Get(field)
		if s == "" {
			return 0
		}
		n, ok := i18n.WholeNumber(s, lang)
		if !ok || n < 0 || n > maxAmount {
			v.Add(field, "validation.integer")
		}
		return n
	}
	revenue := num("revenue")
	cur := in.Currency
	if cur == "" {
		cur = DefaultCurrency
	}
	if revenue > maxAmount/scale(cur) {
		v.Add("revenue", "targets.validation.amount")
	} else {
		in.RevenueMinor = revenue * scale(cur)
	}
	in.Deals, in.Certifications, in.Recruits = num("deals"), num("certifications"), num("recruits")
	return in, v.Err()
}

func (h *Handler) save(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	lang := web.Lang(r.Context())
	in, err := inputFrom(r.PostForm, lang)
	if err == nil {
		_, err = h.svc.Save(r.Context(), a, in)
	}
	if err != nil {
		v := &formView{Period: in.Period, UserID: in.UserID}
		if apperr.CodeOf(err) == apperr.Invalid && in.UserID != "" {
			if _, bad := apperr.CleanText(apperr.Line, in.UserID); bad != "" {
				v.UserID = "" // the form names the field
			} else if _, perr := getPerson(r.Context(), h.svc.DB, in.UserID); perr != nil {
				v.UserID = ""
			}
		}
		h.renderForm(w, r, a, v, r.PostForm, apperr.RenameFields(err, formField))
		return
	}
	h.web.Redirect(w, r, "/targets?period="+url.QueryEscape(in.Period), "form.saved")
}
