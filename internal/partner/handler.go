package partner

import (
	"context"
	"embed"
	"html/template"
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

// Templates are the directory and profile pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Handler serves the dashboard, directory, profile and competency pages and
// their API.
type Handler struct {
	web  *web.Server
	svc  *Service
	auth *auth.Service
	// Widgets are other features' dashboard cards, set by the app.
	Widgets []web.Widget
	// Notes are other features' lines on a partner's page for staff, in
	// the reader's language; set by the app. The page's statements are
	// counted: a note should ask the database only where o says there is
	// something to tell.
	Notes func(ctx context.Context, a *auth.Actor, o *Organisation) ([]Note, error)
}

// NewHandler returns the partner handler.
func NewHandler(w *web.Server, s *Service, a *auth.Service) *Handler {
	return &Handler{web: w, svc: s, auth: a}
}

// EntryKinds are the URL names of the profile entry kinds.
var EntryKinds = []string{"certifications", "references", "resources", "contacts"}

// Routes registers the pages and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/", Label: "nav.dashboard", Order: 0})
	s.Nav(web.NavEntry{Path: "/partners", Label: "nav.directory", Order: 10, Shows: mayBrowse})
	s.Nav(web.NavEntry{Path: "/competencies", Label: "nav.competencies", Order: 100, Shows: (*auth.Actor).IsAdmin, Group: "nav.group.admin"})
	s.HandleFunc("GET /{$}", h.web.SignedIn(h.dashboard))
	s.HandleFunc("GET /partners", h.web.SignedIn(h.directory))
	s.HandleFunc("GET /partners/new", h.web.SignedIn(h.newPage))
	s.HandleFunc("POST /partners", h.web.SignedIn(h.create))
	s.HandleFunc("GET /partners/{id}", h.web.SignedIn(h.profile))
	s.HandleFunc("GET /partners/{id}/edit", h.web.SignedIn(h.editPage))
	s.HandleFunc("POST /partners/{id}", h.web.SignedIn(h.update))
	s.HandleFunc("POST /partners/{id}/delete", h.web.SignedIn(h.delete))
	entryPages[Certification](h, "certifications", certificationFromForm)
	entryPages[Reference](h, "references", referenceFromForm)
	entryPages[Resource](h, "resources", resourceFromForm)
	entryPages[Contact](h, "contacts", contactFromForm)
	h.certificationRoutes()
	s.HandleFunc("GET /competencies", h.web.SignedIn(h.competencies))
	s.HandleFunc("POST /competencies", h.web.SignedIn(h.saveCompetency))
	s.HandleFunc("POST /competencies/{id}", h.web.SignedIn(h.saveCompetency))
	s.HandleFunc("POST /competencies/{id}/delete", h.web.SignedIn(h.deleteCompetency))
	s.Nav(web.NavEntry{Path: "/partners/ownership", Label: "nav.ownership", Order: 101, Shows: (*auth.Actor).IsAdmin, Group: "nav.group.admin", Vendor: true})
	h.ownershipRoutes()
	h.apiRoutes()
}

type dashboardData struct {
	Widgets     []template.HTML
	Visible     int
	FreeNow     int
	Own         *Organisation
	Unpublished int
}

func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	d := &dashboardData{}
	if mayBrowse(a) {
		res, err := h.svc.Search(r.Context(), a, Query{PerPage: 1, Facets: []string{FreeFacet}})
		if err != nil {
			h.web.Error(w, r, err)
			return
		}
		d.Visible = res.Total
		d.FreeNow = res.Facets[FreeFacet][0].Count
		if a.IsStaff() {
			unpub, err := h.svc.CountUnpublished(r.Context())
			if err != nil {
				h.web.Error(w, r, err)
				return
			}
			d.Unpublished = unpub
		}
	}
	for _, widget := range h.Widgets {
		html, err := widget(r, a)
		if err != nil {
			h.web.Error(w, r, err)
			return
		}
		if html != "" {
			d.Widgets = append(d.Widgets, html)
		}
	}
	if a.OrgID != "" {
		o, err := h.svc.Get(r.Context(), a, a.OrgID)
		if err != nil {
			h.web.Error(w, r, err)
			return
		}
		d.Own = o
	}
	h.web.Render(w, r, http.StatusOK, "dashboard.html", h.web.NewPage(r, "nav.dashboard", d))
}

