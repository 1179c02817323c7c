package lifecycle

import (
	"context"
	"net/http"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/web"
)

type boardIn struct {
	Owner string `query:"owner" doc:"user id of an owner (staff)"`
}

type idIn struct {
	ID string `path:"id"`
}

type createIn struct {
	Body CreateInput `body:"json"`
}

type updateIn struct {
	ID   string      `path:"id"`
	Body UpdateInput `body:"json"`
}

type moveIn struct {
	ID   string `path:"id"`
	Body struct {
		Stage          string `json:"stage" enum:"stage"`
		LostReason     string `json:"lost_reason"`
		OverrideReason string `json:"override_reason" doc:"why the prospect moves although a stage gate's evidence is missing; required then, kept in the history"`
	} `body:"json"`
}

type gatesIn struct {
	Body Gates `body:"json"`
}

type funnelIn struct {
	From string `query:"from" doc:"YYYY-MM-DD: prospects that entered the pipeline on or after this day"`
	To   string `query:"to" doc:"YYYY-MM-DD: prospects that entered the pipeline on or before this day"`
}

// BoardOut is the board: one column per stage.
type BoardOut struct {
	Columns []Column `json:"columns"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("pipeline", "Recruiting: prospects through the stages from identified to won or lost, and the funnel")
	web.Enum(api, "stage", Stages)
	web.Enum(api, "gate_evidence", EvidenceKinds)
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/prospects", ID: "listProspects", Summary: "List prospects", Description: "The pipeline board: the prospects one may see, one column per stage (staff; a recruiter its own)", Tag: "pipeline"},
		func(ctx context.Context, a *auth.Actor, in *boardIn) (*BoardOut, error) {
			cols, err := h.svc.Board(ctx, a, Filter{OwnerID: in.Owner})
			if err != nil {
				return nil, err
			}
			return &BoardOut{Columns: cols}, nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/prospects", ID: "createProspect", Summary: "Add a prospect", Description: "Add a prospect: a new organisation at stage identified (staff, recruiters)", Tag: "pipeline", Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *createIn) (*Prospect, error) {
			return h.svc.Create(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/prospects/{id}", ID: "getProspect", Summary: "Get a prospect", Description: "A prospect with its stage history (staff; a recruiter its own)", Tag: "pipeline"},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*Prospect, error) {
			return h.svc.Get(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "PATCH", Path: "/api/v1/prospects/{id}", ID: "updateProspect", Summary: "Change a prospect", Description: "Change a prospect's owner (staff), next step, notes or due date", Tag: "pipeline"},
		func(ctx context.Context, a *auth.Actor, in *updateIn) (*Prospect, error) {
			return h.svc.Update(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/prospects/{id}/stage", ID: "moveProspect", Summary: "Move a prospect", Description: "Move a prospect to a stage; lost needs a reason, won makes it a partner and starts its onboarding (staff; a recruiter its own). " +
		"A move into a stage whose gate lacks its evidence (also of a stage it skips) answers 409 naming what is missing, unless override_reason says why it moves anyway; the override is kept in the history.", Tag: "pipeline"},
		func(ctx context.Context, a *auth.Actor, in *moveIn) (*Prospect, error) {
			return h.svc.MoveWith(ctx, a, in.ID, MoveInput(in.Body))
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/pipeline/gates", ID: "getStageGates", Summary: "Get the stage gates",
		Description: "The evidence a prospect needs to enter each stage, and the months within which its business case must break even (staff, recruiters)", Tag: "pipeline"},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*Gates, error) {
			return h.svc.Gates(ctx, a)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/pipeline/gates", ID: "setStageGates", Summary: "Set the stage gates",
		Description: "Replace the stage gates: every stage after identified may ask for a C-level meeting, a business case breaking even within break_even_months, an assessment (admins)", Tag: "pipeline"},
		func(ctx context.Context, a *auth.Actor, in *gatesIn) (*Gates, error) {
			return h.svc.SetGates(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/pipeline/funnel", ID: "getPipelineFunnel", Summary: "Get the funnel", Description: "Conversion and median days per stage of the prospects that entered in a period (staff)", Tag: "pipeline"},
		func(ctx context.Context, a *auth.Actor, in *funnelIn) (*FunnelReport, error) {
			var v apperr.Validation
			from, to := v.Day("from", in.From, false), v.Day("to", in.To, false)
			if !a.IsStaff() {
				return nil, apperr.ErrNotFound
			}
			if err := v.Err(); err != nil {
				return nil, err
			}
			return h.svc.Funnel(ctx, a, from, to)
		})
}
