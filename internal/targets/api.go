package targets

import (
	"context"

	"pakt/internal/auth"
	"pakt/internal/web"
)

type rollupIn struct {
	Period string `query:"period" doc:"2027, 2027-H1, 2027-Q3 or 2027-05; the current year when empty"`
}

type targetPut struct {
	Body Input `body:"json"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("targets", "Targets per period: the programme's and each partner manager's, rolled up from the partners' plans, and the recruitment targets of managers and recruiters, with attainment and a forecast")
	web.Enum(api, "target_outlook", Outlooks)
	web.Enum(api, "target_basis", Bases)
	const tag = "targets"
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/targets", ID: "getTargetRollup",
		Summary: "Get the targets' roll-up of a period",
		Description: "Admins: the programme, every partner manager (the plans of the partners it is responsible for, summed in its target's currency) and every recruiter; " +
			"a partner manager: its own line; a recruiter: its own recruitment (prospects won). Each figure has its target, the partners' planned sum, what was reached, " +
			"the attainment and a forecast: the pace so far or the weighted open deals for the rest of the period, whichever is larger",
		Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *rollupIn) (*Rollup, error) {
			return h.svc.Rollup(ctx, a, in.Period, web.Lang(ctx))
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/targets", ID: "setTarget",
		Summary:     "Set a target",
		Description: "Sets the programme's target (no user_id) or a partner manager's or recruiter's for a period; recruiters get recruitment targets only (programme admins)",
		Tag:         tag},
		func(ctx context.Context, a *auth.Actor, in *targetPut) (*Target, error) {
			return h.svc.Save(ctx, a, in.Body)
		})
}
