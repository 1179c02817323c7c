package portfolio

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/partner"
	"pakt/internal/web"
)

// sharedRoutes registers the shared business case: the staff's share and
// unshare, the partner's page, PDF and copy, and their API.
func (h *BusinessCaseHandler) sharedRoutes() {
	h.web.HandleFunc("POST /partners/{id}/business-case/share", h.web.SignedIn(h.share))
	h.web.HandleFunc("POST /partners/{id}/business-case/unshare", h.web.SignedIn(h.unshare))
	h.web.HandleFunc("GET /partners/{id}/shared-business-case", h.web.SignedIn(h.sharedPage))
	h.web.HandleFunc("GET /partners/{id}/shared-business-case.pdf", h.web.SignedIn(h.sharedPDF))
	h.web.HandleFunc("POST /partners/{id}/shared-business-case", h.web.SignedIn(h.saveCopy))
	h.web.HandleFunc("POST /partners/{id}/shared-business-case/reset", h.web.SignedIn(h.resetCopy))

	api := h.web.API
	web.Enum(api, "business_case_assumption", Assumptions)
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/partners/{id}/shared-business-case", ID: "getSharedBusinessCase",
		Summary: "Get a shared business case", Tag: "portfolio",
		Description: "The business case staff shared with an organisation, as its partner admins read it: the partner manager's " +
			"assumptions and the partner's own copy with their projections, break-even and sums, without the internal note or any " +
			"score (partner admins of the organisation and staff)"},
		func(ctx context.Context, a *auth.Actor, in *businessCaseRef) (*SharedCaseResult, error) {
			c, err := h.cases.Shared(ctx, a, in.ID)
			if err != nil {
				return nil, err
			}
			return NewSharedCaseResult(c), nil
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/partners/{id}/shared-business-case/assumptions", ID: "putSharedBusinessCaseAssumptions",
		Summary: "Adjust the assumptions of a shared business case", Tag: "portfolio",
		Description: "Keep the partner's own assumptions as its copy of the shared business case; the partner manager's version stays " +
			"unchanged. The currency is the partner manager's; a note is not kept (partner admins of the organisation)"},
		func(ctx context.Context, a *auth.Actor, in *businessCasePut) (*SharedCaseResult, error) {
			if !a.ActsFor(in.ID) {
				return nil, apperr.ErrNotFound
			}
			if err := in.Body.Check(); err != nil {
				return nil, err
			}
			c, err := h.cases.SaveCopy(ctx, a, in.ID, in.Body.BusinessCase())
			if err != nil {
				return nil, err
			}
			return NewSharedCaseResult(c), nil
		})
	web.Register(api, web.Operation{Method: "DELETE", Path: "/api/v1/partners/{id}/shared-business-case/assumptions", ID: "resetSharedBusinessCaseAssumptions",
		Summary: "Reset a shared business case to the partner manager's assumptions", Tag: "portfolio",
		Description: "Drop the partner's copy, so that the shared business case shows the partner manager's version again (partner admins of the organisation)"},
		func(ctx context.Context, a *auth.Actor, in *businessCaseRef) (*SharedCaseResult, error) {
			c, err := h.cases.ResetCopy(ctx, a, in.ID)
			if err != nil {
				return nil, err
			}
			return NewSharedCaseResult(c), nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/partners/{id}/business-case/share", ID: "shareBusinessCase",
		Summary: "Share a business case with its organisation", Tag: "portfolio",
		Description: "Let the organisation's partner admins read its business case, without the internal note or the suggested score, " +
			"and tell them by inbox and e-mail. An organisation without admins yet reads it once it has some (staff)"},
		func(ctx context.Context, a *auth.Actor, in *businessCaseRef) (*SharedCaseResult, error) {
			c, err := h.cases.Share(ctx, a, in.ID)
			if err != nil {
				return nil, err
			}
			return NewSharedCaseResult(c), nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/partners/{id}/business-case/unshare", ID: "unshareBusinessCase",
		Summary: "Stop sharing a business case", Tag: "portfolio", Status: http.StatusNoContent,
		Description: "The organisation's partner admins no longer read its business case; their copy is dropped, the business case stays (staff)"},
		func(ctx context.Context, a *auth.Actor, in *businessCaseRef) (*web.NoBody, error) {
			return nil, h.cases.Unshare(ctx, a, in.ID)
		})
}

