package dues

import (
	"context"
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/web"
)

// Templates are the membership administration's pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Handler serves the fees, resignations and members over time, and
// their API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the dues handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Routes registers the pages, their forms and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/community/dues", Label: "nav.dues", Order: 96, ShowsWhen: h.svc.Shows, Group: "nav.group.community"})
	s.HandleFunc("GET /community/dues", s.SignedIn(h.page))
	s.HandleFunc("GET /community/dues/history", s.SignedIn(h.historyPage))
	s.HandleFunc("GET /community/dues/settings", s.SignedIn(h.settingsPage))
	s.HandleFunc("POST /community/dues/settings", s.SignedIn(h.saveSettings))
	s.HandleFunc("POST /community/dues/fees/{id}/payment", s.SignedIn(h.pay))
	s.HandleFunc("POST /community/dues/resignation", s.SignedIn(h.resign))
	s.HandleFunc("POST /community/dues/resignation/withdraw", s.SignedIn(h.withdraw))
	h.apiRoutes()
}

// boardView is the overview of those who run the association.
type boardView struct {
	Year         int
	Years        []int
	Fees         []*Fee
	Paid, Late   int
	Resignations []*Resignation
	Settings     *Settings
	lang         string
}

// Money writes an amount in the reader's language.
func (v *boardView) Money(minor int64, currency string) string {
	return i18n.Money(v.lang, minor, currency)
}

// Summary is the settings in one line.
func (v *boardView) Summary() string {
	st := v.Settings
	return i18n.T(v.lang, "dues.settings_summary", i18n.Money(v.lang, st.FeeOrdinary, st.Currency), i18n.Money(v.lang, st.FeeSupporting, st.Currency),
		st.DueDay, st.DueMonth, st.RemindDays, st.NoticeMonths, i18n.T(v.lang, "dues.notice_to."+st.NoticeTo))
}

// ownView is a member's own page.
type ownView struct {
	*Membership
	lang string
}

// Money writes an amount in the reader's language.
func (v *ownView) Money(minor int64, currency string) string {
	return i18n.Money(v.lang, minor, currency)
}

// page is the overview for those who run the association and the own
// membership for a member's users.
func (h *Handler) page(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderPage(w, r, a, nil)
}