// queryFrom reads a directory query from URL parameters; the same names
// serve the page and the API.
func queryFrom(v url.Values) (Query, error) {
	var q Query
	var verr apperr.Validation
	q.Text = strings.TrimSpace(v.Get("q"))
	for f, name := range FacetNames {
		for _, x := range v[name] {
			for _, p := range strings.Split(x, ",") {
				if p = strings.TrimSpace(p); p != "" {
					q.Filters[f] = append(q.Filters[f], p)
				}
			}
		}
	}
	var err error
	if q.FreeFrom, err = ParseDate(v.Get("free_from")); err != nil {
		verr.Add("free_from", "validation.date")
	}
	if q.FreeTo, err = ParseDate(v.Get("free_to")); err != nil {
		verr.Add("free_to", "validation.date")
	}
	if !q.FreeFrom.IsZero() && !q.FreeTo.IsZero() && q.FreeTo.Before(q.FreeFrom.Time) {
		verr.Add("free_to", "validation.to_before_from")
	}
	for _, x := range v["facets"] {
		for _, p := range strings.Split(x, ",") {
			switch p = strings.TrimSpace(p); {
			case p == "all":
				q.Facets = slices.Clone(AllFacets)
			case slices.Contains(AllFacets, p):
				q.Facets = append(q.Facets, p)
			case p != "":
				verr.Add("facets", "validation.choice")
			}
		}
	}
	q.Sort = v.Get("sort")
	if q.Sort != "" && !slices.Contains(Sorts, q.Sort) {
		verr.Add("sort", "validation.choice")
	}
	if s := v.Get("page"); s != "" {
		if q.Page, err = strconv.Atoi(s); err != nil || q.Page < 1 {
			verr.Add("page", "validation.range", 1, 1000000)
		}
	}
	if s := v.Get("per_page"); s != "" {
		if q.PerPage, err = strconv.Atoi(s); err != nil || q.PerPage < 1 || q.PerPage > 100 {
			verr.Add("per_page", "validation.range", 1, 100)
		}
	}
	return q, verr.Err()
}

// facetShown is how many values of a facet the page lists before "more".
const facetShown = 12

// shown returns the values of a facet the page lists: the most frequent and
// every selected one.
func (d *directoryData) shown(name string) []FacetValue {
	all := d.Result.Facets[name]
	if len(all) <= facetShown {
		return all
	}
	out := append([]FacetValue(nil), all[:facetShown]...)
	for _, v := range all[facetShown:] {
		if v.Selected {
			out = append(out, v)
		}
	}
	return out
}

type directoryData struct {
	Result       *Result
	Query        Query
	Competencies map[string]*Competency
	Pages        int
	FacetOrder   []string
	// Facets are the facet lists as the page shows them, and Tags each
	// hit's competencies by name, made here rather than in the template:
	// the directory is the most requested page, and a template's function
	// calls cost several times what they do.
	Facets []facetList
	Tags   [][]string
}

// facetList is one facet of the directory page: its heading, its links
// and, when there are more values than it lists, the line that says so.
type facetList struct {
	Name, Heading, More string
	Links               []facetLink
}

// facetLink is a value of a facet: the directory's query with the value
// switched on or off.
type facetLink struct {
	Href, Label, Count string
	Selected           bool
}

