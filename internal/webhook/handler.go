package webhook

import (
	"context"
	"embed"
	"net/http"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/web"
)

//go:embed templates/*.html
var Templates embed.FS

// Handler serves the webhook pages and API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the webhook handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Path is the page of an endpoint.
func Path(id string) string { return "/webhooks/" + id }

// Routes registers the pages, their forms, the navigation entry and the
// API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/webhooks", Label: "nav.webhooks", Order: 115, Shows: Manages, Group: "nav.group.admin"})
	s.HandleFunc("GET /webhooks", s.SignedIn(h.list))
	s.HandleFunc("GET /webhooks/new", s.SignedIn(h.newForm))
	s.HandleFunc("POST /webhooks", s.SignedIn(h.create))
	s.HandleFunc("GET /webhooks/{id}", s.SignedIn(h.show))
	s.HandleFunc("POST /webhooks/{id}", s.SignedIn(h.update))
	s.HandleFunc("POST /webhooks/{id}/switch", s.SignedIn(h.switchOnOff))
	s.HandleFunc("POST /webhooks/{id}/rotate", s.SignedIn(h.rotate))
	s.HandleFunc("POST /webhooks/{id}/test", s.SignedIn(h.sendTest))
	s.HandleFunc("POST /webhooks/{id}/delete", s.SignedIn(h.remove))
	s.HandleFunc("POST /webhooks/{id}/deliveries/{delivery}/redeliver", s.SignedIn(h.redeliver))
	h.apiRoutes()
}

// typeGroup is the event types of one object type, as the form offers
// them.
type typeGroup struct {
	ObjectType, Label string
	Types             []typeChoice
}

type typeChoice struct {
	Type, Label string
}

// groups arranges the event types the actor may subscribe to by object,
// in the reader's language.
func (h *Handler) groups(lang string, a *auth.Actor) []typeGroup {
	var out []typeGroup
	at := map[string]int{}
	for _, t := range h.svc.Types(a) {
		i, ok := at[t.ObjectType]
		if !ok {
			i = len(out)
			at[t.ObjectType] = i
			out = append(out, typeGroup{ObjectType: t.ObjectType, Label: i18n.T(lang, "object."+t.ObjectType)})
		}
		out[i].Types = append(out[i].Types, typeChoice{Type: t.Type, Label: i18n.T(lang, "action."+t.Action)})
	}
	i18n.SortBy(lang, out, func(g typeGroup) string { return g.Label })
	return out
}

type listView struct {
	Endpoints []*Endpoint
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	eps, err := h.svc.Endpoints(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Render(w, r, http.StatusOK, "webhook_list.html", h.web.NewPage(r, "webhook.title", &listView{Endpoints: eps}))
}

type formView struct {
	Endpoint *Endpoint // none: the form subscribes a new one
	Groups   []typeGroup
	Selected []string
}

// form shows the form of a new endpoint, with the refused values after err.
func (h *Handler) form(w http.ResponseWriter, r *http.Request, a *auth.Actor, err error) {
	v := &formView{Groups: h.groups(web.Lang(r.Context()), a)}
	if err != nil {
		v.Selected = r.PostForm["events"]
	}
	h.web.RenderForm(w, r, "webhook_form.html", h.web.NewPage(r, "webhook.new", v), err)
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !Manages(a) {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	h.form(w, r, a, nil)
}

func input(r *http.Request) EndpointInput {
	return EndpointInput{URL: r.PostForm.Get("url"), Description: r.PostForm.Get("description"), Events: r.PostForm["events"]}
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	e, err := h.svc.Create(r.Context(), a, input(r))
	if err != nil {
		h.form(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, Path(e.ID), "webhook.created")
}

type showView struct {
	Endpoint   *Endpoint
	Secret     string
	Deliveries []*Delivery
	Groups     []typeGroup
	Selected   []string
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.page(w, r, a, nil)
}

// page shows an endpoint with its settings, its secret and its delivery
// log; formErr is a refused change of its settings.
func (h *Handler) page(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx, id := r.Context(), r.PathValue("id")
	e, err := h.svc.Endpoint(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	ds, err := h.svc.Deliveries(ctx, a, id, 50)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &showView{Endpoint: e, Secret: e.secret, Deliveries: ds, Groups: h.groups(web.Lang(ctx), a), Selected: e.Events}
	if formErr != nil {
		v.Selected = r.PostForm["events"]
	}
	p := h.web.NewPage(r, "", v)
	p.Title = e.URL
	h.web.RenderForm(w, r, "webhook_show.html", p, formErr)
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	e, err := h.svc.Endpoint(r.Context(), a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	in := input(r)
	in.Enabled = &e.Enabled
	if _, err := h.svc.Update(r.Context(), a, id, in); err != nil {
		h.page(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, Path(id), "webhook.saved")
}

func (h *Handler) switchOnOff(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id, on := r.PathValue("id"), r.PostForm.Get("enabled") == "1"
	if _, err := h.svc.SetEnabled(r.Context(), a, id, on); err != nil {
		h.web.Error(w, r, err)
		return
	}
	flash := "webhook.switched_off"
	if on {
		flash = "webhook.switched_on"
	}
	h.web.Redirect(w, r, Path(id), flash)
}

func (h *Handler) rotate(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error {
		_, err := h.svc.Rotate(ctx, a, id)
		return err
	}, func() web.Confirm {
		lang := web.Lang(r.Context())
		return web.Confirm{Title: i18n.T(lang, "webhook.confirm_rotate"), Text: []string{i18n.T(lang, "webhook.confirm_rotate_text")},
			Button: i18n.T(lang, "webhook.rotate")}
	})
	if asked {
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, Path(id), "webhook.rotated")
}

func (h *Handler) remove(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error { return h.svc.Delete(ctx, a, id) }, func() web.Confirm {
		return web.Deleting(r, "webhook.confirm_delete", i18n.T(web.Lang(r.Context()), "webhook.confirm_delete_text"))
	})
	if asked {
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/webhooks", "webhook.deleted")
}

func (h *Handler) sendTest(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	if _, err := h.svc.SendTest(r.Context(), a, id); err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, Path(id), "webhook.test_queued")
}

func (h *Handler) redeliver(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	if _, err := h.svc.Redeliver(r.Context(), a, id, r.PathValue("delivery")); err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, Path(id), "webhook.redelivering")
}
