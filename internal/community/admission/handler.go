package admission

import (
	"context"
	"embed"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/i18n"
	"pakt/internal/partner"
	"pakt/internal/upload"
	"pakt/internal/web"
)

// Templates are the admission's pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Handler serves the admission's pages and API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the admission handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// formRows is how many reference rows the application form offers.
const formRows = 3

// Routes registers the pages, their forms and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/community/applications", Label: "nav.applications", Order: 92, ShowsWhen: h.shows, Group: "nav.group.community"})
	s.HandleFunc("GET /community/apply", h.applyPage)
	s.HandleFunc("POST /community/apply", h.apply)
	// The private link's secret is the public applicant's credential.
	s.HandleFunc("GET /community/apply/status", h.statusPage)
	s.HandleFunc("POST /community/apply/withdraw", h.withdrawByToken)
	s.HandleFunc("GET /community/applications", s.SignedIn(h.listPage))
	s.HandleFunc("GET /community/applications/settings", s.SignedIn(h.settingsPage))
	s.HandleFunc("POST /community/applications/settings", s.SignedIn(h.saveSettings))
	s.HandleFunc("GET /community/applications/{id}", s.SignedIn(h.page))
	s.HandleFunc("GET /community/applications/{id}/certificate", s.SignedIn(h.certificate))
	s.HandleFunc("POST /community/applications/{id}/vote", s.SignedIn(h.vote))
	s.HandleFunc("POST /community/applications/{id}/decide", s.SignedIn(h.decide))
	s.HandleFunc("POST /community/applications/{id}/withdraw", s.SignedIn(h.withdraw))
	h.apiRoutes()
}

// shows offers the applications to those who run the association and to
// the partner users of organisations that are not members (to apply, or
// to follow their application).
func (h *Handler) shows(ctx context.Context, a *auth.Actor) bool {
	st, err := h.svc.Community.Standing(ctx, nil, a)
	return err == nil && (st.Runs() || (st == community.Outsider && a.IsPartner()))
}

type applyView struct {
	Public       bool
	Kinds        []string
	Competencies []*partner.Competency
	Checked      map[string]bool
	Rows         []int
	Settings     *Settings
	MaxMB        int
	Lang         string
	Done         bool
}

func (h *Handler) applyPage(w http.ResponseWriter, r *http.Request) {
	h.renderApply(w, r, nil, false)
}

func (h *Handler) renderApply(w http.ResponseWriter, r *http.Request, formErr error, done bool) {
	ctx := r.Context()
	a := auth.FromContext(ctx)
	if err := h.svc.MayApply(ctx, a); err != nil && !done {
		h.web.Error(w, r, err)
		return
	}
	st, err := getSettings(ctx, h.svc.DB)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	comps, err := h.svc.Partners.Competencies(ctx)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	lang := web.Lang(ctx)
	comps = append([]*partner.Competency(nil), comps...)
	i18n.SortBy(lang, comps, func(c *partner.Competency) string { return c.Name(lang) })
	v := &applyView{Public: a == nil, Kinds: community.Kinds, Competencies: comps, Checked: map[string]bool{}, Settings: st,
		MaxMB: MaxFileSize >> 20, Lang: lang, Done: done}
	for i := range max(formRows, st.MinReferences) {
		v.Rows = append(v.Rows, i)
	}
	if formErr != nil && r.PostForm != nil {
		for _, id := range r.PostForm["competencies"] {
			v.Checked[id] = true
		}
	}
	title := "admission.apply"
	if done {
		title = "admission.thanks_title"
	}
	p := h.web.NewPage(r, title, v)
	if formErr == nil {
		p.Form = url.Values{"kind": {community.KindOrdinary}}
	}
	h.web.RenderForm(w, r, "admission_apply.html", p, formErr)
}

// readInput reads the application form.
func readInput(f url.Values, file *upload.File) Input {
	in := Input{Kind: f.Get("kind"), Independent: f.Get("independent") == "on", CertExpires: f.Get("certificate_expires"),
		Competencies: f["competencies"], Company: f.Get("company"), ContactName: f.Get("contact_name"), ContactEmail: f.Get("contact_email"),
		Consent: f.Get("consent") == "on", Website: f.Get("website")}
	if file != nil {
		in.Certificate = &File{Name: file.Name, Content: file.Content}
	}
	for i := range MaxReferences {
		p := "references." + strconv.Itoa(i) + "."
		if _, ok := f[p+"title"]; !ok {
			break
		}
		ref := Reference{Title: f.Get(p + "title"), Customer: f.Get(p + "customer"), Description: f.Get(p + "description")}
		if y := f.Get(p + "year"); y != "" {
			n, err := strconv.Atoi(y)
			if err != nil {
				n = -1 // refused by the range check
			}
			ref.Year = n
		}
		in.References = append(in.References, ref)
	}
	return in
}

