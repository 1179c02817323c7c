package cosell

import (
	"context"
	"embed"
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

// Templates are the pages of deal registration.
//
//go:embed templates/*.html
var Templates embed.FS

// Handler serves the deal pages and API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the deal handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Routes registers the pages, their forms and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/deals", Label: "nav.deals", Order: 45, Shows: mayUse, Vendor: true})
	s.HandleFunc("GET /deals", s.SignedIn(h.listPage))
	s.HandleFunc("GET /deals/new", s.SignedIn(h.newPage))
	s.HandleFunc("POST /deals", s.SignedIn(h.register))
	s.HandleFunc("GET /deal-conflicts", s.SignedIn(h.conflictsPage))
	s.HandleFunc("GET /deal-conflicts/{id}", s.SignedIn(h.conflictPage))
	s.HandleFunc("POST /deal-conflicts/{id}", s.SignedIn(h.decide))
	s.HandleFunc("GET /deals/settings", s.SignedIn(h.settingsPage))
	s.HandleFunc("POST /deals/settings", s.SignedIn(h.saveSettings))
	s.HandleFunc("GET /deals/{id}", s.SignedIn(h.detailPage))
	s.HandleFunc("POST /deals/{id}/approve", s.SignedIn(h.approve))
	s.HandleFunc("POST /deals/{id}/reject", s.SignedIn(h.reject))
	s.HandleFunc("POST /deals/{id}/extend", s.SignedIn(h.extend))
	s.HandleFunc("POST /deals/{id}/won", s.SignedIn(h.won))
	s.HandleFunc("POST /deals/{id}/lost", s.SignedIn(h.lost))
	s.HandleFunc("POST /deals/{id}/stage", s.SignedIn(h.stage))
	s.HandleFunc("GET /deals/{id}/parties", s.SignedIn(h.partiesPage))
	s.HandleFunc("POST /deals/{id}/parties", s.SignedIn(h.addParty))
	s.HandleFunc("POST /deals/{id}/answer", s.SignedIn(h.answer))
	s.HandleFunc("GET /deals/{id}/split", s.SignedIn(h.splitPage))
	s.HandleFunc("POST /deals/{id}/split", s.SignedIn(h.proposeSplit))
	s.HandleFunc("POST /deals/{id}/split/vote", s.SignedIn(h.vote))
	h.apiRoutes()
}

// topics names competencies on pages.
type topics = partner.Topics

func (h *Handler) topics(r *http.Request) (topics, error) {
	return h.svc.Partners.Topics(r.Context(), web.Lang(r.Context()))
}

type listView struct {
	Result   *Page
	Filter   Filter
	Statuses []string
	Staff    bool
	CanAdd   bool
	lang     string
}

// Pct formats basis points for the page.
func (v *listView) Pct(bp int) string { return i18n.Percent(v.lang, bp) }

func filterFrom(q url.Values) Filter {
	f := Filter{Status: q.Get("status"), Text: strings.TrimSpace(q.Get("q")), Conflicts: q.Get("conflicts") == "1"}
	f.Page, _ = strconv.Atoi(q.Get("page"))
	return f
}

func (h *Handler) listPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	f := filterFrom(r.URL.Query())
	res, err := h.svc.Deals(r.Context(), a, f)
	if err != nil && !web.IsFormError(err) {
		h.web.Error(w, r, err)
		return
	}
	if res == nil {
		res = &Page{Page: 1, PerPage: 25}
	}
	v := &listView{Result: res, Filter: f, Statuses: Statuses, Staff: a.IsStaff(), CanAdd: a.IsPartner(), lang: web.Lang(r.Context())}
	h.web.RenderForm(w, r, "deals_list.html", h.web.NewPage(r, "cosell.title", v), err)
}

type formView struct {
	topics
	Origin     *Deal
	Countries  []string
	Industries []string
	Sizes      []string
	Currencies []string
	Stages     []string
}

