package exchange

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

// Templates are the exchange's pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Handler serves the exchange's pages and API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the exchange handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Routes registers the pages, their forms and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/exchange", Label: "nav.exchange", Order: 40, Shows: mayUse})
	s.HandleFunc("GET /exchange", s.SignedIn(h.listPage))
	s.HandleFunc("GET /exchange/new", s.SignedIn(h.newPage))
	s.HandleFunc("POST /exchange", s.SignedIn(h.create))
	s.HandleFunc("GET /exchange/subscription", s.SignedIn(h.subscriptionPage))
	s.HandleFunc("POST /exchange/subscription", s.SignedIn(h.saveSubscription))
	s.HandleFunc("GET /exchange/{id}", s.SignedIn(h.detailPage))
	s.HandleFunc("GET /exchange/{id}/edit", s.SignedIn(h.editPage))
	s.HandleFunc("POST /exchange/{id}", s.SignedIn(h.update))
	s.HandleFunc("POST /exchange/{id}/close", s.SignedIn(h.close))
	s.HandleFunc("POST /exchange/{id}/reveal", s.SignedIn(h.reveal))
	s.HandleFunc("POST /exchange/{id}/answers", s.SignedIn(h.answer))
	s.HandleFunc("POST /exchange/answers/{id}/shortlist", s.SignedIn(h.shortlist))
	s.HandleFunc("POST /exchange/answers/{id}/accept", s.SignedIn(h.accept))
	h.apiRoutes()
}

// topics names competencies on pages.
type topics = partner.Topics

func (h *Handler) topics(r *http.Request) (topics, error) {
	return h.svc.Partners.Topics(r.Context(), web.Lang(r.Context()))
}

// money formats an amount in minor units as whole units with the currency.
func money(lang string, minor int64, currency string) string {
	return i18n.Number(lang, minor/100) + " " + currency
}

type listView struct {
	topics
	Result    *Page
	Filter    Filter
	Status    string
	Kinds     []string
	Statuses  []string
	Countries []string
	CanPost   bool
	Partner   bool
}

// filterFrom reads the list's filter from the query; the page shows open
// listings unless the caller asks for others or for its own.
func filterFrom(q url.Values) (Filter, string) {
	f := Filter{Kind: q.Get("kind"), Topic: q.Get("topic"), Country: q.Get("country"), Region: q.Get("region"), Text: q.Get("q"),
		Mine: q.Get("mine") == "1", Answered: q.Get("answered") == "1"}
	f.Page, _ = strconv.Atoi(q.Get("page"))
	status := q.Get("status")
	if _, set := q["status"]; !set && !f.Mine && !f.Answered {
		status = StatusOpen
	}
	if status != "all" {
		f.Status = status
	}
	if status == "" {
		status = "all"
	}
	return f, status
}

func (h *Handler) listPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	f, status := filterFrom(r.URL.Query())
	res, err := h.svc.Listings(ctx, a, f)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	t, err := h.topics(r)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	for _, l := range res.Items {
		l.Topics = t.InOrder(l.Topics)
	}
	v := &listView{topics: t, Result: res, Filter: f, Status: status, Kinds: Kinds, Statuses: Statuses, Countries: partner.CountriesIn(web.Lang(ctx)),
		CanPost: h.svc.CanPost(ctx, a) == nil, Partner: a.IsPartner()}
	h.web.Render(w, r, http.StatusOK, "exchange_list.html", h.web.NewPage(r, "exchange.title", v))
}

type detailView struct {
	topics
	L       *Listing
	Answers []*Answer
	lang    string
	// AdminsDecide tells a member that its partner admins post, answer
	// and decide.
	AdminsDecide bool
}

// Budget formats the listing's budget range.
func (v *detailView) Budget() string {
	l := v.L
	switch {
	case l.BudgetMinMinor > 0 && l.BudgetMaxMinor > 0:
		return money(v.lang, l.BudgetMinMinor, l.Currency) + " – " + money(v.lang, l.BudgetMaxMinor, l.Currency)
	case l.BudgetMinMinor > 0:
		return i18n.T(v.lang, "exchange.budget_from", money(v.lang, l.BudgetMinMinor, l.Currency))
	case l.BudgetMaxMinor > 0:
		return i18n.T(v.lang, "exchange.budget_upto", money(v.lang, l.BudgetMaxMinor, l.Currency))
	}
	return ""
}

func (h *Handler) detailPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderDetail(w, r, a, nil)
}

