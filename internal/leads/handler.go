package leads

import (
	"cmp"
	"context"
	"embed"
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

// Templates are the leads' and campaigns' pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Handler serves the leads' and campaigns' pages and API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the leads handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Routes registers the pages, their forms and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/leads", Label: "nav.leads", Order: 35, Shows: mayUse, Vendor: true})
	s.HandleFunc("GET /leads", s.SignedIn(h.listPage))
	s.HandleFunc("GET /leads/new", s.SignedIn(h.newPage))
	s.HandleFunc("POST /leads", s.SignedIn(h.create))
	s.HandleFunc("GET /leads/conversion", s.SignedIn(h.conversionPage))
	s.HandleFunc("GET /leads/{id}", s.SignedIn(h.detailPage))
	s.HandleFunc("GET /leads/{id}/edit", s.SignedIn(h.editPage))
	s.HandleFunc("POST /leads/{id}", s.SignedIn(h.update))
	s.HandleFunc("POST /leads/{id}/distribute", s.SignedIn(h.distribute))
	s.HandleFunc("POST /leads/{id}/accept", s.SignedIn(h.confirmed("accept", h.svc.Accept)))
	s.HandleFunc("POST /leads/{id}/decline", s.SignedIn(h.decline))
	s.HandleFunc("POST /leads/{id}/withdraw", s.SignedIn(h.confirmed("withdraw", h.svc.Withdraw)))
	s.HandleFunc("GET /campaigns", s.SignedIn(h.campaignsPage))
	s.HandleFunc("GET /campaigns/new", s.SignedIn(h.newCampaignPage))
	s.HandleFunc("POST /campaigns", s.SignedIn(h.createCampaign))
	s.HandleFunc("GET /campaigns/{id}", s.SignedIn(h.campaignPage))
	s.HandleFunc("GET /campaigns/{id}/edit", s.SignedIn(h.editCampaignPage))
	s.HandleFunc("POST /campaigns/{id}", s.SignedIn(h.updateCampaign))
	h.apiRoutes()
}

// names names competencies and amounts on pages.
type names struct {
	partner.Topics
	lang string
}

// Competency names the competency id.
func (n names) Competency(id string) string { return n.Name(id, n.lang) }

// Money formats an amount in minor units with its currency.
func (n names) Money(minor int64, currency string) string { return i18n.Money(n.lang, minor, currency) }

// Day writes a YYYY-MM-DD day as the reader reads dates.
func (n names) Day(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return i18n.Date(n.lang, t)
}

func (h *Handler) names(r *http.Request) (names, error) {
	lang := web.Lang(r.Context())
	t, err := h.svc.Partners.Topics(r.Context(), lang)
	return names{Topics: t, lang: lang}, err
}

// inOrder sorts each lead's competencies by their names.
func (n names) inOrder(leads ...*Lead) {
	for _, l := range leads {
		l.Competencies = n.InOrder(l.Competencies)
	}
}

type listView struct {
	names
	Leads     []*Lead
	Filter    Filter
	States    []string
	Campaigns []*Campaign
	Staff     bool
}

func (h *Handler) listPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	q := r.URL.Query()
	f := Filter{State: q.Get("state"), Campaign: q.Get("campaign")}
	if !a.IsStaff() {
		f = Filter{}
	}
	list, err := h.svc.Leads(ctx, a, f)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	n, err := h.names(r)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	n.inOrder(list...)
	v := &listView{names: n, Leads: list, Filter: f, States: States, Staff: a.IsStaff()}
	if a.IsStaff() {
		if v.Campaigns, err = h.svc.Campaigns(ctx, a); err != nil {
			h.web.Error(w, r, err)
			return
		}
		i18n.SortBy(n.lang, v.Campaigns, func(c *Campaign) string { return c.Name })
	}
	h.web.Render(w, r, http.StatusOK, "leads_list.html", h.web.NewPage(r, "leads.title", v))
}