// SharedCaseResult is a shared business case as the API answers it, to
// the partner and to staff alike: figures only.
type SharedCaseResult struct {
	OrgID    string    `json:"org_id"`
	SharedBy string    `json:"shared_by" doc:"who shared the case"`
	SharedAt time.Time `json:"shared_at"`
	Manager  Figures   `json:"manager_version" doc:"the partner manager's assumptions and what follows from them"`
	// Copy is absent until the partner adjusted an assumption.
	Copy          *Figures     `json:"partner_copy,omitempty" doc:"the partner's own assumptions; absent until it adjusted one"`
	CopyUpdatedAt *time.Time   `json:"partner_copy_updated_at,omitempty"`
	Differences   []Assumption `json:"differences" enum:"business_case_assumption" doc:"the assumptions in which the partner's copy differs from the partner manager's version"`
}

// NewSharedCaseResult answers c without anything internal.
func NewSharedCaseResult(c *SharedCase) *SharedCaseResult {
	r := &SharedCaseResult{OrgID: c.OrgID, SharedBy: c.SharedBy, SharedAt: c.SharedAt, Manager: FiguresOf(c.Manager), Differences: []Assumption{}}
	if c.Copy != nil {
		f := FiguresOf(*c.Copy)
		at := c.Copy.UpdatedAt
		r.Copy, r.CopyUpdatedAt = &f, &at
		r.Differences = Differences(c.Manager, *c.Copy)
	}
	return r
}

// figuresView is one version of a shared case on a page or in the PDF.
type figuresView struct {
	Figures
	Chart curveView
	Table []MonthResult

	lang  string
	scale int
}

func newFiguresView(lang string, bc BusinessCase, id, label string) *figuresView {
	f := FiguresOf(bc)
	v := &figuresView{Figures: f, Table: f.Months[:min(BusinessCaseTableMonths, len(f.Months))], lang: lang, scale: i18n.CurrencyScale(bc.Currency)}
	v.Chart = curveView{ID: id, Label: label, Curve: Curve(f.Months, curveWidth, curveHeight), BreaksEven: f.BreaksEven,
		Month: f.Month(), Horizon: f.HorizonMonths, Currency: f.Currency, lang: lang, scale: v.scale}
	return v
}

// Money formats an amount in minor units with the currency.
func (v *figuresView) Money(minor int64) string {
	return formatLocalDecimal(v.lang, minor, v.scale) + " " + v.Currency
}

// Deals formats tenths of deals.
func (v *figuresView) Deals(tenths int) string { return formatLocalDecimal(v.lang, int64(tenths), 1) }

// Value formats an assumption of the version as the pages show it.
func (v *figuresView) Value(a Assumption) string {
	switch a {
	case AssumeInvestment:
		return v.Money(v.InvestmentMinor)
	case AssumeMonthlyCost:
		return v.Money(v.MonthlyCostMinor)
	case AssumeMargin:
		return v.Money(v.MarginPerDealMinor)
	case AssumeDealsPerMonth:
		return v.Deals(v.DealsPerMonthTenths)
	case AssumeFirstDeal:
		return i18n.T(v.lang, "sharedcase.month_n", v.MonthsToFirstDeal)
	case AssumeRampUp:
		return i18n.T(v.lang, "sharedcase.months_n", v.RampUpMonths)
	}
	return ""
}

