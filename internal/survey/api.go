package survey

import (
	"context"
	"net/http"

	"pakt/internal/auth"
	"pakt/internal/web"
)

type ref struct {
	ID string `path:"id"`
}

type resultsIn struct {
	ID   string `path:"id"`
	Lang string `query:"lang" doc:"language of the group names, de or en (default: the caller's)" enum:"lang"`
}

type answerPost struct {
	ID   string      `path:"id"`
	Body AnswerInput `body:"json"`
}

type settingsPut struct {
	Body SettingsInput `body:"json"`
}

type none struct{}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("survey", "Partner satisfaction: survey rounds sent to the partner admins, their answers, and the results for staff (Net Promoter Score and averages per manager, tier, quadrant and round)")
	web.Enum(api, "survey_question_kind", Kinds)
	const tag = "survey"
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/survey/rounds", ID: "listSurveyRounds",
		Summary: "List survey rounds", Description: "Every survey round, the latest first, with its Net Promoter Score and averages: the results over time (staff; managers see no figures of a round with fewer than 3 answers)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *none) (*web.List[*Round], error) {
			l, err := h.svc.Rounds(ctx, a)
			if err != nil {
				return nil, err
			}
			return web.Whole(l), nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/survey/rounds", ID: "startSurveyRound",
		Summary: "Start a survey round", Description: "Start a round with the settings' questions and send it to the partner admins of every active partner by inbox and e-mail (admins)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, _ *none) (*Round, error) {
			return h.svc.Start(ctx, a)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/survey/rounds/{id}", ID: "getSurveyResults",
		Summary: "A survey round's results", Description: "The round's figures per manager, tier and quadrant, each answer and the free texts (staff); managers see a partner's name only when it agreed, and no figures of a group of fewer than 3 answers", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *resultsIn) (*Results, error) {
			return h.svc.Results(ctx, a, in.ID, web.LangOr(ctx, in.Lang))
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/survey/rounds/{id}/close", ID: "closeSurveyRound",
		Summary: "Close a survey round", Description: "Close an open round before its time; partners can no longer answer it (admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *ref) (*Round, error) {
			return h.svc.Close(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/survey/invitations", ID: "listSurveyInvitations",
		Summary: "Survey rounds to answer", Description: "The open rounds the caller's organisation was sent, with when it answered each (partner admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *none) (*web.List[*Invitation], error) {
			l, err := h.svc.Invitations(ctx, a)
			if err != nil {
				return nil, err
			}
			return web.Whole(l), nil
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/survey/rounds/{id}/answer", ID: "getSurveyAnswer",
		Summary: "A survey round to answer", Description: "A round the caller's organisation was sent: its questions and the organisation's answer so far (partner admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *ref) (*Form, error) {
			return h.svc.Form(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/survey/rounds/{id}/answer", ID: "answerSurvey",
		Summary: "Answer a survey round", Description: "Record the organisation's answer to an open round it was sent; a later answer replaces the earlier one until the round closes (partner admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *answerPost) (*Form, error) {
			return h.svc.Answer(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/survey/settings", ID: "getSurveySettings",
		Summary: "Survey settings", Description: "The interval of the rounds pakt starts itself, the days a round stays open and the three questions (admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *none) (*Settings, error) {
			return h.svc.Settings(ctx, a)
		})
	web.Register(api, web.Operation{Method: "PATCH", Path: "/api/v1/survey/settings", ID: "updateSurveySettings",
		Summary: "Change the survey settings", Description: "Change the interval, the days a round stays open and the questions of the rounds to come; started rounds keep theirs (admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *settingsPut) (*Settings, error) {
			return h.svc.SaveSettings(ctx, a, in.Body)
		})
}
