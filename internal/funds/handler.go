package funds

import (
	"context"
	"embed"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/i18n"
	"pakt/internal/upload"
	"pakt/internal/web"
)

// Templates are the funds pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Handler serves the funds pages and API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the funds handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Routes registers the pages, their forms and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/funds", Label: "nav.funds", Order: 55, Shows: mayRead, Badge: h.svc.Waiting, BadgeLabel: "nav.funds_waiting", Vendor: true})
	s.HandleFunc("GET /funds", s.SignedIn(h.listPage))
	s.HandleFunc("POST /funds", s.SignedIn(h.request))
	s.HandleFunc("GET /funds/budgets", s.SignedIn(h.budgetsPage))
	s.HandleFunc("POST /funds/budgets", s.SignedIn(h.setBudget))
	s.HandleFunc("GET /portfolio/money", s.SignedIn(h.moneyPage))
	s.HandleFunc("GET /funds/{id}", s.SignedIn(h.detailPage))
	s.HandleFunc("POST /funds/{id}/decision", s.SignedIn(h.decide))
	s.HandleFunc("POST /funds/{id}/claim", s.SignedIn(h.claim))
	s.HandleFunc("POST /funds/{id}/links", s.SignedIn(h.link))
	s.HandleFunc("POST /funds/{id}/unlink", s.SignedIn(h.unlink))
	s.HandleFunc("GET /funds/files/{id}", s.SignedIn(h.file))
	h.apiRoutes()
}

// formField names the form field of each API field that differs.
var formField = map[string]string{"requested_minor": "requested", "approved_minor": "approved", "claimed_minor": "claimed", "amount_minor": "amount"}

// amount reads whole euros (with cents after the language's decimal
// separator) typed into field as minor units.
func amount(f url.Values, field, lang string, v *apperr.Validation) int64 {
	s := strings.TrimSpace(f.Get(field))
	if s == "" {
		return 0
	}
	sep := "."
	if lang == "de" {
		sep = ","
	}
	whole, cents, hasCents := strings.Cut(s, sep)
	n, ok := i18n.WholeNumber(whole, lang)
	var c int64
	if hasCents {
		var err error
		c, err = strconv.ParseInt(cents, 10, 64)
		if err != nil || len(cents) > 2 || c < 0 {
			ok = false
		}
		if len(cents) == 1 {
			c *= 10
		}
	}
	if !ok || n < 0 || n > maxAmountEUR {
		v.Add(field, "funds.error.amount")
		return 0
	}
	return n*100 + c
}

// merge adds the service's field errors to the form's own, which come
// first.
func merge(form, check error) error {
	if form == nil {
		return check
	}
	e, _ := apperr.As(form)
	c, ok := apperr.As(check)
	if !ok || c.Code != apperr.Invalid {
		return form
	}
	out := *e
	out.Fields = append(append([]apperr.FieldError(nil), e.Fields...), c.Fields...)
	return &out
}

// amounts formats money for a page in its language.
type amounts struct{ lang string }

// Money formats an amount in minor units.
func (f amounts) Money(minor int64) string { return Money(f.lang, minor) }

// PerEuro formats a return on funds.
func (f amounts) PerEuro(r Return) string { return PerEuro(f.lang, r) }

// maxListed is how many activities a list on a page shows; filters narrow
// it, the API lists all.
const maxListed = 200

// clip returns at most maxListed of list and how many it left out.
func clip(list []*Activity) ([]*Activity, int) {
	if len(list) <= maxListed {
		return list, 0
	}
	return list[:maxListed], len(list) - maxListed
}

type listView struct {
	Staff bool
	Items []*Activity
	Queue []*Activity
	// More and MoreQueue are how many the lists leave out.
	More, MoreQueue int
	Filter          Filter
	Periods         []string
	Statuses        []string
	Kinds           []string
	Quarter         string
	Quarters        []string
	Budget          *Budget
	Return          Return
	CanRequest      bool
	// AdminsDecide tells a member that its partner admins ask and claim.
	AdminsDecide bool
	amounts
}

func (h *Handler) listPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderList(w, r, a, nil)
}

