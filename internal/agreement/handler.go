package agreement

import (
	"context"
	"embed"
	"html/template"
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

//go:embed templates/*.html
var templates embed.FS

// Templates holds the agreement pages, for web.New.
var Templates = templates

// Handler serves the agreement pages, their exports and the API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the agreement handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Routes registers the pages, their forms, the exports and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/agreements", Label: "nav.agreements", Order: 50, Shows: mayRead})
	s.HandleFunc("GET /agreements", s.SignedIn(h.list))
	s.HandleFunc("GET /agreements/new", s.SignedIn(h.newPage))
	s.HandleFunc("POST /agreements", s.SignedIn(h.create))
	s.HandleFunc("GET /agreements/{id}", s.SignedIn(h.view))
	s.HandleFunc("GET /agreements/{id}/edit", s.SignedIn(h.editPage))
	s.HandleFunc("POST /agreements/{id}", s.SignedIn(h.update))
	s.HandleFunc("POST /agreements/{id}/accept", s.SignedIn(h.accept))
	s.HandleFunc("GET /agreements/{id}/versions", s.SignedIn(h.versions))
	s.HandleFunc("GET /agreements/{id}/compare", s.SignedIn(h.compare))
	s.HandleFunc("GET /agreements/{id}/export.pdf", s.SignedIn(h.exportPDF))
	s.HandleFunc("GET /agreements/{id}/export.md", s.SignedIn(h.exportMarkdown))
	h.apiRoutes()
}

// render shows a page, or the form again with its errors after a refused
// post.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, page, title string, data any, formErr error) {
	p := h.web.NewPage(r, title, data)
	if t, ok := data.(interface{ PageTitle() string }); ok && t.PageTitle() != "" {
		p.Title = t.PageTitle()
	}
	h.web.RenderForm(w, r, page, p, formErr)
}

// listView is the data of the list of agreements.
type listView struct {
	Items    []*Agreement
	Status   string
	Statuses []string
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	status := r.URL.Query().Get("status")
	items, err := h.svc.List(r.Context(), a, status)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.render(w, r, "agreement_list.html", "agreement.title_list", &listView{Items: items, Status: status, Statuses: Statuses}, nil)
}

// Slots is how many parties the form for a new agreement offers.
const Slots = 4

// newView is the data of the form for a new agreement.
type newView struct {
	Orgs   []Org
	Own    Org
	Staff  bool
	Slots  []int
	Values url.Values
}

// V returns a field's value.
func (v *newView) V(field string) string { return v.Values.Get(field) }

// Slot returns the value of a party slot's field.
func (v *newView) Slot(field string, i int) string {
	return v.Values.Get(field + "." + strconv.Itoa(i))
}

func (h *Handler) renderNew(w http.ResponseWriter, r *http.Request, a *auth.Actor, values url.Values, formErr error) {
	ctx := r.Context()
	orgs, err := h.svc.Orgs(ctx, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	i18n.SortBy(web.Lang(ctx), orgs, func(o Org) string { return o.Name })
	v := &newView{Orgs: orgs, Staff: a.IsStaff(), Values: values}
	for i := range Slots {
		v.Slots = append(v.Slots, i)
	}
	for _, o := range orgs {
		if o.ID == a.OrgID {
			v.Own = o
		}
	}
	h.render(w, r, "agreement_new.html", "agreement.title_new", v, formErr)
}

// newPage shows the form for a new agreement, prefilled from the query
// (?title=…&parties=ORG1,ORG2&listing=ID, as the project exchange links
// here): only parties the actor may name are kept.
func (h *Handler) newPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	q := r.URL.Query()
	var ids []string
	if !a.IsStaff() {
		ids = append(ids, a.OrgID)
	}
	for _, p := range q["parties"] {
		ids = append(ids, strings.Split(p, ",")...)
	}
	ids, err := h.svc.Nameable(r.Context(), a, ids)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	values := url.Values{"title": {q.Get("title")}, "customer": {q.Get("customer")}, "listing_id": {q.Get("listing")}, "lead": {"0"}}
	for i, id := range ids {
		if i < Slots {
			values.Set("party."+strconv.Itoa(i), id)
		}
	}
	h.renderNew(w, r, a, values, nil)
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	in := CreateInput{Title: f.Get("title"), Customer: f.Get("customer"), ListingID: f.Get("listing_id"), Note: f.Get("note")}
	var v apperr.Validation
	var shares []int
	anyShare := false
	for i := range Slots {
		org := strings.TrimSpace(f.Get("party." + strconv.Itoa(i)))
		if i == 0 && !a.IsStaff() {
			org = a.OrgID
		}
		if org == "" {
			continue
		}
		in.Parties = append(in.Parties, org)
		if f.Get("lead") == strconv.Itoa(i) {
			in.LeadOrgID = org
		}
		field := "share." + strconv.Itoa(i)
		s := strings.TrimSpace(f.Get(field))
		bp := 0
		if s != "" {
			anyShare = true
			var ok bool
			if bp, ok = ParsePercent(s); !ok {
				v.Add(field, "agreement.percent")
			}
		}
		shares = append(shares, bp)
	}
	if anyShare {
		in.Shares = shares
	}
	err := v.Err()
	if err == nil || mayCreate(a) != nil {
		var ag *Agreement
		ag, err = h.svc.Create(r.Context(), a, in)
		if err == nil {
			h.web.Redirect(w, r, "/agreements/"+ag.ID, "agreement.created_flash")
			return
		}
	}
	err = apperr.RenameFields(err, map[string]string{"costs.shares": "shares", "responsibilities.lead_org_id": "lead"})
	h.renderNew(w, r, a, f, err)
}

