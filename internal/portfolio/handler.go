package portfolio

import (
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
	"pakt/internal/csvio"
	"pakt/internal/i18n"
	"pakt/internal/partner"
	"pakt/internal/web"
)

// Templates are the portfolio pages.
//
//go:embed templates/portfolio.html templates/criteria.html templates/assessments.html templates/assessment.html templates/idealprofiles.html templates/idealprofile.html templates/parts.html
var Templates embed.FS

// Handler serves the portfolio, criteria and assessment pages and API.
type Handler struct {
	web      *web.Server
	svc      *Service
	auth     *auth.Service
	partners *partner.Service
	// Suggest returns the score the business case suggests for an
	// organisation's business-case criterion, if there is one.
	Suggest func(ctx context.Context, a *auth.Actor, orgID string) (score int, ok bool, err error)
}

// NewHandler returns the portfolio handler.
func NewHandler(w *web.Server, s *Service, a *auth.Service, p *partner.Service) *Handler {
	return &Handler{web: w, svc: s, auth: a, partners: p}
}

// Routes registers the pages and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/portfolio", Label: "nav.portfolio", Order: 80, Shows: (*auth.Actor).IsStaff, Vendor: true})
	s.HandleFunc("GET /portfolio", s.SignedIn(h.portfolioPage))
	s.HandleFunc("GET /portfolio/export.csv", s.SignedIn(h.exportCSV))
	s.HandleFunc("GET /portfolio/criteria", s.SignedIn(h.criteriaPage))
	s.HandleFunc("POST /portfolio/criteria", s.SignedIn(h.saveCriterion))
	s.HandleFunc("POST /portfolio/criteria/{id}", s.SignedIn(h.saveCriterion))
	s.HandleFunc("POST /portfolio/thresholds", s.SignedIn(h.saveThresholds))
	s.HandleFunc("POST /portfolio/actions", s.SignedIn(h.saveActions))
	s.HandleFunc("GET /partners/{id}/assessments", s.SignedIn(h.assessmentsPage))
	s.HandleFunc("POST /partners/{id}/assessments", s.SignedIn(h.assess))
	s.HandleFunc("GET /assessments/{id}", s.SignedIn(h.assessmentPage))
	h.profileRoutes()
	h.profileAPI()
	h.apiRoutes()
}

// X is the point's horizontal position on the 0–100 matrix (CAN).
func (p Point) X() string { return strconv.FormatFloat(float64(p.CanTenths)/10, 'f', 1, 64) }

// Y is the point's vertical position on the matrix, WILL upwards.
func (p Point) Y() string { return strconv.FormatFloat(100-float64(p.WillTenths)/10, 'f', 1, 64) }

// Points formats tenths of a point for lang ("72,5" or "72.5").
func Points(lang string, tenths int) string { return i18n.Decimal(lang, tenths) }

// filterFrom reads the portfolio filter from URL parameters.
func filterFrom(v url.Values) Filter {
	return Filter{Profile: v.Get("profile"), Tier: v.Get("tier"), ManagerID: v.Get("manager"), Region: strings.TrimSpace(v.Get("region")), Status: v.Get("status")}
}

// reassessShown is how many of the shadows due for reassessment the
// portfolio page lists, the longest waiting first.
const reassessShown = 20

// Reassess returns the shadows due for reassessment the page lists.
func (d *portfolioData) Reassess() []Point {
	return d.Portfolio.ReassessDue[:min(len(d.Portfolio.ReassessDue), reassessShown)]
}

// ReassessMore is how many more are due than the page lists.
func (d *portfolioData) ReassessMore() int { return max(len(d.Portfolio.ReassessDue)-reassessShown, 0) }