// facetLists returns the facets in order, with the values shown lists.
func (d *directoryData) facetLists(p *web.Page) []facetList {
	out := make([]facetList, 0, len(d.FacetOrder))
	for _, name := range d.FacetOrder {
		shown := d.shown(name)
		if len(shown) == 0 {
			continue
		}
		l := facetList{Name: name, Heading: p.T("facet." + name), Links: make([]facetLink, len(shown))}
		if n := len(d.Result.Facets[name]) - len(shown); n > 0 {
			l.More = p.T("directory.more_values", n)
		}
		t := newToggler(p.Query, name)
		for i, v := range shown {
			l.Links[i] = facetLink{Href: t.href(v.Value), Label: facetLabel(p.Lang, name, v.Value, d.Competencies), Count: p.Num(v.Count), Selected: v.Selected}
		}
		out = append(out, l)
	}
	return out
}

// toggler makes the links of one facet's values: the page's query with a
// value of the facet added, or removed when it is there, and without the
// page number. The rest of the query is encoded once for all of them; the
// result is what url.Values.Encode gives, keys in order.
type toggler struct {
	key           string
	values        []string
	before, after string
}

func newToggler(query url.Values, key string) *toggler {
	var before, after url.Values
	for k, vs := range query {
		switch {
		case k == key || k == "page":
		case k < key:
			if before == nil {
				before = url.Values{}
			}
			before[k] = vs
		default:
			if after == nil {
				after = url.Values{}
			}
			after[k] = vs
		}
	}
	return &toggler{key: key, values: query[key], before: before.Encode(), after: after.Encode()}
}

func (t *toggler) href(val string) string {
	var b strings.Builder
	b.WriteByte('?')
	sep := func() {
		if b.Len() > 1 {
			b.WriteByte('&')
		}
	}
	if t.before != "" {
		b.WriteString(t.before)
	}
	found := false
	write := func(v string) {
		sep()
		b.WriteString(url.QueryEscape(t.key))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
	}
	for _, v := range t.values {
		if v == val {
			found = true
			continue
		}
		write(v)
	}
	if !found {
		write(val)
	}
	if t.after != "" {
		sep()
		b.WriteString(t.after)
	}
	return b.String()
}

