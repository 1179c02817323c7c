package partner

import (
	"context"
	"net/http"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/upload"
	"pakt/internal/web"
)

// certificationRoutes registers the pages of a certification's proof:
// staff verify it or take the verification back, a partner admin (or
// staff) uploads its certificate, and those who may see the proof
// download it.
func (h *Handler) certificationRoutes() {
	s := h.web
	base := "/partners/{id}/certifications/{entry}"
	s.HandleFunc("POST "+base+"/verify", s.SignedIn(func(w http.ResponseWriter, r *http.Request, a *auth.Actor) { h.verifyCertification(w, r, a, true) }))
	s.HandleFunc("POST "+base+"/unverify", s.SignedIn(func(w http.ResponseWriter, r *http.Request, a *auth.Actor) { h.verifyCertification(w, r, a, false) }))
	s.HandleFunc("POST "+base+"/proof", s.SignedIn(h.attachCertificationProof))
	s.HandleFunc("GET "+base+"/proof", s.SignedIn(h.certificationProof))
}

// verifyCertification verifies a certification or takes that back, after
// a confirmation that names what staff checked.
func (h *Handler) verifyCertification(w http.ResponseWriter, r *http.Request, a *auth.Actor, verified bool) {
	orgID, id := r.PathValue("id"), r.PathValue("entry")
	var c *Certification
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) (err error) {
		c, err = h.svc.VerifyCertification(ctx, a, orgID, id, verified)
		return err
	}, func() web.Confirm {
		lang := web.Lang(r.Context())
		key := "certification.confirm_unverify"
		if verified {
			key = "certification.confirm_verify"
		}
		text := []string{i18n.T(lang, key+"_text", c.Name)}
		if c.Number != "" {
			text = append(text, i18n.T(lang, "certification.confirm_number", c.Number))
		}
		if c.ProofFile != nil {
			text = append(text, i18n.T(lang, "certification.confirm_file", c.ProofFile.Name))
		}
		return web.Confirm{Title: i18n.T(lang, key), Text: text, Button: i18n.T(lang, key+"_button")}
	})
	if asked {
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	msg := "certification.unverified_done"
	if verified {
		msg = "certification.verified_done"
	}
	h.web.Redirect(w, r, "/partners/"+orgID+"/edit#certifications", msg)
}

// attachCertificationProof takes a certificate's file from a multipart
// form; a refused file reopens the certification's form with the reason.
func (h *Handler) attachCertificationProof(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	orgID, id := r.PathValue("id"), r.PathValue("entry")
	f, err := upload.ReadOne(w, r, "proof_file", MaxProofSize)
	if err == nil && r.MultipartForm == nil && !h.web.ParseForm(w, r) {
		return
	}
	if err == nil {
		_, err = h.svc.AttachCertificationProof(r.Context(), a, orgID, id, f)
	}
	if apperr.CodeOf(err) == apperr.Invalid {
		o, gerr := h.svc.Get(r.Context(), a, orgID)
		if gerr != nil {
			h.web.Error(w, r, gerr)
			return
		}
		if r.PostForm == nil {
			r.PostForm = map[string][]string{}
		}
		r.PostForm.Set("form_id", "certifications:"+id)
		h.renderEditError(w, r, a, o, "profile.edit", err)
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/partners/"+orgID+"/edit#certifications", "certification.proof_attached")
}

func (h *Handler) certificationProof(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	f, content, err := h.svc.CertificationProof(r.Context(), a, r.PathValue("id"), r.PathValue("entry"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	upload.Serve(w, f.Name, f.ContentType, content)
}
