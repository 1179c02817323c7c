package fees

import (
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/web"
)

// Templates are the fees pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Handler serves the fees pages and API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the fees handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Routes registers the pages, the rule form and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/fees", Label: "nav.fees", Order: 66, Shows: mayRead, Vendor: true})
	s.HandleFunc("GET /fees", s.SignedIn(h.overview))
	s.HandleFunc("GET /fees/recruiters/{id}", s.SignedIn(h.recruiterPage))
	// {file} is a month (2026-12) for the page, with .csv or .pdf for the
	// downloads.
	s.HandleFunc("GET /fees/recruiters/{id}/statements/{file}", s.SignedIn(h.statement))
	s.HandleFunc("GET /fees/recruiters/{id}/rule", s.SignedIn(h.ruleForm))
	s.HandleFunc("POST /fees/recruiters/{id}/rule", s.SignedIn(h.saveRule))
	h.apiRoutes()
}

// format writes amounts, stages and months in a language.
type format struct{ lang string }

// Money formats minor units of cur.
func (f format) Money(minor int64, cur string) string { return i18n.Money(f.lang, minor, cur) }

// Stage names a pipeline stage.
func (f format) Stage(stage string) string { return i18n.T(f.lang, "fees.stage."+stage) }

// MonthName names a month for people: "December 2026" / "Dezember 2026".
func (f format) MonthName(month string) string {
	m, ok := ParseMonth(month)
	if !ok {
		return month
	}
	return i18n.T(f.lang, "fees.month_name", i18n.T(f.lang, "fees.month."+strconv.Itoa(int(m.Month()))), strconv.Itoa(m.Year()))
}

// Terms says what a rule pays, in words.
func (f format) Terms(r *Rule) string {
	if r == nil {
		return i18n.T(f.lang, "fees.no_rule")
	}
	var parts []string
	if r.Stage != "" && r.StageFeeMinor > 0 {
		parts = append(parts, i18n.T(f.lang, "fees.terms_stage", f.Money(r.StageFeeMinor, r.Currency), f.Stage(r.Stage)))
	}
	switch won := f.Money(r.WonFeeMinor, r.Currency); {
	case r.WonFeeMinor <= 0:
	case r.ClawbackMonths == 1:
		parts = append(parts, i18n.T(f.lang, "fees.terms_clawback_one", won))
	case r.ClawbackMonths > 1:
		parts = append(parts, i18n.T(f.lang, "fees.terms_clawback", won, r.ClawbackMonths))
	default:
		parts = append(parts, i18n.T(f.lang, "fees.terms_won", won))
	}
	if len(parts) == 0 {
		return i18n.T(f.lang, "fees.terms_nothing")
	}
	return strings.Join(parts, " ")
}

// Event says what a line pays for.
func (f format) Event(l *Line) string {
	switch l.Kind {
	case LineStage:
		return i18n.T(f.lang, "fees.event.stage", f.Stage(l.Stage))
	case LineClawback:
		won, _ := time.Parse(time.DateOnly, l.WonOn)
		return i18n.T(f.lang, "fees.event.clawback", i18n.Date(f.lang, won))
	}
	return i18n.T(f.lang, "fees.event."+l.Kind)
}

// Days formats a median of days.
func (f format) Days(d *float64) string {
	if d == nil {
		return "–"
	}
	return i18n.T(f.lang, "fees.days", i18n.Decimal(f.lang, int(*d*10+0.5)))
}

// Pct formats a conversion.
func (f format) Pct(p *float64) string {
	if p == nil {
		return "–"
	}
	return i18n.Percent(f.lang, int(*p*100+0.5))
}

type overviewView struct {
	format
	Recruiters []*Recruiter
	Staff      bool
	Admin      bool
}

func (h *Handler) overview(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	lang := web.Lang(ctx)
	list, err := h.svc.Recruiters(ctx, a, lang)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &overviewView{format: format{lang}, Recruiters: list, Staff: a.IsStaff(), Admin: a.IsAdmin()}
	h.web.RenderForm(w, r, "fees_overview.html", h.web.NewPage(r, "fees.title", v), nil)
}

type recruiterView struct {
	format
	ID          string
	Name        string
	Rules       []*Rule
	InForce     *Rule
	Months      []MonthTotal
	Performance *Performance
	Staff       bool
	Admin       bool
}

