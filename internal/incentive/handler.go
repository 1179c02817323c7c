package incentive

import (
	"embed"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/web"
)

// Templates are the incentive pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Handler serves the incentive pages and API.
type Handler struct {
	web *web.Server
	svc *Service
	// DealPath returns the page of a deal (deal registration), so that a
	// statement's customer links to its deal; nil shows the customer
	// without a link. Only a deal's parties and staff read statements that
	// name it, and they may see the deal.
	DealPath func(dealID string) string
}

// NewHandler returns the incentive handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Routes registers the pages, their forms and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/incentives", Label: "nav.incentives", Order: 65, Shows: mayRead, Vendor: true})
	s.HandleFunc("GET /incentives", s.SignedIn(h.overview))
	// {file} is a quarter (2026-Q4) for the page, with .csv or .pdf for
	// the downloads.
	s.HandleFunc("GET /incentives/statements/{org}/{file}", s.SignedIn(h.statement))
	s.HandleFunc("GET /incentives/rules", s.SignedIn(h.rules))
	s.HandleFunc("GET /incentives/rules/new", s.SignedIn(h.newRule))
	s.HandleFunc("POST /incentives/rules", s.SignedIn(h.createRule))
	s.HandleFunc("GET /incentives/rules/{id}", s.SignedIn(h.rule))
	s.HandleFunc("GET /incentives/rules/{id}/edit", s.SignedIn(h.editRule))
	s.HandleFunc("POST /incentives/rules/{id}", s.SignedIn(h.updateRule))
	h.apiRoutes()
}

// format writes amounts, rates and terms in a language.
type format struct{ lang string }

// Money formats minor units of cur.
func (f format) Money(minor int64, cur string) string { return Money(f.lang, minor, cur) }

// Pct formats basis points as a percentage.
func (f format) Pct(bp int) string { return Percent(f.lang, bp) }

// Cap formats a cap, "none" for 0.
func (f format) Cap(minor int64, cur string) string {
	if minor == 0 {
		return i18n.T(f.lang, "incentive.no_cap")
	}
	return Money(f.lang, minor, cur)
}

// Validity says from when until when a rule applies.
func (f format) Validity(r *Rule) string {
	if r.OpenEnd() {
		return i18n.T(f.lang, "incentive.valid_open", i18n.Date(f.lang, r.From()))
	}
	return i18n.T(f.lang, "incentive.valid_range", i18n.Date(f.lang, r.From()), i18n.Date(f.lang, r.To()))
}

// Terms says what a rule pays, in words.
func (f format) Terms(r *Rule) string {
	t := func(key string, args ...any) string { return i18n.T(f.lang, key, args...) }
	var rates []string
	for _, role := range Roles {
		rates = append(rates, t("incentive.rate_of", t("incentive.role."+role), f.Pct(r.Rates.For(role))))
	}
	s := t("incentive.terms", strings.Join(rates, ", "), f.Pct(r.P2PBonusBP))
	if r.CapDealMinor > 0 {
		s += " " + t("incentive.terms_cap_deal", f.Money(r.CapDealMinor, r.Currency))
	}
	if r.CapQuarterMinor > 0 {
		s += " " + t("incentive.terms_cap_quarter", f.Money(r.CapQuarterMinor, r.Currency))
	}
	return s
}

// Notes says what the caps did to a line.
func (f format) Notes(l *Line) string {
	var out []string
	for _, n := range l.Notes {
		switch n {
		case NoteDealCap:
			out = append(out, i18n.T(f.lang, "incentive.note.deal_cap", f.Money(l.DealCapMinor, l.Currency)))
		case NoteQuarterCap:
			out = append(out, i18n.T(f.lang, "incentive.note.quarter_cap", f.Money(l.QuarterCapMinor, l.Currency)))
		default:
			out = append(out, i18n.T(f.lang, "incentive.note."+n))
		}
	}
	return strings.Join(out, "; ")
}

// QuarterName names a quarter for people: "Q4 2026" / "4. Quartal 2026".
func (f format) QuarterName(q string) string {
	start, ok := i18n.ParseQuarter(q)
	if !ok {
		return q
	}
	return i18n.T(f.lang, "incentive.quarter_name", (int(start.Month())-1)/3+1, start.Year())
}

type overviewView struct {
	format
	Quarter   string
	Quarters  []string
	Summaries []*Summary
	// Sums are the totals over all partners (staff).
	Sums []Total
	// InForce are the rules whose terms a partner reads.
	InForce []*Rule
	Staff   bool
	Admin   bool
}

