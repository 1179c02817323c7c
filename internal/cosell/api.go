package cosell

import (
	"context"
	"net/http"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/web"
)

type dealsIn struct {
	Status    string `query:"status" enum:"deal_status" doc:"all when empty"`
	Text      string `query:"q" doc:"found in the customer's name or the solution"`
	Conflicts bool   `query:"conflicts" doc:"only deals with an open conflict (staff)"`
	Page      int    `query:"page"`
	PerPage   int    `query:"per_page" doc:"at most 100, default 25"`
}

type dealPost struct {
	Body DealInput `body:"json"`
}

type dealRef struct {
	ID string `path:"id"`
}

// DecisionInput approves or rejects a registration.
type DecisionInput struct {
	Decision string `json:"decision" enum:"deal_registration_decision"`
	Reason   string `json:"reason" doc:"required to reject"`
}

type decisionPost struct {
	ID   string        `path:"id"`
	Body DecisionInput `body:"json"`
}

// OutcomeInput closes an approved deal.
type OutcomeInput struct {
	Status     string `json:"status" enum:"deal_outcome"`
	ValueMinor *int64 `json:"value_minor,omitempty" doc:"the final value when won; the registered value when absent"`
	Reason     string `json:"reason" doc:"required when lost"`
}

type outcomePost struct {
	ID   string       `path:"id"`
	Body OutcomeInput `body:"json"`
}

// DealPatch changes an open deal's sales stage.
type DealPatch struct {
	Stage string `json:"stage" enum:"deal_stage"`
}

type dealPatch struct {
	ID   string    `path:"id"`
	Body DealPatch `body:"json"`
}

// PartyInput adds a partner with the roles and shares of all parties.
type PartyInput struct {
	OrgID  string  `json:"org_id"`
	Shares []Share `json:"shares" doc:"every party's role and share, the new one's included; shares sum to 10000"`
}

type partyPost struct {
	ID   string     `path:"id"`
	Body PartyInput `body:"json"`
}

// ProposalIn asks for the shares a deal would have with a partner added.
type proposalIn struct {
	ID    string `path:"id"`
	OrgID string `query:"org_id"`
	Role  string `query:"role" enum:"deal_role"`
}

// AnswerInput accepts or declines the caller's part.
type AnswerInput struct {
	Accept bool `json:"accept"`
}

type answerPost struct {
	ID   string      `path:"id"`
	Body AnswerInput `body:"json"`
}

// SplitInput proposes other roles and shares.
type SplitInput struct {
	Shares []Share `json:"shares"`
}

type splitPost struct {
	ID   string     `path:"id"`
	Body SplitInput `body:"json"`
}

// VoteInput agrees to or refuses the open split proposal.
type VoteInput struct {
	Agree bool `json:"agree"`
}

type votePost struct {
	ID   string    `path:"id"`
	Body VoteInput `body:"json"`
}

type conflictsIn struct {
	Status string `query:"status" enum:"deal_conflict_status" doc:"all when empty"`
}

// ConflictDecision decides a conflict.
type ConflictDecision struct {
	Decision string `json:"decision" enum:"deal_decision"`
	Note     string `json:"note" doc:"required to reject"`
}

type conflictPost struct {
	ID   string           `path:"id"`
	Body ConflictDecision `body:"json"`
}