// viewData is the data of an agreement's page.
type viewData struct {
	Agreement *Agreement
	Access    Access
	Version   *Version
	Sections  []Section
	// Own is the actor's party, if any.
	Own *Party
	// Cadence is the jour fixe's cadence when the parties meet regularly
	// under an agreement in force.
	JourFixe bool
}

// PageTitle is the agreement's title.
func (v *viewData) PageTitle() string { return v.Agreement.Title }

// Current reports whether the page shows the current version.
func (v *viewData) Current() bool { return v.Version.Version == v.Agreement.CurrentVersion }

// MayAccept reports whether the reader may accept the current version now.
func (v *viewData) MayAccept() bool {
	return v.Access.Accept && v.Current() && v.Own != nil && v.Own.AcceptedVersion != v.Agreement.CurrentVersion
}

func (h *Handler) renderView(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	ag, err := h.svc.Get(ctx, a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	n := ag.CurrentVersion
	if s := r.URL.Query().Get("version"); s != "" {
		if n, err = strconv.Atoi(s); err != nil {
			n = -1
		}
	}
	d := &viewData{Agreement: ag, Access: AccessTo(a, ag), Own: ag.Party(a.OrgID)}
	if d.Version, err = h.svc.Version(ctx, a, ag.ID, n); err != nil {
		h.web.Error(w, r, err)
		return
	}
	d.JourFixe = ag.InForce() && ag.Content.JourFixe.Active()
	d.Sections = Group(Fields(d.Version.Content, ag.PartyIDs(), ag.Names(), web.Lang(ctx), h.svc.Zone))
	h.render(w, r, "agreement_view.html", "agreement.title_list", d, formErr)
}

func (h *Handler) view(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderView(w, r, a, nil)
}

func (h *Handler) accept(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	n, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("version")))
	if err != nil {
		n = 0
	}
	var ag *Agreement
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) (err error) {
		ag, err = h.svc.Accept(ctx, a, id, n)
		return err
	}, func() web.Confirm {
		lang := web.Lang(r.Context())
		c := web.Confirm{Title: i18n.T(lang, "agreement.confirm_accept", n), Text: []string{i18n.T(lang, "agreement.confirm_accept_text")}, Button: i18n.T(lang, "agreement.accept", n)}
		if full, err := h.svc.Get(r.Context(), a, id); err == nil && full.Content != nil {
			if empty := EmptySections(full.Content); len(empty) > 0 {
				names := make([]string, len(empty))
				for i, s := range empty {
					names[i] = i18n.T(lang, "agreement.section."+s)
				}
				c.Text = append(c.Text, i18n.T(lang, "agreement.confirm_empty", strings.Join(names, "; ")))
			}
		}
		return c
	})
	if asked {
		return
	}
	if err != nil {
		h.renderView(w, r, a, err)
		return
	}
	flash := "agreement.accepted_flash"
	if ag.InForce() {
		flash = "agreement.in_force_flash"
	}
	h.web.Redirect(w, r, "/agreements/"+id, flash)
}

// formView is the data of the form that saves a new version.
type formView struct {
	Agreement *Agreement
	Values    url.Values
	Items     []string
	States    []string
	Cadences  []string
	zone      *time.Location
}

