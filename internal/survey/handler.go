package survey

import (
	"context"
	"embed"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/web"
)

// Templates are the survey's pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Handler serves the survey's pages and API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the survey handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// mayUse is who sees the survey in the navigation: staff (the results)
// and partner admins (the rounds to answer).
func mayUse(a *auth.Actor) bool { return a.IsStaff() || a.ActsForOwnOrg() }

// Routes registers the pages, their forms and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/survey", Label: "nav.survey", Order: 85, Shows: mayUse, Badge: h.svc.Unanswered, BadgeLabel: "nav.survey_unanswered", Group: "nav.group.steering", Vendor: true})
	s.HandleFunc("GET /survey", s.SignedIn(h.roundsPage))
	s.HandleFunc("POST /survey/rounds", s.SignedIn(h.start))
	s.HandleFunc("GET /survey/rounds/{id}", s.SignedIn(h.resultsPage))
	s.HandleFunc("POST /survey/rounds/{id}/close", s.SignedIn(h.close))
	s.HandleFunc("GET /survey/rounds/{id}/answer", s.SignedIn(h.answerPage))
	s.HandleFunc("POST /survey/rounds/{id}/answer", s.SignedIn(h.answer))
	s.HandleFunc("GET /survey/settings", s.SignedIn(h.settingsPage))
	s.HandleFunc("POST /survey/settings", s.SignedIn(h.saveSettings))
	h.apiRoutes()
}

// Unanswered counts the open rounds a partner admin's organisation has
// not answered yet, for the navigation's badge.
func (s *Service) Unanswered(ctx context.Context, a *auth.Actor) int {
	if !a.ActsForOwnOrg() {
		return 0
	}
	list, err := s.Invitations(ctx, a)
	if err != nil {
		return 0
	}
	n := 0
	for _, x := range list {
		if x.AnsweredAt == nil {
			n++
		}
	}
	return n
}

type roundsView struct {
	Rounds      []*Round
	Invitations []*Invitation
	Staff       bool
	Admin       bool
}

func (h *Handler) roundsPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	v := &roundsView{Staff: a.IsStaff(), Admin: a.IsAdmin()}
	var err error
	if a.IsStaff() {
		v.Rounds, err = h.svc.Rounds(ctx, a)
	} else {
		v.Invitations, err = h.svc.Invitations(ctx, a)
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Render(w, r, http.StatusOK, "survey_rounds.html", h.web.NewPage(r, "survey.title", v))
}

func (h *Handler) start(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	var round *Round
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) (err error) {
		round, err = h.svc.Start(ctx, a)
		return err
	}, func() web.Confirm {
		lang := web.Lang(r.Context())
		return web.Confirm{Title: i18n.T(lang, "survey.confirm_start"), Text: []string{i18n.T(lang, "survey.confirm_start_text", round.Invited)},
			Button: i18n.T(lang, "survey.start")}
	})
	if asked {
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/survey/rounds/"+round.ID, "survey.started", round.Invited)
}

func (h *Handler) close(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error {
		_, err := h.svc.Close(ctx, a, id)
		return err
	}, func() web.Confirm {
		lang := web.Lang(r.Context())
		return web.Confirm{Title: i18n.T(lang, "survey.confirm_close"), Text: []string{i18n.T(lang, "survey.confirm_close_text")},
			Button: i18n.T(lang, "survey.close")}
	})
	if asked {
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/survey/rounds/"+id, "survey.closed_flash")
}

type resultsView struct {
	R     *Results
	Admin bool
}

// Question returns the round's question at position.
func (v *resultsView) Question(position int) Question {
	for _, q := range v.R.Round.Questions {
		if q.Position == position {
			return q
		}
	}
	return Question{}
}

// Columns counts a group's figures: the score, the average and one per
// scale question.
func (v *resultsView) Columns() int {
	n := 2
	for _, q := range v.R.Round.Questions {
		if q.Scale() {
			n++
		}
	}
	return n
}

func (h *Handler) resultsPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	res, err := h.svc.Results(r.Context(), a, r.PathValue("id"), web.Lang(r.Context()))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "survey.results", &resultsView{R: res, Admin: a.IsAdmin()})
	p.Title = i18n.T(p.Lang, "survey.round_of", i18n.Date(p.Lang, res.Round.OpenedAt.In(i18n.ZoneOr(h.web.Zone))))
	h.web.Render(w, r, http.StatusOK, "survey_round.html", p)
}

type answerView struct {
	F      *Form
	Scores []int
	Scale  []int
}

func (h *Handler) answerPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderAnswer(w, r, a, nil)
}

// answerValues fills the form with an earlier answer.
func answerValues(x *Answer) url.Values {
	if x == nil {
		return nil
	}
	v := url.Values{"score": {strconv.Itoa(x.Score)}}
	if x.Named {
		v.Set("named", "1")
	}
	for _, val := range x.Values {
		name := "answer_" + strconv.Itoa(val.Position)
		if val.Scale != nil {
			v.Set(name, strconv.Itoa(*val.Scale))
		} else {
			v.Set(name, val.Text)
		}
	}
	return v
}

