// Package account is the web and API side of accounts: login and logout,
// language, the own account with password and API tokens, user
// administration, and the audit log.
package account

import (
	"embed"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/web"
)

// Templates are the account pages.
//
//go:embed templates
var Templates embed.FS

// Handler serves the account pages and API.
type Handler struct {
	web  *web.Server
	auth *auth.Service
	db   *db.DB
}

// New returns the account handler.
func New(w *web.Server, a *auth.Service, d *db.DB) *Handler {
	return &Handler{web: w, auth: a, db: d}
}
