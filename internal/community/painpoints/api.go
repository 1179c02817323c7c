package painpoints

import (
	"context"
	"net/http"
	"slices"

	"pakt/internal/auth"
	"pakt/internal/web"
)

type listIn struct {
	Status string `query:"status" doc:"only points in this status" enum:"pain_point_status"`
	Topic  string `query:"topic" doc:"only points on this topic" enum:"pain_point_topic"`
	Page   int    `query:"page" doc:"the page, from 1; 50 points a page"`
}

type idIn struct {
	ID string `path:"id"`
}

type createIn struct {
	Body Input `body:"json"`
}

type supportIn struct {
	ID   string `path:"id"`
	Body struct {
		Named bool `json:"named" doc:"the organisation agrees that the vendor sees its name (default: no)"`
	} `body:"json"`
}

type statusIn struct {
	ID   string      `path:"id"`
	Body StatusInput `body:"json"`
}

type mergeIn struct {
	ID   string `path:"id"`
	Body struct {
		Into string `json:"into" doc:"the point this one duplicates, which keeps the votes"`
	} `body:"json"`
}

type answerIn struct {
	ID   string `path:"id"`
	Body struct {
		Answer string `json:"answer" maxLength:"10000"`
	} `body:"json"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	const tag = "pain-points"
	api.Tag(tag, "The association's pain points: what its member companies raise with the vendor together, ranked by the number of supporting companies")
	web.Enum(api, "pain_point_status", append(slices.Clone(Statuses), StatusMerged))
	web.Enum(api, "pain_point_topic", Topics)
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/pain-points", ID: "listPainPoints",
		Summary: "List pain points", Description: "The pain points the caller sees, ranked by supporting organisations, then newest; merged duplicates only when asked for by status (the association's admins, board and members; the vendor's liaison: raised with the vendor and later)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *listIn) (*web.List[*Point], error) {
			p, err := h.svc.List(ctx, a, Filter{Status: in.Status, Topic: in.Topic, Page: in.Page})
			if err != nil {
				return nil, err
			}
			return &web.List[*Point]{Items: p.Items, Total: p.Total, Page: p.Page, PerPage: p.PerPage}, nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/community/pain-points", ID: "createPainPoint", Status: http.StatusCreated,
		Summary: "Submit a pain point", Description: "Submit a pain point for the caller's member organisation (users of member organisations)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *createIn) (*Point, error) {
			return h.svc.Create(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/pain-points/{id}", ID: "getPainPoint",
		Summary: "Get a pain point", Description: "A pain point with its supporters, sorted by name in the caller's language; the vendor's liaison sees only those that agreed to be named, and not the submitter", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*Point, error) {
			p, err := h.svc.Get(ctx, a, in.ID)
			if err == nil {
				SortSupporters(web.Lang(ctx), p)
			}
			return p, err
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/community/pain-points/{id}/support", ID: "supportPainPoint",
		Summary: "Support a pain point", Description: "The caller's organisation supports the point, once; again changes whether the vendor may see its name (partner admins of member organisations)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *supportIn) (*Point, error) {
			return h.svc.Support(ctx, a, in.ID, in.Body.Named)
		})
	web.Register(api, web.Operation{Method: "DELETE", Path: "/api/v1/community/pain-points/{id}/support", ID: "withdrawPainPointSupport",
		Summary: "Withdraw support", Description: "The caller's organisation withdraws its support (partner admins of member organisations)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*Point, error) {
			return h.svc.Withdraw(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/community/pain-points/{id}/status", ID: "setPainPointStatus",
		Summary: "Change a pain point's status", Description: "new → review → raised → resolved, or declined with a reason (the board and admins); answered comes from the vendor's answer", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *statusIn) (*Point, error) {
			return h.svc.SetStatus(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/community/pain-points/{id}/merge", ID: "mergePainPoint",
		Summary: "Merge a duplicate", Description: "Merge the point as a duplicate into another: its votes carry over, each organisation counts once, and its submitter and supporters are told (the board and admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *mergeIn) (*Point, error) {
			return h.svc.Merge(ctx, a, in.ID, in.Body.Into)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/community/pain-points/{id}/answer", ID: "answerPainPoint",
		Summary: "Answer a pain point", Description: "The vendor's answer to a point raised with it, published to the members; the supporting organisations' users are told (the vendor's liaison)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *answerIn) (*Point, error) {
			return h.svc.Answer(ctx, a, in.ID, in.Body.Answer)
		})
}