// PageTitle is the agreement's title.
func (v *formView) PageTitle() string { return v.Agreement.Title }

// V returns a field's value.
func (v *formView) V(field string) string { return v.Values.Get(field) }

// On reports whether a checkbox is ticked.
func (v *formView) On(field string) bool { return v.Values.Get(field) != "" }

// Zone names the programme time zone, in which the form shows and reads
// the first jour fixe meeting.
func (v *formView) Zone() string { return i18n.ZoneOr(v.zone).String() }

// FollowUpShares reports whether shares of follow-up orders are entered.
func (v *formView) FollowUpShares() bool {
	for _, p := range v.Agreement.Parties {
		if strings.TrimSpace(v.Values.Get("costs.follow_up_share."+p.OrgID)) != "" {
			return true
		}
	}
	return false
}

// dateTimeLocal is the format of an <input type="datetime-local">: a
// wall-clock time without zone, read and shown in the programme zone.
const dateTimeLocal = "2006-01-02T15:04"

// formValues are the form fields of a content, as the form shows them in
// lang.
func formValues(c *Content, parties []string, lang string, zone *time.Location) url.Values {
	f := url.Values{}
	set := func(k, v string) { f.Set(k, v) }
	flag := func(k string, b bool) {
		if b {
			f.Set(k, "1")
		}
	}
	set("title", c.Title)
	set("customer", c.Customer)
	set("understanding.goals", c.Understanding.Goals)
	set("understanding.scope", c.Understanding.Scope)
	set("communication.bilateral", c.Communication.Bilateral)
	set("communication.to_customer", c.Communication.ToCustomer)
	flag("communication.press_consent", c.Communication.PressConsent)
	flag("communication.reference_consent", c.Communication.ReferenceConsent)
	set("communication.public", c.Communication.Public)
	set("responsibilities.lead_org_id", c.Responsibilities.LeadOrgID)
	for _, org := range parties {
		role := c.Role(org)
		set("responsibilities.role."+org, role.Role)
		set("responsibilities.contribution."+org, role.Contribution)
		set("costs.share."+org, FormatPercent(lang, c.Share(org)))
		if bp, ok := c.FollowUpShare(org); ok {
			set("costs.follow_up_share."+org, FormatPercent(lang, bp))
		}
		set("disputes.contact."+org, c.Contact(org))
	}
	flag("employees.no_poaching", c.Employees.NoPoaching)
	set("employees.months_after", strconv.Itoa(c.Employees.MonthsAfter))
	set("costs.follow_up", c.Costs.FollowUp)
	set("disputes.steps", strings.Join(c.Disputes.Steps, "\n"))
	set("confidentiality.scope", c.Confidentiality.Scope)
	set("confidentiality.months", strconv.Itoa(c.Confidentiality.Months))
	for _, item := range ChecklistItems {
		e := c.Item(item)
		set("checklist."+item+".status", e.Status)
		set("checklist."+item+".note", e.Note)
	}
	set("jour_fixe.cadence", c.JourFixe.Cadence)
	if c.JourFixe.First != nil {
		set("jour_fixe.first", c.JourFixe.First.In(i18n.ZoneOr(zone)).Format(dateTimeLocal))
	}
	minutes := c.JourFixe.Minutes
	if minutes == 0 {
		minutes = 60
	}
	set("jour_fixe.minutes", strconv.Itoa(minutes))
	return f
}