func (h *Handler) newPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !a.IsPartner() {
		h.web.Error(w, r, registerDenied(a))
		return
	}
	values := url.Values{"customer_country": {"DE"}, "currency": {"EUR"}, "stage": {Stages[0]}}
	var origin *Deal
	if id := r.URL.Query().Get("follow_up_of"); id != "" {
		d, err := h.svc.Deal(r.Context(), a, id)
		if err != nil {
			h.web.Error(w, r, err)
			return
		}
		if !d.Rights.FollowUp {
			h.web.Error(w, r, apperr.New(apperr.Conflict, "cosell.error.follow_up"))
			return
		}
		origin = d
		values.Set("follow_up_of", d.ID)
		values["competencies"] = d.Competencies
		values.Set("solution", d.Solution)
		values.Set("currency", d.Currency)
	}
	h.renderForm(w, r, origin, values, nil)
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, origin *Deal, values url.Values, formErr error) {
	t, err := h.topics(r)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	lang := web.Lang(r.Context())
	v := &formView{topics: t, Origin: origin, Countries: partner.CountriesIn(lang), Industries: partner.IndustriesIn(lang), Sizes: partner.Sizes,
		Currencies: Currencies, Stages: Stages}
	title := "cosell.new"
	if origin != nil {
		title = "cosell.new_follow_up"
	}
	p := h.web.NewPage(r, title, v)
	p.Form = values
	h.web.RenderForm(w, r, "deal_form.html", p, formErr)
}

// inputFrom reads the registration form.
func inputFrom(f url.Values, lang string) (DealInput, error) {
	var v apperr.Validation
	value, ok := i18n.WholeNumber(f.Get("value"), lang)
	if !ok {
		v.Add("value", "validation.integer")
	}
	in := DealInput{Customer: Customer{Name: f.Get("customer_name"), Domain: f.Get("customer_domain"), Country: f.Get("customer_country"),
		Postcode: f.Get("customer_postcode"), City: f.Get("customer_city"), Industry: f.Get("customer_industry"), Size: f.Get("customer_size")},
		Solution: f.Get("solution"), Competencies: f["competencies"], ValueMinor: value * 100, Currency: f.Get("currency"),
		ExpectedClose: f.Get("expected_close"), Description: f.Get("description"), Stage: f.Get("stage"), FollowUpOf: f.Get("follow_up_of")}
	return in, v.Err()
}

// formField names the form field of each service field that differs.
var formField = map[string]string{"value_minor": "value"}

func (h *Handler) register(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !a.IsPartner() {
		h.web.Error(w, r, registerDenied(a))
		return
	}
	if !h.web.ParseForm(w, r) {
		return
	}
	ctx := r.Context()
	in, formErr := inputFrom(r.PostForm, web.Lang(ctx))
	var origin *Deal
	if in.FollowUpOf != "" {
		var err error
		if origin, err = h.svc.Deal(ctx, a, in.FollowUpOf); err != nil {
			h.web.Error(w, r, err)
			return
		}
	}
	if formErr != nil {
		h.renderForm(w, r, origin, r.PostForm, merge(formErr, h.svc.Validate(ctx, in)))
		return
	}
	d, err := h.svc.Register(ctx, a, in)
	if err != nil {
		h.renderForm(w, r, origin, r.PostForm, apperr.RenameFields(err, formField))
		return
	}
	flash := "cosell.registered_flash"
	if d.Protection != nil {
		flash = "cosell.registered_conflict_flash"
	}
	h.web.Redirect(w, r, "/deals/"+d.ID, flash, d.Customer.Name)
}

// merge adds the field errors of the service's check to the form's own,
// which come first.
func merge(form, check error) error {
	e, _ := apperr.As(form)
	c, ok := apperr.As(apperr.RenameFields(check, formField))
	if !ok || c.Code != apperr.Invalid {
		return form
	}
	out := *e
	for _, f := range c.Fields {
		if f.Field != "value" {
			out.Fields = append(out.Fields, f)
		}
	}
	return &out
}