func (h *Handler) renderList(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	if !mayRead(a) {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	q := r.URL.Query()
	f := Filter{Status: q.Get("status"), Period: q.Get("period")}
	if !a.IsStaff() {
		f.OrgID = a.OrgID
	} else {
		f.OrgID = q.Get("org")
	}
	now := h.svc.now()
	v := &listView{Staff: a.IsStaff(), Filter: f, Periods: PeriodChoices(now), Statuses: Statuses, Kinds: Kinds, amounts: amounts{web.Lang(ctx)},
		CanRequest: h.svc.CanRequest(a) == nil, AdminsDecide: a.AsOrgAdmin() != nil}
	items, err := h.svc.Activities(ctx, a, f)
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			h.web.Error(w, r, err)
			return
		}
		v.Filter.Period, v.Filter.Status = "", ""
		items, err = h.svc.Activities(ctx, a, Filter{OrgID: f.OrgID})
		if err != nil {
			h.web.Error(w, r, err)
			return
		}
	}
	v.Items, v.More = clip(items)
	if v.Staff {
		for _, s := range []string{StatusRequested, StatusClaimed} {
			list, err := h.svc.Activities(ctx, a, Filter{Status: s})
			if err != nil {
				h.web.Error(w, r, err)
				return
			}
			v.Queue = append(v.Queue, list...)
		}
		v.Queue, v.MoreQueue = clip(v.Queue)
	} else {
		v.Quarter = QuarterOf(now)
		if p, ok := ParsePeriod(q.Get("quarter")); ok && !p.Year() {
			v.Quarter = p.Name
		}
		for _, p := range PeriodChoices(now) {
			if strings.Contains(p, "-Q") {
				v.Quarters = append(v.Quarters, p)
			}
		}
		if v.Budget, err = h.svc.Budget(ctx, a, a.OrgID, v.Quarter); err != nil {
			h.web.Error(w, r, err)
			return
		}
		if v.Return, err = h.svc.OrgReturn(ctx, a, a.OrgID); err != nil {
			h.web.Error(w, r, err)
			return
		}
	}
	p := h.web.NewPage(r, "funds.title", v)
	if formErr == nil {
		p.Form = url.Values{"planned_on": {""}, "kind": {KindEvent}}
	}
	h.web.RenderForm(w, r, "funds_list.html", p, formErr)
}

func (h *Handler) request(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	if err := h.svc.CanRequest(a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	f := r.PostForm
	lang := web.Lang(r.Context())
	var v apperr.Validation
	in := RequestInput{Kind: f.Get("kind"), Title: f.Get("title"), Description: f.Get("description"), PlannedOn: f.Get("planned_on"),
		RequestedMinor: amount(f, "requested", lang, &v)}
	if s := strings.TrimSpace(f.Get("expected_leads")); s != "" {
		n, ok := i18n.WholeNumber(s, lang)
		if !ok {
			v.Add("expected_leads", "validation.integer")
		}
		in.ExpectedLeads = int(n)
	}
	var x *Activity
	err := v.Err()
	if err == nil {
		x, err = h.svc.Request(r.Context(), a, in)
	}
	if err != nil {
		if v.Err() != nil {
			// Show the service's findings too: every mistake at once.
			_, check := h.svc.Request(db.DryRun(r.Context()), a, in)
			err = merge(err, check)
		}
		h.renderList(w, r, a, apperr.RenameFields(err, formField))
		return
	}
	h.web.Redirect(w, r, "/funds/"+x.ID, "funds.requested_flash")
}

type detailView struct {
	X         *Activity
	Files     []*File
	Links     []*Link
	Deals     []Linkable
	Leads     []Linkable
	Return    Return
	Staff     bool
	MaxFiles  int
	MaxSizeMB int
	// AdminsDecide tells a member that its partner admins claim.
	AdminsDecide bool
	amounts
}

// WholeEuros writes an amount for a form field.
func (v *detailView) WholeEuros(minor int64) string {
	s := strconv.FormatInt(minor/100, 10)
	if c := minor % 100; c != 0 {
		sep := "."
		if v.lang == "de" {
			sep = ","
		}
		s += sep + strconv.FormatInt(100+c, 10)[1:]
	}
	return s
}

func (h *Handler) detailPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderDetail(w, r, a, nil)
}