type portfolioData struct {
	Portfolio *Portfolio
	// Profiles are every profile the page filters by; Profile is the one
	// shown.
	Profiles   []*Profile
	Profile    *Profile
	Movements  []Movement
	MovesAsked bool
	Staff      []*auth.User
	Tiers      []string
	Statuses   []string
	Quadrants  []Quadrant
	Lang       string
	// Query is the page's filter, kept by the quadrants' links.
	Query url.Values
	// Quadrant is the quadrant whose partners are listed, if one is
	// chosen; Listed are they, by name, at most listLimit of InQuadrant.
	Quadrant   Quadrant
	Listed     []Point
	InQuadrant int
}

// listLimit bounds the list of a quadrant's partners on the page; the
// filters narrow a longer one, the CSV export has them all.
const listLimit = 200

// ManagerName names the partner manager with the id.
func (d *portfolioData) ManagerName(id string) string {
	for _, u := range d.Staff {
		if u.ID == id {
			return u.Name
		}
	}
	return ""
}

// listQuadrant picks the points of the chosen quadrant, sorted by name in
// the page's language.
func (d *portfolioData) listQuadrant(q string) {
	if !slices.Contains(Quadrants, Quadrant(q)) {
		return
	}
	d.Quadrant = Quadrant(q)
	for _, p := range d.Portfolio.Points {
		if p.Quadrant == d.Quadrant {
			d.Listed = append(d.Listed, p)
		}
	}
	i18n.SortBy(d.Lang, d.Listed, func(p Point) string { return p.LegalName })
	d.InQuadrant = len(d.Listed)
	d.Listed = d.Listed[:min(len(d.Listed), listLimit)]
}

// Points formats tenths for the page's language.
func (d *portfolioData) Points(tenths int) string { return Points(d.Lang, tenths) }

// AssessmentsLink is the page of an organisation's assessments, its form
// set to the profile shown.
func (d *portfolioData) AssessmentsLink(orgID string) string {
	link := "/partners/" + url.PathEscape(orgID) + "/assessments"
	if d.Portfolio.Profile != DefaultProfile {
		link += "?profile=" + url.QueryEscape(d.Portfolio.Profile)
	}
	return link
}

// ThresholdX and ThresholdY are the threshold lines on the matrix.
func (d *portfolioData) ThresholdX() int { return d.Portfolio.Thresholds.Can }

// ThresholdY is the WILL threshold line, measured from the top.
func (d *portfolioData) ThresholdY() int { return 100 - d.Portfolio.Thresholds.Will }

