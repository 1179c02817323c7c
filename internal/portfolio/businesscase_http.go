package portfolio

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
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

//go:embed templates/businesscase.html templates/sharedcase.html templates/sharedcase_compare.html templates/parts.html
var businessCaseTemplates embed.FS

// BusinessCaseTemplates holds the business case pages (the staff's, the
// shared one and the comparison of a shared case), for web.New. A
// template file system of the package that globs templates/*.html holds the
// page already; pass only one of them, as web.New refuses a page twice.
var BusinessCaseTemplates = businessCaseTemplates

// BusinessCaseHandler serves the business case page of an organisation and
// its API. Only programme staff reach them; everyone else gets not found.
type BusinessCaseHandler struct {
	web      *web.Server
	cases    *BusinessCases
	partners *partner.Service
}

// NewBusinessCaseHandler returns the business case handler.
func NewBusinessCaseHandler(w *web.Server, bc *BusinessCases, partners *partner.Service) *BusinessCaseHandler {
	return &BusinessCaseHandler{web: w, cases: bc, partners: partners}
}

// Routes registers the page, its form and the API.
func (h *BusinessCaseHandler) Routes() {
	h.web.HandleFunc("GET /partners/{id}/business-case", h.web.SignedIn(h.page))
	h.web.HandleFunc("POST /partners/{id}/business-case", h.web.SignedIn(h.save))
	api := h.web.API
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/partners/{id}/business-case", ID: "getBusinessCase",
		Summary: "Get a business case", Description: "An organisation's business case with its break-even, suggested CAN score and monthly projection (staff)", Tag: "portfolio"},
		func(ctx context.Context, a *auth.Actor, in *businessCaseRef) (*BusinessCaseResult, error) {
			bc, err := h.cases.Get(ctx, a, in.ID)
			if err != nil {
				return nil, err
			}
			return NewBusinessCaseResult(bc), nil
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/partners/{id}/business-case", ID: "putBusinessCase",
		Summary: "Save a business case", Description: "Create or replace an organisation's business case (staff)", Tag: "portfolio"},
		func(ctx context.Context, a *auth.Actor, in *businessCasePut) (*BusinessCaseResult, error) {
			// Only staff learn what a case lacks; everyone else is told that
			// there is none.
			if !a.IsStaff() {
				return nil, apperr.ErrNotFound
			}
			if err := in.Body.Check(); err != nil {
				return nil, err
			}
			bc, err := h.cases.Save(ctx, a, in.ID, in.Body.BusinessCase())
			if err != nil {
				return nil, err
			}
			return NewBusinessCaseResult(bc), nil
		})
	h.sharedRoutes()
}

type businessCaseRef struct {
	ID string `path:"id"`
}

type businessCasePut struct {
	ID   string            `path:"id"`
	Body BusinessCaseInput `body:"json"`
}

// BusinessCaseInput is what a business case is saved from through the API:
// money in minor units of the currency (cents for EUR), deals per month in
// tenths (15 = 1.5 deals). The figures are required (null counts as
// absent); an absent currency is EUR, an absent ramp-up 0.
type BusinessCaseInput struct {
	Currency            string `json:"currency,omitempty"`
	InvestmentMinor     int64  `json:"investment_minor"`
	MonthlyCostMinor    int64  `json:"monthly_cost_minor"`
	MonthsToFirstDeal   int    `json:"months_to_first_deal"`
	DealsPerMonthTenths int    `json:"deals_per_month_tenths"`
	MarginPerDealMinor  int64  `json:"margin_per_deal_minor"`
	RampUpMonths        int    `json:"ramp_up_months,omitempty"`
	Note                string `json:"note,omitempty"`

	// missing are the required figures the JSON did not give.
	missing []string
}

// businessCaseRequired are the figures a business case cannot do without.
var businessCaseRequired = []string{"investment_minor", "monthly_cost_minor", "months_to_first_deal", "deals_per_month_tenths", "margin_per_deal_minor"}

// UnmarshalJSON reads the input as the API does (unknown fields are
// refused) and notes which required figures are absent or null, which a
// plain decode would take for zero.
func (in *BusinessCaseInput) UnmarshalJSON(b []byte) error {
	type plain BusinessCaseInput
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode((*plain)(in)); err != nil {
		return err
	}
	var given map[string]json.RawMessage
	if err := json.Unmarshal(b, &given); err != nil {
		return err
	}
	in.missing = nil
	for _, f := range businessCaseRequired {
		if raw, ok := given[f]; !ok || string(raw) == "null" {
			in.missing = append(in.missing, f)
		}
	}
	return nil
}

