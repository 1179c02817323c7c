package jourfixe

import (
	"context"
	"net/http"

	"pakt/internal/auth"
	"pakt/internal/web"
)

type listIn struct {
	Agreement string `query:"agreement" doc:"only the series of this agreement"`
}

type seriesRef struct {
	Series string `path:"series"`
}

type meetingRef struct {
	Series  string `path:"series"`
	Meeting string `path:"meeting"`
}

type meetingPatch struct {
	Series  string       `path:"series"`
	Meeting string       `path:"meeting"`
	Body    MeetingPatch `body:"json"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("jour fixe", "The regular meetings of the parties of an agreement in force: series, meetings, notes and private calendar feeds")
	web.Enum(api, "jourfixe_cadence", Cadences)
	web.Enum(api, "meeting_status", Statuses)
	const tag = "jour fixe"
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/jour-fixe", ID: "listJourFixe",
		Summary: "List jour fixe series", Description: "The jour fixe series the caller may see: their organisation's (partners) or all (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *listIn) (*web.List[*Series], error) {
			list, err := h.svc.List(ctx, a, in.Agreement)
			if err != nil {
				return nil, err
			}
			return &web.List[*Series]{Items: list, Total: len(list), Page: 1, PerPage: len(list)}, nil
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/jour-fixe/{series}", ID: "getJourFixe",
		Summary: "Get a jour fixe series", Description: "A jour fixe series with all its meetings (its parties and staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *seriesRef) (*Detail, error) {
			return h.svc.Get(ctx, a, in.Series)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/jour-fixe/{series}/meetings/{meeting}", ID: "getJourFixeMeeting",
		Summary: "Get a meeting", Description: "A meeting with its notes (the series' parties and staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *meetingRef) (*MeetingDetail, error) {
			return h.svc.Meeting(ctx, a, in.Series, in.Meeting)
		})
	web.Register(api, web.Operation{Method: "PATCH", Path: "/api/v1/jour-fixe/{series}/meetings/{meeting}", ID: "recordJourFixeMeeting",
		Summary: "Record a meeting", Description: "Add a note to a meeting and/or mark it held (the series' parties and staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *meetingPatch) (*MeetingDetail, error) {
			return h.svc.Update(ctx, a, in.Series, in.Meeting, in.Body)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/jour-fixe/{series}/feed", ID: "createJourFixeFeed",
		Summary: "Make a calendar feed", Description: "Make the caller's private calendar feed of the series, or give it a new URL; the URL is returned only now", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *seriesRef) (*NewFeed, error) {
			return h.svc.CreateFeed(ctx, a, in.Series, h.web.BaseURL)
		})
	web.Register(api, web.Operation{Method: "DELETE", Path: "/api/v1/jour-fixe/{series}/feed", ID: "revokeJourFixeFeed",
		Summary: "End a calendar feed", Description: "End the caller's calendar feed of the series: its URL answers 404 from now on", Tag: tag, Status: http.StatusNoContent},
		func(ctx context.Context, a *auth.Actor, in *seriesRef) (*web.NoBody, error) {
			return nil, h.svc.RevokeFeed(ctx, a, in.Series)
		})
}