func (h *Handler) apply(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := auth.FromContext(ctx)
	files, err := upload.Read(w, r, "certificate", MaxFileSize+1<<20, MaxFileSize)
	switch {
	case errors.Is(err, upload.ErrTooLarge):
		var v apperr.Validation
		v.Add("certificate", "upload.file_too_large", "", MaxFileSize>>20)
		h.renderApply(w, r, v.Err(), false)
		return
	case err != nil:
		h.web.Error(w, r, err)
		return
	case r.MultipartForm == nil && !h.web.ParseForm(w, r):
		return
	}
	var file *upload.File
	if len(files) > 0 {
		file = &files[0]
	}
	x, err := h.svc.Apply(ctx, a, web.RemoteAddr(r), web.Lang(ctx), readInput(r.PostForm, file))
	if err != nil {
		h.renderApply(w, r, err, false)
		return
	}
	if a == nil {
		h.renderApply(w, r, nil, true)
		return
	}
	h.web.Redirect(w, r, Path(x.ID), "admission.submitted")
}

type listView struct {
	Full     bool
	MayApply bool
	Status   string
	Statuses []string
	List     []*Application
	Admin    bool
}

func (h *Handler) listPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	status := r.URL.Query().Get("status")
	list, full, err := h.svc.List(ctx, a, web.Lang(ctx), status)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &listView{Full: full, Status: status, Statuses: Statuses, List: list, Admin: a.IsAdmin(), MayApply: h.svc.MayApply(ctx, a) == nil}
	h.web.Render(w, r, http.StatusOK, "admission_list.html", h.web.NewPage(r, "admission.title", v))
}

type pageView struct {
	X        *Application
	Board    bool
	Full     bool
	Choices  []string
	Mine     *Vote
	Settings *Settings
	// Applicant offers the withdrawal: a partner admin of the applicant.
	Applicant bool
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderPage(w, r, a, nil)
}