func (h *Handler) portfolioPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if err := staffOnly(a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	q := r.URL.Query()
	var v apperr.Validation
	asOf := v.Day("as_of", q.Get("as_of"), false)
	from, to := v.Day("from", q.Get("from"), false), v.Day("to", q.Get("to"), false)
	p := h.web.NewPage(r, "portfolio.title", nil)
	queryErr := v.Err()
	if queryErr != nil {
		// The portfolio of today is shown under the refused dates.
		asOf, from, to = time.Time{}, time.Time{}, time.Time{}
	}
	f := filterFrom(q)
	pf, err := h.svc.Portfolio(r.Context(), a, asOf, f)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	staff, err := h.auth.Staff(r.Context())
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	profiles, err := h.svc.Profiles(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	d := &portfolioData{Portfolio: pf, Profiles: sortProfiles(p.Lang, profiles), Staff: partner.UsersIn(p.Lang, staff), Tiers: partner.Tiers, Statuses: partner.Statuses, Quadrants: Quadrants, Lang: p.Lang, Query: q}
	for _, x := range profiles {
		if x.ID == pf.Profile {
			d.Profile = x
		}
	}
	d.listQuadrant(q.Get("quadrant"))
	if !from.IsZero() && !to.IsZero() {
		d.MovesAsked = true
		d.Movements, queryErr = h.svc.Migrations(r.Context(), a, from, to, f)
		i18n.SortBy(p.Lang, d.Movements, func(m Movement) string { return m.LegalName })
	}
	p.Data = d
	h.web.RenderForm(w, r, "portfolio.html", p, queryErr)
}

func (h *Handler) exportCSV(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	var v apperr.Validation
	asOf := v.Day("as_of", r.URL.Query().Get("as_of"), false)
	if err := v.Err(); err != nil {
		h.web.Error(w, r, err)
		return
	}
	pf, err := h.svc.Portfolio(r.Context(), a, asOf, filterFrom(r.URL.Query()))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	staff, err := h.auth.Staff(r.Context())
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	managers := make(map[string]string, len(staff))
	for _, u := range staff {
		managers[u.ID] = u.Name
	}
	// A file for people: in their language and spreadsheet (German Excel:
	// semicolons, decimal commas), names instead of ids, sorted by name.
	lang := web.Lang(r.Context())
	t := func(key string) string { return i18n.T(lang, key) }
	points := slices.Clone(pf.Points)
	i18n.SortBy(lang, points, func(p Point) string { return p.LegalName })
	cw := csvio.Download(w, "portfolio-"+pf.AsOf.Format(time.DateOnly)+".csv", lang)
	cw.Numbers(6, 7) // CAN, WILL
	cw.Write([]string{t("field.organisation"), t("field.tier"), t("field.region"), t("field.status"), t("field.manager"),
		t("portfolio.csv.assessed_on"), t("axis.can"), t("axis.will"), t("portfolio.quadrant")})
	for _, p := range points {
		tier := ""
		if p.Tier != "" {
			tier = t("tier." + p.Tier)
		}
		cw.Write([]string{p.LegalName, tier, p.Region, t("status." + p.Status), managers[p.ManagerID], p.AssessedOn.Format(time.DateOnly),
			Points(lang, p.CanTenths), Points(lang, p.WillTenths), t("quadrant." + string(p.Quadrant))})
	}
	if err := cw.Flush(); err != nil {
		h.web.Log.Error("portfolio export", "err", err)
	}
}

type criteriaData struct {
	SelfCounts *SelfCounts
	Can, Will  []*Criterion
	Thresholds *Thresholds
	Actions    *Actions
	Empty      *Criterion
	Levels     []int
}

func (h *Handler) criteriaPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderCriteria(w, r, a, nil)
}