func (h *Handler) directory(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !mayBrowse(a) {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	p := h.web.NewPage(r, "directory.title", nil)
	q, queryErr := queryFrom(r.URL.Query())
	if queryErr != nil {
		// The refused filters are shown with their messages over the
		// results of the words alone.
		q = Query{Text: q.Text}
	}
	q = q.For(a)
	var order []string
	for f, name := range FacetNames {
		if !StaffFacet(f) || a.IsStaff() {
			order = append(order, name)
		}
	}
	// The page shows these facets' counts and no others.
	q.Facets = order
	res, err := h.svc.Search(r.Context(), a, q)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	topics, err := h.svc.Topics(r.Context(), p.Lang)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	comps := topics.ByID()
	sortFacets(p.Lang, res.Facets, comps)
	for i := range res.Hits {
		res.Hits[i].Competencies = topics.InOrder(res.Hits[i].Competencies)
	}
	d := &directoryData{Result: res, Query: q, Competencies: comps, Pages: (res.Total + res.PerPage - 1) / res.PerPage, FacetOrder: order,
		Tags: make([][]string, len(res.Hits))}
	d.Facets = d.facetLists(p)
	for i, h := range res.Hits {
		d.Tags[i] = make([]string, len(h.Competencies))
		for j, id := range h.Competencies {
			d.Tags[i][j] = facetLabel(p.Lang, "competency", id, comps)
		}
	}
	p.Data = d
	h.web.RenderForm(w, r, "directory.html", p, queryErr)
}

type profileData struct {
	Org *Organisation
	// Empty entries fill the "add" forms; the lists fill the choices.
	NewCertification, NewReference, NewResource, NewContact any
	Industries, Sizes, Kinds, Statuses, Tiers               []string
	Competencies                                            map[string]*Competency
	AllComps                                                []*Competency
	Staff                                                   []*auth.User
	Manager                                                 *auth.User
	CanEdit                                                 bool
	CanDelete                                               bool
	// Steered: the reader steers the organisation and sees its internal
	// pages (see Steers).
	Steered   bool
	Countries []string
	Notes     []Note
}

// ProofMB is the largest certificate file taken, in MB.
func (*profileData) ProofMB() int { return MaxProofSize >> 20 }

func (h *Handler) profileData(ctx context.Context, a *auth.Actor, o *Organisation) (*profileData, error) {
	lang := web.Lang(ctx)
	topics, err := h.svc.Topics(ctx, lang)
	if err != nil {
		return nil, err
	}
	d := &profileData{Org: o, Competencies: topics.ByID(), AllComps: topics.List, CanEdit: o != nil && CanEdit(a, o), CanDelete: a.IsAdmin(), Countries: CountriesIn(lang),
		NewCertification: &Certification{}, NewReference: &Reference{}, NewResource: &Resource{Unit: "days"}, NewContact: &Contact{},
		Industries: IndustriesIn(lang), Sizes: Sizes, Kinds: Kinds, Statuses: Statuses, Tiers: Tiers}
	if o != nil {
		d.Org, d.Steered = sortedIn(lang, o, d.Competencies), o.steered
	}
	if a.IsStaff() {
		staff, err := h.auth.Staff(ctx)
		if err != nil {
			return nil, err
		}
		d.Staff = UsersIn(lang, staff)
		for _, u := range d.Staff {
			if o != nil && u.ID == o.ManagerID {
				d.Manager = u
			}
		}
	}
	return d, nil
}

// sortedIn returns a copy of o, so that the page lists its competencies
// and industries by name in lang without changing the organisation
// others may hold.
func sortedIn(lang string, o *Organisation, comps map[string]*Competency) *Organisation {
	sorted := *o
	sorted.Competencies = CompetencyIDsIn(lang, o.Competencies, comps)
	sorted.Industries = slices.Clone(o.Industries)
	i18n.SortBy(lang, sorted.Industries, func(code string) string { return i18n.T(lang, "industry."+code) })
	return &sorted
}

// profile shows an organisation's page. The one query of its profile
// brings the names it shows, so that the page needs neither the list of
// competencies nor that of the staff.
func (h *Handler) profile(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	o, names, err := h.svc.profile(r.Context(), a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	d := &profileData{Org: sortedIn(web.Lang(r.Context()), o, names.Competencies), Competencies: names.Competencies,
		CanEdit: CanEdit(a, o), CanDelete: a.IsAdmin(), Steered: o.steered}
	if names.Manager != "" {
		d.Manager = &auth.User{ID: o.ManagerID, Name: names.Manager}
	}
	if h.Notes != nil && a.IsStaff() {
		if d.Notes, err = h.Notes(r.Context(), a, o); err != nil {
			h.web.Error(w, r, err)
			return
		}
	}
	p := h.web.NewPage(r, "profile.title", d)
	p.Title = o.LegalName
	h.web.Render(w, r, http.StatusOK, "profile.html", p)
}

func (h *Handler) newPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !a.IsStaff() {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	d, err := h.profileData(r.Context(), a, nil)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	d.CanEdit = true
	h.web.Render(w, r, http.StatusOK, "edit.html", h.web.NewPage(r, "profile.new", d))
}

func (h *Handler) editPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	o, err := h.svc.Get(r.Context(), a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	if !CanEdit(a, o) {
		h.web.Error(w, r, errNotEditable(a, o))
		return
	}
	d, err := h.profileData(r.Context(), a, o)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "profile.edit", d)
	h.web.Render(w, r, http.StatusOK, "edit.html", p)
}

// inputFromForm reads the profile form. Check boxes and multi-selects are
// only read when their marker field says the form showed them; the
// caller has parsed it.
func inputFromForm(r *http.Request) Input {
	f := r.PostForm
	str := func(k string) *string {
		if _, ok := f[k]; !ok {
			return nil
		}
		v := f.Get(k)
		return &v
	}
	in := Input{Kind: str("kind"), LegalName: str("legal_name"), Domain: str("domain"), Description: str("description"),
		Country: str("country"), Region: str("region"), City: str("city"), Size: str("size"), Status: str("status"),
		Tier: str("tier"), ManagerID: str("manager_id")}
	if f.Has("industries_shown") {
		v := f["industries"]
		in.Industries = &v
	}
	if f.Has("competencies_shown") {
		v := f["competencies"]
		in.Competencies = &v
	}
	if f.Has("published_shown") {
		v := f.Get("published") == "on"
		in.Published = &v
	}
	if f.Has("email_domains") {
		v := strings.FieldsFunc(f.Get("email_domains"), func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
		in.EmailDomains = &v
	}
	return in
}

func (h *Handler) renderEditError(w http.ResponseWriter, r *http.Request, a *auth.Actor, o *Organisation, title string, err error) {
	d, derr := h.profileData(r.Context(), a, o)
	if derr != nil {
		h.web.Error(w, r, derr)
		return
	}
	d.CanEdit = true
	h.web.RenderForm(w, r, "edit.html", h.web.NewPage(r, title, d), err)
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !a.IsStaff() {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	if !h.web.ParseForm(w, r) {
		return
	}
	o, err := h.svc.Create(r.Context(), a, inputFromForm(r))
	if err != nil {
		h.renderEditError(w, r, a, nil, "profile.new", err)
		return
	}
	h.web.Redirect(w, r, "/partners/"+o.ID, "form.saved")
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	if !h.web.ParseForm(w, r) {
		return
	}
	in := inputFromForm(r)
	if _, err := h.svc.Update(r.Context(), a, id, in); err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			h.web.Error(w, r, err)
			return
		}
		o, gerr := h.svc.Get(r.Context(), a, id)
		if gerr != nil {
			h.web.Error(w, r, gerr)
			return
		}
		h.renderEditError(w, r, a, o, "profile.edit", err)
		return
	}
	h.web.Redirect(w, r, "/partners/"+id, "form.saved")
}

func (h *Handler) delete(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error { return h.svc.Delete(ctx, a, id) }, func() web.Confirm {
		return web.Deleting(r, "profile.confirm_delete", i18n.T(web.Lang(r.Context()), "profile.delete_hint"))
	})
	if asked {
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/partners", "form.deleted")
}

// entryPages registers the form posts that add, change and delete one kind
// of profile entry; all of them go back to the edit page.
func entryPages[T any, P interface {
	*T
	child
}](h *Handler, kind string, fromForm func(url.Values) (P, error)) {
	save := func(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
		if !h.web.ParseForm(w, r) {
			return
		}
		orgID := r.PathValue("id")
		e, err := fromForm(r.PostForm)
		if err == nil {
			e.setKey(r.PathValue("entry"))
			err = SaveEntry(r.Context(), h.svc, a, orgID, e)
		}
		if err != nil {
			if apperr.CodeOf(err) != apperr.Invalid {
				h.web.Error(w, r, err)
				return
			}
			o, gerr := h.svc.Get(r.Context(), a, orgID)
			if gerr != nil {
				h.web.Error(w, r, gerr)
				return
			}
			// The form of the failed entry is reopened with its messages.
			r.PostForm.Set("form_id", kind+":"+r.PathValue("entry"))
			h.renderEditError(w, r, a, o, "profile.edit", err)
			return
		}
		h.web.Redirect(w, r, "/partners/"+orgID+"/edit#"+kind, "form.saved")
	}
	h.web.HandleFunc("POST /partners/{id}/"+kind, h.web.SignedIn(save))
	h.web.HandleFunc("POST /partners/{id}/"+kind+"/{entry}", h.web.SignedIn(save))
	h.web.HandleFunc("POST /partners/{id}/"+kind+"/{entry}/delete", h.web.SignedIn(func(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
		orgID, entry := r.PathValue("id"), r.PathValue("entry")
		asked, err := h.web.Confirming(w, r, func(ctx context.Context) error { return DeleteEntry[T, P](ctx, h.svc, a, orgID, entry) }, func() web.Confirm {
			return web.Deleting(r, "entries.confirm_delete_"+kind)
		})
		if asked {
			return
		}
		if err != nil {
			h.web.Error(w, r, err)
			return
		}
		h.web.Redirect(w, r, "/partners/"+orgID+"/edit#"+kind, "form.deleted")
	}))
}

func formDate(f url.Values, field string, v *apperr.Validation) Date {
	d, err := ParseDate(strings.TrimSpace(f.Get(field)))
	if err != nil {
		v.Add(field, "validation.date")
	}
	return d
}

func certificationFromForm(f url.Values) (*Certification, error) {
	var v apperr.Validation
	c := &Certification{Name: f.Get("name"), Issuer: f.Get("issuer"), Number: f.Get("number"), ValidUntil: formDate(f, "valid_until", &v)}
	return c, v.Err()
}

func referenceFromForm(f url.Values) (*Reference, error) {
	var v apperr.Validation
	r := &Reference{Title: f.Get("title"), Customer: f.Get("customer"), Industry: f.Get("industry"), Description: f.Get("description")}
	if s := strings.TrimSpace(f.Get("year")); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil {
			v.Add("year", "validation.integer")
		}
		r.Year = y
	}
	return r, v.Err()
}