type detailView struct {
	topics
	D          *Deal
	Roles      []string
	Stages     []string
	Decisions  []string
	ReadOnly   bool
	ChangeFrom string
	lang       string
}

// Pct formats basis points for the page.
func (v *detailView) Pct(bp int) string { return i18n.Percent(v.lang, bp) }

// Reason shows a reason in the reader's language.
func (v *detailView) Reason(s string) string { return reasonText(v.lang, s) }

// PartyName names an organisation of the deal.
func (v *detailView) PartyName(org string) string {
	if p := v.D.Party(org); p != nil {
		return p.Name
	}
	return org
}

func reasonText(lang, s string) string {
	if strings.HasPrefix(s, "cosell.reason.") {
		return i18n.T(lang, s)
	}
	return s
}

func (h *Handler) detailPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderDetail(w, r, a, nil)
}

func (h *Handler) renderDetail(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	d, err := h.svc.Deal(ctx, a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	t, err := h.topics(r)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &detailView{topics: t, D: d, Roles: Roles, Stages: Stages, Decisions: Decisions, lang: web.Lang(ctx),
		ReadOnly: a.IsPartner() && !a.ActsFor(a.OrgID)}
	p := h.web.NewPage(r, "cosell.title", v)
	p.Title = d.Customer.Name
	h.web.RenderForm(w, r, "deal.html", p, formErr)
}

// after ends a deal action: back to the deal with flash, or the deal page
// with the form's error.
func (h *Handler) after(w http.ResponseWriter, r *http.Request, a *auth.Actor, d *Deal, err error, flash string) {
	if err != nil {
		if web.IsFormError(err) {
			h.renderDetail(w, r, a, apperr.RenameFields(err, formField))
			return
		}
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/deals/"+d.ID, flash, d.Customer.Name)
}

func (h *Handler) approve(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	d, err := h.svc.Approve(r.Context(), a, r.PathValue("id"))
	h.after(w, r, a, d, err, "cosell.approved_flash")
}

// confirmed runs an irreversible deal action behind a confirmation.
func (h *Handler) confirmed(w http.ResponseWriter, r *http.Request, a *auth.Actor, act func(ctx context.Context) (*Deal, error), title, text, button, flash string) {
	var d *Deal
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) (err error) {
		d, err = act(ctx)
		return err
	}, func() web.Confirm {
		lang := web.Lang(r.Context())
		return web.Confirm{Title: i18n.T(lang, title, d.Customer.Name), Text: []string{i18n.T(lang, text)}, Button: i18n.T(lang, button)}
	})
	if asked {
		return
	}
	h.after(w, r, a, d, err, flash)
}

func (h *Handler) reject(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	reason := r.PostForm.Get("reason")
	h.confirmed(w, r, a, func(ctx context.Context) (*Deal, error) { return h.svc.Reject(ctx, a, r.PathValue("id"), reason) },
		"cosell.confirm_reject", "cosell.confirm_reject_text", "cosell.reject", "cosell.rejected_flash")
}

func (h *Handler) extend(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	h.confirmed(w, r, a, func(ctx context.Context) (*Deal, error) { return h.svc.Extend(ctx, a, r.PathValue("id")) },
		"cosell.confirm_extend", "cosell.confirm_extend_text", "cosell.extend", "cosell.extended_flash")
}

func (h *Handler) won(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	if err := h.svc.mayClose(r.Context(), a, r.PathValue("id")); err != nil {
		h.web.Error(w, r, err)
		return
	}
	var value *int64
	if s := strings.TrimSpace(r.PostForm.Get("value")); s != "" {
		n, ok := i18n.WholeNumber(s, web.Lang(r.Context()))
		if !ok {
			var v apperr.Validation
			v.Add("value", "validation.integer")
			h.renderDetail(w, r, a, v.Err())
			return
		}
		n *= 100
		value = &n
	}
	h.confirmed(w, r, a, func(ctx context.Context) (*Deal, error) { return h.svc.Win(ctx, a, r.PathValue("id"), value) },
		"cosell.confirm_won", "cosell.confirm_won_text", "cosell.mark_won", "cosell.won_flash")
}