// renderPage shows an application, with a refused vote or decision.
func (h *Handler) renderPage(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	x, err := h.svc.Get(ctx, a, web.Lang(ctx), r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	st, err := getSettings(ctx, h.svc.DB)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	v := &pageView{X: x, Board: a.IsBoard(), Full: x.Votes != nil, Choices: Choices, Settings: st, Applicant: a.ActsFor(x.OrgID)}
	for _, vote := range x.Votes {
		if vote.UserID == a.UserID {
			v.Mine = vote
		}
	}
	p := h.web.NewPage(r, "", v)
	p.Title = x.OrgName
	if formErr == nil && v.Mine != nil {
		p.Form = url.Values{"choice": {v.Mine.Choice}, "comment": {v.Mine.Comment}}
	}
	h.web.RenderForm(w, r, "admission_application.html", p, formErr)
}

func (h *Handler) certificate(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	x, b, err := h.svc.Certificate(r.Context(), a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	upload.Serve(w, x.CertName, x.CertType, b)
}

func (h *Handler) vote(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	_, err := h.svc.Vote(r.Context(), a, id, VoteInput{Choice: r.PostForm.Get("choice"), Comment: r.PostForm.Get("comment")})
	if err != nil {
		h.renderPage(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, Path(id), "admission.voted")
}

func (h *Handler) decide(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	id := r.PathValue("id")
	in := DecisionInput{Reason: r.FormValue("reason")}
	var outcome, name, account string
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error {
		x, err := h.svc.Decide(ctx, a, id, in)
		if x != nil {
			outcome, name, account = x.Status, x.OrgName, x.Account
		}
		return err
	}, func() web.Confirm {
		lang := web.Lang(ctx)
		key := "admission.confirm_reject"
		if outcome == StatusAdmitted {
			key = "admission.confirm_admit"
		}
		return web.Confirm{Title: i18n.T(lang, key, name), Text: []string{i18n.T(lang, key+"_text")}, Button: i18n.T(lang, key+"_button")}
	})
	if asked {
		return
	}
	if err != nil {
		h.renderPage(w, r, a, err)
		return
	}
	key := "admission.decided"
	switch account {
	case AccountInvited:
		key = "admission.decided_invited"
	case AccountTaken:
		key = "admission.decided_taken"
	}
	h.web.Redirect(w, r, Path(id), key)
}

// confirmWithdraw asks before act withdraws an application, and runs it
// once confirmed (web.Confirming).
func (h *Handler) confirmWithdraw(w http.ResponseWriter, r *http.Request, act func(ctx context.Context) (*Application, error)) (asked bool, err error) {
	var name string
	return h.web.Confirming(w, r, func(ctx context.Context) error {
		x, err := act(ctx)
		if x != nil {
			name = x.OrgName
		}
		return err
	}, func() web.Confirm {
		lang := web.Lang(r.Context())
		return web.Confirm{Title: i18n.T(lang, "admission.confirm_withdraw", name), Text: []string{i18n.T(lang, "admission.confirm_withdraw_text")},
			Button: i18n.T(lang, "admission.confirm_withdraw_button")}
	})
}

func (h *Handler) withdraw(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	asked, err := h.confirmWithdraw(w, r, func(ctx context.Context) (*Application, error) { return h.svc.Withdraw(ctx, a, id) })
	if asked {
		return
	}
	if err != nil {
		h.renderPage(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, Path(id), "admission.withdrawn_done")
}

type statusView struct {
	X     *Application
	Token string
}

// statusPage is a public applicant's own page, opened through the
// private link mailed to it: its application as its own users see it.
func (h *Handler) statusPage(w http.ResponseWriter, r *http.Request) {
	h.renderStatus(w, r, r.URL.Query().Get("token"), nil)
}

func (h *Handler) renderStatus(w http.ResponseWriter, r *http.Request, token string, formErr error) {
	ctx := r.Context()
	x, err := h.svc.ByToken(ctx, web.RemoteAddr(r), web.Lang(ctx), token)
	if errors.Is(err, apperr.ErrNotFound) {
		p := h.web.NewPage(r, "admission.link_title", nil)
		h.web.Render(w, r, http.StatusNotFound, "admission_link.html", p)
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "", &statusView{X: x, Token: token})
	p.Title = x.OrgName
	h.web.RenderForm(w, r, "admission_status.html", p, formErr)
}

func (h *Handler) withdrawByToken(w http.ResponseWriter, r *http.Request) {
	token := r.FormValue("token")
	asked, err := h.confirmWithdraw(w, r, func(ctx context.Context) (*Application, error) {
		return h.svc.WithdrawByToken(ctx, web.RemoteAddr(r), token)
	})
	if asked {
		return
	}
	if err != nil {
		h.renderStatus(w, r, token, err)
		return
	}
	h.web.Redirect(w, r, StatusPath+url.QueryEscape(token), "admission.withdrawn_done")
}

type settingsView struct {
	Criteria []string
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
	p := h.web.NewPage(r, "admission.settings", &settingsView{Criteria: Criteria})
	if formErr == nil {
		p.Form = url.Values{"min_references": {strconv.Itoa(st.MinReferences)}, "quorum": {strconv.Itoa(st.Quorum)},
			"majority_percent": {strconv.Itoa(st.MajorityPercent)}}
		for _, c := range Criteria {
			if st.On(c) {
				p.Form.Set(c, "on")
			}
		}
	}
	h.web.RenderForm(w, r, "admission_settings.html", p, formErr)
}

func (h *Handler) saveSettings(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	var v apperr.Validation
	num := func(field string) *int {
		n, err := strconv.Atoi(f.Get(field))
		if err != nil {
			v.Add(field, "validation.integer")
		}
		return &n
	}
	on := func(field string) *bool { b := f.Get(field) == "on"; return &b }
	in := SettingsInput{Independent: on(CriterionIndependent), Certified: on(CriterionCertified), References: on(CriterionReferences),
		Competencies: on(CriterionCompetencies), MinReferences: num("min_references"), Quorum: num("quorum"), MajorityPercent: num("majority_percent")}
	err := v.Err()
	if err == nil {
		_, err = h.svc.SaveSettings(r.Context(), a, in)
	}
	if err != nil {
		h.renderSettings(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/community/applications", "form.saved")
}