// Check refuses an input that lacks a required figure, naming each missing
// one together with every other fault of the case (see Validate).
func (in BusinessCaseInput) Check() error {
	if len(in.missing) == 0 {
		return nil
	}
	var v apperr.Validation
	for _, f := range in.missing {
		v.Add(f, "validation.required")
	}
	bc := in.BusinessCase()
	bc.Normalise()
	addOtherFaults(&v, bc.Validate())
	return v.Err()
}

// addOtherFaults adds to v the faults err names on fields v has no fault
// for yet, so that a refusal lists every problem at once.
func addOtherFaults(v *apperr.Validation, err error) {
	if more, ok := apperr.As(err); ok {
		for _, fe := range more.Fields {
			if !v.Has(fe.Field) {
				v.Add(fe.Field, fe.Key, fe.Args...)
			}
		}
	}
}

// BusinessCase returns the inputs as a business case.
func (in BusinessCaseInput) BusinessCase() BusinessCase {
	return BusinessCase{Currency: in.Currency, InvestmentMinor: in.InvestmentMinor, MonthlyCostMinor: in.MonthlyCostMinor,
		MonthsToFirstDeal: in.MonthsToFirstDeal, DealsPerMonthTenths: in.DealsPerMonthTenths,
		MarginPerDealMinor: in.MarginPerDealMinor, RampUpMonths: in.RampUpMonths, Note: in.Note}
}

// BusinessCaseResult is a business case together with what pakt concludes
// from it, as the API answers.
type BusinessCaseResult struct {
	BusinessCase
	BusinessCaseEvaluation
}

// NewBusinessCaseResult evaluates bc for an answer.
func NewBusinessCaseResult(bc *BusinessCase) *BusinessCaseResult {
	return &BusinessCaseResult{BusinessCase: *bc, BusinessCaseEvaluation: EvaluateBusinessCase(*bc)}
}

// BusinessCaseTableMonths is how many months the page lists month by month.
const BusinessCaseTableMonths = 24

// The size of the curve's viewBox on the page.
const (
	curveWidth  = 720
	curveHeight = 300
)

// businessCaseView is the data of the business case page.
type businessCaseView struct {
	Org *partner.Organisation
	// Case is nil until a business case was saved.
	Case  *BusinessCase
	Eval  BusinessCaseEvaluation
	Curve CurveSVG
	Table []MonthResult
	// Form holds the saved inputs formatted for the form fields.
	Form map[string]string
	// Sharing is the case as shared with the partner, nil when it is not;
	// Admins counts the partner admins who read it.
	Sharing *SharedCase
	Admins  int

	lang  string
	scale int
}

// Money formats an amount in minor units with the currency, "12.500,00 EUR".
func (v *businessCaseView) Money(minor int64) string {
	return formatLocalDecimal(v.lang, minor, v.scale) + " " + v.Case.Currency
}

// Chart is the curve of the case for the page.
func (v *businessCaseView) Chart() curveView {
	return curveView{Curve: v.Curve, BreaksEven: v.Eval.BreaksEven, Month: v.Eval.Month(), Horizon: v.Eval.HorizonMonths,
		Currency: v.Case.Currency, lang: v.lang, scale: v.scale}
}

// curveView is what the partial bc-curve draws: a case's curve with what
// its title and axis say. ID keeps the element ids of two curves on one
// page apart; Label names the version a curve shows.
type curveView struct {
	ID, Label      string
	Curve          CurveSVG
	BreaksEven     bool
	Month, Horizon int
	Currency       string

	lang  string
	scale int
}

// AxisMoney formats an amount in whole major units for the value axis.
func (v curveView) AxisMoney(minor int64) string {
	return formatLocalDecimal(v.lang, divRoundHalfAway(minor, bcPow10(v.scale)), 0)
}

// Deals formats tenths of deals, "1,5".
func (v *businessCaseView) Deals(tenths int) string {
	return formatLocalDecimal(v.lang, int64(tenths), 1)
}

// Late reports whether the saved case is flagged: no break-even within
// BreakEvenTargetMonths.
func (v *businessCaseView) Late() bool { return v.Case != nil && !v.Eval.Within12Months }

// IsBreakEven reports whether month is the break-even month.
func (v *businessCaseView) IsBreakEven(month int) bool {
	return v.Eval.BreaksEven && v.Eval.Month() == month
}

// ScoreMeaning explains the suggested score: the text of its level.
func (v *businessCaseView) ScoreMeaning() string {
	return BreakEvenAnchor(v.lang, v.Eval.SuggestedScore)
}

// businessCaseLevel is a level of the criterion "business case" as the
// page lists it.
type businessCaseLevel struct {
	Score int
	Text  string
}

