package enablement

import (
	"cmp"
	"context"
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/partner"
	"pakt/internal/upload"
	"pakt/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates holds the enablement pages and the dashboard card, for web.New.
var Templates = templates

// Handler serves the enablement pages, the dashboard card and the API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the enablement handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Routes registers the pages, their forms and the API. The people's
// certifications are posted to /partners/{id}/people-certifications, as the
// organisation's own certifications (a profile entry of the partner
// feature) already take POST /partners/{id}/certifications.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/enablement", Label: "nav.enablement", Order: 90, Shows: (*auth.Actor).IsStaff, Vendor: true})
	s.HandleFunc("GET /enablement", s.SignedIn(h.cataloguePage))
	s.HandleFunc("POST /enablement/checklist", s.SignedIn(h.addChecklistItem))
	s.HandleFunc("POST /enablement/checklist/{item}/delete", s.SignedIn(h.deleteChecklistItem))
	s.HandleFunc("POST /enablement/trainings", s.SignedIn(h.addTraining))
	s.HandleFunc("POST /enablement/requirements", s.SignedIn(h.addRequirement))
	s.HandleFunc("POST /enablement/requirements/{req}/delete", s.SignedIn(h.deleteRequirement))
	s.HandleFunc("GET /partners/{id}/onboarding", s.SignedIn(h.onboardingPage))
	s.HandleFunc("POST /partners/{id}/onboarding", s.SignedIn(h.addTask))
	s.HandleFunc("POST /partners/{id}/onboarding/start", s.SignedIn(h.start))
	s.HandleFunc("POST /partners/{id}/onboarding/{task}", s.SignedIn(h.setDone))
	s.HandleFunc("GET /partners/{id}/certifications", s.SignedIn(h.certificationsPage))
	s.HandleFunc("POST /partners/{id}/people-certifications", s.SignedIn(h.addCertification))
	s.HandleFunc("POST /partners/{id}/people-certifications/{cert}/delete", s.SignedIn(h.removeCertification))
	s.HandleFunc("POST /partners/{id}/people-certifications/{cert}/verify", s.SignedIn(h.verifyCertification))
	s.HandleFunc("POST /partners/{id}/people-certifications/{cert}/proof", s.SignedIn(h.attachProof))
	s.HandleFunc("GET /partners/{id}/people-certifications/{cert}/proof", s.SignedIn(h.proof))
	h.apiRoutes()
}

// number reads an integer form field; a malformed one is a validation error.
func number(f url.Values, field string, v *apperr.Validation) int {
	s := strings.TrimSpace(f.Get(field))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		v.Add(field, "validation.integer")
	}
	return n
}

// done answers a form post: a redirect with a message on success, the page
// again with the form's errors on a validation error, else the error page.
func (h *Handler) done(w http.ResponseWriter, r *http.Request, err error, to, flash string, again func(err error)) {
	if err == nil {
		h.web.Redirect(w, r, to, flash)
		return
	}
	if web.IsFormError(err) && again != nil {
		again(err)
		return
	}
	h.web.Error(w, r, err)
}

// catalogueView is the data of the enablement set-up page.
type catalogueView struct {
	*Catalogue
	Tiers        []string
	Responsibles []string
}

func (h *Handler) renderCatalogue(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	c, err := h.svc.Catalogue(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	lang := web.Lang(r.Context())
	i18n.SortBy(lang, c.Trainings, func(t *Training) string { return t.Name(lang) })
	// The requirements stay grouped by tier and read by name within it.
	i18n.SortBy(lang, c.Requirements, func(r *Requirement) string { return r.Name(lang) })
	slices.SortStableFunc(c.Requirements, func(a, b *Requirement) int { return cmp.Compare(a.Tier, b.Tier) })
	p := h.web.NewPage(r, "enablement.title", &catalogueView{Catalogue: c, Tiers: partner.Tiers, Responsibles: Responsibles})
	h.web.RenderForm(w, r, "enablement.html", p, formErr)
}

func (h *Handler) cataloguePage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderCatalogue(w, r, a, nil)
}

func (h *Handler) again(w http.ResponseWriter, r *http.Request, a *auth.Actor) func(error) {
	return func(err error) { h.renderCatalogue(w, r, a, err) }
}