type detailView struct {
	names
	L        *Lead
	Proposal []Candidate
	// Queue names the partners of the rotation, in order.
	Queue   []string
	Reasons []string
	// CanAnswer: a's organisation may accept or decline now; AdminsDecide
	// tells a member that its partner admins do.
	CanAnswer    bool
	AdminsDecide bool
}

// Open reports whether staff may still change and distribute the lead.
func (v *detailView) Open() bool { return open(v.L) }

// Queued reports whether the partner is in the lead's rotation: those
// are ticked once there is one, else all not offered before.
func (v *detailView) Queued(c Candidate) bool {
	if len(v.L.queue) == 0 {
		return !c.Offered
	}
	return slices.Contains(v.L.queue, c.OrgID)
}

// Place is the candidate's place in the list, from 1.
func (v *detailView) Place(i int) int { return i + 1 }

// inQueueOrder puts the partners of the rotation first, in its order,
// then the other candidates as ranked.
func inQueueOrder(cands []Candidate, queue []string) []Candidate {
	out := make([]Candidate, 0, len(cands))
	for _, org := range queue {
		if i := slices.IndexFunc(cands, func(c Candidate) bool { return c.OrgID == org }); i >= 0 {
			out = append(out, cands[i])
		}
	}
	for _, c := range cands {
		if !slices.Contains(queue, c.OrgID) {
			out = append(out, c)
		}
	}
	return out
}

func (h *Handler) detailPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderDetail(w, r, a, nil)
}

