package painpoints

import (
	"context"
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/web"
)

// Templates are the pain points' pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Handler serves the pain points' pages and API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the pain points handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Routes registers the pages, their forms and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/community/pain-points", Label: "nav.painpoints", Order: 95, ShowsWhen: h.svc.Shows, Group: "nav.group.community"})
	s.HandleFunc("GET /community/pain-points", s.SignedIn(h.listPage))
	s.HandleFunc("POST /community/pain-points", s.SignedIn(h.create))
	s.HandleFunc("GET /community/pain-points/new", s.SignedIn(h.newPage))
	s.HandleFunc("GET /community/pain-points/report.md", s.SignedIn(h.reportMarkdown))
	s.HandleFunc("GET /community/pain-points/report.pdf", s.SignedIn(h.reportPDF))
	s.HandleFunc("GET /community/pain-points/{id}", s.SignedIn(h.pointPage))
	s.HandleFunc("POST /community/pain-points/{id}/support", s.SignedIn(h.support))
	s.HandleFunc("POST /community/pain-points/{id}/withdraw", s.SignedIn(h.withdraw))
	s.HandleFunc("POST /community/pain-points/{id}/status", s.SignedIn(h.setStatus))
	s.HandleFunc("POST /community/pain-points/{id}/merge", s.SignedIn(h.merge))
	s.HandleFunc("POST /community/pain-points/{id}/answer", s.SignedIn(h.answer))
	h.apiRoutes()
}

type listView struct {
	Result   *Page
	Filter   Filter
	Can      Abilities
	Statuses []string
	Topics   []string
}

// Rank is the place of the list's i-th item on its page.
func (v *listView) Rank(i int) int { return (v.Result.Page-1)*v.Result.PerPage + i + 1 }

// filterFrom reads the list's filter from the query.
func filterFrom(q url.Values) Filter {
	f := Filter{Status: q.Get("status"), Topic: q.Get("topic")}
	f.Page, _ = strconv.Atoi(q.Get("page"))
	return f
}

func (h *Handler) listPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	f := filterFrom(r.URL.Query())
	page, err := h.svc.List(ctx, a, f)
	var formErr error
	if err != nil {
		// A refused filter shows the list without it and says why.
		if page, formErr = h.svc.List(ctx, a, Filter{}); formErr != nil {
			h.web.Error(w, r, formErr)
			return
		}
		formErr, f = err, Filter{}
	}
	can := h.svc.Can(ctx, a, nil)
	v := &listView{Result: page, Filter: f, Can: can, Statuses: Statuses, Topics: Topics}
	if can.Liaison {
		v.Statuses = vendorSees
	}
	p := h.web.NewPage(r, "painpoints.title", v)
	h.web.RenderForm(w, r, "painpoints_list.html", p, formErr)
}

type newView struct {
	Topics []string
}

func (h *Handler) newPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderNew(w, r, a, nil)
}

func (h *Handler) renderNew(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	if err := h.svc.CanSubmit(r.Context(), a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "painpoints.new", &newView{Topics: Topics})
	h.web.RenderForm(w, r, "painpoints_new.html", p, formErr)
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	in := Input{Title: f.Get("title"), Description: f.Get("description"), Topic: f.Get("topic"), Area: f.Get("area")}
	p, err := h.svc.Create(r.Context(), a, in)
	if err != nil {
		h.renderNew(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, Path(p.ID), "painpoints.submitted")
}

type pointView struct {
	P       *Point
	Can     Abilities
	Targets []*Point
	// Unnamed counts the supporters the caller may not see by name.
	Unnamed int
	Kept    *Point
}

func (h *Handler) pointPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderPoint(w, r, a, r.PathValue("id"), nil)
}

func (h *Handler) renderPoint(w http.ResponseWriter, r *http.Request, a *auth.Actor, id string, formErr error) {
	ctx := r.Context()
	pt, err := h.svc.Get(ctx, a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	SortSupporters(web.Lang(ctx), pt)
	v := &pointView{P: pt, Can: h.svc.Can(ctx, a, pt), Unnamed: pt.Support - len(pt.Supporters)}
	if v.Targets, err = h.svc.Mergeable(ctx, a, pt); err != nil {
		h.web.Error(w, r, err)
		return
	}
	if pt.MergedInto != "" {
		if v.Kept, err = h.svc.Get(ctx, a, pt.MergedInto); err != nil {
			h.web.Error(w, r, err)
			return
		}
	}
	p := h.web.NewPage(r, "", v)
	p.Title = pt.Title
	if formErr == nil && pt.Mine != nil && pt.Mine.Named {
		p.Form = url.Values{"named": {"1"}}
	}
	h.web.RenderForm(w, r, "painpoints_point.html", p, formErr)
}

// act runs one of a point's form actions, then returns to the point with
// the flash, or shows the point again with the refusal.
func (h *Handler) act(w http.ResponseWriter, r *http.Request, a *auth.Actor, flash string, do func(ctx context.Context, id string, f url.Values) error) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	if err := do(r.Context(), id, r.PostForm); err != nil {
		h.renderPoint(w, r, a, id, err)
		return
	}
	h.web.Redirect(w, r, Path(id), flash)
}