func (h *Handler) lost(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	reason := r.PostForm.Get("reason")
	h.confirmed(w, r, a, func(ctx context.Context) (*Deal, error) { return h.svc.Lose(ctx, a, r.PathValue("id"), reason) },
		"cosell.confirm_lost", "cosell.confirm_lost_text", "cosell.mark_lost", "cosell.lost_flash")
}

func (h *Handler) stage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	d, err := h.svc.SetStage(r.Context(), a, r.PathValue("id"), r.PostForm.Get("stage"))
	h.after(w, r, a, d, err, "cosell.stage_flash")
}

func (h *Handler) answer(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	if r.PostForm.Get("accept") == "1" {
		d, err := h.svc.Answer(r.Context(), a, r.PathValue("id"), true)
		h.after(w, r, a, d, err, "cosell.accepted_flash")
		return
	}
	var d *Deal
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) (err error) {
		d, err = h.svc.Answer(ctx, a, r.PathValue("id"), false)
		return err
	}, func() web.Confirm {
		lang := web.Lang(r.Context())
		return web.Confirm{Title: i18n.T(lang, "cosell.confirm_decline", d.Customer.Name), Text: []string{i18n.T(lang, "cosell.confirm_decline_text")},
			Button: i18n.T(lang, "cosell.decline")}
	})
	if asked {
		return
	}
	if err != nil {
		h.after(w, r, a, d, err, "")
		return
	}
	// The deal is gone from the partner's view.
	h.web.Redirect(w, r, "/deals", "cosell.declined_flash", d.Customer.Name)
}

func (h *Handler) vote(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	agree := r.PostForm.Get("agree") == "1"
	flash := "cosell.split_agreed_flash"
	if !agree {
		flash = "cosell.split_refused_flash"
	}
	d, err := h.svc.Vote(r.Context(), a, r.PathValue("id"), agree)
	h.after(w, r, a, d, err, flash)
}

// sharesView is the form of the parties' roles and shares.
type sharesView struct {
	D *Deal
	// Org is the partner being added ("" when proposing a change).
	Org       string
	OrgName   string
	Orgs      []partner.Nameable
	Shares    []Share
	Agreement string
	Roles     []string
	// NewRoles are the roles a partner may be added in.
	NewRoles []string
	// Proposing: the form proposes another split instead of adding a
	// partner.
	Proposing bool
	names     map[string]string
	lang      string
}

// Name names an organisation of the form.
func (v *sharesView) Name(org string) string { return v.names[org] }

// Pct formats basis points as the form's percentage field shows them.
func (v *sharesView) Pct(bp int) string {
	return i18n.PercentNumber(v.lang, bp)
}

func (h *Handler) partiesPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderParties(w, r, a, r.URL.Query(), nil)
}