// contentFromForm reads a content from the edit form; fields that cannot
// be read (a percentage, a number, a date) are reported to v.
func contentFromForm(f url.Values, parties []string, zone *time.Location, v *apperr.Validation) Content {
	get := func(k string) string { return f.Get(k) }
	on := func(k string) bool { return f.Get(k) != "" }
	number := func(k string) int {
		s := strings.TrimSpace(f.Get(k))
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			v.Add(k, "validation.integer")
		}
		return n
	}
	percent := func(k string) int {
		s := strings.TrimSpace(f.Get(k))
		if s == "" {
			return 0
		}
		bp, ok := ParsePercent(s)
		if !ok {
			v.Add(k, "agreement.percent")
		}
		return bp
	}
	c := Content{Title: get("title"), Customer: get("customer"),
		Understanding: Understanding{Goals: get("understanding.goals"), Scope: get("understanding.scope")},
		Communication: Communication{Bilateral: get("communication.bilateral"), ToCustomer: get("communication.to_customer"),
			PressConsent: on("communication.press_consent"), ReferenceConsent: on("communication.reference_consent"), Public: get("communication.public")},
		Responsibilities: Responsibilities{LeadOrgID: get("responsibilities.lead_org_id")},
		Employees:        Employees{NoPoaching: on("employees.no_poaching"), MonthsAfter: number("employees.months_after")},
		Costs:            Costs{FollowUp: get("costs.follow_up")},
		Disputes:         Disputes{Steps: strings.Split(strings.ReplaceAll(get("disputes.steps"), "\r\n", "\n"), "\n")},
		Confidentiality:  Confidentiality{Scope: get("confidentiality.scope"), Months: number("confidentiality.months")},
		JourFixe:         JourFixe{Cadence: get("jour_fixe.cadence"), Minutes: number("jour_fixe.minutes")},
	}
	followUp := false
	for _, org := range parties {
		c.Responsibilities.Parties = append(c.Responsibilities.Parties, PartyRole{OrgID: org, Role: get("responsibilities.role." + org),
			Contribution: get("responsibilities.contribution." + org)})
		c.Costs.Shares = append(c.Costs.Shares, Share{OrgID: org, BP: percent("costs.share." + org)})
		c.Disputes.Contacts = append(c.Disputes.Contacts, PartyText{OrgID: org, Text: get("disputes.contact." + org)})
		if strings.TrimSpace(get("costs.follow_up_share."+org)) != "" {
			followUp = true
		}
	}
	if followUp {
		for _, org := range parties {
			c.Costs.FollowUpShares = append(c.Costs.FollowUpShares, Share{OrgID: org, BP: percent("costs.follow_up_share." + org)})
		}
	}
	for _, item := range ChecklistItems {
		c.Checklist = append(c.Checklist, ChecklistEntry{Item: item, Status: get("checklist." + item + ".status"), Note: get("checklist." + item + ".note")})
	}
	if s := strings.TrimSpace(get("jour_fixe.first")); s != "" {
		// The browser sends the wall-clock time the user typed, which is
		// the programme zone's.
		t, err := time.ParseInLocation(dateTimeLocal, s, i18n.ZoneOr(zone))
		if err != nil {
			v.Add("jour_fixe.first", "agreement.datetime")
		} else {
			t = t.UTC()
			c.JourFixe.First = &t
		}
	}
	return c
}

