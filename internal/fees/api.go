package fees

import (
	"context"
	"net/http"

	"pakt/internal/auth"
	"pakt/internal/web"
)

type recruiterRef struct {
	ID string `path:"id"`
}

type rulePost struct {
	ID   string    `path:"id"`
	Body RuleInput `body:"json"`
}

type statementRef struct {
	ID    string `path:"id"`
	Month string `path:"month" doc:"a month such as 2026-12"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("fees", "Recruiter fees: what each external recruiter is paid for the prospects it brings, its monthly statements and its performance in the pipeline")
	web.Enum(api, "fee_line", LineKinds)
	web.Enum(api, "fee_stage", Payable(h.svc.Pipeline))
	const tag = "fees"
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/fees/recruiters", ID: "listFeeRecruiters",
		Summary: "List recruiters with their fees", Description: "Staff: every recruiter with the rule in force today and the current month's totals, by name; a recruiter: itself", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*web.List[*Recruiter], error) {
			return web.WholeList(h.svc.Recruiters(ctx, a, web.Lang(ctx)))
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/fees/recruiters/{id}/rules", ID: "listFeeRules",
		Summary: "List a recruiter's fee rule versions", Description: "Every version of the recruiter's fee rule, newest first; each applies from its first day until a later one starts (staff; the recruiter itself)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *recruiterRef) (*web.List[*Rule], error) {
			return web.WholeList(h.svc.Rules(ctx, a, in.ID))
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/fees/recruiters/{id}/rules", ID: "createFeeRule",
		Summary: "Change a recruiter's fee rule", Description: "Save a new version: a fee per prospect that first reaches a stage, a fee per won partner and the months within which the partner's first deal keeps it; it applies from its first day (today or later), earlier days keep their prices (programme admins)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *rulePost) (*Rule, error) {
			return h.svc.SaveRule(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/fees/recruiters/{id}/statements/{month}", ID: "getFeeStatement",
		Summary: "Get a recruiter's monthly statement", Description: "The lines of a month (stage fees, won fees, clawbacks as negative lines in the month they fall due) and the totals per currency (staff; the recruiter itself)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *statementRef) (*Statement, error) {
			return h.svc.Statement(ctx, a, in.ID, in.Month)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/fees/recruiters/{id}/performance", ID: "getRecruiterPerformance",
		Summary: "Get a recruiter's performance", Description: "Per stage of the recruiter's prospects the conversion to a later stage and the median days spent, and how many became partners (staff; the recruiter itself)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *recruiterRef) (*Performance, error) {
			return h.svc.Performance(ctx, a, in.ID)
		})
}
