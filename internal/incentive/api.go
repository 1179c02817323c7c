package incentive

import (
	"context"
	"net/http"

	"pakt/internal/auth"
	"pakt/internal/web"
)

type rulePost struct {
	Body RuleInput `body:"json"`
}

type ruleRef struct {
	ID      string `path:"id"`
	Version int    `query:"version" doc:"a past version; the current one when 0 or absent"`
}

type rulePut struct {
	ID   string    `path:"id"`
	Body RuleInput `body:"json"`
}

type summariesIn struct {
	Quarter string `query:"quarter" doc:"a quarter such as 2026-Q4; staff: the current one when empty; partner users: every quarter when empty"`
}

type statementRef struct {
	Org     string `path:"org"`
	Quarter string `path:"quarter"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("incentives", "P2P incentives: the programme's incentive rules and every partner's quarterly statements of what won deals earned it")
	web.Enum(api, "incentive_role", Roles)
	web.Enum(api, "incentive_note", Notes)
	const tag = "incentives"
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/incentives/rules", ID: "listIncentiveRules",
		Summary: "List incentive rules", Description: "Staff: every rule in its current version; partner users: the terms that apply today or later", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*web.List[*Rule], error) {
			return web.WholeList(h.svc.Rules(ctx, a))
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/incentives/rules", ID: "createIncentiveRule",
		Summary: "Create an incentive rule", Description: "A rule for one currency: rates per role and the P2P bonus in basis points of a party's share, caps per deal and per quarter, a validity; refused when its validity overlaps another rule's for the same currency (programme admins)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *rulePost) (*Rule, error) {
			return h.svc.CreateRule(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/incentives/rules/{id}", ID: "getIncentiveRule",
		Summary: "Get an incentive rule", Description: "A rule in its current or a past version (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *ruleRef) (*Rule, error) {
			return h.svc.Rule(ctx, a, in.ID, in.Version)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/incentives/rules/{id}", ID: "updateIncentiveRule",
		Summary: "Change an incentive rule", Description: "Save the rule anew as its next version; lines already earned keep the version that computed them (programme admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *rulePut) (*Rule, error) {
			return h.svc.UpdateRule(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/incentives/rules/{id}/versions", ID: "listIncentiveRuleVersions",
		Summary: "List a rule's versions", Description: "Every version of a rule, newest first (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *ruleRef) (*web.List[*Rule], error) {
			return web.WholeList(h.svc.Versions(ctx, a, in.ID))
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/incentives/statements", ID: "listIncentiveStatements",
		Summary: "List statements", Description: "Statements without their lines: staff, every partner's of a quarter, by name; partner users, their own organisation's per quarter, newest first", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *summariesIn) (*web.List[*Summary], error) {
			return web.WholeList(h.svc.Summaries(ctx, a, in.Quarter, web.Lang(ctx)))
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/incentives/statements/{org}/{quarter}", ID: "getIncentiveStatement",
		Summary: "Get a statement", Description: "What a partner earned in a quarter (e.g. 2026-Q4): its lines with the rule version of each and the totals per currency (staff; the partner's own users)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *statementRef) (*Statement, error) {
			return h.svc.Statement(ctx, a, in.Org, in.Quarter)
		})
}