func (h *Handler) renderEdit(w http.ResponseWriter, r *http.Request, a *auth.Actor, values url.Values, formErr error) {
	ag, err := h.svc.Get(r.Context(), a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	if !AccessTo(a, ag).Edit {
		h.web.Error(w, r, refusal(a, errForbidden))
		return
	}
	if values == nil {
		values = formValues(ag.Content, ag.PartyIDs(), web.Lang(r.Context()), h.svc.Zone)
		values.Set("base_version", strconv.Itoa(ag.CurrentVersion))
	}
	v := &formView{Agreement: ag, Values: values, Items: ChecklistItems, States: ItemStates, Cadences: Cadences, zone: h.svc.Zone}
	h.render(w, r, "agreement_edit.html", "agreement.edit", v, formErr)
}

func (h *Handler) editPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderEdit(w, r, a, nil, nil)
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	ctx, id := r.Context(), r.PathValue("id")
	ag, err := h.svc.Get(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	if !AccessTo(a, ag).Edit {
		h.web.Error(w, r, refusal(a, errForbidden))
		return
	}
	f := r.PostForm
	var v apperr.Validation
	c := contentFromForm(f, ag.PartyIDs(), h.svc.Zone, &v)
	base, convErr := strconv.Atoi(strings.TrimSpace(f.Get("base_version")))
	if convErr != nil {
		v.Add("base_version", "validation.integer")
	}
	if err := v.Err(); err != nil {
		// Show the other mistakes too, except a sum of shares that could
		// not all be read.
		unread := map[string]bool{}
		for _, org := range ag.PartyIDs() {
			unread["costs.shares"] = unread["costs.shares"] || v.Has("costs.share."+org)
			unread["costs.follow_up_shares"] = unread["costs.follow_up_shares"] || v.Has("costs.follow_up_share."+org)
		}
		if e, ok := apperr.As(Check(Clone(&c), ag.PartyIDs())); ok {
			for _, fe := range e.Fields {
				if !v.Has(fe.Field) && !unread[fe.Field] {
					v.Add(fe.Field, fe.Key, fe.Args...)
				}
			}
		}
		h.renderEdit(w, r, a, f, v.Err())
		return
	}
	saved, err := h.svc.Update(ctx, a, id, UpdateInput{BaseVersion: base, Content: c, Note: f.Get("note")})
	if err != nil {
		h.renderEdit(w, r, a, f, err)
		return
	}
	flash := "agreement.saved_flash"
	if saved.CurrentVersion == base {
		flash = "agreement.unchanged_flash"
	}
	h.web.Redirect(w, r, "/agreements/"+id, flash, saved.CurrentVersion)
}

// versionsView is the data of an agreement's version list.
type versionsView struct {
	Agreement *Agreement
	Versions  []*Version
}

// PageTitle is the agreement's title.
func (v *versionsView) PageTitle() string { return v.Agreement.Title }

func (h *Handler) versions(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	ag, err := h.svc.Get(ctx, a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	list, err := h.svc.Versions(ctx, a, ag.ID)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.render(w, r, "agreement_versions.html", "agreement.versions", &versionsView{Agreement: ag, Versions: list}, nil)
}

// compareView is the data of the side-by-side comparison.
type compareView struct {
	Agreement  *Agreement
	Comparison *Comparison
	Sections   []diffSection
	Numbers    []int
}

type diffSection struct {
	Name   string
	Fields []Diff
}

// PageTitle is the agreement's title.
func (v *compareView) PageTitle() string { return v.Agreement.Title }

func (h *Handler) compare(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	ag, err := h.svc.Get(ctx, a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	q := r.URL.Query()
	num := func(k string, def int) int {
		s := q.Get(k)
		if s == "" {
			return def
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return -1
		}
		return n
	}
	x, y := num("a", max(ag.CurrentVersion-1, 1)), num("b", ag.CurrentVersion)
	c, err := h.svc.Compare(ctx, a, ag.ID, x, y, web.Lang(ctx))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &compareView{Agreement: ag, Comparison: c}
	for n := ag.CurrentVersion; n >= 1; n-- {
		v.Numbers = append(v.Numbers, n)
	}
	for _, d := range c.Fields {
		if len(v.Sections) == 0 || v.Sections[len(v.Sections)-1].Name != d.Section {
			v.Sections = append(v.Sections, diffSection{Name: d.Section})
		}
		last := &v.Sections[len(v.Sections)-1]
		last.Fields = append(last.Fields, d)
	}
	h.render(w, r, "agreement_compare.html", "agreement.compare", v, nil)
}

// export reads the version and language an export asks for.
func (h *Handler) export(w http.ResponseWriter, r *http.Request, a *auth.Actor) (*Export, bool) {
	ctx := r.Context()
	lang := r.URL.Query().Get("lang")
	if !i18n.Supported(lang) {
		lang = web.Lang(ctx)
	}
	n := 0
	if s := r.URL.Query().Get("version"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			n = -1
		}
	}
	e, err := h.svc.Export(ctx, a, r.PathValue("id"), n, lang)
	if err != nil {
		h.web.Error(w, r, err)
		return nil, false
	}
	return e, true
}

func (h *Handler) exportPDF(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	e, ok := h.export(w, r, a)
	if !ok {
		return
	}
	b, err := e.PDF()
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	web.Attachment(w, "application/pdf", Filename(e.Version.Content.Title, e.Version.Version, "pdf"), b)
}

func (h *Handler) exportMarkdown(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	e, ok := h.export(w, r, a)
	if !ok {
		return
	}
	web.Attachment(w, "text/markdown; charset=utf-8", Filename(e.Version.Content.Title, e.Version.Version, "md"), e.Markdown())
}

// AcceptWidget is the dashboard card of the agreements that wait for the
// acceptance of the actor's organisation, for its partner admins.
func (h *Handler) AcceptWidget(r *http.Request, a *auth.Actor) (template.HTML, error) {
	if !a.ActsForOwnOrg() {
		return "", nil
	}
	all, err := h.svc.List(r.Context(), a, "")
	if err != nil {
		return "", err
	}
	var items []*Agreement
	for _, ag := range all {
		if p := ag.Party(a.OrgID); p != nil && ag.Status != StatusInForce && !p.AcceptedCurrent(ag.CurrentVersion) {
			items = append(items, ag)
		}
	}
	if len(items) == 0 {
		return "", nil
	}
	return h.web.Fragment(h.web.NewPage(r, "agreement.waiting", &listView{Items: items}), "agreement_list.html", "widget")
}