func (h *Handler) renderDetail(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	id := r.PathValue("id")
	x, err := h.svc.Activity(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &detailView{X: x, Staff: a.IsStaff(), MaxFiles: MaxFiles, MaxSizeMB: MaxFileSize >> 20, amounts: amounts{web.Lang(ctx)},
		AdminsDecide: a.AsOrgAdmin() != nil && (x.Status == StatusApproved || x.Status == StatusReturned)}
	if v.Files, err = h.svc.Files(ctx, a, id); err == nil {
		if v.Links, err = h.svc.Links(ctx, a, id); err == nil {
			v.Deals, v.Leads, err = h.svc.Linkables(ctx, a, id)
		}
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	i18n.SortBy(v.lang, v.Deals, func(l Linkable) string { return l.Label })
	i18n.SortBy(v.lang, v.Leads, func(l Linkable) string { return l.Label })
	v.Return = ActivityReturn(x, v.Links)
	p := h.web.NewPage(r, "funds.title", v)
	p.Title = x.Title
	h.web.RenderForm(w, r, "funds_activity.html", p, formErr)
}

func (h *Handler) decide(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	if !h.web.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	lang := web.Lang(r.Context())
	var v apperr.Validation
	d := Decision{Status: f.Get("status"), Reason: f.Get("reason"), PaidOn: f.Get("paid_on")}
	if d.Status == StatusApproved {
		d.ApprovedMinor = amount(f, "approved", lang, &v)
	}
	if err := v.Err(); err != nil {
		if _, err := h.svc.Activity(r.Context(), a, id); err != nil {
			h.web.Error(w, r, err)
			return
		}
		h.renderDetail(w, r, a, err)
		return
	}
	if d.Status == StatusReturned {
		// Returning a claim is not final: the partner claims again.
		if _, err := h.svc.Decide(r.Context(), a, id, d); err != nil {
			h.renderDetail(w, r, a, apperr.RenameFields(err, formField))
			return
		}
		h.web.Redirect(w, r, "/funds/"+id, "funds.returned_flash")
		return
	}
	var x *Activity
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) (err error) {
		x, err = h.svc.Decide(ctx, a, id, d)
		return err
	}, func() web.Confirm {
		title := i18n.T(lang, "funds.confirm."+d.Status, x.Title)
		text := i18n.T(lang, "funds.confirm."+d.Status+"_text", x.OrgName, Money(lang, x.Approved), Money(lang, x.Claimed))
		texts := []string{text}
		if x.Warning != "" && (d.Status == StatusApproved || d.Status == StatusPaid) {
			texts = append(texts, i18n.T(lang, "funds.warn."+x.Warning))
		}
		return web.Confirm{Title: title, Text: append(texts, i18n.T(lang, "confirm.irreversible")), Button: i18n.T(lang, "funds.decide."+d.Status)}
	})
	if asked {
		return
	}
	if err != nil {
		h.renderDetail(w, r, a, apperr.RenameFields(err, formField))
		return
	}
	h.web.Redirect(w, r, "/funds/"+id, "funds."+d.Status+"_flash")
}

// maxClaimBody bounds a claim's request body: its files and some room for
// the form's fields and the multipart framing.
const maxClaimBody = MaxFiles*MaxFileSize + 1<<20

func (h *Handler) claim(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	lang := web.Lang(r.Context())
	var v apperr.Validation
	files, err := upload.Read(w, r, "files", maxClaimBody, MaxFileSize)
	switch {
	case errors.Is(err, upload.ErrTooLarge):
		if _, err := h.svc.Activity(r.Context(), a, id); err != nil {
			h.web.Error(w, r, err)
			return
		}
		v.Add("files", "funds.error.files_too_large", MaxFiles, MaxFileSize>>20)
		h.renderDetail(w, r, a, v.Err())
		return
	case err != nil:
		h.web.Error(w, r, err)
		return
	case files == nil && r.MultipartForm == nil && !h.web.ParseForm(w, r):
		return
	}
	in := ClaimInput{ClaimedMinor: amount(r.PostForm, "claimed", lang, &v)}
	if err = v.Err(); err == nil {
		_, err = h.svc.Claim(r.Context(), a, id, in, files)
	}
	if err != nil {
		h.renderDetail(w, r, a, apperr.RenameFields(err, formField))
		return
	}
	h.web.Redirect(w, r, "/funds/"+id, "funds.claimed_flash")
}

func (h *Handler) link(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.changeLink(w, r, a, true)
}

func (h *Handler) unlink(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.changeLink(w, r, a, false)
}

func (h *Handler) changeLink(w http.ResponseWriter, r *http.Request, a *auth.Actor, add bool) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	kind, ref, _ := strings.Cut(r.PostForm.Get("ref"), "/")
	in := LinkInput{Kind: kind, RefID: ref}
	var err error
	flash := "funds.linked_flash"
	if add {
		_, err = h.svc.Link(r.Context(), a, id, in)
	} else {
		flash = "funds.unlinked_flash"
		_, err = h.svc.Unlink(r.Context(), a, id, in)
	}
	if err != nil {
		h.renderDetail(w, r, a, apperr.RenameFields(err, map[string]string{"kind": "ref", "ref_id": "ref"}))
		return
	}
	h.web.Redirect(w, r, "/funds/"+id, flash)
}