func (h *Handler) renderDetail(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	id := r.PathValue("id")
	l, err := h.svc.Lead(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	n, err := h.names(r)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	n.inOrder(l)
	v := &detailView{names: n, L: l, Reasons: DeclineReasons}
	if a.IsStaff() {
		if v.Proposal, err = h.svc.Proposal(ctx, a, id, n.lang); err != nil {
			h.web.Error(w, r, err)
			return
		}
		// The rotation as a may see it (Lead leaves out for a manager the
		// partners it does not steer).
		names, err := h.svc.Partners.Names(ctx, l.Queue)
		if err != nil {
			h.web.Error(w, r, err)
			return
		}
		steers, err := partner.SteeredAmong(ctx, h.svc.DB, a, l.Queue)
		if err != nil {
			h.web.Error(w, r, err)
			return
		}
		offered := offeredTo(l.Offers)
		for _, org := range l.Queue {
			v.Queue = append(v.Queue, names[org])
			// A partner of the rotation the ranking no longer proposes
			// stays choosable, so that saving the order keeps it; for a
			// manager only if it steers the partner (Distribute refuses
			// the others).
			if steers[org] && !slices.ContainsFunc(v.Proposal, func(c Candidate) bool { return c.OrgID == org }) {
				v.Proposal = append(v.Proposal, Candidate{OrgID: org, Name: names[org], Offered: offered[org], Reasons: []string{i18n.T(n.lang, "leads.reason.queued")}})
			}
		}
		v.Proposal = inQueueOrder(v.Proposal, l.queue)
	} else if l.State == StateOffered {
		v.CanAnswer = a.ActsFor(l.OrgID)
		v.AdminsDecide = !v.CanAnswer
	}
	p := h.web.NewPage(r, "leads.title", v)
	p.Title = l.CustomerName
	h.web.RenderForm(w, r, "leads_lead.html", p, formErr)
}

type formView struct {
	names
	L          *Lead
	Campaigns  []*Campaign
	Countries  []string
	Industries []string
	Sizes      []string
}

func (h *Handler) newPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if err := staffOnly(a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	defaults := url.Values{"country": {"DE"}, "currency": {"EUR"}, "answer_hours": {strconv.Itoa(DefaultAnswerHours)}, "campaign_id": {r.URL.Query().Get("campaign")}}
	h.renderForm(w, r, a, nil, defaults, nil)
}

func (h *Handler) editPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	l, err := h.svc.Lead(r.Context(), a, r.PathValue("id"))
	if err == nil {
		err = staffOnly(a)
	}
	if err == nil && !open(l) {
		err = errClosed
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.renderForm(w, r, a, l, leadValues(l), nil)
}

// leadValues fills the form with a lead.
func leadValues(l *Lead) url.Values {
	return url.Values{"campaign_id": {l.CampaignID}, "customer_name": {l.CustomerName}, "web_domain": {l.WebDomain}, "country": {l.Country},
		"postcode": {l.Postcode}, "city": {l.City}, "industry": {l.Industry}, "size": {l.Size}, "competencies": l.Competencies,
		"value": {wholeUnits(l.ValueMinor)}, "currency": {l.Currency}, "description": {l.Description}, "contact_name": {l.contact.Name},
		"contact_email": {l.contact.Email}, "contact_phone": {l.contact.Phone}, "answer_hours": {strconv.Itoa(l.AnswerHours)}}
}

func wholeUnits(minor int64) string {
	if minor == 0 {
		return ""
	}
	return strconv.FormatInt(minor/100, 10)
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, a *auth.Actor, l *Lead, values url.Values, formErr error) {
	ctx := r.Context()
	n, err := h.names(r)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	camps, err := h.svc.Campaigns(ctx, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	i18n.SortBy(n.lang, camps, func(c *Campaign) string { return c.Name })
	v := &formView{names: n, L: l, Campaigns: camps, Countries: partner.CountriesIn(n.lang), Industries: partner.IndustriesIn(n.lang), Sizes: partner.Sizes}
	title := "leads.new"
	if l != nil {
		title = "leads.edit"
	}
	p := h.web.NewPage(r, title, v)
	p.Form = values
	h.web.RenderForm(w, r, "leads_form.html", p, formErr)
}

// formField names the form field of each API field that differs.
var formField = map[string]string{"value_minor": "value", "budget_minor": "budget"}

// amount reads a whole amount typed in lang as minor units.
func amount(v *apperr.Validation, f url.Values, name, lang string) *int64 {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return new(int64(0))
	}
	n, ok := i18n.WholeNumber(s, lang)
	if !ok || n > MaxValueMinor/100 || n < 0 {
		v.Add(name, "validation.integer")
		n = 0
	}
	n *= 100
	return &n
}

// leadFrom reads the lead form.
func leadFrom(f url.Values, lang string) (LeadInput, error) {
	var v apperr.Validation
	str := func(name string) *string {
		s := f.Get(name)
		return &s
	}
	comps := f["competencies"]
	if comps == nil {
		comps = []string{}
	}
	hours, err := strconv.Atoi(strings.TrimSpace(f.Get("answer_hours")))
	if err != nil {
		v.Add("answer_hours", "validation.integer")
		hours = DefaultAnswerHours
	}
	in := LeadInput{CampaignID: str("campaign_id"), CustomerName: str("customer_name"), WebDomain: str("web_domain"), Country: str("country"),
		Postcode: str("postcode"), City: str("city"), Industry: str("industry"), Size: str("size"), Competencies: &comps,
		ValueMinor: amount(&v, f, "value", lang), Currency: str("currency"), Description: str("description"), ContactName: str("contact_name"),
		ContactEmail: str("contact_email"), ContactPhone: str("contact_phone"), AnswerHours: &hours}
	return in, v.Err()
}

// merge adds the field errors of the service's check to the form's own
// (unreadable numbers); API field names become form field names.
func merge(form, check error) error {
	e, _ := apperr.As(form)
	c, ok := apperr.As(apperr.RenameFields(check, formField))
	if !ok || c.Code != apperr.Invalid {
		return form
	}
	out := *e
	for _, fe := range c.Fields {
		if !slices.ContainsFunc(out.Fields, func(x apperr.FieldError) bool { return x.Field == fe.Field }) {
			out.Fields = append(out.Fields, fe)
		}
	}
	return &out
}

// submit handles a form post: it reads the form with read and saves it with
// save, which returns the page to go to; when the form has unreadable
// fields, check checks the rest, so that the form shows every mistake at
// once, and fail shows the form again with them.
func submit[In any](h *Handler, w http.ResponseWriter, r *http.Request, read func(url.Values, string) (In, error),
	check func(In) error, save func(In) (string, error), fail func(error), flash string) {
	if !h.web.ParseForm(w, r) {
		return
	}
	in, err := read(r.PostForm, web.Lang(r.Context()))
	to := ""
	if err == nil {
		to, err = save(in)
	} else {
		err = merge(err, check(in))
	}
	if err != nil {
		fail(apperr.RenameFields(err, formField))
		return
	}
	h.web.Redirect(w, r, to, flash)
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if err := staffOnly(a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	ctx := r.Context()
	submit(h, w, r, leadFrom, func(in LeadInput) error { return h.svc.CheckLead(ctx, a, "", in) },
		func(in LeadInput) (string, error) {
			l, err := h.svc.CreateLead(ctx, a, in)
			if err != nil {
				return "", err
			}
			return "/leads/" + l.ID, nil
		}, func(err error) { h.renderForm(w, r, a, nil, nil, err) }, "leads.created")
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx, id := r.Context(), r.PathValue("id")
	l, err := h.svc.Lead(ctx, a, id)
	if err == nil {
		err = staffOnly(a)
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	submit(h, w, r, leadFrom, func(in LeadInput) error { return h.svc.CheckLead(ctx, a, id, in) },
		func(in LeadInput) (string, error) {
			_, err := h.svc.UpdateLead(ctx, a, id, in)
			return "/leads/" + id, err
		}, func(err error) { h.renderForm(w, r, a, l, nil, err) }, "form.saved")
}

// queueFrom reads the partners ticked in the proposal, ordered by the
// place typed next to each (ties keep the proposal's order).
func queueFrom(f url.Values) ([]string, error) {
	var v apperr.Validation
	type pick struct {
		org  string
		rank int
	}
	var picks []pick
	for i, org := range f["orgs"] {
		rank := i + 1
		if s := strings.TrimSpace(f.Get("rank-" + org)); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > 1000 {
				v.Add("orgs", "leads.validation.rank")
				continue
			}
			rank = n
		}
		picks = append(picks, pick{org, rank})
	}
	slices.SortStableFunc(picks, func(a, b pick) int { return cmp.Compare(a.rank, b.rank) })
	out := make([]string, len(picks))
	for i, p := range picks {
		out[i] = p.org
	}
	return out, v.Err()
}

func (h *Handler) distribute(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	queue, err := queueFrom(r.PostForm)
	if err == nil {
		_, err = h.svc.Distribute(r.Context(), a, id, queue)
	} else if _, e := h.svc.Lead(r.Context(), a, id); e != nil {
		err = e
	} else if e := staffOnly(a); e != nil {
		err = e
	}
	if err != nil {
		h.renderDetail(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/leads/"+id, "leads.distributed")
}

// confirmed returns the handler of an irreversible action on a lead
// (accept, withdraw), asked with the texts leads.confirm_<action>… first.
func (h *Handler) confirmed(action string, act func(ctx context.Context, a *auth.Actor, id string) (*Lead, error)) func(http.ResponseWriter, *http.Request, *auth.Actor) {
	return func(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
		id := r.PathValue("id")
		var l *Lead
		asked, err := h.web.Confirming(w, r, func(ctx context.Context) (err error) {
			l, err = act(ctx, a, id)
			return err
		}, func() web.Confirm {
			lang := web.Lang(r.Context())
			return web.Confirm{Title: i18n.T(lang, "leads.confirm_"+action, l.CustomerName), Text: []string{i18n.T(lang, "leads.confirm_"+action+"_text")},
				Button: i18n.T(lang, "leads."+action)}
		})
		if asked {
			return
		}
		if err != nil {
			h.web.Error(w, r, err)
			return
		}
		h.web.Redirect(w, r, "/leads/"+id, "leads."+action+"_flash")
	}
}

func (h *Handler) decline(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	if err := h.svc.Decline(r.Context(), a, id, Decline{Reason: r.PostForm.Get("reason"), Note: r.PostForm.Get("note")}); err != nil {
		h.renderDetail(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/leads", "leads.declined_flash")
}

type conversionView struct {
	names
	C *Conversion
}

func (h *Handler) conversionPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	n, err := h.names(r)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	c, err := h.svc.Conversion(r.Context(), a, n.lang)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Render(w, r, http.StatusOK, "leads_conversion.html", h.web.NewPage(r, "leads.conversion", &conversionView{names: n, C: c}))
}

type campaignsView struct {
	names
	Campaigns []*Campaign
}

func (h *Handler) campaignsPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	list, err := h.svc.Campaigns(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	n, err := h.names(r)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Render(w, r, http.StatusOK, "leads_campaigns.html", h.web.NewPage(r, "leads.campaigns", &campaignsView{names: n, Campaigns: list}))
}

type campaignView struct {
	names
	C     *Campaign
	Leads []*Lead
	Row   *Row
}

func (h *Handler) campaignPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	c, err := h.svc.Campaign(ctx, a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	list, err := h.svc.Leads(ctx, a, Filter{Campaign: c.ID})
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	n, err := h.names(r)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	n.inOrder(list...)
	conv, err := h.svc.Conversion(ctx, a, n.lang)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &campaignView{names: n, C: c, Leads: list, Row: &Row{WonValue: map[string]int64{}}}
	if i := slices.IndexFunc(conv.Campaigns, func(x *Row) bool { return x.Key == c.ID }); i >= 0 {
		v.Row = conv.Campaigns[i]
	}
	p := h.web.NewPage(r, "leads.campaigns", v)
	p.Title = c.Name
	h.web.Render(w, r, http.StatusOK, "leads_campaign.html", p)
}

type campaignFormView struct {
	C *Campaign
}

func (h *Handler) newCampaignPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if err := staffOnly(a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.renderCampaignForm(w, r, nil, url.Values{"currency": {"EUR"}}, nil)
}

func (h *Handler) editCampaignPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	c, err := h.svc.Campaign(r.Context(), a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.renderCampaignForm(w, r, c, url.Values{"name": {c.Name}, "description": {c.Description}, "budget": {wholeUnits(c.BudgetMinor)},
		"currency": {c.Currency}, "from": {c.From}, "to": {c.To}}, nil)
}

func (h *Handler) renderCampaignForm(w http.ResponseWriter, r *http.Request, c *Campaign, values url.Values, formErr error) {
	title := "leads.new_campaign"
	if c != nil {
		title = "leads.edit_campaign"
	}
	p := h.web.NewPage(r, title, &campaignFormView{C: c})
	p.Form = values
	h.web.RenderForm(w, r, "leads_campaign_form.html", p, formErr)
}

// campaignFrom reads the campaign form.
func campaignFrom(f url.Values, lang string) (CampaignInput, error) {
	var v apperr.Validation
	str := func(name string) *string {
		s := f.Get(name)
		return &s
	}
	in := CampaignInput{Name: str("name"), Description: str("description"), BudgetMinor: amount(&v, f, "budget", lang), Currency: str("currency"),
		From: str("from"), To: str("to")}
	return in, v.Err()
}

func (h *Handler) createCampaign(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if err := staffOnly(a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	ctx := r.Context()
	submit(h, w, r, campaignFrom, func(in CampaignInput) error { return h.svc.CheckCampaign(ctx, a, "", in) },
		func(in CampaignInput) (string, error) {
			c, err := h.svc.CreateCampaign(ctx, a, in)
			if err != nil {
				return "", err
			}
			return "/campaigns/" + c.ID, nil
		}, func(err error) { h.renderCampaignForm(w, r, nil, nil, err) }, "leads.campaign_created")
}

func (h *Handler) updateCampaign(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx, id := r.Context(), r.PathValue("id")
	c, err := h.svc.Campaign(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	submit(h, w, r, campaignFrom, func(in CampaignInput) error { return h.svc.CheckCampaign(ctx, a, id, in) },
		func(in CampaignInput) (string, error) {
			_, err := h.svc.UpdateCampaign(ctx, a, id, in)
			return "/campaigns/" + id, err
		}, func(err error) { h.renderCampaignForm(w, r, c, nil, err) }, "form.saved")
}
