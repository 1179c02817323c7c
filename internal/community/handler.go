package community

import (
	"context"
	"embed"
	"net/http"
	"net/url"

	"pakt/internal/auth"
	"pakt/internal/web"
)

// Templates are the association's pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Handler serves the association's home, its settings and their API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the community handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Routes registers the pages, their forms and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/community", Label: "nav.community", Order: 91, ShowsWhen: h.svc.Shows, Group: "nav.group.community"})
	s.HandleFunc("GET /community", s.SignedIn(h.homePage))
	s.HandleFunc("GET /community/settings", s.SignedIn(h.settingsPage))
	s.HandleFunc("POST /community/settings", s.SignedIn(h.saveSettings))
	h.apiRoutes()
}

type homeView struct {
	Enabled bool
	Admin   bool
	Members []*Membership
	Kinds   map[string]int
}

func (h *Handler) homePage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	if _, err := h.svc.inside(ctx, a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &homeView{Enabled: h.svc.Enabled(ctx), Admin: a.IsAdmin(), Kinds: map[string]int{}}
	if v.Enabled {
		var err error
		if v.Members, err = h.svc.Members(ctx, a, web.Lang(ctx)); err != nil {
			h.web.Error(w, r, err)
			return
		}
		for _, m := range v.Members {
			v.Kinds[m.Kind]++
		}
	}
	h.web.Render(w, r, http.StatusOK, "community.html", h.web.NewPage(r, "community.title", v))
}

type settingsView struct {
	Modes []string
}

func (h *Handler) settingsPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderSettings(w, r, a, nil)
}

func (h *Handler) renderSettings(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	st, err := h.svc.Settings(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "community.settings", &settingsView{Modes: Modes})
	if formErr == nil {
		p.Form = url.Values{"mode": {st.Mode}}
	}
	h.web.RenderForm(w, r, "community_settings.html", p, formErr)
}

func (h *Handler) saveSettings(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	mode := r.PostForm.Get("mode")
	if _, err := h.svc.SaveSettings(r.Context(), a, SettingsInput{Mode: &mode}); err != nil {
		h.renderSettings(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/community", "form.saved")
}

type none struct{}

type settingsPut struct {
	Body SettingsInput `body:"json"`
}

type membersIn struct {
	Lang string `query:"lang" doc:"language the organisations' names sort in, de or en (default: the caller's)" enum:"lang"`
}

type orgRef struct {
	ID string `path:"id"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("community", "The association: whether pakt runs a vendor programme, an association or both, and the association's members")
	web.Enum(api, "community_mode", Modes)
	web.Enum(api, "membership_kind", Kinds)
	const tag = "community"
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/settings", ID: "getCommunitySettings",
		Summary: "Association settings", Description: "Whether pakt runs a vendor programme, an association or both (admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *none) (*Settings, error) {
			return h.svc.Settings(ctx, a)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/community/settings", ID: "setCommunitySettings",
		Summary: "Change the association settings", Description: "Switch the association on or off beside the vendor programme; its data stays when it is off (admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *settingsPut) (*Settings, error) {
			return h.svc.SaveSettings(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/members", ID: "listMembers",
		Summary: "List the association's members", Description: "The memberships that run today, by organisation name (the association's admins, board and members)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *membersIn) (*web.List[*Membership], error) {
			l, err := h.svc.Members(ctx, a, web.LangOr(ctx, in.Lang))
			if err != nil {
				return nil, err
			}
			return web.Whole(l), nil
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/organisations/{id}/memberships", ID: "listMemberships",
		Summary: "An organisation's memberships", Description: "The organisation's memberships of the association over time, the latest first (the association's admins and board, the organisation's own users)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *orgRef) (*web.List[*Membership], error) {
			l, err := h.svc.Memberships(ctx, a, in.ID)
			if err != nil {
				return nil, err
			}
			return web.Whole(l), nil
		})
}