// BreakEven says when the version breaks even.
func (v *figuresView) BreakEven() string {
	if v.BreaksEven {
		return i18n.T(v.lang, "businesscase.break_even", v.Month())
	}
	return i18n.T(v.lang, "businesscase.never", v.HorizonMonths)
}

// assumptionLabel is the translation key of an assumption's label.
func assumptionLabel(a Assumption) string {
	return "businesscase." + businessCaseFormFieldOf(string(a))
}

// businessCaseFormFieldOf names the form field of a JSON field.
func businessCaseFormFieldOf(field string) string {
	if f, ok := businessCaseFormField[field]; ok {
		return f
	}
	return field
}

// compareRow is a line of the side-by-side comparison.
type compareRow struct {
	Label, Manager, Copy string
	Differs              bool
}

// sharedCaseView is the data of the shared case's pages: the partner's
// (Shown and the form) and the staff's comparison (Rows, both charts).
type sharedCaseView struct {
	Org     *partner.Organisation
	Case    *SharedCase
	Shown   *figuresView
	Manager *figuresView
	Copy    *figuresView
	Rows    []compareRow
	Admins  int
	Form    map[string]string
}

// Assumptions lists the assumptions in page order.
func (v *sharedCaseView) Assumptions() []Assumption { return Assumptions }

// Label is the translation key of an assumption's label.
func (v *sharedCaseView) Label(a Assumption) string { return assumptionLabel(a) }