// Levels lists the levels of the criterion "business case", highest first,
// with their texts: the rule the suggestion follows.
func (v *businessCaseView) Levels() []businessCaseLevel {
	out := make([]businessCaseLevel, 0, len(BreakEvenLevels))
	for _, l := range BreakEvenLevels {
		out = append(out, businessCaseLevel{Score: l.Score, Text: BreakEvenAnchor(v.lang, l.Score)})
	}
	return out
}

func (h *BusinessCaseHandler) view(ctx context.Context, a *auth.Actor, lang, orgID string) (*businessCaseView, error) {
	o, err := h.partners.Get(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	if err := partner.Steered(ctx, h.cases.DB, a, orgID); err != nil {
		return nil, err
	}
	v := &businessCaseView{Org: o, lang: lang, scale: 2,
		Form: map[string]string{"currency": DefaultCurrency, "months_to_first_deal": "1", "ramp_up_months": "0"}}
	bc, err := h.cases.Get(ctx, a, orgID)
	if errors.Is(err, apperr.ErrNotFound) {
		return v, nil
	}
	if err != nil {
		return nil, err
	}
	v.Case, v.scale = bc, i18n.CurrencyScale(bc.Currency)
	v.Eval = EvaluateBusinessCase(*bc)
	v.Curve = Curve(v.Eval.Months, curveWidth, curveHeight)
	v.Table = v.Eval.Months[:min(BusinessCaseTableMonths, len(v.Eval.Months))]
	v.Form = formValues(lang, *bc)
	v.Form["note"] = bc.Note
	if v.Sharing, v.Admins, err = h.cases.SharingOf(ctx, a, orgID); err != nil {
		return nil, err
	}
	return v, nil
}

// formValues writes the assumptions of bc as the form fields show them.
func formValues(lang string, bc BusinessCase) map[string]string {
	scale := i18n.CurrencyScale(bc.Currency)
	return map[string]string{
		"currency":             bc.Currency,
		"investment":           formatLocalDecimal(lang, bc.InvestmentMinor, scale),
		"monthly_cost":         formatLocalDecimal(lang, bc.MonthlyCostMinor, scale),
		"months_to_first_deal": strconv.Itoa(bc.MonthsToFirstDeal),
		"deals_per_month":      formatLocalDecimal(lang, int64(bc.DealsPerMonthTenths), 1),
		"margin_per_deal":      formatLocalDecimal(lang, bc.MarginPerDealMinor, scale),
		"ramp_up_months":       strconv.Itoa(bc.RampUpMonths),
	}
}

func (h *BusinessCaseHandler) render(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	v, err := h.view(r.Context(), a, web.Lang(r.Context()), r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "businesscase.title", v)
	p.Title = p.T("businesscase.title") + " · " + v.Org.LegalName
	h.web.RenderForm(w, r, "businesscase.html", p, formErr)
}

func (h *BusinessCaseHandler) page(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !a.IsStaff() {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	h.render(w, r, a, nil)
}

func (h *BusinessCaseHandler) save(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !a.IsStaff() {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	if !h.web.ParseForm(w, r) {
		return
	}
	orgID := r.PathValue("id")
	bc, err := businessCaseFromForm(r.PostForm, web.Lang(r.Context()))
	if err == nil {
		_, err = h.cases.Save(r.Context(), a, orgID, bc)
	}
	if err != nil {
		h.render(w, r, a, apperr.RenameFields(err, businessCaseFormField))
		return
	}
	h.web.Redirect(w, r, "/partners/"+orgID+"/business-case", "form.saved")
}

// businessCaseFormField names the form field of each JSON field whose form field is
// named differently (the form takes major units and whole deals).
var businessCaseFormField = map[string]string{
	"investment_minor":       "investment",
	"monthly_cost_minor":     "monthly_cost",
	"margin_per_deal_minor":  "margin_per_deal",
	"deals_per_month_tenths": "deals_per_month",
}

// businessCaseFromForm reads the business case form: amounts in major units
// of the currency and deals per month with one decimal place, written as
// parseLocalDecimal accepts them; every figure is required. A field
// that cannot be read is an error named after the form field; the rules of
// Validate are checked as well for the other fields, so that the form shows
// every problem at once.
func businessCaseFromForm(f url.Values, lang string) (BusinessCase, error) {
	var v apperr.Validation
	bc := BusinessCase{Currency: f.Get("currency"), Note: f.Get("note")}
	bc.Normalise()
	scale := i18n.CurrencyScale(bc.Currency)
	number := func(field string, scale int, key string, args ...any) int64 {
		s := strings.TrimSpace(f.Get(field))
		if s == "" {
			v.Add(field, "validation.required")
			return 0
		}
		n, ok := parseLocalDecimal(s, lang, scale)
		if !ok {
			v.Add(field, key, args...)
		}
		return n
	}
	money := func(field string) int64 {
		if scale == 0 {
			return number(field, 0, "validation.integer")
		}
		return number(field, scale, "validation.money", scale)
	}
	bc.InvestmentMinor = money("investment")
	bc.MonthlyCostMinor = money("monthly_cost")
	bc.MarginPerDealMinor = money("margin_per_deal")
	bc.DealsPerMonthTenths = int(number("deals_per_month", 1, "validation.tenths"))
	integer := func(field string) int {
		s := strings.TrimSpace(f.Get(field))
		if s == "" {
			v.Add(field, "validation.required")
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			v.Add(field, "validation.integer")
		}
		return n
	}
	bc.MonthsToFirstDeal = integer("months_to_first_deal")
	bc.RampUpMonths = integer("ramp_up_months")
	if err := v.Err(); err != nil {
		addOtherFaults(&v, apperr.RenameFields(bc.Validate(), businessCaseFormField))
		return bc, v.Err()
	}
	return bc, nil
}

func bcPow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// maxDecimalDigits bounds the whole part of a typed number, far above any
// valid amount and far below the int64 limit.
const maxDecimalDigits = 15

// parseLocalDecimal reads a decimal number as people type it in German or
// English into an integer with scale decimal places: "12.500,00" and
// "12,500.00" with scale 2 both give 1250000. The rules:
//
//   - Spaces (also non-breaking ones) and apostrophes are ignored, so
//     "12 500" and "12'500" are 12500.
//   - When both a point and a comma occur, the last of them separates the
//     decimals and the other groups thousands.
//   - A point or comma that occurs more than once groups thousands.
//   - A single point or comma followed by exactly three digits groups
//     thousands when it is the grouping separator of lang (a point in
//     German, a comma in English): "1.500" is 1500 in German and 1.5 in
//     English. Otherwise it separates the decimals: "1,5" and "1.5" are 1.5
//     in both languages.
//   - Groups of thousands have three digits; there are at most scale
//     decimals, not counting trailing zeros.
//   - A leading minus makes the number negative (validation then refuses
//     it with a clear message).
func parseLocalDecimal(s, lang string, scale int) (int64, bool) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\'', '’':
			return -1
		}
		return r
	}, s)
	neg := false
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		neg, s = true, rest
	} else if rest, ok := strings.CutPrefix(s, "−"); ok {
		neg, s = true, rest
	}
	group := ","
	if lang == "de" {
		group = "."
	}
	decimal := -1 // the index of the decimal separator, if any
	dot, comma := strings.LastIndex(s, "."), strings.LastIndex(s, ",")
	if dot >= 0 && comma >= 0 {
		decimal = max(dot, comma)
	} else if i := max(dot, comma); i >= 0 {
		sep := s[i : i+1]
		grouping := strings.Count(s, sep) > 1 || (sep == group && i > 0 && len(s)-i-1 == 3)
		if !grouping {
			decimal = i
		}
	}
	whole, frac := s, ""
	if decimal >= 0 {
		whole, frac = s[:decimal], s[decimal+1:]
	}
	if whole == "" && frac == "" {
		return 0, false
	}
	if strings.ContainsAny(frac, ".,") {
		return 0, false
	}
	if strings.ContainsAny(whole, ".,") {
		sep := "."
		if strings.Contains(whole, ",") {
			sep = ","
		}
		parts := strings.Split(whole, sep)
		for i, p := range parts {
			if (i == 0 && (len(p) < 1 || len(p) > 3)) || (i > 0 && len(p) != 3) {
				return 0, false
			}
		}
		whole = strings.Join(parts, "")
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > scale || len(whole) > maxDecimalDigits || !bcAllDigits(whole) || !bcAllDigits(frac) {
		return 0, false
	}
	digits := strings.TrimLeft(whole+frac+strings.Repeat("0", scale-len(frac)), "0")
	if digits == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

func bcAllDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// formatLocalDecimal writes n with scale decimal places the way lang writes
// numbers: "12.500,00" in German, "12,500.00" in English, with a minus sign
// (−) for negative numbers.
func formatLocalDecimal(lang string, n int64, scale int) string {
	group, decimal := ",", "."
	if lang == "de" {
		group, decimal = ".", ","
	}
	sign := ""
	u := uint64(n)
	if n < 0 {
		sign, u = "−", uint64(-n)
	}
	digits := strconv.FormatUint(u, 10)
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	whole, frac := digits[:len(digits)-scale], digits[len(digits)-scale:]
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	if scale > 0 {
		b.WriteString(decimal + frac)
	}
	return b.String()
}
