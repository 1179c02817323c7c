package portfolio

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/web"
)

type portfolioIn struct {
	Profile string `query:"profile" doc:"the id of the ideal-partner profile (default: the default profile)"`
	AsOf    string `query:"as_of" doc:"YYYY-MM-DD: the latest assessment on or before this day (default today)"`
	Tier    string `query:"tier" enum:"tier"`
	Manager string `query:"manager" doc:"user id of the responsible partner manager"`
	Region  string `query:"region"`
	Status  string `query:"status" enum:"partner_status"`
}

func (in portfolioIn) filter() Filter {
	return filterFrom(url.Values{"profile": {in.Profile}, "tier": {in.Tier}, "manager": {in.Manager}, "region": {in.Region}, "status": {in.Status}})
}

type migrationsIn struct {
	Profile string `query:"profile" doc:"the id of the ideal-partner profile (default: the default profile)"`
	From    string `query:"from" doc:"YYYY-MM-DD"`
	To      string `query:"to" doc:"YYYY-MM-DD"`
	Tier    string `query:"tier" enum:"tier"`
	Manager string `query:"manager"`
	Region  string `query:"region"`
	Status  string `query:"status" enum:"partner_status"`
}

type idIn struct {
	ID string `path:"id"`
}

type assessmentsIn struct {
	ID      string `path:"id"`
	Profile string `query:"profile" doc:"only the assessments in the ideal-partner profile with this id (default: in every profile)"`
}

type criterionIn struct {
	Body CriterionInput `body:"json"`
}

type criterionUpdateIn struct {
	ID   string         `path:"id"`
	Body CriterionInput `body:"json"`
}

type thresholdsIn struct {
	Body struct {
		Can  int `json:"can"`
		Will int `json:"will"`
	} `body:"json"`
}

type actionsIn struct {
	Body Actions `body:"json"`
}