type settingsPut struct {
	Body Settings `body:"json"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("deals", "Deal registration: partners register deals, staff approve them and decide conflicts, partners sell together with roles and shares")
	web.Enum(api, "deal_status", Statuses)
	web.Enum(api, "deal_stage", Stages)
	web.Enum(api, "deal_role", Roles)
	web.Enum(api, "deal_part_status", PartStatuses)
	web.Enum(api, "deal_currency", Currencies)
	web.Enum(api, "deal_conflict_status", ConflictStatuses)
	web.Enum(api, "deal_decision", Decisions)
	web.Enum(api, "deal_registration_decision", []string{"approve", "reject"})
	web.Enum(api, "deal_outcome", []string{StatusWon, StatusLost})
	const tag = "deals"
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/deals", ID: "listDeals", Summary: "List deals",
		Description: "Deals, newest first: staff see all, partner users those their organisation is a party of", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *dealsIn) (*Page, error) {
			return h.svc.Deals(ctx, a, Filter{Status: in.Status, Text: in.Text, Conflicts: in.Conflicts, Page: in.Page, PerPage: in.PerPage})
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/deals", ID: "registerDeal", Summary: "Register a deal",
		Description: "Register a deal for the caller's organisation (partner users); it is checked at once against all open registrations, and the answer's protection tells whether the customer is claimed already", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *dealPost) (*Deal, error) {
			return h.svc.Register(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/deals/{id}", ID: "getDeal", Summary: "Get a deal",
		Description: "A deal with its parties; staff see its conflicts with both sides, a party only whether the customer is protected elsewhere", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *dealRef) (*Deal, error) { return h.svc.Deal(ctx, a, in.ID) })
	web.Register(api, web.Operation{Method: "PATCH", Path: "/api/v1/deals/{id}", ID: "updateDeal", Summary: "Move a deal's stage",
		Description: "Change the sales stage of an open deal (its lead, the registering partner, staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *dealPatch) (*Deal, error) {
			return h.svc.SetStage(ctx, a, in.ID, in.Body.Stage)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/deals/{id}/decision", ID: "decideDeal", Summary: "Approve or reject a registration",
		Description: "Approve a registration without open conflicts, which protects its customer for the programme's window, or reject it with a reason (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *decisionPost) (*Deal, error) {
			switch in.Body.Decision {
			case "approve":
				return h.svc.Approve(ctx, a, in.ID)
			case "reject":
				return h.svc.Reject(ctx, a, in.ID, in.Body.Reason)
			}
			return nil, choice("decision")
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/deals/{id}/extension", ID: "extendDeal", Summary: "Extend the protection",
		Description: "Extend an approved registration's protection once by the programme's window (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *dealRef) (*Deal, error) {
			return h.svc.Extend(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/deals/{id}/outcome", ID: "closeDeal", Summary: "Mark a deal won or lost",
		Description: "Close an approved deal as won (its parties earn their incentives) or lost with a reason (its lead, the registering partner, staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *outcomePost) (*Deal, error) {
			switch in.Body.Status {
			case StatusWon:
				return h.svc.Win(ctx, a, in.ID, in.Body.ValueMinor)
			case StatusLost:
				return h.svc.Lose(ctx, a, in.ID, in.Body.Reason)
			}
			return nil, choice("status")
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/deals/{id}/proposal", ID: "proposeDealShares", Summary: "Propose shares for a new partner",
		Description: "The roles and shares a deal would have with the partner added: their cooperation agreement's split when one is in force, else half of the caller's share (the lead)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *proposalIn) (*Proposal, error) {
			return h.svc.Propose(ctx, a, in.ID, in.OrgID, in.Role)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/deals/{id}/parties", ID: "addDealParty", Summary: "Add a partner to a deal",
		Description: "Add a partner with the roles and shares of all parties (the lead's organisation); the partner, and every party whose share changed, is asked to accept", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *partyPost) (*Deal, error) {
			return h.svc.AddParty(ctx, a, in.ID, in.Body.OrgID, in.Body.Shares)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/deals/{id}/answer", ID: "answerDeal", Summary: "Accept or decline the own part",
		Description: "Accept or decline the caller's organisation's part in a deal (its partner admins); a declined share goes back to the registering partner", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *answerPost) (*Deal, error) {
			return h.svc.Answer(ctx, a, in.ID, in.Body.Accept)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/deals/{id}/split", ID: "proposeDealSplit", Summary: "Propose another split",
		Description: "Propose other roles and shares (a party); they take effect when every other party agreed", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *splitPost) (*Deal, error) {
			return h.svc.ProposeSplit(ctx, a, in.ID, in.Body.Shares)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/deals/{id}/split/vote", ID: "voteDealSplit", Summary: "Agree to or refuse a proposed split",
		Description: "Agree to or refuse the open split proposal for the caller's organisation (a party other than the proposer)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *votePost) (*Deal, error) {
			return h.svc.Vote(ctx, a, in.ID, in.Body.Agree)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/deal-conflicts", ID: "listDealConflicts", Summary: "List conflicts",
		Description: "Conflicts between registrations with both sides and the evidence, newest first, at most 200 (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *conflictsIn) (*web.List[*Conflict], error) {
			list, err := h.svc.Conflicts(ctx, a, in.Status)
			if err != nil {
				return nil, err
			}
			return &web.List[*Conflict]{Items: list, Total: len(list), Page: 1, PerPage: len(list)}, nil
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/deal-conflicts/{id}", ID: "getDealConflict", Summary: "Get a conflict",
		Description: "A conflict with both registrations and the evidence (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *dealRef) (*Conflict, error) {
			return h.svc.Conflict(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/deal-conflicts/{id}/decision", ID: "decideDealConflict", Summary: "Decide a conflict",
		Description: "First come (the later registration is rejected), joint (the later partner joins the earlier deal), reject (with a note) or distinct (not the same customer) (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *conflictPost) (*Conflict, error) {
			return h.svc.Decide(ctx, a, in.ID, in.Body.Decision, in.Body.Note)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/deal-settings", ID: "getDealSettings", Summary: "Get the registration rules",
		Description: "The programme's protection window (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*Settings, error) {
			return h.svc.Settings(ctx, a)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/deal-settings", ID: "setDealSettings", Summary: "Set the registration rules",
		Description: "Set the programme's protection window in days; approved registrations keep theirs (admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *settingsPut) (*Settings, error) {
			return h.svc.SaveSettings(ctx, a, in.Body)
		})
}

// choice is the error of a field with a value outside its list.
func choice(field string) error {
	var v apperr.Validation
	v.Add(field, "validation.choice")
	return v.Err()
}
