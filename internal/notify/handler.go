package notify

import (
	"context"
	"embed"
	"net/http"

	"pakt/internal/auth"
	"pakt/internal/web"
)

//go:embed templates/*.html
var Templates embed.FS

// Handler serves the inbox page and its API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the inbox handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Routes registers the inbox page, its forms and the API, and the unread
// count the layout shows.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/inbox", Label: "nav.inbox", Order: 130, Badge: h.svc.Unread, BadgeLabel: "nav.unread"})
	s.HandleFunc("GET /inbox", s.SignedIn(h.inbox))
	s.HandleFunc("POST /inbox/read", s.SignedIn(h.readAll))
	s.HandleFunc("GET /inbox/{id}", s.SignedIn(h.follow))
	s.HandleFunc("POST /inbox/{id}", s.SignedIn(h.open))

	api := s.API
	api.Tag("notifications", "The caller's inbox: notices about introductions, agreements, listings and other changes that concern it")
	const tag = "notifications"
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/notifications", ID: "listNotifications",
		Summary: "List notifications", Description: "The caller's notifications, newest first (unread=true: only unread ones)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *listIn) (*web.List[*Notification], error) {
			items, err := h.svc.Inbox(ctx, a, web.Lang(ctx), in.Unread, 200)
			if err != nil {
				return nil, err
			}
			if items == nil {
				items = []*Notification{}
			}
			return &web.List[*Notification]{Items: items, Total: len(items), Page: 1, PerPage: 200}, nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/notifications/{id}/read", ID: "readNotification",
		Summary: "Mark a notification read", Description: "Mark one of the caller's notifications read", Tag: tag, Status: http.StatusNoContent},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*web.NoBody, error) {
			return nil, h.svc.MarkRead(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/notifications/read", ID: "readAllNotifications",
		Summary: "Mark all notifications read", Description: "Mark all of the caller's notifications read", Tag: tag, Status: http.StatusNoContent},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*web.NoBody, error) {
			return nil, h.svc.MarkRead(ctx, a, "")
		})
}

type listIn struct {
	Unread bool `query:"unread"`
}

type idIn struct {
	ID string `path:"id"`
}

type inboxView struct {
	Items  []*Notification
	Unread bool
}

func (h *Handler) inbox(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	unread := r.URL.Query().Get("unread") == "1"
	items, err := h.svc.Inbox(r.Context(), a, web.Lang(r.Context()), unread, 200)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "notify.inbox", &inboxView{Items: items, Unread: unread})
	h.web.Render(w, r, http.StatusOK, "notify_inbox.html", p)
}

func (h *Handler) readAll(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if err := h.svc.MarkRead(r.Context(), a, ""); err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/inbox", "notify.all_read")
}

// open marks a notification read and follows its link: the inbox's
// entries are buttons of forms that post here.
func (h *Handler) open(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	link, err := h.svc.Open(r.Context(), a, r.PathValue("id"))
	h.goTo(w, r, link, err)
}

// follow goes to a notification's link without changing anything, for an
// address kept from earlier; a GET never marks read.
func (h *Handler) follow(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	link, err := h.svc.Link(r.Context(), a, r.PathValue("id"))
	h.goTo(w, r, link, err)
}

func (h *Handler) goTo(w http.ResponseWriter, r *http.Request, link string, err error) {
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	if !web.LocalPath(link) {
		link = "/inbox"
	}
	http.Redirect(w, r, link, http.StatusSeeOther)
}