func (h *Handler) renderParties(w http.ResponseWriter, r *http.Request, a *auth.Actor, q url.Values, formErr error) {
	ctx := r.Context()
	d, err := h.svc.Deal(ctx, a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	if !d.Rights.AddParty {
		h.web.Error(w, r, errForbidden)
		return
	}
	orgs, err := partner.NameableOrgs(ctx, h.svc.DB, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	orgs = notParties(orgs, d)
	lang := web.Lang(ctx)
	i18n.SortBy(lang, orgs, func(o partner.Nameable) string { return o.Name })
	v := &sharesView{D: d, Org: q.Get("org"), Orgs: orgs, Roles: Roles, NewRoles: Roles[1:], names: map[string]string{}, lang: lang}
	for _, p := range d.Parties {
		v.names[p.OrgID] = p.Name
	}
	for _, o := range orgs {
		v.names[o.ID] = o.Name
	}
	values := url.Values{"org": {v.Org}, "role": {q.Get("role")}}
	if v.Org != "" && formErr == nil {
		prop, err := h.svc.Propose(ctx, a, d.ID, v.Org, q.Get("role"))
		if err != nil {
			h.renderPartiesError(w, r, v, values, err)
			return
		}
		v.Shares, v.Agreement = prop.Shares, prop.Agreement
		for _, s := range prop.Shares {
			values.Set("role_"+s.OrgID, s.Role)
			values.Set("split_"+s.OrgID, v.Pct(s.SplitBP))
		}
	} else if v.Org != "" {
		v.Shares = append(d.shares(), Share{OrgID: v.Org})
		values = q
	}
	v.OrgName = v.names[v.Org]
	p := h.web.NewPage(r, "cosell.add_party", v)
	p.Form = values
	h.web.RenderForm(w, r, "deal_parties.html", p, formErr)
}

func (h *Handler) renderPartiesError(w http.ResponseWriter, r *http.Request, v *sharesView, values url.Values, err error) {
	v.Org = ""
	p := h.web.NewPage(r, "cosell.add_party", v)
	p.Form = values
	h.web.RenderForm(w, r, "deal_parties.html", p, err)
}

// notParties leaves out the organisations that are parties of d already.
func notParties(orgs []partner.Nameable, d *Deal) []partner.Nameable {
	out := orgs[:0:0]
	for _, o := range orgs {
		if p := d.Party(o.ID); p == nil || p.Status == PartDeclined {
			out = append(out, o)
		}
	}
	return out
}

// sharesFrom reads the roles and shares of the parties orgs from a form:
// role_<org> and split_<org> as a percentage with up to two decimals.
func sharesFrom(f url.Values, orgs []string) ([]Share, error) {
	var v apperr.Validation
	out := make([]Share, 0, len(orgs))
	for _, org := range orgs {
		bp, ok := i18n.ParsePercent(f.Get("split_" + org))
		if !ok {
			v.Add("split_"+org, "cosell.validation.percent")
		}
		out = append(out, Share{OrgID: org, Role: f.Get("role_" + org), SplitBP: bp})
	}
	return out, v.Err()
}

func (h *Handler) addParty(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	ctx := r.Context()
	d, err := h.svc.Deal(ctx, a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	org := r.PostForm.Get("org")
	orgs := append(partyIDs(d), org)
	shares, formErr := sharesFrom(r.PostForm, orgs)
	if formErr == nil {
		d, formErr = h.svc.AddParty(ctx, a, d.ID, org, shares)
	}
	if formErr != nil {
		if !web.IsFormError(formErr) {
			h.web.Error(w, r, formErr)
			return
		}
		h.renderParties(w, r, a, r.PostForm, formErr)
		return
	}
	h.web.Redirect(w, r, "/deals/"+d.ID, "cosell.party_added_flash")
}

// partyIDs are the organisations of d's parties that did not decline.
func partyIDs(d *Deal) []string {
	var out []string
	for _, s := range d.shares() {
		out = append(out, s.OrgID)
	}
	return out
}

func (h *Handler) splitPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderSplit(w, r, a, nil, nil)
}

func (h *Handler) renderSplit(w http.ResponseWriter, r *http.Request, a *auth.Actor, values url.Values, formErr error) {
	d, err := h.svc.Deal(r.Context(), a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	if !d.Rights.Propose {
		h.web.Error(w, r, errForbidden)
		return
	}
	v := &sharesView{D: d, Shares: d.shares(), Roles: Roles, Proposing: true, names: map[string]string{}, lang: web.Lang(r.Context())}
	if values == nil {
		values = url.Values{}
		for _, s := range v.Shares {
			values.Set("role_"+s.OrgID, s.Role)
			values.Set("split_"+s.OrgID, v.Pct(s.SplitBP))
		}
	}
	for _, p := range d.Parties {
		v.names[p.OrgID] = p.Name
	}
	p := h.web.NewPage(r, "cosell.propose_split", v)
	p.Form = values
	h.web.RenderForm(w, r, "deal_parties.html", p, formErr)
}

func (h *Handler) proposeSplit(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	ctx := r.Context()
	d, err := h.svc.Deal(ctx, a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	shares, formErr := sharesFrom(r.PostForm, partyIDs(d))
	if formErr == nil {
		d, formErr = h.svc.ProposeSplit(ctx, a, d.ID, shares)
	}
	if formErr != nil {
		if !web.IsFormError(formErr) {
			h.web.Error(w, r, formErr)
			return
		}
		h.renderSplit(w, r, a, r.PostForm, formErr)
		return
	}
	h.web.Redirect(w, r, "/deals/"+d.ID, "cosell.split_proposed_flash")
}

type conflictsView struct {
	List   []*Conflict
	Status string
	lang   string
}

// Reason shows a reason in the reader's language.
func (v *conflictsView) Reason(s string) string { return reasonText(v.lang, s) }

// Similarity formats a similarity in per mille as a percentage.
func (v *conflictsView) Similarity(pm int) string { return i18n.Percent(v.lang, pm*10) }

func (h *Handler) conflictsPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	status := r.URL.Query().Get("status")
	if _, set := r.URL.Query()["status"]; !set {
		status = ConflictOpen
	}
	list, err := h.svc.Conflicts(r.Context(), a, status)
	if err != nil && !web.IsFormError(err) {
		h.web.Error(w, r, err)
		return
	}
	v := &conflictView{conflictsView: conflictsView{List: list, Status: status, lang: web.Lang(r.Context())}}
	h.web.RenderForm(w, r, "deal_conflicts.html", h.web.NewPage(r, "cosell.conflicts", v), err)
}

type conflictView struct {
	conflictsView
	C         *Conflict
	Decisions []string
}

func (h *Handler) conflictPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderConflict(w, r, a, nil)
}

func (h *Handler) renderConflict(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	c, err := h.svc.Conflict(r.Context(), a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &conflictView{conflictsView: conflictsView{lang: web.Lang(r.Context())}, C: c, Decisions: Decisions}
	h.web.RenderForm(w, r, "deal_conflicts.html", h.web.NewPage(r, "cosell.conflict", v), formErr)
}

func (h *Handler) decide(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	decision, note := r.PostForm.Get("decision"), r.PostForm.Get("note")
	var c *Conflict
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) (err error) {
		c, err = h.svc.Decide(ctx, a, r.PathValue("id"), decision, note)
		return err
	}, func() web.Confirm {
		lang := web.Lang(r.Context())
		return web.Confirm{Title: i18n.T(lang, "cosell.confirm_decide", c.Deal.Customer.Name),
			Text: []string{i18n.T(lang, "cosell.decision_hint."+decision, c.Deal.OrgName, c.Other.OrgName)}, Button: i18n.T(lang, "cosell.decide")}
	})
	if asked {
		return
	}
	if err != nil {
		if web.IsFormError(err) {
			h.renderConflict(w, r, a, err)
			return
		}
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/deal-conflicts", "cosell.decided_flash", c.Deal.Customer.Name)
}

func (h *Handler) settingsPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	set, err := h.svc.Settings(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "cosell.settings", set)
	p.Form = url.Values{"protection_days": {strconv.Itoa(set.ProtectionDays)}}
	h.web.RenderForm(w, r, "deal_settings.html", p, nil)
}

func (h *Handler) saveSettings(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	ctx := r.Context()
	days, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("protection_days")))
	if err != nil {
		days = 0
	}
	_, err = h.svc.SaveSettings(ctx, a, Settings{ProtectionDays: days})
	if err != nil {
		set, serr := h.svc.Settings(ctx, a)
		if serr != nil {
			h.web.Error(w, r, serr)
			return
		}
		p := h.web.NewPage(r, "cosell.settings", set)
		p.Form = r.PostForm
		h.web.RenderForm(w, r, "deal_settings.html", p, err)
		return
	}
	h.web.Redirect(w, r, "/deals/settings", "cosell.settings_flash")
}
