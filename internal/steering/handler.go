package steering

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
	"pakt/internal/partner"
	"pakt/internal/web"
)

//go:embed templates/*.html
var Templates embed.FS

// Handler serves the steering pages, the dashboard card and the API.
type Handler struct {
	web      *web.Server
	svc      *Service
	partners *partner.Service
}

// NewHandler returns the steering handler.
func NewHandler(w *web.Server, s *Service, partners *partner.Service) *Handler {
	return &Handler{web: w, svc: s, partners: partners}
}

// Routes registers the pages and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/steering/overdue", Label: "nav.steering", Order: 70, Shows: (*auth.Actor).IsStaff, Group: "nav.group.steering", Vendor: true})
	s.Nav(web.NavEntry{Path: "/steering/team", Label: "nav.team", Order: 71, Shows: (*auth.Actor).IsStaff, Group: "nav.group.steering", Vendor: true})
	s.HandleFunc("GET /partners/{id}/activities", s.SignedIn(h.activitiesPage))
	s.HandleFunc("POST /partners/{id}/activities", s.SignedIn(h.addActivity))
	s.HandleFunc("POST /partners/{id}/activities/{activity}/delete", s.SignedIn(h.deleteActivity))
	s.HandleFunc("GET /partners/{id}/plans", s.SignedIn(h.plansPage))
	s.HandleFunc("POST /partners/{id}/plans", s.SignedIn(h.savePlan))
	s.HandleFunc("GET /steering/cadence", s.SignedIn(h.cadencePage))
	s.HandleFunc("POST /steering/cadence", s.SignedIn(h.saveCadence))
	s.HandleFunc("GET /steering/overdue", s.SignedIn(h.overduePage))
	s.HandleFunc("GET /steering/vampires", s.SignedIn(h.vampiresPage))
	s.HandleFunc("GET /steering/team", s.SignedIn(h.teamPage))
	h.apiRoutes()
}

// WidgetSize is how many overdue partners the dashboard card lists.
const WidgetSize = 10

type activitiesView struct {
	Org        *partner.Organisation
	Activities []*Activity
	Kinds      []string
	Initiators []string
	// Warning is WarnVampire when the page warns that the partner is a
	// vampire.
	Warning string
}

// Picked reports whether the submitted form picked the contact id, to show
// the form again after an error.
func (v *activitiesView) Picked(form url.Values, id string) bool {
	return slices.Contains(form["contact_ids"], id)
}

// Contact returns a contact of the organisation, an empty one for a
// contact deleted since.
func (v *activitiesView) Contact(id string) partner.Contact {
	for _, c := range v.Org.Contacts {
		if c.ID == id {
			return c
		}
	}
	return partner.Contact{}
}

func (h *Handler) activitiesPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderActivities(w, r, a, nil)
}

