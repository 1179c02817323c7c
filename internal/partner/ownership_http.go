package partner

import (
	"context"
	"net/http"

	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/web"
)

// ownershipRoutes registers the ownership page, its forms, the programme's
// setting and their API.
func (h *Handler) ownershipRoutes() {
	s := h.web
	s.HandleFunc("GET /partners/{id}/ownership", h.web.SignedIn(h.ownershipPage))
	s.HandleFunc("POST /partners/{id}/handover", h.web.SignedIn(h.handOver))
	s.HandleFunc("POST /partners/{id}/deputies", h.web.SignedIn(h.setDeputies))
	s.HandleFunc("GET /partners/ownership", h.web.SignedIn(h.ownershipSettingsPage))
	s.HandleFunc("POST /partners/ownership", h.web.SignedIn(h.saveOwnershipSettings))

	api := h.web.API
	api.Tag("ownership", "Who owns a partner: its responsible manager, its deputies, the handovers between managers, and the programme's setting of who sees what")
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/partners/{id}/ownership", ID: "getOwnership", Summary: "Get a partner's ownership",
		Description: "The partner's manager, deputies and handovers, newest first (staff who steer the partner; 404 for everybody else)", Tag: "ownership"},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*Ownership, error) {
			return h.svc.Ownership(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/partners/{id}/handover", ID: "handOverPartner", Summary: "Hand a partner over",
		Description: "Make another partner manager or admin the partner's manager, with a note kept in its history; both managers are told (admins and the partner's manager)", Tag: "ownership"},
		func(ctx context.Context, a *auth.Actor, in *handoverIn) (*Ownership, error) {
			return h.svc.HandOver(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/partners/{id}/deputies", ID: "setDeputies", Summary: "Set a partner's deputies",
		Description: "Replace the staff members who stand in for the partner's manager and see what it sees (admins and the partner's manager)", Tag: "ownership"},
		func(ctx context.Context, a *auth.Actor, in *deputiesIn) (*Ownership, error) {
			return h.svc.SetDeputies(ctx, a, in.ID, in.Body.Deputies)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/ownership-settings", ID: "getOwnershipSettings", Summary: "Get the ownership setting",
		Description: "Whether partner managers see only the partners they own or deputise (staff)", Tag: "ownership"},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*OwnershipSettings, error) {
			return h.svc.OwnershipSettings(ctx, a)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/ownership-settings", ID: "setOwnershipSettings", Summary: "Change the ownership setting",
		Description: "Switch whether partner managers see only the partners they own or deputise (admins)", Tag: "ownership"},
		func(ctx context.Context, a *auth.Actor, in *ownershipSettingsIn) (*OwnershipSettings, error) {
			return h.svc.SetOwnershipSettings(ctx, a, in.Body)
		})
}

type handoverIn struct {
	ID   string        `path:"id"`
	Body HandoverInput `body:"json"`
}

type deputiesIn struct {
	ID   string `path:"id"`
	Body struct {
		Deputies []string `json:"deputies" doc:"user ids of partner managers or admins"`
	} `body:"json"`
}

type ownershipSettingsIn struct {
	Body OwnershipSettings `body:"json"`
}

// ownershipData is what the ownership page shows.
type ownershipData struct {
	Org       *Organisation
	Ownership *Ownership
	// Staff are the people a partner can be handed to or deputised by,
	// sorted in the reader's language.
	Staff []*auth.User
}

// IsDeputy reports whether the user deputises the partner.
func (d *ownershipData) IsDeputy(id string) bool {
	for _, p := range d.Ownership.Deputies {
		if p.ID == id {
			return true
		}
	}
	return false
}

func (h *Handler) ownershipPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderOwnership(w, r, a, nil)
}

// renderOwnership shows the ownership page, with formErr's messages when a
// form was refused.
func (h *Handler) renderOwnership(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	id := r.PathValue("id")
	own, err := h.svc.Ownership(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	o, err := loadOrgRow(ctx, h.svc.DB, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	staff, err := h.auth.Staff(ctx)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "ownership.title", &ownershipData{Org: o, Ownership: own, Staff: UsersIn(web.Lang(ctx), staff)})
	p.Title = i18n.T(web.Lang(ctx), "ownership.title_of", o.LegalName)
	h.web.RenderForm(w, r, "ownership.html", p, formErr)
}

func (h *Handler) handOver(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	in := HandoverInput{To: r.FormValue("to"), Note: r.FormValue("note")}
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error {
		_, err := h.svc.HandOver(ctx, a, id, in)
		return err
	}, func() web.Confirm {
		lang := web.Lang(r.Context())
		return web.Confirm{Title: i18n.T(lang, "ownership.confirm_title"), Text: []string{i18n.T(lang, "ownership.confirm_text")},
			Button: i18n.T(lang, "ownership.hand_over")}
	})
	if asked {
		return
	}
	if err != nil {
		if web.IsFormError(err) {
			h.renderOwnership(w, r, a, err)
			return
		}
		h.web.Error(w, r, err)
		return
	}
	// The former manager may no longer see the partner: it goes back to
	// the directory.
	if ok, err := h.svc.Steers(r.Context(), a, id); err == nil && ok {
		h.web.Redirect(w, r, "/partners/"+id+"/ownership", "ownership.handed")
		return
	}
	h.web.Redirect(w, r, "/partners", "ownership.handed")
}

func (h *Handler) setDeputies(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	if _, err := h.svc.SetDeputies(r.Context(), a, id, r.PostForm["deputies"]); err != nil {
		if web.IsFormError(err) {
			h.renderOwnership(w, r, a, err)
			return
		}
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/partners/"+id+"/ownership", "form.saved")
}

func (h *Handler) ownershipSettingsPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	set, err := h.svc.OwnershipSettings(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Render(w, r, http.StatusOK, "ownership_settings.html", h.web.NewPage(r, "ownership.settings", set))
}

func (h *Handler) saveOwnershipSettings(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	if _, err := h.svc.SetOwnershipSettings(r.Context(), a, OwnershipSettings{OwnOnly: r.PostForm.Get("own_only") == "on"}); err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/partners/ownership", "form.saved")
}
