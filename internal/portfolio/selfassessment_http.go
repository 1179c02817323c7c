package portfolio

import (
	"cmp"
	"context"
	"embed"
	"net/http"
	"strconv"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/partner"
	"pakt/internal/web"
)

// SelfAssessmentTemplates is the public self-assessment page.
//
//go:embed templates/selfassessment.html
var SelfAssessmentTemplates embed.FS

// SelfAssessmentHandler serves the public ideal-partner self-assessment.
type SelfAssessmentHandler struct {
	web      *web.Server
	svc      *Service
	partners *partner.Service
	// OnProspect puts a company that left its details into the
	// recruitment pipeline; set by the app.
	OnProspect func(ctx context.Context, orgID string) error
	// PrivacyURL is the programme's privacy policy, linked at the consent;
	// no link when empty.
	PrivacyURL string
}

// NewSelfAssessmentHandler returns the handler of the public page.
func NewSelfAssessmentHandler(w *web.Server, s *Service, p *partner.Service) *SelfAssessmentHandler {
	return &SelfAssessmentHandler{web: w, svc: s, partners: p}
}

type selfData struct {
	// Profile is the profile answered; Offered are all the page offers,
	// the default first, when it offers more than one.
	Profile    *Profile
	Offered    []*Profile
	Questions  []Question
	Result     *SelfResult
	Levels     []int
	Lang       string
	PrivacyURL string
	// Countries are the codes the country list offers, by name in the
	// page's language.
	Countries []string
}

// Points formats tenths for the page's language.
func (d *selfData) Points(tenths int) string { return Points(d.Lang, tenths) }

// Routes registers the public page, its API, and the staff's reads.
func (h *SelfAssessmentHandler) Routes() {
	h.web.HandleFunc("GET /ideal-partner", h.page)
	h.web.HandleFunc("POST /ideal-partner", h.submit)
	api := h.web.API
	api.Tag("self-assessment", "The public ideal-partner self-assessment that companies answer before they apply")
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/self-assessment/profiles", ID: "listSelfAssessmentProfiles", Summary: "List the offered profiles", Description: "The ideal-partner profiles the public self-assessment offers, the default first, named in the language of Accept-Language. Public", Tag: "self-assessment", Public: true},
		func(ctx context.Context, _ *auth.Actor, _ *web.NoBody) (*web.List[PublicProfile], error) {
			list, err := h.svc.OfferedProfiles(ctx)
			if err != nil {
				return nil, err
			}
			out := make([]PublicProfile, len(list))
			for i, p := range list {
				out[i] = PublicProfile{Slug: p.Slug, Name: p.Name(web.Lang(ctx))}
			}
			return &web.List[PublicProfile]{Items: out, Total: len(out), Page: 1, PerPage: len(out)}, nil
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/self-assessment/questions", ID: "getSelfAssessmentQuestions", Summary: "Get the self-assessment questions", Description: "The questions of the public ideal-partner self-assessment of a profile, in the language of Accept-Language. Public", Tag: "self-assessment", Public: true},
		func(ctx context.Context, _ *auth.Actor, in *profileQuery) (*web.List[Question], error) {
			q, err := h.svc.ProfileQuestions(ctx, web.Lang(ctx), in.Profile)
			if err != nil {
				return nil, err
			}
			return &web.List[Question]{Items: q, Total: len(q), Page: 1, PerPage: len(q)}, nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/self-assessment", ID: "submitSelfAssessment", Summary: "Answer the self-assessment", Description: "Answer the public self-assessment and get the result; with contact details and consent the company becomes a prospect. Public; limited per address", Tag: "self-assessment", Public: true},
		func(ctx context.Context, _ *auth.Actor, in *struct {
			Body SelfInput `body:"json"`
		}) (*SelfResult, error) {
			_, r := web.HTTP(ctx)
			return h.svc.SelfAssess(ctx, h.partners, web.Lang(ctx), web.RemoteAddr(r), in.Body, h.OnProspect)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/partners/{id}/self-assessments", ID: "listSelfAssessments", Summary: "List a prospect's self-assessments", Description: "The self-assessments a prospect sent with its contact details (staff)", Tag: "self-assessment"},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*web.List[SelfAssessment], error) {
			list, err := h.svc.SelfAssessments(ctx, a, in.ID)
			if err != nil {
				return nil, err
			}
			return &web.List[SelfAssessment]{Items: list, Total: len(list), Page: 1, PerPage: len(list)}, nil
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/self-assessment/stats", ID: "getSelfAssessmentStats", Summary: "Get self-assessment statistics", Description: "How many self-assessments were completed and left contact details in the last 30 days (staff)", Tag: "self-assessment"},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*SelfCounts, error) {
			return h.svc.SelfAssessmentCounts(ctx, a, time.Now().AddDate(0, 0, -30))
		})
}

// PublicProfile is a profile as the public self-assessment offers it.
type PublicProfile struct {
	Slug string `json:"slug" doc:"chooses the profile: ?profile=… of the questions, profile of the answers"`
	Name string `json:"name"`
}

type profileQuery struct {
	Profile string `query:"profile" doc:"the slug of an offered ideal-partner profile (default: the default profile)"`
}

func (h *SelfAssessmentHandler) render(w http.ResponseWriter, r *http.Request, slug string, res *SelfResult, formErr error) {
	p := h.web.NewPage(r, "self.title", nil)
	q, err := h.svc.ProfileQuestions(r.Context(), p.Lang, slug)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	if len(q) == 0 {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	offered, err := h.svc.OfferedProfiles(r.Context())
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	d := &selfData{Questions: q, Result: res, Levels: levels(), Lang: p.Lang, PrivacyURL: h.PrivacyURL, Countries: partner.CountriesIn(p.Lang)}
	for _, o := range offered {
		if o.Slug == cmp.Or(slug, DefaultProfile) {
			d.Profile = o
		}
	}
	if len(offered) > 1 {
		d.Offered = offered
	}
	p.Data = d
	h.web.RenderForm(w, r, "selfassessment.html", p, formErr)
}

func (h *SelfAssessmentHandler) page(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, r.URL.Query().Get("profile"), nil, nil)
}

func (h *SelfAssessmentHandler) submit(w http.ResponseWriter, r *http.Request) {
	if !h.web.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	in := SelfInput{Profile: f.Get("profile"), Answers: map[string]int{}}
	var v apperr.Validation
	for key, vals := range f {
		id, ok := strings.CutPrefix(key, "answer_")
		if !ok || len(vals) == 0 || vals[0] == "" {
			continue
		}
		n, err := strconv.Atoi(vals[0])
		if err != nil {
			v.Add("answers."+id, "validation.integer")
			continue
		}
		in.Answers[id] = n
	}
	if f.Get("contact_me") == "on" {
		in.Contact = &SelfContact{Company: f.Get("company"), Name: f.Get("name"), Email: f.Get("email"), Phone: f.Get("phone"),
			Country: f.Get("country"), Consent: f.Get("consent") == "on"}
	}
	// The honeypot goes to the service, which keeps nothing of a robot's.
	in.Website = f.Get("website")
	in.Repeat = f.Get("repeat") == "1"
	err := v.Err()
	var res *SelfResult
	if err == nil {
		res, err = h.svc.SelfAssess(r.Context(), h.partners, web.Lang(r.Context()), web.RemoteAddr(r), in, h.OnProspect)
	}
	h.render(w, r, in.Profile, res, err)
}
