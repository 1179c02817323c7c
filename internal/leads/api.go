package leads

import (
	"context"
	"net/http"

	"pakt/internal/auth"
	"pakt/internal/web"
)

type leadPost struct {
	Body LeadInput `body:"json"`
}

type ref struct {
	ID string `path:"id"`
}

type leadPatch struct {
	ID   string    `path:"id"`
	Body LeadInput `body:"json"`
}

type langIn struct {
	ID   string `path:"id"`
	Lang string `query:"lang" doc:"language of the reasons, de or en (default: the caller's)" enum:"lang"`
}

// DistributeInput is the partners a lead is offered to, in order.
type DistributeInput struct {
	Orgs []string `json:"orgs" doc:"organisation ids in the order the lead is offered to them"`
}

type distributePost struct {
	ID   string          `path:"id"`
	Body DistributeInput `body:"json"`
}

type declinePost struct {
	ID   string  `path:"id"`
	Body Decline `body:"json"`
}

// Declined confirms a declined lead, which the partner no longer sees.
type Declined struct {
	LeadID  string `json:"lead_id"`
	Outcome string `json:"outcome" enum:"offer_outcome"`
}

type campaignPost struct {
	Body CampaignInput `body:"json"`
}

type campaignPatch struct {
	ID   string        `path:"id"`
	Body CampaignInput `body:"json"`
}

type conversionIn struct {
	Lang string `query:"lang" doc:"language of names, de or en (default: the caller's)" enum:"lang"`
}

type none struct{}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("leads", "Leads and campaigns: staff distribute leads to partners in a ranked rotation with answer deadlines; partners accept or decline")
	web.Enum(api, "lead_state", States)
	web.Enum(api, "offer_outcome", Outcomes)
	web.Enum(api, "decline_reason", DeclineReasons)
	const tag = "leads"
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/leads", ID: "listLeads",
		Summary: "List leads", Description: "Leads, newest first: staff all (filtered by state and campaign); partner users the leads offered to their organisation now and those it accepted", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *Filter) (*web.List[*Lead], error) {
			f := *in
			if !a.IsStaff() {
				f = Filter{}
			}
			l, err := h.svc.Leads(ctx, a, f)
			if err != nil {
				return nil, err
			}
			return web.Whole(l), nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/leads", ID: "createLead",
		Summary: "Record a lead", Description: "Record a lead to distribute (staff)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *leadPost) (*Lead, error) {
			return h.svc.CreateLead(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/leads/conversion", ID: "getLeadConversion",
		Summary: "Lead conversion", Description: "Leads offered, accepted and won per partner, per campaign and per CAN × WILL quadrant (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *conversionIn) (*Conversion, error) {
			return h.svc.Conversion(ctx, a, web.LangOr(ctx, in.Lang))
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/leads/{id}", ID: "getLead",
		Summary: "Get a lead", Description: "A lead; the contact person only for staff and the partner that accepted it; the offers only for staff", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *ref) (*Lead, error) {
			return h.svc.Lead(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "PATCH", Path: "/api/v1/leads/{id}", ID: "updateLead",
		Summary: "Change a lead", Description: "Change a lead that is neither accepted nor withdrawn (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *leadPatch) (*Lead, error) {
			return h.svc.UpdateLead(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/leads/{id}/proposal", ID: "getLeadProposal",
		Summary: "Proposed partners", Description: "The partners proposed for a lead, best first, with the reasons (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *langIn) (*web.List[Candidate], error) {
			c, err := h.svc.Proposal(ctx, a, in.ID, web.LangOr(ctx, in.Lang))
			if err != nil {
				return nil, err
			}
			return web.Whole(c), nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/leads/{id}/distribute", ID: "distributeLead",
		Summary: "Distribute a lead", Description: "Set the partners a lead rotates through, in order, and offer it to the first one it was not offered to yet (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *distributePost) (*Lead, error) {
			return h.svc.Distribute(ctx, a, in.ID, in.Body.Orgs)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/leads/{id}/accept", ID: "acceptLead",
		Summary: "Accept a lead", Description: "Accept the lead offered to the caller's organisation before its deadline (partner admins); it becomes a registered deal", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *ref) (*Lead, error) {
			return h.svc.Accept(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/leads/{id}/decline", ID: "declineLead",
		Summary: "Decline a lead", Description: "Decline the lead offered to the caller's organisation with a reason (partner admins); it moves on to the next partner", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *declinePost) (*Declined, error) {
			if err := h.svc.Decline(ctx, a, in.ID, in.Body); err != nil {
				return nil, err
			}
			return &Declined{LeadID: in.ID, Outcome: OutcomeDeclined}, nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/leads/{id}/withdraw", ID: "withdrawLead",
		Summary: "Withdraw a lead", Description: "Take a lead back from distribution for good (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *ref) (*Lead, error) {
			return h.svc.Withdraw(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/campaigns", ID: "listCampaigns",
		Summary: "List campaigns", Description: "The lead campaigns, the latest start first (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *none) (*web.List[*Campaign], error) {
			c, err := h.svc.Campaigns(ctx, a)
			if err != nil {
				return nil, err
			}
			return web.Whole(c), nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/campaigns", ID: "createCampaign",
		Summary: "Record a campaign", Description: "Record a lead campaign with its budget and period (staff)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *campaignPost) (*Campaign, error) {
			return h.svc.CreateCampaign(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/campaigns/{id}", ID: "getCampaign",
		Summary: "Get a campaign", Description: "A lead campaign (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *ref) (*Campaign, error) {
			return h.svc.Campaign(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "PATCH", Path: "/api/v1/campaigns/{id}", ID: "updateCampaign",
		Summary: "Change a campaign", Description: "Change a lead campaign (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *campaignPatch) (*Campaign, error) {
			return h.svc.UpdateCampaign(ctx, a, in.ID, in.Body)
		})
}