func (h *Handler) file(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	f, content, err := h.svc.File(r.Context(), a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	upload.Serve(w, f.Name, f.ContentType, content)
}

type budgetsView struct {
	Quarter  string
	Quarters []string
	Budgets  []*Budget
	amounts
}

func (h *Handler) budgetsPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderBudgets(w, r, a, nil)
}

func (h *Handler) renderBudgets(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	if !a.IsStaff() {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	now := h.svc.now()
	v := &budgetsView{Quarter: QuarterOf(now), amounts: amounts{web.Lang(ctx)}}
	want := r.URL.Query().Get("period")
	if r.Method == http.MethodPost {
		want = r.PostForm.Get("period")
	}
	if p, ok := ParsePeriod(want); ok && !p.Year() {
		v.Quarter = p.Name
	}
	for _, p := range PeriodChoices(now) {
		if strings.Contains(p, "-Q") {
			v.Quarters = append(v.Quarters, p)
		}
	}
	list, err := h.svc.Budgets(ctx, a, v.Quarter)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	i18n.SortBy(v.lang, list, func(b *Budget) string { return b.OrgName })
	v.Budgets = list
	p := h.web.NewPage(r, "funds.budgets", v)
	h.web.RenderForm(w, r, "funds_budgets.html", p, formErr)
}

func (h *Handler) setBudget(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	if !a.IsStaff() {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	f := r.PostForm
	var v apperr.Validation
	in := BudgetInput{Period: f.Get("period"), AmountMinor: amount(f, "amount", web.Lang(r.Context()), &v)}
	org := strings.TrimSpace(f.Get("org"))
	if id := f.Get("org_id"); id != "" {
		in.OrgID = id
	} else if h.svc.Partners != nil && org != "" {
		id, _, err := h.svc.Partners.Resolve(r.Context(), a, org)
		if err != nil {
			h.web.Error(w, r, err)
			return
		}
		in.OrgID = id
	}
	if in.OrgID == "" {
		v.Add("org", "funds.error.partner")
	}
	err := v.Err()
	if err == nil {
		_, err = h.svc.SetBudget(r.Context(), a, in)
	}
	if err != nil {
		h.renderBudgets(w, r, a, apperr.RenameFields(err, map[string]string{"amount_minor": "amount", "org_id": "org"}))
		return
	}
	h.web.Redirect(w, r, "/funds/budgets?period="+url.QueryEscape(in.Period), "form.saved")
}

type moneyView struct {
	*MoneyView
	Periods []string
	Sort    string
	amounts
	// Shown are the partners on the page; More how many are left out.
	Shown []MoneyPartner
	More  int
}

// maxMoneyRows is how many partners the page lists; the API gives all.
const maxMoneyRows = 200

// Svg is the chart.
func (v *moneyView) Svg() any { return v.Chart(v.lang) }

func (h *Handler) moneyPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	if !a.IsStaff() {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	now := h.svc.now()
	period := r.URL.Query().Get("period")
	if _, ok := ParsePeriod(period); !ok {
		period = strconv.Itoa(now.Year())
	}
	m, err := h.svc.Money(ctx, a, period)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &moneyView{MoneyView: m, Periods: PeriodChoices(now), Sort: r.URL.Query().Get("sort"), amounts: amounts{web.Lang(ctx)}}
	sortPartners(m.Partners, v.Sort)
	v.Shown = m.Partners
	if len(v.Shown) > maxMoneyRows {
		v.Shown, v.More = v.Shown[:maxMoneyRows], len(v.Shown)-maxMoneyRows
	}
	h.web.Render(w, r, http.StatusOK, "funds_money.html", h.web.NewPage(r, "funds.money_title", v))
}

// sortPartners orders the money view's partners: by money paid (the
// default), by won revenue or by return per euro, the largest first.
func sortPartners(list []MoneyPartner, by string) {
	key := func(p MoneyPartner) int64 { return p.Paid }
	switch by {
	case "won":
		key = func(p MoneyPartner) int64 { return p.Won }
	case "return":
		key = func(p MoneyPartner) int64 { return p.Return.PerEuroHundredths }
	default:
		return // Money sorts by paid already
	}
	slices.SortStableFunc(list, func(a, b MoneyPartner) int { return compare(key(b), key(a)) })
}

// KB writes a file's size in kilobytes, rounded up.
func (v *detailView) KB(size int64) string {
	return i18n.T(v.lang, "funds.kb", i18n.Number(v.lang, (size+1023)/1024))
}