func (h *BusinessCaseHandler) sharedView(ctx context.Context, a *auth.Actor, lang, orgID string) (*sharedCaseView, error) {
	c, err := h.cases.Shared(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	o, err := h.partners.Get(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	v := &sharedCaseView{Org: o, Case: c, Form: formValues(lang, c.Current())}
	v.Manager = newFiguresView(lang, c.Manager, "-manager", i18n.T(lang, "sharedcase.manager_version"))
	v.Shown = v.Manager
	if c.Copy != nil {
		v.Copy = newFiguresView(lang, *c.Copy, "-copy", i18n.T(lang, "sharedcase.partner_copy"))
		v.Shown = v.Copy
	}
	if a.IsStaff() {
		if _, v.Admins, err = h.cases.SharingOf(ctx, a, orgID); err != nil {
			return nil, err
		}
		v.Rows = compareRows(lang, c, v.Manager, v.Copy)
	}
	return v, nil
}

// compareRows lists the assumptions and results of both versions; without
// a copy the partner's column repeats the manager's.
func compareRows(lang string, c *SharedCase, m, cp *figuresView) []compareRow {
	if cp == nil {
		cp = m
	}
	differs := map[Assumption]bool{}
	if c.Copy != nil {
		for _, a := range Differences(c.Manager, *c.Copy) {
			differs[a] = true
		}
	}
	var rows []compareRow
	for _, a := range Assumptions {
		rows = append(rows, compareRow{Label: i18n.T(lang, assumptionLabel(a)), Manager: m.Value(a), Copy: cp.Value(a), Differs: differs[a]})
	}
	for _, r := range []struct {
		key  string
		m, c string
	}{
		{"sharedcase.break_even", m.BreakEven(), cp.BreakEven()},
		{"sharedcase.revenue_total", m.Money(m.RevenueMinor), cp.Money(cp.RevenueMinor)},
		{"sharedcase.cost_total", m.Money(m.CostMinor), cp.Money(cp.CostMinor)},
		{"sharedcase.result_total", m.Money(m.ResultMinor), cp.Money(cp.ResultMinor)},
	} {
		rows = append(rows, compareRow{Label: i18n.T(lang, r.key, Horizon), Manager: r.m, Copy: r.c, Differs: r.m != r.c})
	}
	return rows
}

func (h *BusinessCaseHandler) renderShared(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	lang := web.Lang(r.Context())
	v, err := h.sharedView(r.Context(), a, lang, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	page, title := "sharedcase.html", "sharedcase.title"
	if a.IsStaff() {
		page, title = "sharedcase_compare.html", "sharedcase.compare_title"
	}
	p := h.web.NewPage(r, title, v)
	p.Title = p.T(title) + " · " + v.Org.LegalName
	h.web.RenderForm(w, r, page, p, formErr)
}

func (h *BusinessCaseHandler) sharedPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderShared(w, r, a, nil)
}

func (h *BusinessCaseHandler) saveCopy(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	orgID := r.PathValue("id")
	c, err := h.cases.Shared(r.Context(), a, orgID)
	if err == nil && !a.ActsFor(orgID) {
		err = apperr.ErrNotFound
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	if !h.web.ParseForm(w, r) {
		return
	}
	// The currency is the manager's: the form does not offer it.
	r.PostForm.Set("currency", c.Manager.Currency)
	r.PostForm.Del("note")
	bc, err := businessCaseFromForm(r.PostForm, web.Lang(r.Context()))
	if err == nil {
		_, err = h.cases.SaveCopy(r.Context(), a, orgID, bc)
	}
	if err != nil {
		h.renderShared(w, r, a, apperr.RenameFields(err, businessCaseFormField))
		return
	}
	h.web.Redirect(w, r, SharedPath(orgID), "sharedcase.saved")
}

// confirmed runs act, an action of a shared case, after the confirmation
// keyed prefix ("sharedcase.confirm_share" asks, "…_text" explains,
// button labels its button) and goes to the page to with flash.
func (h *BusinessCaseHandler) confirmed(w http.ResponseWriter, r *http.Request, act func(ctx context.Context) error, prefix, button, to, flash string) {
	asked, err := h.web.Confirming(w, r, act, func() web.Confirm {
		lang := web.Lang(r.Context())
		return web.Confirm{Title: i18n.T(lang, prefix), Text: []string{i18n.T(lang, prefix+"_text")}, Button: i18n.T(lang, button)}
	})
	if asked {
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, to, flash)
}

func (h *BusinessCaseHandler) resetCopy(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	orgID := r.PathValue("id")
	h.confirmed(w, r, func(ctx context.Context) error {
		_, err := h.cases.ResetCopy(ctx, a, orgID)
		return err
	}, "sharedcase.confirm_reset", "sharedcase.reset", SharedPath(orgID), "sharedcase.was_reset")
}

func (h *BusinessCaseHandler) share(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	orgID := r.PathValue("id")
	h.confirmed(w, r, func(ctx context.Context) error {
		_, err := h.cases.Share(ctx, a, orgID)
		return err
	}, "sharedcase.confirm_share", "sharedcase.share", "/partners/"+orgID+"/business-case", "sharedcase.shared")
}

func (h *BusinessCaseHandler) unshare(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	orgID := r.PathValue("id")
	h.confirmed(w, r, func(ctx context.Context) error { return h.cases.Unshare(ctx, a, orgID) },
		"sharedcase.confirm_unshare", "sharedcase.unshare", "/partners/"+orgID+"/business-case", "sharedcase.unshared")
}

// SharedWidget is the dashboard card of a partner admin whose organisation
// has a business case shared with it; nothing for anyone else.
func (h *BusinessCaseHandler) SharedWidget(r *http.Request, a *auth.Actor) (template.HTML, error) {
	if !a.ActsForOwnOrg() {
		return "", nil
	}
	v, err := h.sharedView(r.Context(), a, web.Lang(r.Context()), a.OrgID)
	if errors.Is(err, apperr.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return h.web.Fragment(h.web.NewPage(r, "sharedcase.widget", v), "sharedcase.html", "widget")
}

func (h *BusinessCaseHandler) sharedPDF(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	lang := web.Lang(r.Context())
	v, err := h.sharedView(r.Context(), a, lang, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	b, err := SharedCasePDF(v, lang, h.cases.Now())
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+i18n.T(lang, "sharedcase.pdf.filename")+`"`)
	_, _ = w.Write(b)
}