func (h *Handler) overview(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	lang := web.Lang(ctx)
	quarters, err := h.svc.Quarters(ctx, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &overviewView{format: format{lang}, Quarters: quarters, Staff: a.IsStaff(), Admin: a.IsAdmin()}
	q := ""
	if a.IsStaff() {
		q = r.URL.Query().Get("quarter")
	}
	v.Summaries, err = h.svc.Summaries(ctx, a, q, lang)
	if err == nil && a.IsStaff() {
		v.Quarter, _ = h.svc.quarterOf(q)
		if !slices.Contains(v.Quarters, v.Quarter) {
			// A quarter without lines asked for by address is still the
			// one the picker shows.
			v.Quarters = append(v.Quarters, v.Quarter)
			slices.Sort(v.Quarters)
			slices.Reverse(v.Quarters)
		}
		var all []*Line
		for _, s := range v.Summaries {
			for _, t := range s.Totals {
				all = append(all, &Line{Currency: t.Currency, AmountMinor: t.AmountMinor, BonusMinor: t.BonusMinor})
			}
		}
		v.Sums = totals(all)
	}
	if err == nil && !a.IsStaff() {
		v.InForce, err = h.svc.Rules(ctx, a)
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.RenderForm(w, r, "incentive_overview.html", h.web.NewPage(r, "incentive.title", v), nil)
}

type statementView struct {
	format
	S     *Statement
	Staff bool
	deal  func(string) string
}

// DealLink returns the page of a line's deal, "" when unknown.
func (v *statementView) DealLink(l *Line) string {
	if v.deal == nil {
		return ""
	}
	return v.deal(l.DealID)
}

// statement serves a statement as a page, CSV (.csv) or PDF (.pdf); the
// downloads are in the reader's language unless ?lang= asks for another.
func (h *Handler) statement(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	quarter, kind, lang := web.Download(r, "file", ".csv", ".pdf")
	st, err := h.svc.Statement(ctx, a, r.PathValue("org"), quarter)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	switch kind {
	case ".csv":
		h.statementCSV(w, st, lang)
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
	p := h.web.NewPage(r, "incentive.statement", &statementView{format: format{lang}, S: st, Staff: a.IsStaff(), deal: h.DealPath})
	p.Title = i18n.T(lang, "incentive.statement_title", format{lang}.QuarterName(st.Quarter), st.OrgName)
	h.web.RenderForm(w, r, "incentive_statement.html", p, nil)
}

type rulesView struct {
	format
	Rules []*Rule
	Admin bool
}

func (h *Handler) rules(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !a.IsStaff() {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	list, err := h.svc.Rules(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	lang := web.Lang(r.Context())
	h.web.RenderForm(w, r, "incentive_rules.html", h.web.NewPage(r, "incentive.rules", &rulesView{format: format{lang}, Rules: list, Admin: a.IsAdmin()}), nil)
}

type ruleView struct {
	format
	R        *Rule
	Versions []*Rule
	Roles    []string
	Admin    bool
}

func (h *Handler) rule(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	version := 0
	if s := r.URL.Query().Get("version"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			n = -1
		}
		version = n
	}
	rule, err := h.svc.Rule(ctx, a, r.PathValue("id"), version)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	versions, err := h.svc.Versions(ctx, a, rule.ID)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "incentive.rule", &ruleView{format: format{web.Lang(ctx)}, R: rule, Versions: versions, Roles: Roles, Admin: a.IsAdmin()})
	p.Title = rule.Name
	h.web.RenderForm(w, r, "incentive_rule.html", p, nil)
}

type formView struct {
	R     *Rule
	Roles []string
}

// formField names the form field of each API field.
var formField = map[string]string{"rates.lead": "rate_lead", "rates.delivery": "rate_delivery", "rates.referral": "rate_referral",
	"rates.reseller": "rate_reseller", "p2p_bonus_bp": "p2p_bonus", "cap_deal_minor": "cap_deal", "cap_quarter_minor": "cap_quarter"}

// formValues fills the form with a rule, numbers as typed in lang.
func formValues(r *Rule, lang string) url.Values {
	pct := func(bp int) string { return i18n.PercentNumber(lang, bp) }
	money := func(minor int64) string {
		if minor == 0 {
			return ""
		}
		return strings.TrimSuffix(Money(lang, minor, r.Currency), "\u00a0"+r.Currency)
	}
	return url.Values{"name": {r.Name}, "currency": {r.Currency}, "rate_lead": {pct(r.Rates.Lead)}, "rate_delivery": {pct(r.Rates.Delivery)},
		"rate_referral": {pct(r.Rates.Referral)}, "rate_reseller": {pct(r.Rates.Reseller)}, "p2p_bonus": {pct(r.P2PBonusBP)},
		"cap_deal": {money(r.CapDealMinor)}, "cap_quarter": {money(r.CapQuarterMinor)}, "valid_from": {r.ValidFrom}, "valid_to": {r.ValidTo}}
}

// inputFrom reads the rule form: rates in percent, caps in major units of
// the currency.
func inputFrom(f url.Values, lang string) (RuleInput, error) {
	var v apperr.Validation
	in := RuleInput{Name: f.Get("name"), Currency: strings.ToUpper(strings.TrimSpace(f.Get("currency"))), ValidFrom: f.Get("valid_from"), ValidTo: f.Get("valid_to")}
	pct := func(name string) int {
		n, ok := parsePercent(f.Get(name))
		if !ok {
			v.Add(name, "incentive.error.percent")
		}
		return n
	}
	money := func(name string) int64 {
		n, ok := i18n.ParseAmount(f.Get(name), lang, in.Currency)
		if !ok {
			v.Add(name, "validation.money", i18n.CurrencyScale(in.Currency))
		}
		return n
	}
	in.Rates = Rates{Lead: pct("rate_lead"), Delivery: pct("rate_delivery"), Referral: pct("rate_referral"), Reseller: pct("rate_reseller")}
	in.P2PBonusBP = pct("p2p_bonus")
	in.CapDealMinor, in.CapQuarterMinor = money("cap_deal"), money("cap_quarter")
	return in, v.Err()
}

// merge adds the field errors of the rules' check to the form's own
// (unreadable numbers), which come first.
func merge(form error, in RuleInput) error {
	e, _ := apperr.As(form)
	_, _, checked := check(&in)
	c, ok := apperr.As(apperr.RenameFields(checked, formField))
	if !ok {
		return form
	}
	out := *e
	for _, fe := range c.Fields {
		if !slices.ContainsFunc(e.Fields, func(x apperr.FieldError) bool { return x.Field == fe.Field }) {
			out.Fields = append(out.Fields, fe)
		}
	}
	return &out
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, rule *Rule, values url.Values, formErr error) {
	title := "incentive.new_rule"
	if rule != nil {
		title = "incentive.edit_rule"
	}
	p := h.web.NewPage(r, title, &formView{R: rule, Roles: Roles})
	p.Form = values
	h.web.RenderForm(w, r, "incentive_form.html", p, formErr)
}

func (h *Handler) newRule(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if err := CanWrite(a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.renderForm(w, r, nil, url.Values{"currency": {"EUR"}}, nil)
}

func (h *Handler) editRule(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	rule, err := h.editable(r, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.renderForm(w, r, rule, formValues(rule, web.Lang(r.Context())), nil)
}

// editable returns the current version of the rule of the path for a
// programme admin.
func (h *Handler) editable(r *http.Request, a *auth.Actor) (*Rule, error) {
	rule, err := h.svc.Rule(r.Context(), a, r.PathValue("id"), 0)
	if err != nil {
		return nil, err
	}
	return rule, CanWrite(a)
}

func (h *Handler) createRule(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	if err := CanWrite(a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	in, err := inputFrom(r.PostForm, web.Lang(r.Context()))
	var rule *Rule
	if err == nil {
		rule, err = h.svc.CreateRule(r.Context(), a, in)
	} else {
		err = merge(err, in)
	}
	if err != nil {
		h.renderForm(w, r, nil, nil, apperr.RenameFields(err, formField))
		return
	}
	h.web.Redirect(w, r, "/incentives/rules/"+rule.ID, "incentive.rule_saved")
}

func (h *Handler) updateRule(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	cur, err := h.editable(r, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	in, err := inputFrom(r.PostForm, web.Lang(r.Context()))
	if err == nil {
		_, err = h.svc.UpdateRule(r.Context(), a, cur.ID, in)
	} else {
		err = merge(err, in)
	}
	if err != nil {
		h.renderForm(w, r, cur, nil, apperr.RenameFields(err, formField))
		return
	}
	h.web.Redirect(w, r, "/incentives/rules/"+cur.ID, "incentive.rule_saved")
}
