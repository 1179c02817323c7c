package dues

import (
	"context"
	"net/http"

	"pakt/internal/auth"
	"pakt/internal/web"
)

type none struct{}

type feesIn struct {
	Year int    `query:"year" doc:"the year of the fees (default: every year)"`
	Lang string `query:"lang" doc:"language the organisations' names sort in, de or en (default: the caller's)" enum:"lang"`
}

type paymentPut struct {
	ID   string  `path:"id"`
	Body Payment `body:"json"`
}

type settingsPatch struct {
	Body SettingsInput `body:"json"`
}

type historyOut struct {
	Points []Point `json:"points"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("dues", "The association's membership administration: yearly fees as items (no payment processing), resignations with their notice period, the members over time")
	web.Enum(api, "notice_period", Periods)
	const tag = "dues"
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/dues/settings", ID: "getDuesSettings",
		Summary: "Fee and notice settings", Description: "The yearly fee per kind of membership, its due day, the reminder and the notice period of a resignation (the association's admins and board)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *none) (*Settings, error) {
			return h.svc.Settings(ctx, a)
		})
	web.Register(api, web.Operation{Method: "PATCH", Path: "/api/v1/community/dues/settings", ID: "updateDuesSettings",
		Summary: "Change the fee and notice settings", Description: "Change the fees of the years to come, the due day, the reminder and the notice period; fees raised and resignations submitted keep theirs (the association's admins and board)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *settingsPatch) (*Settings, error) {
			return h.svc.SaveSettings(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/dues/fees", ID: "listMembershipFees",
		Summary: "List membership fees", Description: "The yearly fees, the latest year first: every member's to the association's admins and board, its own organisation's to a member's users", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *feesIn) (*web.List[*Fee], error) {
			l, err := h.svc.Fees(ctx, a, in.Year, web.LangOr(ctx, in.Lang))
			if err != nil {
				return nil, err
			}
			return web.Whole(l), nil
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/community/dues/fees/{id}/payment", ID: "recordFeePayment",
		Summary: "Record a fee's payment", Description: "Record the day a fee was paid, or that it is not paid (an empty day); pakt takes no payments (the association's admins and board)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *paymentPut) (*Fee, error) {
			return h.svc.Pay(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/dues/resignations", ID: "listResignations",
		Summary: "List resignations", Description: "The pending resignations of every member to the association's admins and board; all of its own organisation's to a member's users", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *none) (*web.List[*Resignation], error) {
			l, err := h.svc.Resignations(ctx, a)
			if err != nil {
				return nil, err
			}
			return web.Whole(l), nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/community/dues/resignation", ID: "resignMembership",
		Summary: "Resign the membership", Description: "Resign the caller's organisation's membership: it ends at the end of the notice period and the board is told (the member's partner admins)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, _ *none) (*Resignation, error) {
			return h.svc.Resign(ctx, a)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/community/dues/resignation/withdraw", ID: "withdrawResignation",
		Summary: "Withdraw the resignation", Description: "Withdraw the caller's organisation's pending resignation before it takes effect; the board is told (the member's partner admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *none) (*Resignation, error) {
			return h.svc.Withdraw(ctx, a)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/dues/history", ID: "membersOverTime",
		Summary: "Members over time", Description: "The running memberships per kind at the end of each quarter of the past six years, oldest first, the current quarter counted today (the association's admins and board)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *none) (*historyOut, error) {
			p, err := h.svc.History(ctx, a, HistoryYears)
			if err != nil {
				return nil, err
			}
			return &historyOut{Points: p}, nil
		})
}
