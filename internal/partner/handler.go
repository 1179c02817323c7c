package partner

import (
	"embed"

	"pakt/internal/auth"
	"pakt/internal/web"
)

// Templates are the directory and profile pages.
//
//go:embed templates
var Templates embed.FS

// Handler serves the directory, profile and competency pages and API.
type Handler struct {
	web  *web.Server
	svc  *Service
	auth *auth.Service
}

// NewHandler returns the partner handler.
func NewHandler(w *web.Server, s *Service, a *auth.Service) *Handler {
	return &Handler{web: w, svc: s, auth: a}
}