func (h *Handler) addChecklistItem(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	var v apperr.Validation
	in := ChecklistInput{Tier: r.PostForm.Get("tier"), TitleDE: r.PostForm.Get("title_de"), TitleEN: r.PostForm.Get("title_en"),
		Responsible: r.PostForm.Get("responsible"), DueAfterDays: number(r.PostForm, "due_after_days", &v)}
	err := v.Err()
	if err == nil || !a.IsAdmin() {
		_, err = h.svc.AddChecklistItem(r.Context(), a, in)
	}
	h.done(w, r, err, "/enablement", "form.saved", h.again(w, r, a))
}

func (h *Handler) deleteChecklistItem(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("item")
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error { return h.svc.DeleteChecklistItem(ctx, a, id) }, func() web.Confirm {
		return web.Deleting(r, "enablement.confirm_delete_item", i18n.T(web.Lang(r.Context()), "enablement.confirm_delete_item_text"))
	})
	if asked {
		return
	}
	h.done(w, r, err, "/enablement", "form.deleted", nil)
}

func (h *Handler) addTraining(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	var v apperr.Validation
	in := TrainingInput{NameDE: r.PostForm.Get("name_de"), NameEN: r.PostForm.Get("name_en"), ValidityMonths: number(r.PostForm, "validity_months", &v)}
	err := v.Err()
	if err == nil || !a.IsAdmin() {
		_, err = h.svc.AddTraining(r.Context(), a, in)
	}
	h.done(w, r, err, "/enablement", "form.saved", h.again(w, r, a))
}

func (h *Handler) addRequirement(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	var v apperr.Validation
	in := RequirementInput{Tier: r.PostForm.Get("tier"), TrainingID: r.PostForm.Get("training_id"), Required: number(r.PostForm, "required", &v)}
	err := v.Err()
	if err == nil || !a.IsAdmin() {
		_, err = h.svc.AddRequirement(r.Context(), a, in)
	}
	h.done(w, r, err, "/enablement", "form.saved", h.again(w, r, a))
}

func (h *Handler) deleteRequirement(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("req")
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error { return h.svc.DeleteRequirement(ctx, a, id) }, func() web.Confirm {
		return web.Deleting(r, "enablement.confirm_delete_requirement")
	})
	if asked {
		return
	}
	h.done(w, r, err, "/enablement", "form.deleted", nil)
}

// orgView is the data of the onboarding and certification pages of one
// organisation.
type orgView struct {
	OrgID, OrgName, Tier string
	Access               Access
	Tasks                []*Task
	Overview             *Overview
	Trainings            []*Training
	Responsibles         []string
}

// ProofMB is the largest certificate file taken, in MB.
func (*orgView) ProofMB() int { return MaxProofSize >> 20 }

// CanTick reports whether the viewer may tick or untick the task.
func (v *orgView) CanTick(t *Task) bool {
	return v.Access.Staff || (v.Access.PartnerAdmin && t.Responsible == ResponsiblePartner)
}

func (h *Handler) renderOrg(w http.ResponseWriter, r *http.Request, a *auth.Actor, page string, formErr error) {
	ctx, orgID := r.Context(), r.PathValue("id")
	ov, err := h.svc.Certifications(ctx, a, orgID)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	// People by name, each one's trainings by their name, in the reader's
	// language.
	lang := web.Lang(ctx)
	i18n.SortBy(lang, ov.Certifications, func(c *Certification) string { return c.Name(lang) })
	i18n.SortBy(lang, ov.Certifications, func(c *Certification) string { return c.Person })
	v := &orgView{OrgID: orgID, OrgName: ov.OrgName, Tier: ov.Tier, Access: AccessTo(a, orgID), Overview: ov, Responsibles: Responsibles}
	title := "enablement.certifications"
	if page == "enablement_onboarding.html" {
		title = "enablement.onboarding"
		if v.Tasks, err = h.svc.Tasks(ctx, a, orgID); err != nil {
			h.web.Error(w, r, err)
			return
		}
	} else if v.Access.Staff || v.Access.PartnerAdmin {
		if v.Trainings, err = h.svc.Trainings(ctx, a, orgID); err != nil {
			h.web.Error(w, r, err)
			return
		}
		lang := web.Lang(ctx)
		i18n.SortBy(lang, v.Trainings, func(t *Training) string { return t.Name(lang) })
	}
	p := h.web.NewPage(r, title, v)
	p.Title = p.T(title) + " · " + ov.OrgName
	h.web.RenderForm(w, r, page, p, formErr)
}