func resourceFromForm(f url.Values) (*Resource, error) {
	var v apperr.Validation
	r := &Resource{Skill: f.Get("skill"), Unit: f.Get("unit"), From: formDate(f, "from", &v), To: formDate(f, "to", &v)}
	n, ok := ParseTenths(strings.TrimSpace(f.Get("amount")))
	if !ok {
		v.Add("amount", "validation.number")
	}
	r.AmountTenths = n
	return r, v.Err()
}

func contactFromForm(f url.Values) (*Contact, error) {
	return &Contact{Name: f.Get("name"), Position: f.Get("position"), Email: f.Get("email"), Phone: f.Get("phone"),
		DecisionMaker: f.Get("decision_maker") == "on", CLevel: f.Get("c_level") == "on"}, nil
}

type competencyData struct {
	List  []*Competency
	Empty *Competency
}

func (h *Handler) competencies(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !a.IsAdmin() {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	h.renderCompetencies(w, r, nil)
}

func (h *Handler) renderCompetencies(w http.ResponseWriter, r *http.Request, formErr error) {
	list, err := h.svc.Competencies(r.Context())
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "competencies.title", &competencyData{List: CompetenciesIn(web.Lang(r.Context()), list), Empty: &Competency{}})
	h.web.RenderForm(w, r, "competencies.html", p, formErr)
}

func (h *Handler) saveCompetency(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !a.IsAdmin() {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	if !h.web.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	str := func(k string) *string { v := f.Get(k); return &v }
	in := CompetencyInput{Slug: str("slug"), NameDE: str("name_de"), NameEN: str("name_en"), DescriptionDE: str("description_de"), DescriptionEN: str("description_en")}
	if _, err := h.svc.SaveCompetency(r.Context(), a, r.PathValue("id"), in); err != nil {
		h.renderCompetencies(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/competencies", "form.saved")
}

func (h *Handler) deleteCompetency(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !a.IsAdmin() {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	id := r.PathValue("id")
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error { return h.svc.DeleteCompetency(ctx, a, id) }, func() web.Confirm {
		return web.Deleting(r, "competency.confirm_delete")
	})
	if asked {
		return
	}
	if err != nil {
		h.renderCompetencies(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/competencies", "form.deleted")
}