func (h *Handler) renderCriteria(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	all, err := h.svc.Criteria(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	t, err := h.svc.Thresholds(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	actions, err := h.svc.Actions(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	counts, err := h.svc.SelfAssessmentCounts(r.Context(), a, time.Now().AddDate(0, 0, -30))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	d := &criteriaData{SelfCounts: counts, Thresholds: t, Actions: actions, Empty: &Criterion{Axis: AxisCan, Weight: 10, Active: true, AnchorsDE: make([]string, MaxScore+1), AnchorsEN: make([]string, MaxScore+1)}, Levels: levels()}
	for _, c := range all {
		if c.Axis == AxisCan {
			d.Can = append(d.Can, c)
		} else {
			d.Will = append(d.Will, c)
		}
	}
	p := h.web.NewPage(r, "criteria.title", d)
	h.web.RenderForm(w, r, "criteria.html", p, formErr)
}

func levels() []int { return []int{0, 1, 2, 3, 4, 5} }

func (h *Handler) saveCriterion(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	str := func(k string) *string { v := f.Get(k); return &v }
	in := CriterionInput{Slug: str("slug"), Axis: str("axis"), NameDE: str("name_de"), NameEN: str("name_en"),
		DescriptionDE: str("description_de"), DescriptionEN: str("description_en"),
		SelfQuestionDE: str("self_question_de"), SelfQuestionEN: str("self_question_en")}
	de, en := make([]string, MaxScore+1), make([]string, MaxScore+1)
	for i := range de {
		de[i], en[i] = f.Get("anchor_de_"+strconv.Itoa(i)), f.Get("anchor_en_"+strconv.Itoa(i))
	}
	in.AnchorsDE, in.AnchorsEN = &de, &en
	var v apperr.Validation
	if n, err := strconv.Atoi(strings.TrimSpace(f.Get("weight"))); err != nil {
		v.Add("weight", "validation.integer")
	} else {
		in.Weight = &n
	}
	if s := strings.TrimSpace(f.Get("position")); s != "" {
		if n, err := strconv.Atoi(s); err != nil {
			v.Add("position", "validation.integer")
		} else {
			in.Position = &n
		}
	}
	active, published := f.Get("active") == "on", f.Get("published") == "on"
	in.Active, in.Published = &active, &published
	err := v.Err()
	if err == nil {
		_, err = h.svc.SaveCriterion(r.Context(), a, r.PathValue("id"), in)
	}
	if err != nil {
		h.renderCriteria(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/portfolio/criteria", "form.saved")
}

func (h *Handler) saveThresholds(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	var v apperr.Validation
	can, err1 := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("can")))
	will, err2 := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("will")))
	if err1 != nil {
		v.Add("can", "validation.integer")
	}
	if err2 != nil {
		v.Add("will", "validation.integer")
	}
	err := v.Err()
	if err == nil {
		_, err = h.svc.SetThresholds(r.Context(), a, can, will)
	}
	if err != nil {
		h.renderCriteria(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/portfolio/criteria", "form.saved")
}

func (h *Handler) saveActions(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	in := Actions{HeroAlert: f.Get("hero_alert") == "on", ShadowAlert: f.Get("shadow_alert") == "on",
		WarnCandidates: f.Get("warn_candidates") == "on", WarnVampires: f.Get("warn_vampires") == "on"}
	var err error
	if m := strings.TrimSpace(f.Get("reassess_months")); m != "" {
		if in.ReassessMonths, err = strconv.Atoi(m); err != nil {
			var v apperr.Validation
			v.Add("reassess_months", "validation.integer")
			err = v.Err()
		}
	}
	if err == nil {
		_, err = h.svc.SetActions(r.Context(), a, in)
	}
	if err != nil {
		h.renderCriteria(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/portfolio/criteria", "form.saved")
}

type assessmentsData struct {
	Org       *partner.Organisation
	History   []*Assessment
	Can, Will []*Criterion
	Levels    []int
	// Suggested is the business case's score for the business-case
	// criterion, -1 when there is none.
	Suggested int
	// Self are the prospect's own answers to the public self-assessment.
	Self []SelfAssessment
	Lang string
	// Profiles are the profiles a new assessment may name (not archived);
	// Profile is the one chosen (?profile=, else the default), whose
	// weights the form shows.
	Profiles []*Profile
	Profile  *Profile
	// Latest is the latest assessment in each profile, newest first.
	Latest []*Assessment
	// criteria are all criteria by id, retired ones included; profiles
	// all profiles by id, archived ones included.
	criteria map[string]*Criterion
	profiles map[string]*Profile
}

// ProfileName names the profile with the id in the page's language.
func (d *assessmentsData) ProfileName(id string) string {
	if p, ok := d.profiles[id]; ok {
		return p.Name(d.Lang)
	}
	return id
}

// ManyProfiles says whether there is more than one profile to tell apart.
func (d *assessmentsData) ManyProfiles() bool { return len(d.profiles) > 1 }

// Weight is c's weight in the chosen profile.
func (d *assessmentsData) Weight(c *Criterion) int { return d.Profile.Weight(c) }

// Topic names the criterion of a self-assessment answer in the page's
// language; an answer whose criterion was deleted keeps the name it was
// asked with.
func (d *assessmentsData) Topic(a SelfAnswer) string {
	if c, ok := d.criteria[a.CriterionID]; ok {
		return c.Name(d.Lang)
	}
	return a.Topic
}

// Points formats tenths for the page's language.
func (d *assessmentsData) Points(tenths int) string { return Points(d.Lang, tenths) }

func (h *Handler) assessmentsPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderAssessments(w, r, a, nil)
}

func (h *Handler) renderAssessments(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	if err := staffOnly(a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	org, err := h.partners.Get(ctx, a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	hist, err := h.svc.History(ctx, a, org.ID)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	all, err := h.svc.Criteria(ctx, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	profiles, err := h.svc.Profiles(ctx, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "assessments.title", nil)
	d := &assessmentsData{Org: org, History: hist, Levels: levels(), Suggested: -1, Lang: p.Lang, criteria: map[string]*Criterion{}, profiles: map[string]*Profile{}}
	chosen := r.URL.Query().Get("profile")
	if r.Method == http.MethodPost {
		chosen = r.PostForm.Get("profile_id")
	}
	for _, x := range sortProfiles(p.Lang, profiles) {
		d.profiles[x.ID] = x
		if x.Archived {
			continue
		}
		d.Profiles = append(d.Profiles, x)
		if x.ID == chosen || (d.Profile == nil && x.Default) {
			d.Profile = x
		}
	}
	seen := map[string]bool{}
	for _, as := range hist {
		if !seen[as.ProfileID] {
			seen[as.ProfileID] = true
			d.Latest = append(d.Latest, as)
		}
	}
	for _, c := range all {
		d.criteria[c.ID] = c
		if !c.Active {
			continue
		}
		if c.Axis == AxisCan {
			d.Can = append(d.Can, c)
		} else {
			d.Will = append(d.Will, c)
		}
	}
	if d.Self, err = h.svc.SelfAssessments(ctx, a, org.ID); err != nil {
		h.web.Error(w, r, err)
		return
	}
	if h.Suggest != nil {
		s, ok, err := h.Suggest(ctx, a, org.ID)
		if err != nil {
			h.web.Error(w, r, err)
			return
		}
		if ok {
			d.Suggested = s
		}
	}
	p.Data = d
	p.Title = i18n.T(p.Lang, "assessments.title_of", org.LegalName)
	h.web.RenderForm(w, r, "assessments.html", p, formErr)
}

func (h *Handler) assess(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	in := AssessmentInput{ProfileID: f.Get("profile_id"), AssessedOn: strings.TrimSpace(f.Get("assessed_on")), Note: f.Get("note"), Ratings: map[string]RatingInput{}}
	var v apperr.Validation
	for key, vals := range f {
		id, ok := strings.CutPrefix(key, "score_")
		if !ok || len(vals) == 0 || vals[0] == "" {
			continue
		}
		n, err := strconv.Atoi(vals[0])
		if err != nil {
			v.Add("ratings."+id, "validation.integer")
			continue
		}
		in.Ratings[id] = RatingInput{Score: &n, Note: f.Get("note_" + id)}
	}
	err := v.Err()
	var as *Assessment
	if err == nil {
		as, err = h.svc.Assess(r.Context(), a, r.PathValue("id"), in)
	}
	if err != nil {
		h.renderAssessments(w, r, a, err)
		return
	}
	saved := "assessments.saved"
	if as.Alert != "" {
		saved += "_" + as.Alert
	}
	h.web.Redirect(w, r, "/assessments/"+as.ID, saved, i18n.T(web.Lang(r.Context()), "quadrant."+string(as.Quadrant)))
}

type assessmentData struct {
	Assessment *Assessment
	Org        *partner.Organisation
	Profile    *Profile
	Lang       string
}

// Points formats tenths for the page's language.
func (d *assessmentData) Points(tenths int) string { return Points(d.Lang, tenths) }

func (h *Handler) assessmentPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	as, err := h.svc.Assessment(r.Context(), a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	org, err := h.partners.Get(r.Context(), a, as.OrgID)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	pf, err := h.svc.Profile(r.Context(), a, as.ProfileID)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "assessment.title", nil)
	p.Data = &assessmentData{Assessment: as, Org: org, Profile: pf, Lang: p.Lang}
	h.web.Render(w, r, http.StatusOK, "assessment.html", p)
}
