package concierge

import (
	"context"
	"net/http"

	"pakt/internal/auth"
	"pakt/internal/web"
)

type idIn struct {
	ID string `path:"id"`
}

// DecisionInput is an optional note with a rejection or a decline.
type DecisionInput struct {
	Reason string `json:"reason,omitempty" doc:"a note for the asker (reject, decline)"`
}

type decisionIn struct {
	ID   string        `path:"id"`
	Body DecisionInput `body:"json"`
}

// OutcomeInput is what came of an accepted introduction.
type OutcomeInput struct {
	Outcome string `json:"outcome" doc:"cooperation, joint_deal or no_fit" enum:"outcome"`
}

type outcomeIn struct {
	ID   string       `path:"id"`
	Body OutcomeInput `body:"json"`
}

type introPost struct {
	Body IntroInput `body:"json"`
}

type pinPost struct {
	Body PinInput `body:"json"`
}

type settingsPut struct {
	Body Settings `body:"json"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("concierge", "Finding the right partner: ranked matches with their reasons, introductions with double opt-in, recommendations and statistics")
	web.Enum(api, "introduction_status", Statuses)
	web.Enum(api, "outcome", Outcomes)
	const tag = "concierge"
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/concierge/matches", ID: "conciergeMatches",
		Summary: "Find matching partners", Description: "Published partners for competencies or a topic, best first, with the reasons for each rank (staff, partner users)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *Query) (*Result, error) {
			return h.svc.Matches(ctx, a, *in, web.Lang(ctx))
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/concierge/pins", ID: "listConciergePins",
		Summary: "List recommendations", Description: "The partners the programme recommends per competency (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*web.List[*Pin], error) {
			p, err := h.svc.Pins(ctx, a)
			if err != nil {
				return nil, err
			}
			return web.Whole(p), nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/concierge/pins", ID: "addConciergePin",
		Summary: "Recommend a partner", Description: "Recommend a published partner for a competency (staff)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *pinPost) (*Pin, error) {
			return h.svc.AddPin(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "DELETE", Path: "/api/v1/concierge/pins/{id}", ID: "deleteConciergePin",
		Summary: "Remove a recommendation", Description: "Remove a recommendation (staff)", Tag: tag, Status: http.StatusNoContent},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*web.NoBody, error) {
			return nil, h.svc.DeletePin(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/concierge/settings", ID: "getConciergeSettings",
		Summary: "Get the concierge settings", Description: "The concierge settings (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*Settings, error) {
			s, err := h.svc.Settings(ctx, a)
			return &s, err
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/concierge/settings", ID: "setConciergeSettings",
		Summary: "Change the concierge settings", Description: "Change the concierge settings: whether introductions need a concierge's approval (admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *settingsPut) (*Settings, error) {
			s, err := h.svc.SaveSettings(ctx, a, in.Body)
			return &s, err
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/concierge/stats", ID: "getConciergeStats",
		Summary: "Get introduction statistics", Description: "Introductions, acceptance rate, median time to answer and outcomes per topic (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*Stats, error) {
			return h.svc.Stats(ctx, a, web.Lang(ctx))
		})

	const intros = "/api/v1/introductions"
	web.Register(api, web.Operation{Method: "GET", Path: intros, ID: "listIntroductions",
		Summary: "List introductions", Description: "Introductions the caller's organisation asked for or was asked for, newest first; all for staff", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*web.List[*Introduction], error) {
			l, err := h.svc.Introductions(ctx, a)
			if err != nil {
				return nil, err
			}
			return web.Whole(l), nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: intros, ID: "requestIntroduction",
		Summary: "Ask for an introduction", Description: "Ask to be introduced to a published partner (partner users)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *introPost) (*Introduction, error) {
			return h.svc.RequestIntroduction(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: intros + "/{id}", ID: "getIntroduction",
		Summary: "Get an introduction", Description: "An introduction; the contact persons of both sides once the target accepted (its parties, staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*Introduction, error) {
			return h.svc.Introduction(ctx, a, in.ID)
		})
	for _, act := range []struct{ action, id, summary, description string }{
		{ActionApprove, "approveIntroduction", "Approve an introduction", "Pass an introduction on to its target (staff, when approval is required)"},
		{ActionReject, "rejectIntroduction", "Reject an introduction", "Refuse an introduction before its target sees it (staff)"},
		{ActionAccept, "acceptIntroduction", "Accept an introduction", "Accept an introduction: both sides see each other's contact person (the target's users)"},
		{ActionDecline, "declineIntroduction", "Decline an introduction", "Decline an introduction (the target's users)"},
		{ActionWithdraw, "withdrawIntroduction", "Withdraw an introduction", "Withdraw an open introduction (the asker's users)"},
	} {
		action := act.action
		web.Register(api, web.Operation{Method: "POST", Path: intros + "/{id}/" + action, ID: act.id, Summary: act.summary, Description: act.description, Tag: tag},
			func(ctx context.Context, a *auth.Actor, in *decisionIn) (*Introduction, error) {
				out, err := h.svc.Decide(ctx, a, in.ID, action, in.Body.Reason)
				if err != nil {
					return nil, err
				}
				return h.svc.Introduction(ctx, a, out.ID)
			})
	}
	web.Register(api, web.Operation{Method: "POST", Path: intros + "/{id}/outcome", ID: "reportIntroductionOutcome",
		Summary: "Report an introduction's outcome", Description: "Report what came of an accepted introduction (the users of either side)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *outcomeIn) (*Introduction, error) {
			return h.svc.ReportOutcome(ctx, a, in.ID, in.Body.Outcome)
		})
}
