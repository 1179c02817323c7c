package admission

import (
	"context"
	"net/http"

	"pakt/internal/auth"
	"pakt/internal/web"
)

type none struct{}

type settingsPut struct {
	Body SettingsInput `body:"json"`
}

type applyPost struct {
	Body Input `body:"json"`
}

type listIn struct {
	Status string `query:"status" enum:"application_status" doc:"only applications in this state"`
	Lang   string `query:"lang" doc:"language of the competencies' names, de or en (default: the caller's)" enum:"lang"`
}

type idIn struct {
	ID string `path:"id"`
}

type votePut struct {
	ID   string    `path:"id"`
	Body VoteInput `body:"json"`
}

type decisionPost struct {
	ID   string        `path:"id"`
	Body DecisionInput `body:"json"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	const tag = "admission"
	api.Tag(tag, "The association's admission of members: applications, the admission criteria and the board's votes and decisions")
	web.Enum(api, "application_status", Statuses)
	web.Enum(api, "admission_vote", Choices)
	web.Enum(api, "admission_criterion", Criteria)
	web.Enum(api, "admission_result", []string{Met, NotMet, ToCheck})
	web.Enum(api, "admission_outcome", Outcomes)
	web.Enum(api, "admission_account", Accounts)
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/admission-settings", ID: "getAdmissionSettings",
		Summary: "Admission settings", Description: "The admission criteria and the board's decision rule: quorum and majority (admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *none) (*Settings, error) {
			return h.svc.Settings(ctx, a)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/community/admission-settings", ID: "setAdmissionSettings",
		Summary: "Change the admission settings", Description: "Switch criteria on or off, set the least number of project references, the quorum and the majority; open applications are judged by the new settings (admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *settingsPut) (*Settings, error) {
			return h.svc.SaveSettings(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/applications", ID: "listApplications",
		Summary: "List membership applications", Description: "Every application with its criteria check and the board's votes to the association's admins and board; a partner user's own organisation's applications, without the votes. Others: 404", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *listIn) (*web.List[*Application], error) {
			l, _, err := h.svc.List(ctx, a, web.LangOr(ctx, in.Lang), in.Status)
			if err != nil {
				return nil, err
			}
			return web.Whole(l), nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/community/applications", ID: "applyForMembership", Status: http.StatusCreated, Public: true,
		Summary: "Apply for membership", Description: "A partner admin applies for its organisation, which is not a member and has no open application; without authentication the public form's fields (company, contact, consent) make the company an applicant organisation, limited per address. An application that misses a required criterion is refused, naming the fields", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *applyPost) (*Application, error) {
			_, r := web.HTTP(ctx)
			return h.svc.Apply(ctx, a, web.RemoteAddr(r), web.Lang(ctx), in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/applications/{id}", ID: "getApplication",
		Summary: "Get a membership application", Description: "With the votes to the association's admins and board; without them to the applicant's own users. Others: 404", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*Application, error) {
			return h.svc.Get(ctx, a, web.Lang(ctx), in.ID)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/community/applications/{id}/vote", ID: "voteOnApplication",
		Summary: "Vote on a membership application", Description: "A board member casts or changes its vote (approve, reject, abstain, with a comment) until the decision; admins get 403", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *votePut) (*Application, error) {
			return h.svc.Vote(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/community/applications/{id}/decision", ID: "decideApplication",
		Summary: "Decide a membership application", Description: "Records the decision the votes make, with the reasons told to the applicant (the association's admins and board); 409 before the quorum is reached. An admitted organisation's membership starts today", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *decisionPost) (*Application, error) {
			return h.svc.Decide(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/community/applications/{id}/withdraw", ID: "withdrawApplication",
		Summary: "Withdraw a membership application", Description: "A partner admin of the applying organisation withdraws its application while it awaits the decision (submitted or voting); the board is told and can no longer vote on it. Its partner members, the board and the admins get 403, others 404; a decided application 409", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*Application, error) {
			return h.svc.Withdraw(ctx, a, in.ID)
		})
}