func (h *Handler) renderActivities(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	id := r.PathValue("id")
	acts, err := h.svc.Activities(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	o, err := h.partners.Get(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	warning, err := h.svc.WarningFor(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "steering.activities", &activitiesView{Org: o, Activities: acts, Kinds: Kinds, Initiators: Initiators, Warning: warning})
	p.Title = p.T("steering.activities") + " · " + o.LegalName
	h.web.RenderForm(w, r, "steering_activities.html", p, formErr)
}

func (h *Handler) addActivity(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	f := r.PostForm
	in := ActivityInput{Kind: f.Get("kind"), On: f.Get("on"), Participants: f.Get("participants"), Notes: f.Get("notes"),
		InitiatedBy: f.Get("initiated_by"), ContactIDs: f["contact_ids"]}
	var err error
	if m := strings.TrimSpace(f.Get("minutes")); m != "" {
		if in.Minutes, err = strconv.Atoi(m); err != nil {
			var v apperr.Validation
			v.Add("minutes", "validation.integer")
			err = v.Err()
		}
	}
	var act *Activity
	if err == nil {
		act, err = h.svc.AddActivity(r.Context(), a, id, in)
	}
	if err != nil {
		h.renderActivities(w, r, a, err)
		return
	}
	saved := "form.saved"
	if act.Warning == WarnVampire {
		saved = "steering.activity_saved_vampire"
	}
	h.web.Redirect(w, r, "/partners/"+id+"/activities", saved)
}

func (h *Handler) deleteActivity(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id, activity := r.PathValue("id"), r.PathValue("activity")
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error { return h.svc.DeleteActivity(ctx, a, id, activity) }, func() web.Confirm {
		return web.Deleting(r, "steering.confirm_delete_activity")
	})
	if asked {
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/partners/"+id+"/activities", "steering.activity_deleted")
}

type plansView struct {
	Org   *partner.Organisation
	Plans []*Plan
	// Edit reports whether the actor may change the plans.
	Edit bool
	// Deals reports whether plans count deals registered in pakt: the page
	// then shows where the figures come from and the forecast.
	Deals bool
	lang  string
}

// Money formats an amount in minor units in whole units with the currency.
func (v *plansView) Money(minor int64, currency string) string {
	return i18n.Number(v.lang, minor/100) + " " + currency
}

// Major formats an amount in minor units as whole units for a form field.
func (v *plansView) Major(minor int64) string { return strconv.FormatInt(minor/100, 10) }

// Pct returns an attainment percentage, 0 when there is no target.
func (v *plansView) Pct(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// Bar returns the width of an attainment bar in percent, at most 100.
func (v *plansView) Bar(p *int) int {
	if p == nil {
		return 0
	}
	return min(max(*p, 0), 100)
}

func (h *Handler) plansPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderPlans(w, r, a, nil)
}

func (h *Handler) renderPlans(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	id := r.PathValue("id")
	plans, err := h.svc.Plans(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	o, err := h.partners.Get(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &plansView{Org: o, Plans: plans, Edit: Permit(a, id, EditPlans) == nil, Deals: h.svc.DealFigures != nil, lang: web.Lang(ctx)}
	p := h.web.NewPage(r, "steering.plans", v)
	p.Title = p.T("steering.plans") + " · " + o.LegalName
	h.web.RenderForm(w, r, "steering_plans.html", p, formErr)
}

// planFormField names the form field of each JSON field that differs.
var planFormField = map[string]string{"target_revenue_minor": "target_revenue", "actual_revenue_minor": "actual_revenue"}

// planFromForm reads the plan form: revenue in whole units of the currency.
func planFromForm(f url.Values, lang string) (PlanInput, error) {
	var v apperr.Validation
	num := func(field string, factor int64) int64 {
		n, ok := i18n.WholeNumber(f.Get(field), lang)
		if !ok {
			v.Add(field, "validation.integer")
		}
		return n * factor
	}
	in := PlanInput{Period: f.Get("period"), Currency: f.Get("currency"),
		TargetRevenueMinor: num("target_revenue", 100), TargetDeals: num("target_deals", 1), TargetCertifications: num("target_certifications", 1),
		ActualRevenueMinor: num("actual_revenue", 100), ActualDeals: num("actual_deals", 1), ActualCertifications: num("actual_certifications", 1)}
	return in, v.Err()
}

func (h *Handler) savePlan(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	in, err := planFromForm(r.PostForm, web.Lang(r.Context()))
	if err == nil {
		_, err = h.svc.SavePlan(r.Context(), a, id, in)
	} else if perr := h.svc.permitOrg(r.Context(), h.svc.DB, a, id, EditPlans); perr != nil {
		err = perr
	}
	if err != nil {
		h.renderPlans(w, r, a, apperr.RenameFields(err, planFormField))
		return
	}
	h.web.Redirect(w, r, "/partners/"+id+"/plans", "form.saved")
}

// cadenceRow is one line of the cadence form.
type cadenceRow struct {
	Scope, Value string
	Days         int
}

// Field is the row's form field name.
func (c cadenceRow) Field() string { return c.Scope + "." + c.Value }

type cadenceView struct {
	Rows []cadenceRow
	Edit bool
}

func cadenceRows(values map[string][]string, list []Cadence) []cadenceRow {
	var rows []cadenceRow
	for _, scope := range []string{ScopeQuadrant, ScopeTier} {
		for _, val := range values[scope] {
			row := cadenceRow{Scope: scope, Value: val}
			for _, c := range list {
				if c.Scope == scope && c.Value == val {
					row.Days = c.Days
				}
			}
			rows = append(rows, row)
		}
	}
	return rows
}

func (h *Handler) cadencePage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderCadence(w, r, a, nil)
}

func (h *Handler) renderCadence(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	list, err := h.svc.Cadences(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "steering.cadence", &cadenceView{Rows: cadenceRows(h.svc.CadenceValues(), list), Edit: Permit(a, "", EditCadences) == nil})
	h.web.RenderForm(w, r, "steering_cadence.html", p, formErr)
}

func (h *Handler) saveCadence(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if err := Permit(a, "", EditCadences); err != nil {
		h.web.Error(w, r, err)
		return
	}
	if !h.web.ParseForm(w, r) {
		return
	}
	var v apperr.Validation
	var list []Cadence
	for _, row := range cadenceRows(h.svc.CadenceValues(), nil) {
		s := strings.TrimSpace(r.PostForm.Get(row.Field()))
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			v.Add(row.Field(), "validation.integer")
			continue
		}
		list = append(list, Cadence{Scope: row.Scope, Value: row.Value, Days: n})
	}
	err := v.Err()
	if err == nil {
		_, err = h.svc.SetCadences(r.Context(), a, list)
	}
	if err != nil {
		h.renderCadence(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/steering/cadence", "form.saved")
}

type overdueView struct {
	Items []Overdue
	Mine  bool
	// More reports whether the widget shows only the first of the items.
	More  bool
	Total int
}

func (h *Handler) overduePage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	mine := r.URL.Query().Get("mine") == "1"
	list, err := h.svc.OverdueList(r.Context(), a, mine)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Render(w, r, http.StatusOK, "steering_overdue.html", h.web.NewPage(r, "steering.overdue", &overdueView{Items: list, Mine: mine, Total: len(list)}))
}

type teamView struct {
	Team *Team
	// Admin reports whether the reader sees every manager.
	Admin bool
	Lang  string
}

// Pct writes a share in percent, "—" when there is none.
func (v *teamView) Pct(p *int) string {
	if p == nil {
		return "—"
	}
	return i18n.Number(v.Lang, *p) + " %"
}

// Hours writes minutes as hours with one decimal.
func (v *teamView) Hours(minutes int64) string { return i18n.Decimal(v.Lang, int((minutes+3)/6)) }

// Tenths writes a number in tenths with one decimal, "—" when there is none.
func (v *teamView) Tenths(t *int) string {
	if t == nil {
		return "—"
	}
	return i18n.Decimal(v.Lang, *t)
}

// Days writes a number of days, "—" when there is none.
func (v *teamView) Days(d *int) string {
	if d == nil {
		return "—"
	}
	return i18n.Number(v.Lang, *d)
}

// LastQuarter is the view's newest quarter.
func (v *teamView) LastQuarter() string { return v.Team.Quarters[len(v.Team.Quarters)-1] }

// Open counts the prospects of a row that are neither won nor lost.
func (v *teamView) Open(m ManagerFigures) int {
	n := 0
	for _, s := range m.Prospects {
		if s.Stage != stageWon && s.Stage != stageLost {
			n += s.Count
		}
	}
	return n
}

// Rows are the manager rows and the team's totals last.
func (v *teamView) Rows() []ManagerFigures {
	return append(slices.Clone(v.Team.Managers), v.Team.Total)
}

func (h *Handler) teamPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	lang := web.Lang(r.Context())
	t, err := h.svc.Team(r.Context(), a, lang)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &teamView{Team: t, Admin: a.IsAdmin(), Lang: lang}
	h.web.Render(w, r, http.StatusOK, "steering_team.html", h.web.NewPage(r, "steering.team", v))
}

type vampiresView struct {
	Costs *VampireCosts
	Lang  string
}

// Hours writes minutes as hours with one decimal.
func (v *vampiresView) Hours(minutes int) string { return i18n.Decimal(v.Lang, (minutes+3)/6) }

// Money writes euro cents.
func (v *vampiresView) Money(minor int64) string { return i18n.Money(v.Lang, minor, "EUR") }

func (h *Handler) vampiresPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	c, err := h.svc.VampireCosts(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Render(w, r, http.StatusOK, "steering_vampires.html", h.web.NewPage(r, "steering.vampires", &vampiresView{Costs: c, Lang: web.Lang(r.Context())}))
}

// OverdueWidget is the dashboard card of partners whose personal contact is
// overdue, most overdue first: a partner manager sees the partners it
// manages, an admin all; everyone else sees no card.
func (h *Handler) OverdueWidget(r *http.Request, a *auth.Actor) (template.HTML, error) {
	if !a.IsStaff() {
		return "", nil
	}
	mine := !a.IsAdmin()
	list, err := h.svc.OverdueList(r.Context(), a, mine)
	if err != nil {
		return "", err
	}
	v := &overdueView{Items: list, Mine: mine, Total: len(list)}
	if len(list) > WidgetSize {
		v.Items, v.More = list[:WidgetSize], true
	}
	return h.web.Fragment(h.web.NewPage(r, "steering.overdue", v), "steering_overdue.html", "widget")
}

// overdueIn is the query of the overdue list.
type overdueIn struct {
	Mine bool `query:"mine" doc:"only the partners the caller manages"`
}

type orgIn struct {
	ID string `path:"id"`
}

type activityIn struct {
	ID   string        `path:"id"`
	Body ActivityInput `body:"json"`
}

type activityRef struct {
	ID       string `path:"id"`
	Activity string `path:"activity"`
}

type planIn struct {
	ID   string    `path:"id"`
	Body PlanInput `body:"json"`
}

type cadencesIn struct {
	Body struct {
		Items []Cadence `json:"items"`
	} `body:"json"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("steering", "Steering partners: activities, contact cadences per quadrant and tier, overdue contacts and partner plans")
	web.Enum(api, "activity_kind", Kinds)
	web.Enum(api, "activity_warning", []string{WarnVampire})
	web.Enum(api, "initiated_by", Initiators)
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/partners/{id}/activities", ID: "listActivities", Summary: "List activities", Description: "An organisation's activities, newest first (staff)", Tag: "steering"},
		func(ctx context.Context, a *auth.Actor, in *orgIn) (*web.List[*Activity], error) {
			acts, err := h.svc.Activities(ctx, a, in.ID)
			if err != nil {
				return nil, err
			}
			return web.Whole(acts), nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/partners/{id}/activities", ID: "createActivity", Summary: "Record an activity", Description: "Record an activity with an organisation (staff)", Tag: "steering", Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *activityIn) (*Activity, error) {
			return h.svc.AddActivity(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "DELETE", Path: "/api/v1/partners/{id}/activities/{activity}", ID: "deleteActivity", Summary: "Delete an activity", Description: "Remove an activity (staff)", Tag: "steering", Status: http.StatusNoContent},
		func(ctx context.Context, a *auth.Actor, in *activityRef) (*web.NoBody, error) {
			return nil, h.svc.DeleteActivity(ctx, a, in.ID, in.Activity)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/partners/{id}/plans", ID: "listPlans", Summary: "List plans", Description: "An organisation's plans with targets and attainment (staff, and the organisation's own users). Revenue and deals reached count the partner's deals registered in pakt (from_deals: won in the period, and a forecast of open approved deals weighted by stage) plus the actuals entered by hand for business outside pakt", Tag: "steering"},
		func(ctx context.Context, a *auth.Actor, in *orgIn) (*web.List[*Plan], error) {
			plans, err := h.svc.Plans(ctx, a, in.ID)
			if err != nil {
				return nil, err
			}
			return web.Whole(plans), nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/partners/{id}/plans", ID: "savePlan", Summary: "Save a plan", Description: "Create or replace the plan of a period (staff). The actual revenue and deals are those outside pakt: deals registered in pakt count by themselves", Tag: "steering"},
		func(ctx context.Context, a *auth.Actor, in *planIn) (*Plan, error) {
			return h.svc.SavePlan(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/steering/vampire-costs", ID: "getVampireCosts", Summary: "What vampires cost",
		Description: "The time spent with the partners that are vampires today, and the marketing funds paid to them, per quarter over the last four (staff)", Tag: "steering"},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*VampireCosts, error) {
			return h.svc.VampireCosts(ctx, a)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/steering/team", ID: "getTeam", Summary: "How each manager works",
		Description: "Per partner manager (the partners it is responsible for) and for the whole team, over the last four quarters and per quarter: the share of activities with a C-level contact, the share we initiated (proactive), the partners whose contact cadence is kept today, activities and time per quadrant, prospects per stage and conversion, the partners' median days to their first won deal and their satisfaction. Admins see every manager; a partner manager sees its own row and the team's totals (staff)", Tag: "steering"},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*Team, error) {
			return h.svc.Team(ctx, a, web.Lang(ctx))
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/steering/cadence", ID: "listCadences", Summary: "List contact cadences", Description: "The contact cadence per quadrant and tier in days (staff)", Tag: "steering"},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*web.List[Cadence], error) {
			c, err := h.svc.Cadences(ctx, a)
			if err != nil {
				return nil, err
			}
			return web.Whole(c), nil
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/steering/cadence", ID: "setCadences", Summary: "Set contact cadences", Description: "Replace every cadence; zero days means none (admins)", Tag: "steering"},
		func(ctx context.Context, a *auth.Actor, in *cadencesIn) (*web.List[Cadence], error) {
			c, err := h.svc.SetCadences(ctx, a, in.Body.Items)
			if err != nil {
				return nil, err
			}
			return web.Whole(c), nil
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/steering/overdue", ID: "listOverdue", Summary: "List overdue contacts", Description: "Partners whose personal contact is overdue, most overdue first (staff)", Tag: "steering"},
		func(ctx context.Context, a *auth.Actor, in *overdueIn) (*web.List[Overdue], error) {
			o, err := h.svc.OverdueList(ctx, a, in.Mine)
			if err != nil {
				return nil, err
			}
			return web.Whole(o), nil
		})
}
