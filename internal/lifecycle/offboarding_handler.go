package lifecycle

import (
	"context"
	"net/http"

	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/web"
)

// OffboardingRoutes registers the pages and API of offboarding partners.
func (h *Handler) OffboardingRoutes() {
	s := h.web
	s.HandleFunc("GET /partners/{id}/offboarding", s.SignedIn(h.offboardingPage))
	s.HandleFunc("POST /partners/{id}/offboarding", s.SignedIn(h.startOffboarding))
	s.HandleFunc("POST /partners/{id}/offboarding/{step}", s.SignedIn(h.offboardingStep))

	api := h.web.API
	api.Tag("offboarding", "Ending a partnership: the reason, the checklist (unpublish, hand over open items, end access) and the history")
	web.Enum(api, "offboarding_reason", OffboardingReasons)
	web.Enum(api, "offboarding_step", OffboardingSteps)
	base := "/api/v1/partners/{id}/offboarding"
	web.Register(api, web.Operation{Method: "GET", Path: base, ID: "getOffboarding", Summary: "Get a partner's offboarding",
		Description: "The offboarding under way, if any, the partner's offboardings as its history, newest first, and what it still has open elsewhere (staff)", Tag: "offboarding"},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*OffboardingState, error) {
			return h.svc.Offboarding(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "POST", Path: base, ID: "startOffboarding", Summary: "Start offboarding a partner",
		Description: "Start ending a partnership with a reason; the partner keeps its access until the last step (staff)", Tag: "offboarding", Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *struct {
			ID   string           `path:"id"`
			Body OffboardingInput `body:"json"`
		}) (*OffboardingState, error) {
			return h.svc.StartOffboarding(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "POST", Path: base + "/{step}", ID: "takeOffboardingStep", Summary: "Take a step of an offboarding",
		Description: "unpublish takes the partner out of the directory; handover records that its open items were handed over or closed; end, only after both and irreversible, disables its users, ends their sessions and API tokens and sets its status to ended (staff)", Tag: "offboarding"},
		func(ctx context.Context, a *auth.Actor, in *struct {
			ID   string `path:"id"`
			Step string `path:"step" enum:"offboarding_step"`
			Body struct {
				Note string `json:"note"`
			} `body:"json"`
		}) (*OffboardingState, error) {
			return h.svc.OffboardingStep(ctx, a, in.ID, in.Step, in.Body.Note)
		})
}

// offboardingView is the data of the offboarding page.
type offboardingView struct {
	*OffboardingState
	Reasons []string
}

func (h *Handler) offboardingPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderOffboarding(w, r, a, nil)
}

func (h *Handler) renderOffboarding(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	st, err := h.svc.Offboarding(r.Context(), a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "offboarding.title", &offboardingView{OffboardingState: st, Reasons: OffboardingReasons})
	h.web.RenderForm(w, r, "offboarding.html", p, formErr)
}

// offboarded answers a form post of the offboarding page.
func (h *Handler) offboarded(w http.ResponseWriter, r *http.Request, a *auth.Actor, err error, flash string) {
	switch {
	case err == nil:
		h.web.Redirect(w, r, OffboardingPath(r.PathValue("id")), flash)
	case web.IsFormError(err):
		h.renderOffboarding(w, r, a, err)
	default:
		h.web.Error(w, r, err)
	}
}

func (h *Handler) startOffboarding(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	_, err := h.svc.StartOffboarding(r.Context(), a, r.PathValue("id"), OffboardingInput{Reason: r.PostForm.Get("reason"), Note: r.PostForm.Get("note")})
	h.offboarded(w, r, a, err, "offboarding.started_flash")
}

func (h *Handler) offboardingStep(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	orgID, step := r.PathValue("id"), r.PathValue("step")
	act := func(ctx context.Context) error {
		_, err := h.svc.OffboardingStep(ctx, a, orgID, step, r.PostForm.Get("note"))
		return err
	}
	if step != StepEnd {
		h.offboarded(w, r, a, act(r.Context()), "form.saved")
		return
	}
	asked, err := h.web.Confirming(w, r, act, func() web.Confirm {
		lang := web.Lang(r.Context())
		return web.Confirm{Title: i18n.T(lang, "offboarding.confirm_end"), Text: []string{i18n.T(lang, "offboarding.confirm_end_text"), i18n.T(lang, "confirm.irreversible")},
			Button: i18n.T(lang, "offboarding.end")}
	})
	if asked {
		return
	}
	h.offboarded(w, r, a, err, "offboarding.ended")
}