func (h *Handler) renderPage(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	st, err := h.svc.inside(ctx, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	lang := web.Lang(ctx)
	if !st.Runs() {
		own, err := h.svc.Own(ctx, a)
		if err != nil {
			h.web.Error(w, r, err)
			return
		}
		h.web.RenderForm(w, r, "dues_own.html", h.web.NewPage(r, "dues.own_title", &ownView{Membership: own, lang: lang}), formErr)
		return
	}
	v := &boardView{Year: h.svc.today().Year(), lang: lang}
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y > 1900 && y < 3000 {
		v.Year = y
	}
	if v.Years, err = h.svc.Years(ctx, a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	if v.Fees, err = h.svc.Fees(ctx, a, v.Year, lang); err != nil {
		h.web.Error(w, r, err)
		return
	}
	for _, f := range v.Fees {
		if f.PaidOn != nil {
			v.Paid++
		} else if f.Overdue {
			v.Late++
		}
	}
	if v.Resignations, err = h.svc.Resignations(ctx, a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	if v.Settings, err = h.svc.Settings(ctx, a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.RenderForm(w, r, "dues.html", h.web.NewPage(r, "dues.title", v), formErr)
}

func (h *Handler) pay(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	f, err := h.svc.Pay(r.Context(), a, id, Payment{PaidOn: r.PostForm.Get("paid_on")})
	if err != nil {
		h.renderPage(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/community/dues?year="+strconv.Itoa(f.Year), "dues.paid_flash")
}

func (h *Handler) resign(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	var res *Resignation
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) (err error) {
		res, err = h.svc.Resign(ctx, a)
		return err
	}, func() web.Confirm {
		lang := web.Lang(r.Context())
		return web.Confirm{Title: i18n.T(lang, "dues.confirm_resign"), Text: []string{i18n.T(lang, "dues.confirm_resign_text", i18n.Date(lang, res.EndsOn.Time))},
			Button: i18n.T(lang, "dues.resign")}
	})
	h.done(w, r, a, asked, err, "dues.resigned_flash")
}

func (h *Handler) withdraw(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error {
		_, err := h.svc.Withdraw(ctx, a)
		return err
	}, func() web.Confirm {
		lang := web.Lang(r.Context())
		return web.Confirm{Title: i18n.T(lang, "dues.confirm_withdraw"), Text: []string{i18n.T(lang, "dues.confirm_withdraw_text")},
			Button: i18n.T(lang, "dues.withdraw")}
	})
	h.done(w, r, a, asked, err, "dues.withdrawn_flash")
}

// done ends a resignation's or withdrawal's post: the page again with a
// conflict, an error page for anything else, or back with the flash.
func (h *Handler) done(w http.ResponseWriter, r *http.Request, a *auth.Actor, asked bool, err error, flash string) {
	switch {
	case asked:
	case err != nil && web.IsFormError(err):
		h.renderPage(w, r, a, err)
	case err != nil:
		h.web.Error(w, r, err)
	default:
		h.web.Redirect(w, r, "/community/dues", flash)
	}
}

type settingsView struct {
	Periods []string
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
	p := h.web.NewPage(r, "dues.settings", &settingsView{Periods: Periods})
	if formErr == nil {
		lang := web.Lang(r.Context())
		num := strconv.Itoa
		p.Form = url.Values{"fee_ordinary": {i18n.Amount(lang, st.FeeOrdinary, st.Currency)}, "fee_supporting": {i18n.Amount(lang, st.FeeSupporting, st.Currency)},
			"currency": {st.Currency}, "due_month": {num(st.DueMonth)}, "due_day": {num(st.DueDay)}, "remind_days": {num(st.RemindDays)},
			"notice_months": {num(st.NoticeMonths)}, "notice_to": {st.NoticeTo}}
	}
	h.web.RenderForm(w, r, "dues_settings.html", p, formErr)
}

// settingsFrom reads the settings form: amounts in the currency's major
// units as typed in lang, whole numbers.
func settingsFrom(f url.Values, lang string) (SettingsInput, error) {
	var v apperr.Validation
	cur := strings.ToUpper(strings.TrimSpace(f.Get("currency")))
	amount := func(name string) *int64 {
		n, ok := i18n.ParseAmount(f.Get(name), lang, cur)
		if !ok {
			v.Add(name, "dues.validation.amount")
			return nil
		}
		return &n
	}
	num := func(name string) *int {
		n, err := strconv.Atoi(strings.TrimSpace(f.Get(name)))
		if err != nil {
			v.Add(name, "validation.integer")
			return nil
		}
		return &n
	}
	to := f.Get("notice_to")
	return SettingsInput{FeeOrdinary: amount("fee_ordinary"), FeeSupporting: amount("fee_supporting"), Currency: &cur, DueMonth: num("due_month"),
		DueDay: num("due_day"), RemindDays: num("remind_days"), NoticeMonths: num("notice_months"), NoticeTo: &to}, v.Err()
}

func (h *Handler) saveSettings(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	ctx := r.Context()
	in, err := settingsFrom(r.PostForm, web.Lang(ctx))
	if err == nil {
		_, err = h.svc.SaveSettings(ctx, a, in)
	} else if check := h.svc.CheckSettings(ctx, a, in); check != nil && apperr.CodeOf(check) != apperr.Invalid {
		err = check // a refusal of the caller wins
	}
	if err != nil {
		h.renderSettings(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, "/community/dues", "form.saved")
}

// historyView is the members over time.
type historyView struct {
	Points []Point
	lang   string
}

// Chart draws the points as SVG.
func (v *historyView) Chart() any { return chart(v.lang, v.Points) }

func (h *Handler) historyPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	points, err := h.svc.History(r.Context(), a, HistoryYears)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Render(w, r, http.StatusOK, "dues_history.html", h.web.NewPage(r, "dues.history", &historyView{Points: points, lang: web.Lang(r.Context())}))
}
