package agreement

import (
	"context"
	"net/http"
	"strconv"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/web"
)

type listIn struct {
	Status string `query:"status" doc:"draft, negotiation or in_force" enum:"agreement_status"`
}

type createIn struct {
	Body CreateInput `body:"json"`
}

type ref struct {
	ID string `path:"id"`
}

type updateIn struct {
	ID   string      `path:"id"`
	Body UpdateInput `body:"json"`
}

type versionRef struct {
	ID string `path:"id"`
	N  string `path:"n"`
}

// AcceptInput is the version a party accepts.
type AcceptInput struct {
	Version int `json:"version"`
}

type acceptIn struct {
	ID   string      `path:"id"`
	Body AcceptInput `body:"json"`
}

type compareIn struct {
	ID string `path:"id"`
	A  int    `query:"a" doc:"the first version"`
	B  int    `query:"b" doc:"the second version"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("agreements", "Cooperation agreements between partners under the partner-to-partner code of conduct: versions, comparison and acceptance by every party")
	web.Enum(api, "agreement_status", Statuses)
	web.Enum(api, "agreement_cadence", Cadences)
	const tag = "agreements"
	base := "/api/v1/agreements"
	web.Register(api, web.Operation{Method: "GET", Path: base, ID: "listAgreements",
		Summary: "List agreements", Description: "The cooperation agreements the caller may see, last changed first (staff: all; partner users: their organisation's)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *listIn) (*web.List[*Agreement], error) {
			items, err := h.svc.List(ctx, a, in.Status)
			if err != nil {
				return nil, err
			}
			return &web.List[*Agreement]{Items: items, Total: len(items), Page: 1, PerPage: len(items)}, nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: base, ID: "createAgreement",
		Summary: "Start an agreement", Description: "Start a cooperation agreement between two or more partner organisations (staff; a partner user with its own organisation as a party)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *createIn) (*Agreement, error) {
			return h.svc.Create(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: base + "/{id}", ID: "getAgreement",
		Summary: "Get an agreement", Description: "A cooperation agreement with its parties, their acceptances and the current version's content", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *ref) (*Agreement, error) {
			return h.svc.Get(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: base + "/{id}", ID: "updateAgreement",
		Summary: "Save a new version of an agreement", Description: "Save a new version of an agreement; base_version must be the current version (else 409). A change to an agreement in force sends it back to negotiation", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *updateIn) (*Agreement, error) {
			return h.svc.Update(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: base + "/{id}/versions", ID: "listAgreementVersions",
		Summary: "List an agreement's versions", Description: "An agreement's versions, newest first, without content", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *ref) (*web.List[*Version], error) {
			items, err := h.svc.Versions(ctx, a, in.ID)
			if err != nil {
				return nil, err
			}
			return &web.List[*Version]{Items: items, Total: len(items), Page: 1, PerPage: len(items)}, nil
		})
	web.Register(api, web.Operation{Method: "GET", Path: base + "/{id}/versions/{n}", ID: "getAgreementVersion",
		Summary: "Get a version of an agreement", Description: "One version of an agreement with its content", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *versionRef) (*Version, error) {
			n, err := strconv.Atoi(in.N)
			if err != nil {
				if _, gerr := h.svc.Get(ctx, a, in.ID); gerr != nil {
					return nil, gerr
				}
				var v apperr.Validation
				v.Add("n", "validation.integer")
				return nil, v.Err()
			}
			return h.svc.Version(ctx, a, in.ID, n)
		})
	web.Register(api, web.Operation{Method: "POST", Path: base + "/{id}/accept", ID: "acceptAgreement",
		Summary: "Accept an agreement", Description: "Accept the latest version of an agreement on behalf of the caller's organisation (its partner admin); an older version is refused with 409", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *acceptIn) (*Agreement, error) {
			return h.svc.Accept(ctx, a, in.ID, in.Body.Version)
		})
	web.Register(api, web.Operation{Method: "GET", Path: base + "/{id}/compare", ID: "compareAgreementVersions",
		Summary: "Compare two versions of an agreement", Description: "Two versions of an agreement side by side, field by field in the caller's language, with what changed", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *compareIn) (*Comparison, error) {
			return h.svc.Compare(ctx, a, in.ID, in.A, in.B, web.Lang(ctx))
		})
}