func (h *Handler) onboardingPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderOrg(w, r, a, "enablement_onboarding.html", nil)
}

func (h *Handler) certificationsPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderOrg(w, r, a, "enablement_certifications.html", nil)
}

func (h *Handler) addTask(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	orgID := r.PathValue("id")
	in := TaskInput{TitleDE: r.PostForm.Get("title_de"), TitleEN: r.PostForm.Get("title_en"), Responsible: r.PostForm.Get("responsible"), DueOn: r.PostForm.Get("due_on")}
	_, err := h.svc.AddTask(r.Context(), a, orgID, in)
	h.done(w, r, err, "/partners/"+orgID+"/onboarding", "form.saved", func(err error) { h.renderOrg(w, r, a, "enablement_onboarding.html", err) })
}

func (h *Handler) start(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	orgID := r.PathValue("id")
	_, err := h.svc.StartOnboarding(r.Context(), a, orgID)
	h.done(w, r, err, "/partners/"+orgID+"/onboarding", "form.saved", nil)
}

func (h *Handler) setDone(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	orgID := r.PathValue("id")
	_, err := h.svc.SetTaskDone(r.Context(), a, orgID, r.PathValue("task"), r.PostForm.Get("done") != "")
	h.done(w, r, err, "/partners/"+orgID+"/onboarding", "form.saved", nil)
}

func (h *Handler) addCertification(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	orgID := r.PathValue("id")
	f := r.PostForm
	in := CertificationInput{Person: f.Get("person"), Email: f.Get("email"), TrainingID: f.Get("training_id"), AchievedOn: f.Get("achieved_on"),
		ExpiresOn: f.Get("expires_on"), ProofNumber: f.Get("proof_number")}
	_, err := h.svc.AddCertification(r.Context(), a, orgID, in)
	h.done(w, r, err, "/partners/"+orgID+"/certifications", "form.saved", func(err error) { h.renderOrg(w, r, a, "enablement_certifications.html", err) })
}

func (h *Handler) verifyCertification(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	orgID := r.PathValue("id")
	_, err := h.svc.VerifyCertification(r.Context(), a, orgID, r.PathValue("cert"))
	h.done(w, r, err, "/partners/"+orgID+"/certifications", "enablement.verified", nil)
}

func (h *Handler) attachProof(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	orgID, id := r.PathValue("id"), r.PathValue("cert")
	again := func(err error) { h.renderOrg(w, r, a, "enablement_certifications.html", err) }
	f, err := upload.ReadOne(w, r, "proof_file", MaxProofSize)
	switch {
	case apperr.CodeOf(err) == apperr.Invalid:
		again(err)
		return
	case err != nil:
		h.web.Error(w, r, err)
		return
	case r.MultipartForm == nil && !h.web.ParseForm(w, r):
		return
	}
	_, err = h.svc.AttachProof(r.Context(), a, orgID, id, f)
	h.done(w, r, err, "/partners/"+orgID+"/certifications", "enablement.proof_attached", again)
}

func (h *Handler) proof(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	f, content, err := h.svc.Proof(r.Context(), a, r.PathValue("id"), r.PathValue("cert"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	upload.Serve(w, f.Name, f.ContentType, content)
}

func (h *Handler) removeCertification(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	orgID, id := r.PathValue("id"), r.PathValue("cert")
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error { return h.svc.RemoveCertification(ctx, a, orgID, id) }, func() web.Confirm {
		return web.Deleting(r, "enablement.confirm_delete_certification")
	})
	if asked {
		return
	}
	h.done(w, r, err, "/partners/"+orgID+"/certifications", "form.deleted", nil)
}

// ExpiringWidget is the dashboard card: the certifications expiring within
// WarnDays and the overdue onboarding tasks, most urgent first, of every
// organisation for staff and of their own for partner users; nothing for
// anyone else or when there is nothing to show.
func (h *Handler) ExpiringWidget(r *http.Request, a *auth.Actor) (template.HTML, error) {
	lang := web.Lang(r.Context())
	alerts, err := h.svc.Alerts(r.Context(), a, lang)
	if err != nil || len(alerts) == 0 {
		return "", err
	}
	return h.web.Fragment(h.web.NewPage(r, "enablement.widget", alerts), "enablement.html", "widget")
}