func (h *Handler) support(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.act(w, r, a, "painpoints.supported", func(ctx context.Context, id string, f url.Values) error {
		_, err := h.svc.Support(ctx, a, id, f.Get("named") != "")
		return err
	})
}

func (h *Handler) withdraw(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.act(w, r, a, "painpoints.withdrawn", func(ctx context.Context, id string, _ url.Values) error {
		_, err := h.svc.Withdraw(ctx, a, id)
		return err
	})
}

func (h *Handler) answer(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.act(w, r, a, "painpoints.answered_flash", func(ctx context.Context, id string, f url.Values) error {
		_, err := h.svc.Answer(ctx, a, id, f.Get("answer"))
		return err
	})
}

// setStatus changes the status; declining asks first, as the submitter
// and the supporters are told.
func (h *Handler) setStatus(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	in := StatusInput{Status: r.PostForm.Get("status"), Reason: r.PostForm.Get("reason")}
	act := func(ctx context.Context) error {
		_, err := h.svc.SetStatus(ctx, a, id, in)
		return err
	}
	var err error
	if in.Status == StatusDeclined {
		var asked bool
		asked, err = h.web.Confirming(w, r, act, func() web.Confirm {
			lang := web.Lang(r.Context())
			return web.Confirm{Title: i18n.T(lang, "painpoints.confirm_decline"), Text: []string{i18n.T(lang, "painpoints.confirm_decline_text", in.Reason)},
				Button: i18n.T(lang, "painpoints.decline")}
		})
		if asked {
			return
		}
	} else {
		err = act(r.Context())
	}
	if err != nil {
		h.renderPoint(w, r, a, id, err)
		return
	}
	h.web.Redirect(w, r, Path(id), "painpoints.status_saved")
}

// merge merges the point as a duplicate into another, after asking.
func (h *Handler) merge(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	ctx, id, into := r.Context(), r.PathValue("id"), r.PostForm.Get("into")
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error {
		_, err := h.svc.Merge(ctx, a, id, into)
		return err
	}, func() web.Confirm {
		lang := web.Lang(ctx)
		var dup, kept string
		if p, err := h.svc.Get(ctx, a, id); err == nil {
			dup = p.Title
		}
		if p, err := h.svc.Get(ctx, a, into); err == nil {
			kept = p.Title
		}
		return web.Confirm{Title: i18n.T(lang, "painpoints.confirm_merge"), Text: []string{i18n.T(lang, "painpoints.confirm_merge_text", dup, kept)},
			Button: i18n.T(lang, "painpoints.merge_button")}
	})
	if asked {
		return
	}
	if err != nil {
		h.renderPoint(w, r, a, id, err)
		return
	}
	h.web.Redirect(w, r, Path(id), "painpoints.merged_flash")
}

// reportFile returns the report and the language it is written in (the
// query's lang, else the caller's).
func (h *Handler) reportFile(w http.ResponseWriter, r *http.Request, a *auth.Actor) (*Report, string, bool) {
	rep, err := h.svc.Report(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return nil, "", false
	}
	lang := web.Lang(r.Context())
	if l := r.URL.Query().Get("lang"); i18n.Supported(l) {
		lang = l
	}
	return rep, lang, true
}

// reportName is the report's file name with ext.
func reportName(lang string, at time.Time, ext string) string {
	return i18n.T(lang, "painpoints.report.file") + "-" + at.Format(time.DateOnly) + "." + ext
}

func (h *Handler) reportMarkdown(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	rep, lang, ok := h.reportFile(w, r, a)
	if !ok {
		return
	}
	web.Attachment(w, "text/markdown; charset=utf-8", reportName(lang, rep.Made, "md"), rep.Markdown(lang))
}

func (h *Handler) reportPDF(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	rep, lang, ok := h.reportFile(w, r, a)
	if !ok {
		return
	}
	b, err := rep.PDF(lang)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	web.Attachment(w, "application/pdf", reportName(lang, rep.Made, "pdf"), b)
}