func (h *Handler) recruiterPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	id := r.PathValue("id")
	perf, err := h.svc.Performance(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	rules, err := h.svc.Rules(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	months, err := h.svc.Months(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	lang := web.Lang(ctx)
	v := &recruiterView{format: format{lang}, ID: id, Name: perf.RecruiterName, Rules: rules, InForce: ruleOn(rules, h.svc.today()),
		Months: months, Performance: perf, Staff: a.IsStaff(), Admin: a.IsAdmin()}
	p := h.web.NewPage(r, "fees.recruiter", v)
	p.Title = i18n.T(lang, "fees.recruiter_title", perf.RecruiterName)
	h.web.RenderForm(w, r, "fees_recruiter.html", p, nil)
}

type statementView struct {
	format
	S *Statement
}

// statement serves a statement as a page, CSV (.csv) or PDF (.pdf); the
// downloads are in the reader's language unless ?lang= asks for another.
func (h *Handler) statement(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	month, kind, lang := web.Download(r, "file", ".csv", ".pdf")
	st, err := h.svc.Statement(ctx, a, r.PathValue("id"), month)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	switch kind {
	case ".csv":
		statementCSV(w, st, lang)
		return
	case ".pdf":
		b, err := StatementPDF(st, lang, h.svc.Now())
		if err != nil {
			h.web.Error(w, r, err)
			return
		}
		web.Attachment(w, "application/pdf", filename(st, "pdf"), b)
		return
	}
	f := format{lang}
	p := h.web.NewPage(r, "fees.statement", &statementView{format: f, S: st})
	p.Title = i18n.T(lang, "fees.statement_title", f.MonthName(st.Month), st.RecruiterName)
	h.web.RenderForm(w, r, "fees_statement.html", p, nil)
}

type formView struct {
	ID     string
	Name   string
	Stages []string
}

// formField names the form field of each API field.
var formField = map[string]string{"stage_fee_minor": "stage_fee", "won_fee_minor": "won_fee"}

// formValues fills the form with a rule, amounts as typed in lang.
func formValues(r *Rule, lang, today string) url.Values {
	if r == nil {
		return url.Values{"currency": {"EUR"}, "valid_from": {today}}
	}
	money := func(minor int64) string {
		if minor == 0 {
			return ""
		}
		return i18n.Amount(lang, minor, r.Currency)
	}
	return url.Values{"currency": {r.Currency}, "stage": {r.Stage}, "stage_fee": {money(r.StageFeeMinor)}, "won_fee": {money(r.WonFeeMinor)},
		"clawback_months": {strconv.Itoa(r.ClawbackMonths)}, "valid_from": {today}}
}

// inputFrom reads the rule form: fees in major units of the currency.
func inputFrom(f url.Values, lang string) (RuleInput, error) {
	var v apperr.Validation
	in := RuleInput{Currency: strings.ToUpper(strings.TrimSpace(f.Get("currency"))), Stage: f.Get("stage"), ValidFrom: f.Get("valid_from")}
	money := func(name string) int64 {
		n, ok := i18n.ParseAmount(f.Get(name), lang, in.Currency)
		if !ok {
			v.Add(name, "validation.money", i18n.CurrencyScale(in.Currency))
		}
		return n
	}
	in.StageFeeMinor, in.WonFeeMinor = money("stage_fee"), money("won_fee")
	if s := strings.TrimSpace(f.Get("clawback_months")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			v.Add("clawback_months", "validation.range", 0, MaxClawbackMonths)
		}
		in.ClawbackMonths = n
	}
	return in, v.Err()
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, id, name string, values url.Values, formErr error) {
	p := h.web.NewPage(r, "fees.edit_rule", &formView{ID: id, Name: name, Stages: Payable(h.svc.Pipeline)})
	p.Title = i18n.T(web.Lang(r.Context()), "fees.edit_rule_of", name)
	p.Form = values
	h.web.RenderForm(w, r, "fees_form.html", p, formErr)
}

// editable returns the recruiter's name and versions for a programme
// admin.
func (h *Handler) editable(r *http.Request, a *auth.Actor) (string, []*Rule, error) {
	ctx := r.Context()
	id := r.PathValue("id")
	name, err := h.svc.recruiter(ctx, a, id)
	if err != nil {
		return "", nil, err
	}
	if err := CanWrite(a); err != nil {
		return "", nil, err
	}
	rules, err := h.svc.Rules(ctx, a, id)
	return name, rules, err
}

func (h *Handler) ruleForm(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	name, rules, err := h.editable(r, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	today := h.svc.today()
	h.renderForm(w, r, r.PathValue("id"), name, formValues(ruleOn(rules, today), web.Lang(r.Context()), today.Format("2006-01-02")), nil)
}

func (h *Handler) saveRule(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	name, _, err := h.editable(r, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	id := r.PathValue("id")
	in, err := inputFrom(r.PostForm, web.Lang(r.Context()))
	if err == nil {
		_, err = h.svc.SaveRule(r.Context(), a, id, in)
	}
	if err != nil {
		h.renderForm(w, r, id, name, nil, apperr.RenameFields(err, formField))
		return
	}
	h.web.Redirect(w, r, "/fees/recruiters/"+id, "fees.rule_saved")
}