type assessIn struct {
	ID   string          `path:"id"`
	Body AssessmentInput `body:"json"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("portfolio", "The CAN × WILL portfolio: criteria, assessments, thresholds, quadrants and business cases")
	web.Enum(api, "axis", []string{AxisCan, AxisWill})
	web.Enum(api, "quadrant", Quadrants)
	web.Enum(api, "assessment_alert", []string{AlertHeroDropped, AlertShadowRising})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/portfolio", ID: "getPortfolio", Summary: "Get the portfolio", Description: "Every organisation assessed in an ideal-partner profile on the CAN × WILL matrix, placed with the profile's thresholds, with counts per quadrant (staff)", Tag: "portfolio"},
		func(ctx context.Context, a *auth.Actor, in *portfolioIn) (*Portfolio, error) {
			var v apperr.Validation
			asOf := v.Day("as_of", in.AsOf, false)
			if err := v.Err(); err != nil {
				return nil, err
			}
			return h.svc.Portfolio(ctx, a, asOf, in.filter())
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/portfolio/migrations", ID: "getPortfolioMigrations", Summary: "List quadrant changes", Description: "Organisations that moved between quadrants from one day to another (staff)", Tag: "portfolio"},
		func(ctx context.Context, a *auth.Actor, in *migrationsIn) (*web.List[Movement], error) {
			var v apperr.Validation
			from, to := v.Day("from", in.From, false), v.Day("to", in.To, false)
			if from.IsZero() && in.From == "" {
				v.Add("from", "validation.required")
			}
			if to.IsZero() && in.To == "" {
				v.Add("to", "validation.required")
			}
			if err := staffOnly(a); err != nil {
				return nil, err
			}
			if err := v.Err(); err != nil {
				return nil, err
			}
			m, err := h.svc.Migrations(ctx, a, from, to, filterFrom(url.Values{"profile": {in.Profile}, "tier": {in.Tier}, "manager": {in.Manager}, "region": {in.Region}, "status": {in.Status}}))
			if err != nil {
				return nil, err
			}
			return &web.List[Movement]{Items: m, Total: len(m), Page: 1, PerPage: len(m)}, nil
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/criteria", ID: "listCriteria", Summary: "List criteria", Description: "The CAN and WILL criteria, retired ones included (staff)", Tag: "portfolio"},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*web.List[*Criterion], error) {
			c, err := h.svc.Criteria(ctx, a)
			if err != nil {
				return nil, err
			}
			if c == nil {
				c = []*Criterion{}
			}
			return &web.List[*Criterion]{Items: c, Total: len(c), Page: 1, PerPage: len(c)}, nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/criteria", ID: "createCriterion", Summary: "Add a criterion", Description: "Add a criterion (admins)", Tag: "portfolio", Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *criterionIn) (*Criterion, error) {
			return h.svc.SaveCriterion(ctx, a, "", in.Body)
		})
	web.Register(api, web.Operation{Method: "PATCH", Path: "/api/v1/criteria/{id}", ID: "updateCriterion", Summary: "Change a criterion", Description: "Change a criterion; old assessments keep what they were made with (admins)", Tag: "portfolio"},
		func(ctx context.Context, a *auth.Actor, in *criterionUpdateIn) (*Criterion, error) {
			return h.svc.SaveCriterion(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/portfolio/thresholds", ID: "getThresholds", Summary: "Get the thresholds", Description: "The CAN and WILL thresholds (staff)", Tag: "portfolio"},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*Thresholds, error) {
			return h.svc.Thresholds(ctx, a)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/portfolio/thresholds", ID: "setThresholds", Summary: "Set the thresholds", Description: "Set the thresholds, 0–100 each (admins)", Tag: "portfolio"},
		func(ctx context.Context, a *auth.Actor, in *thresholdsIn) (*Thresholds, error) {
			return h.svc.SetThresholds(ctx, a, in.Body.Can, in.Body.Will)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/portfolio/actions", ID: "getQuadrantActions", Summary: "Get the actions per quadrant",
		Description: "What pakt does per quadrant: alerts on heroes and shadows, when shadows are due for a new look, warnings before time or money go to candidates and vampires (staff)", Tag: "portfolio"},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*Actions, error) {
			return h.svc.Actions(ctx, a)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/portfolio/actions", ID: "setQuadrantActions", Summary: "Set the actions per quadrant",
		Description: "Replace the actions per quadrant; every field is set, a missing one is off (admins)", Tag: "portfolio"},
		func(ctx context.Context, a *auth.Actor, in *actionsIn) (*Actions, error) {
			return h.svc.SetActions(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/partners/{id}/assessments", ID: "listAssessments", Summary: "List assessments", Description: "An organisation's assessments in every ideal-partner profile or in one, newest first (staff)", Tag: "portfolio"},
		func(ctx context.Context, a *auth.Actor, in *assessmentsIn) (*web.List[*Assessment], error) {
			if _, err := h.partners.Get(ctx, a, in.ID); err != nil {
				return nil, err
			}
			list, err := h.svc.History(ctx, a, in.ID)
			if err != nil {
				return nil, err
			}
			if in.Profile != "" {
				list = slices.DeleteFunc(list, func(as *Assessment) bool { return as.ProfileID != in.Profile })
			}
			return &web.List[*Assessment]{Items: list, Total: len(list), Page: 1, PerPage: len(list)}, nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/partners/{id}/assessments", ID: "createAssessment", Summary: "Assess an organisation", Description: "Assess an organisation in an ideal-partner profile with the active criteria, the profile's weights and thresholds (staff)", Tag: "portfolio", Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *assessIn) (*Assessment, error) {
			return h.svc.Assess(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/assessments/{id}", ID: "getAssessment", Summary: "Get an assessment", Description: "One CAN × WILL assessment with its scores per criterion, its points and its quadrant (staff)", Tag: "portfolio"},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*Assessment, error) {
			return h.svc.Assessment(ctx, a, in.ID)
		})
}