func (h *Handler) renderDetail(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	id := r.PathValue("id")
	l, err := h.svc.Listing(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	answers, err := h.svc.Answers(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	t, err := h.topics(r)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	l.Topics = t.InOrder(l.Topics)
	p := h.web.NewPage(r, "exchange.title", &detailView{topics: t, L: l, Answers: answers, lang: web.Lang(ctx),
		AdminsDecide: a.AsOrgAdmin() != nil && l.Status == StatusOpen})
	p.Title = l.Title
	h.web.RenderForm(w, r, "exchange_listing.html", p, formErr)
}

type formView struct {
	topics
	L          *Listing
	Kind       string
	Countries  []string
	Industries []string
	Sizes      []string
	Units      []string
}

func (h *Handler) newPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if err := h.svc.CanPost(r.Context(), a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	kind := r.URL.Query().Get("kind")
	if kind != KindOffering {
		kind = KindSeeking
	}
	defaults := url.Values{"kind": {kind}, "country": {"DE"}, "currency": {"EUR"}, "unit": {"days"}}
	h.renderForm(w, r, a, nil, kind, defaults, nil)
}

func (h *Handler) editPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	l, err := h.svc.Listing(r.Context(), a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	if !l.Rights.Manage {
		h.web.Error(w, r, posterFits(a, l))
		return
	}
	h.renderForm(w, r, a, l, l.Kind, formValues(l, web.Lang(r.Context())), nil)
}

// formValues fills the form with a listing, numbers as typed in lang.
func formValues(l *Listing, lang string) url.Values {
	whole := func(minor int64) string {
		if minor == 0 {
			return ""
		}
		return strconv.FormatInt(minor/100, 10)
	}
	tenths := func(n int) string {
		if n == 0 {
			return ""
		}
		return i18n.Decimal(lang, n)
	}
	return url.Values{"kind": {l.Kind}, "title": {l.Title}, "description": {l.Description}, "topics": l.Topics,
		"country": {l.Country}, "region": {l.Region}, "from": {l.From.String()}, "to": {l.To.String()},
		"effort": {tenths(l.EffortTenths)}, "budget_min": {whole(l.BudgetMinMinor)}, "budget_max": {whole(l.BudgetMaxMinor)},
		"currency": {l.Currency}, "customer_industry": {l.CustomerIndustry}, "customer_size": {l.CustomerSize},
		"customer_name": {l.CustomerName}, "skill": {l.Skill}, "amount": {tenths(l.AmountTenths)}, "unit": {l.Unit},
		"expires_on": {l.ExpiresOn.String()}}
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, a *auth.Actor, l *Listing, kind string, values url.Values, formErr error) {
	t, err := h.topics(r)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &formView{topics: t, L: l, Kind: kind, Countries: partner.CountriesIn(web.Lang(r.Context())), Industries: partner.IndustriesIn(web.Lang(r.Context())), Sizes: partner.Sizes, Units: partner.ResourceUnits}
	title := "exchange.new_" + kind
	if l != nil {
		title = "exchange.edit"
	}
	p := h.web.NewPage(r, title, v)
	p.Form = values
	h.web.RenderForm(w, r, "exchange_form.html", p, formErr)
}

// formField names the form field of each API field that differs.
var formField = map[string]string{"effort_tenths": "effort", "budget_min_minor": "budget_min", "budget_max_minor": "budget_max", "amount_tenths": "amount"}

// inputFrom reads the listing form for a listing of the kind.
func inputFrom(f url.Values, kind, lang string) (ListingInput, error) {
	var v apperr.Validation
	str := func(name string) *string {
		s := f.Get(name)
		return &s
	}
	tenths := func(name string) *int {
		s := strings.TrimSpace(f.Get(name))
		if s == "" {
			return new(0)
		}
		n, ok := partner.ParseTenths(s)
		if !ok {
			v.Add(name, "validation.number")
		}
		return &n
	}
	whole := func(name string) *int64 {
		n, ok := i18n.WholeNumber(f.Get(name), lang)
		if !ok {
			v.Add(name, "validation.integer")
		}
		n *= 100
		return &n
	}
	topics := f["topics"]
	if topics == nil {
		topics = []string{}
	}
	in := ListingInput{Kind: &kind, Title: str("title"), Description: str("description"), Topics: &topics, Country: str("country"),
		Region: str("region"), From: str("from"), To: str("to"), ExpiresOn: str("expires_on")}
	switch kind {
	case KindSeeking:
		in.EffortTenths, in.BudgetMinMinor, in.BudgetMaxMinor = tenths("effort"), whole("budget_min"), whole("budget_max")
		in.Currency, in.CustomerIndustry, in.CustomerSize, in.CustomerName = str("currency"), str("customer_industry"), str("customer_size"), str("customer_name")
	case KindOffering:
		in.Skill, in.AmountTenths, in.Unit = str("skill"), tenths("amount"), str("unit")
	}
	return in, v.Err()
}

// merge adds the field errors of the service's check to the form's own
// (unreadable numbers), which come first; API field names become form
// field names.
func merge(form, check error) error {
	e, _ := apperr.As(form)
	c, ok := apperr.As(apperr.RenameFields(check, formField))
	if !ok || c.Code != apperr.Invalid {
		return form
	}
	out := *e
	out.Fields = append(append([]apperr.FieldError(nil), e.Fields...), c.Fields...)
	return &out
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	if err := h.svc.CanPost(r.Context(), a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	kind := r.PostForm.Get("kind")
	if kind != KindOffering {
		kind = KindSeeking
	}
	in, err := inputFrom(r.PostForm, kind, web.Lang(r.Context()))
	var l *Listing
	if err == nil {
		l, err = h.svc.Create(r.Context(), a, in)
	} else {
		err = merge(err, h.svc.Check(r.Context(), a, "", in))
	}
	if err != nil {
		h.renderForm(w, r, a, nil, kind, nil, apperr.RenameFields(err, formField))
		return
	}
	h.web.Redirect(w, r, "/exchange/"+l.ID, "exchange.posted")
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	l, err := h.svc.Listing(r.Context(), a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	in, err := inputFrom(r.PostForm, l.Kind, web.Lang(r.Context()))
	if err == nil {
		_, err = h.svc.Edit(r.Context(), a, id, in)
	} else if !l.Rights.Manage {
		err = posterFits(a, l)
	} else {
		err = merge(err, h.svc.Check(r.Context(), a, id, in))
	}
	if err != nil {
		h.renderForm(w, r, a, l, l.Kind, nil, apperr.RenameFields(err, formField))
		return
	}
	h.web.Redirect(w, r, "/exchange/"+id, "form.saved")
}

func (h *Handler) close(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	if _, err := h.svc.Close(r.Context(), a, id); err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/exchange/"+id, "exchange.closed_flash")
}

func (h *Handler) reveal(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	if _, err := h.svc.Reveal(r.Context(), a, id); err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/exchange/"+id, "exchange.revealed_flash")
}

func (h *Handler) answer(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	if _, err := h.svc.Answer(r.Context(), a, id, AnswerInput{Message: r.PostForm.Get("message")}); err != nil {
		h.renderDetail(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/exchange/"+id, "exchange.answer_sent")
}

func (h *Handler) shortlist(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	on := r.PostForm.Get("on") != "0"
	ans, err := h.svc.Shortlist(r.Context(), a, r.PathValue("id"), on)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	flash := "exchange.shortlisted_flash"
	if !on {
		flash = "exchange.unshortlisted_flash"
	}
	h.web.Redirect(w, r, "/exchange/"+ans.ListingID, flash, ans.OrgName)
}

func (h *Handler) accept(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	var ans *Answer
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) (err error) {
		ans, err = h.svc.Accept(ctx, a, r.PathValue("id"))
		return err
	}, func() web.Confirm {
		lang := web.Lang(r.Context())
		others := 0
		if list, err := h.svc.Answers(r.Context(), a, ans.ListingID); err == nil {
			for _, x := range list {
				if x.ID != ans.ID && (x.Status == AnswerSubmitted || x.Status == AnswerShortlisted) {
					others++
				}
			}
		}
		text := i18n.T(lang, "exchange.confirm_accept_none")
		switch {
		case others == 1:
			text = i18n.T(lang, "exchange.confirm_accept_one")
		case others > 1:
			text = i18n.T(lang, "exchange.confirm_accept_many", others)
		}
		return web.Confirm{Title: i18n.T(lang, "exchange.confirm_accept", ans.OrgName), Text: []string{text}, Button: i18n.T(lang, "exchange.confirm_accept_button")}
	})
	if asked {
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/exchange/"+ans.ListingID, "exchange.accepted_flash", ans.OrgName)
}

type subscriptionView struct {
	topics
	Sub         *Subscription
	Frequencies []string
	// OrgTopics are the competencies of the user's organisation, which
	// a subscription without topics follows.
	OrgTopics []string
}

func (h *Handler) subscriptionPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderSubscription(w, r, a, nil)
}

func (h *Handler) renderSubscription(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	sub, err := h.svc.Subscription(ctx, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	t, err := h.topics(r)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	org, err := h.svc.Partners.Get(ctx, a, a.OrgID)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "exchange.subscription", &subscriptionView{topics: t, Sub: sub, Frequencies: Frequencies, OrgTopics: t.InOrder(org.Competencies)})
	p.Form = url.Values{"frequency": {sub.Frequency}, "topics": sub.Topics}
	h.web.RenderForm(w, r, "exchange_subscription.html", p, formErr)
}

func (h *Handler) saveSubscription(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	_, err := h.svc.SaveSubscription(r.Context(), a, SubscriptionInput{Frequency: r.PostForm.Get("frequency"), Topics: r.PostForm["topics"]})
	if err != nil {
		h.renderSubscription(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/exchange/subscription", "form.saved")
}
