package funds

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"pakt/internal/auth"
	"pakt/internal/web"
)

type activitiesIn struct {
	OrgID  string `query:"org_id" doc:"one partner's activities (staff); partner users always get their own"`
	Status string `query:"status" doc:"one state; all when empty" enum:"fund_status"`
	Period string `query:"period" doc:"a quarter (2026-Q2) or a year (2026) of the planned day; all when empty"`
}

type requestPost struct {
	Body RequestInput `body:"json"`
}

type activityRef struct {
	ID string `path:"id"`
}

type decisionPost struct {
	ID   string   `path:"id"`
	Body Decision `body:"json"`
}

type linkPost struct {
	ID   string    `path:"id"`
	Body LinkInput `body:"json"`
}

type budgetIn struct {
	OrgID  string `path:"org"`
	Period string `path:"period" doc:"a quarter, e.g. 2026-Q2"`
}

type budgetsIn struct {
	Period string `query:"period" doc:"a quarter, e.g. 2026-Q2"`
}

type budgetPut struct {
	Body BudgetInput `body:"json"`
}

type moneyIn struct {
	Period string `query:"period" doc:"a quarter (2026-Q2) or a year (2026)"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("funds", "Marketing development funds: budgets per partner and quarter, fund requests for activities, claims with proof, payments and the return on funds")
	web.Enum(api, "fund_kind", Kinds)
	web.Enum(api, "fund_status", Statuses)
	web.Enum(api, "fund_decision", Decisions)
	web.Enum(api, "fund_link_kind", LinkKinds)
	web.Enum(api, "fund_warning", []string{WarnCandidate, WarnVampire})
	const tag = "funds"
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/funds/activities", ID: "listFundActivities",
		Summary: "List fund activities", Description: "Activities partners asked funds for, the latest planned first (staff: all; partner users: their own organisation's)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *activitiesIn) (*web.List[*Activity], error) {
			list, err := h.svc.Activities(ctx, a, Filter{OrgID: in.OrgID, Status: in.Status, Period: in.Period})
			if err != nil {
				return nil, err
			}
			return &web.List[*Activity]{Items: list, Total: len(list), Page: 1, PerPage: len(list)}, nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/funds/activities", ID: "requestFunds",
		Summary: "Request funds", Description: "Ask for funds for a planned activity of the caller's organisation (partner admins); the amount must fit in what remains of the quarter's budget", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *requestPost) (*Activity, error) {
			return h.svc.Request(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/funds/activities/{id}", ID: "getFundActivity",
		Summary: "Get a fund activity", Description: "An activity with its amounts and state (staff and the partner's users)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *activityRef) (*Activity, error) {
			return h.svc.Activity(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/funds/activities/{id}/decision", ID: "decideFunds",
		Summary: "Decide on a request or claim", Description: "Approve (perhaps a lower amount) or reject a request with a reason; return a claim for more proof with a reason, or mark it paid (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *decisionPost) (*Activity, error) {
			return h.svc.Decide(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/funds/activities/{id}/files", ID: "listFundFiles",
		Summary: "List proof files", Description: "The proof files of a claim; download each at /funds/files/{id} (staff and the partner's users)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *activityRef) (*web.List[*File], error) {
			list, err := h.svc.Files(ctx, a, in.ID)
			if err != nil {
				return nil, err
			}
			return &web.List[*File]{Items: list, Total: len(list), Page: 1, PerPage: len(list)}, nil
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/funds/activities/{id}/links", ID: "listFundLinks",
		Summary: "List linked deals and leads", Description: "The deals and leads an activity brought, with their outcomes (staff and the partner's users)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *activityRef) (*web.List[*Link], error) {
			list, err := h.svc.Links(ctx, a, in.ID)
			if err != nil {
				return nil, err
			}
			return &web.List[*Link]{Items: list, Total: len(list), Page: 1, PerPage: len(list)}, nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/funds/activities/{id}/links", ID: "linkFundActivity",
		Summary: "Link a deal or lead", Description: "Link one of the partner's own deals or leads to the activity, for its return on funds (staff and the partner's admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *linkPost) (*web.List[*Link], error) {
			list, err := h.svc.Link(ctx, a, in.ID, in.Body)
			if err != nil {
				return nil, err
			}
			return &web.List[*Link]{Items: list, Total: len(list), Page: 1, PerPage: len(list)}, nil
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/funds/budgets", ID: "listFundBudgets",
		Summary: "List budgets", Description: "Every partner's budget of a quarter with what was requested, approved, claimed, paid and remains (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *budgetsIn) (*web.List[*Budget], error) {
			list, err := h.svc.Budgets(ctx, a, in.Period)
			if err != nil {
				return nil, err
			}
			sortBudgets(list)
			return &web.List[*Budget]{Items: list, Total: len(list), Page: 1, PerPage: len(list)}, nil
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/funds/budgets/{org}/{period}", ID: "getFundBudget",
		Summary: "Get a partner's budget", Description: "A partner's budget of a quarter with what was requested, approved, claimed, paid and remains (staff and the partner's users)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *budgetIn) (*Budget, error) {
			return h.svc.Budget(ctx, a, in.OrgID, in.Period)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/funds/budgets", ID: "setFundBudget",
		Summary: "Set a budget", Description: "Set a partner's budget of a quarter, in euro cents; not below what its activities already draw (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *budgetPut) (*Budget, error) {
			return h.svc.SetBudget(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/funds/money", ID: "getFundsMoneyView",
		Summary: "Where the money goes", Description: "Funds paid, leads given and converted, won revenue and return per euro, per portfolio quadrant and per partner, the most paid first (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *moneyIn) (*MoneyView, error) {
			return h.svc.Money(ctx, a, in.Period)
		})
}

// sortBudgets orders budgets by partner id, for a stable API answer.
func sortBudgets(list []*Budget) {
	slices.SortFunc(list, func(a, b *Budget) int { return strings.Compare(a.OrgID, b.OrgID) })
}
