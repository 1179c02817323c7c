package exchange

import (
	"context"
	"net/http"

	"pakt/internal/auth"
	"pakt/internal/web"
)

type listIn struct {
	Kind     string `query:"kind" doc:"seeking or offering" enum:"listing_kind"`
	Topic    string `query:"topic" doc:"a competency id"`
	Country  string `query:"country" doc:"ISO 3166-1 alpha-2"`
	Region   string `query:"region" doc:"found anywhere in the region"`
	Text     string `query:"q" doc:"found in title, description or skill"`
	Status   string `query:"status" doc:"open, closed or expired; all when empty" enum:"listing_status"`
	Mine     bool   `query:"mine" doc:"only the caller's organisation's listings"`
	Answered bool   `query:"answered" doc:"only listings the caller's organisation answered"`
	Page     int    `query:"page"`
	PerPage  int    `query:"per_page" doc:"at most 100, default 20"`
}

type listingPost struct {
	Body ListingInput `body:"json"`
}

type listingRef struct {
	ID string `path:"id"`
}

type listingPatch struct {
	ID   string       `path:"id"`
	Body ListingPatch `body:"json"`
}

type answerPost struct {
	ID   string      `path:"id"`
	Body AnswerInput `body:"json"`
}

type answerPatch struct {
	ID   string      `path:"id"`
	Body AnswerPatch `body:"json"`
}

type subscriptionPut struct {
	Body SubscriptionInput `body:"json"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("exchange", "The project exchange: partners sought for projects and free resources offered, with answers and digests")
	web.Enum(api, "listing_kind", Kinds)
	web.Enum(api, "listing_status", Statuses)
	web.Enum(api, "answer_status", AnswerStatuses)
	web.Enum(api, "frequency", Frequencies)
	const tag = "exchange"
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/exchange/listings", ID: "listExchangeListings",
		Summary: "List listings", Description: "Listings of the project exchange, newest first (staff: all; partner users: open ones, their own and those they answered)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *listIn) (*Page, error) {
			return h.svc.Listings(ctx, a, Filter{Kind: in.Kind, Topic: in.Topic, Country: in.Country, Region: in.Region, Text: in.Text,
				Status: in.Status, Mine: in.Mine, Answered: in.Answered, Page: in.Page, PerPage: in.PerPage})
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/exchange/listings", ID: "createExchangeListing",
		Summary: "Post a listing", Description: "Post a listing: a partner sought for a project, or free resources offered (users of published partners)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *listingPost) (*Listing, error) {
			return h.svc.Create(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/exchange/listings/{id}", ID: "getExchangeListing",
		Summary: "Get a listing", Description: "A listing; the customer's name only for the poster, staff and, once revealed, the accepted partner", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *listingRef) (*Listing, error) {
			return h.svc.Listing(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "PATCH", Path: "/api/v1/exchange/listings/{id}", ID: "updateExchangeListing",
		Summary: "Change or close a listing", Description: "Change an open listing (its poster), or close it with status closed (its poster, staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *listingPatch) (*Listing, error) {
			return h.svc.Update(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/exchange/listings/{id}/answers", ID: "listExchangeAnswers",
		Summary: "List answers to a listing", Description: "Answers to a listing: all for its poster and staff, the own one for an answering partner, none for others", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *listingRef) (*web.List[*Answer], error) {
			list, err := h.svc.Answers(ctx, a, in.ID)
			if err != nil {
				return nil, err
			}
			return &web.List[*Answer]{Items: list, Total: len(list), Page: 1, PerPage: len(list)}, nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/exchange/listings/{id}/answers", ID: "answerExchangeListing",
		Summary: "Answer a listing", Description: "Answer an open listing, once per organisation (users of published partners other than the poster)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *answerPost) (*Answer, error) {
			return h.svc.Answer(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "PATCH", Path: "/api/v1/exchange/answers/{id}", ID: "decideExchangeAnswer",
		Summary: "Decide on an answer", Description: "Shortlist an answer, take it off the shortlist (submitted) or accept it, which closes the listing (the poster)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *answerPatch) (*Answer, error) {
			return h.svc.SetAnswerStatus(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/exchange/listings/{id}/reveal", ID: "revealExchangeCustomer",
		Summary: "Reveal the customer", Description: "Reveal the customer's name to the accepted partner (the poster)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *listingRef) (*Listing, error) {
			return h.svc.Reveal(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/exchange/subscription", ID: "getExchangeSubscription",
		Summary: "Get the listing digest", Description: "The caller's digest of new listings: off, daily or weekly, and its topics (partner users)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*Subscription, error) {
			return h.svc.Subscription(ctx, a)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/exchange/subscription", ID: "setExchangeSubscription",
		Summary: "Choose the listing digest", Description: "Choose the digest of new listings: off, daily or weekly (Mondays); no topics means the organisation's competencies (partner users)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *subscriptionPut) (*Subscription, error) {
			return h.svc.SaveSubscription(ctx, a, in.Body)
		})
}