func (h *Handler) renderAnswer(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	f, err := h.svc.Form(r.Context(), a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "survey.answer_title", &answerView{F: f, Scores: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, Scale: []int{1, 2, 3, 4, 5}})
	if formErr == nil {
		p.Form = answerValues(f.Answer)
	}
	h.web.RenderForm(w, r, "survey_answer.html", p, formErr)
}

// answerFrom reads the answer form.
func answerFrom(f url.Values) (AnswerInput, error) {
	var v apperr.Validation
	in := AnswerInput{Named: f.Get("named") != "", Values: []Value{}}
	if s := strings.TrimSpace(f.Get("score")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			v.Add("score", "survey.validation.score")
		} else {
			in.Score = &n
		}
	}
	for i := 1; i <= Questions; i++ {
		name := "answer_" + strconv.Itoa(i)
		s, ok := f[name]
		if !ok {
			continue
		}
		val := Value{Position: i, Text: s[0]}
		if n, err := strconv.Atoi(strings.TrimSpace(s[0])); err == nil {
			val.Scale = &n
		}
		in.Values = append(in.Values, val)
	}
	return in, v.Err()
}

func (h *Handler) answer(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	ctx, id := r.Context(), r.PathValue("id")
	in, err := answerFrom(r.PostForm)
	in = h.forRound(ctx, a, id, in)
	if err == nil {
		_, err = h.svc.Answer(ctx, a, id, in)
	} else {
		err = merge(err, h.svc.CheckAnswer(ctx, a, id, in))
	}
	if err != nil {
		h.renderAnswer(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/survey/rounds/"+id+"/answer", "survey.answered")
}

// forRound keeps of the form's values what fits each question of the
// round: the number of a scale question, the text of a text question.
func (h *Handler) forRound(ctx context.Context, a *auth.Actor, id string, in AnswerInput) AnswerInput {
	f, err := h.svc.Form(ctx, a, id)
	if err != nil {
		return in // Answer refuses the caller alike
	}
	for i, val := range in.Values {
		for _, q := range f.Round.Questions {
			if q.Position != val.Position {
				continue
			}
			if q.Scale() {
				in.Values[i].Text = ""
				if val.Scale == nil && strings.TrimSpace(val.Text) != "" {
					bad := 0 // not a number: out of range
					in.Values[i].Scale = &bad
				}
			} else {
				in.Values[i].Scale = nil
			}
		}
	}
	return in
}

type settingsView struct {
	S     *Settings
	Kinds []string
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
	p := h.web.NewPage(r, "survey.settings", &settingsView{S: st, Kinds: Kinds})
	if formErr == nil {
		p.Form = settingsValues(st)
	}
	h.web.RenderForm(w, r, "survey_settings.html", p, formErr)
}

func settingsValues(st *Settings) url.Values {
	v := url.Values{"interval_months": {strconv.Itoa(st.IntervalMonths)}, "open_days": {strconv.Itoa(st.OpenDays)}}
	for _, q := range st.Questions {
		n := "q" + strconv.Itoa(q.Position)
		v.Set(n+"_de", q.TextDE)
		v.Set(n+"_en", q.TextEN)
		v.Set(n+"_kind", q.Kind)
	}
	return v
}

// settingsFrom reads the settings form.
func settingsFrom(f url.Values) (SettingsInput, error) {
	var v apperr.Validation
	num := func(name string) *int {
		n, err := strconv.Atoi(strings.TrimSpace(f.Get(name)))
		if err != nil {
			v.Add(name, "validation.integer")
			return nil
		}
		return &n
	}
	qs := make([]Question, Questions)
	for i := range qs {
		n := "q" + strconv.Itoa(i+1)
		qs[i] = Question{Position: i + 1, TextDE: f.Get(n + "_de"), TextEN: f.Get(n + "_en"), Kind: f.Get(n + "_kind")}
	}
	return SettingsInput{IntervalMonths: num("interval_months"), OpenDays: num("open_days"), Questions: &qs}, v.Err()
}

func (h *Handler) saveSettings(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	ctx := r.Context()
	in, err := settingsFrom(r.PostForm)
	if err == nil {
		_, err = h.svc.SaveSettings(ctx, a, in)
	} else {
		err = merge(err, h.svc.CheckSettings(ctx, a, in))
	}
	if err != nil {
		h.renderSettings(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/survey/settings", "form.saved")
}

// merge adds the field errors of the service's check to the form's own
// (unreadable numbers); a refusal of the caller wins.
func merge(form, check error) error {
	if check == nil {
		return form
	}
	c, ok := apperr.As(check)
	if !ok || c.Code != apperr.Invalid {
		return check
	}
	e, _ := apperr.As(form)
	out := *e
	for _, fe := range c.Fields {
		if !slices.ContainsFunc(out.Fields, func(x apperr.FieldError) bool { return x.Field == fe.Field }) {
			out.Fields = append(out.Fields, fe)
		}
	}
	return &out
}
