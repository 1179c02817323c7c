package account

import (
	"errors"
	"net/http"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/web"
)

// forgotData is the page that asks for a password reset link.
type forgotData struct {
	// Sent shows the answer to a request instead of the form.
	Sent bool
}

func (h *Handler) forgotPage(w http.ResponseWriter, r *http.Request) {
	h.web.Render(w, r, http.StatusOK, "forgot.html", h.web.NewPage(r, "reset.forgot_title", &forgotData{}))
}

// forgot sends a reset link. Known and unknown addresses get the same page,
// so that nobody learns which addresses have an account.
func (h *Handler) forgot(w http.ResponseWriter, r *http.Request) {
	if !h.web.ParseForm(w, r) {
		return
	}
	p := h.web.NewPage(r, "reset.forgot_title", &forgotData{})
	err := h.auth.RequestReset(r.Context(), r.PostForm.Get("email"), web.RemoteAddr(r), web.Lang(r.Context()))
	if e, ok := apperr.As(err); ok && e.Code == apperr.TooMany {
		p.ErrorMessage = i18n.T(p.Lang, e.Key, e.Args...)
		p.Form = r.PostForm
		h.web.Render(w, r, web.ErrorStatus(w, e), "forgot.html", p)
		return
	}
	if err == nil {
		p.Data = &forgotData{Sent: true}
	}
	h.web.RenderForm(w, r, "forgot.html", p, err)
}

// resetData is the page of a reset link.
type resetData struct {
	Token string
	// Broken says the link no longer works; the page offers a new one.
	Broken bool
	// Welcome says the link is an invitation of a new user, who chooses
	// a first password rather than resets one.
	Welcome bool
}

func (h *Handler) resetPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	welcome, err := h.auth.CheckLink(r.Context(), token)
	h.renderReset(w, r, token, welcome, err)
}

func (h *Handler) renderReset(w http.ResponseWriter, r *http.Request, token string, welcome bool, formErr error) {
	d := &resetData{Token: token, Welcome: welcome}
	if errors.Is(formErr, auth.ErrResetInvalid) || errors.Is(formErr, auth.ErrResetUsed) || errors.Is(formErr, auth.ErrResetExpired) ||
		errors.Is(formErr, auth.ErrInviteExpired) || errors.Is(formErr, auth.ErrResetSSOOnly) {
		d.Token, d.Broken = "", true
	}
	title := "reset.title"
	if welcome {
		title = "invite.title"
	}
	p := h.web.NewPage(r, title, d)
	h.web.RenderForm(w, r, "reset.html", p, formErr)
}

func (h *Handler) reset(w http.ResponseWriter, r *http.Request) {
	if !h.web.ParseForm(w, r) {
		return
	}
	token := r.PostForm.Get("token")
	// Asked before the link is used up: the welcome's wording follows it.
	welcome, _ := h.auth.CheckLink(r.Context(), token)
	err := h.auth.CompleteReset(r.Context(), token, r.PostForm.Get("password"))
	if err != nil {
		// A password is never shown again in the form.
		r.PostForm.Del("password")
		h.renderReset(w, r, token, welcome, err)
		return
	}
	done := "reset.done"
	if welcome {
		done = "invite.done"
	}
	h.web.Redirect(w, r, "/login", done)
}
