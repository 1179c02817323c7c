package portfolio

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/web"
)

// sortProfiles puts the default profile first and the others by name in
// lang.
func sortProfiles(lang string, list []*Profile) []*Profile {
	var def, rest []*Profile
	for _, p := range list {
		if p.Default {
			def = append(def, p)
		} else {
			rest = append(rest, p)
		}
	}
	i18n.SortBy(lang, rest, func(p *Profile) string { return p.Name(lang) })
	return append(def, rest...)
}

func (h *Handler) profileRoutes() {
	s := h.web
	s.HandleFunc("GET /portfolio/profiles", s.SignedIn(h.profilesPage))
	s.HandleFunc("POST /portfolio/profiles", s.SignedIn(h.saveProfile))
	s.HandleFunc("GET /portfolio/profiles/{id}", s.SignedIn(h.profilePage))
	s.HandleFunc("POST /portfolio/profiles/{id}", s.SignedIn(h.saveProfile))
}

type profilesData struct {
	Profiles []*Profile
	// Empty are the new profile form's values.
	Empty *Profile
	Lang  string
}

func (h *Handler) profilesPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderProfiles(w, r, a, nil)
}

func (h *Handler) renderProfiles(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	list, err := h.svc.Profiles(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "profiles.title", nil)
	def := list[0]
	p.Data = &profilesData{Profiles: sortProfiles(p.Lang, list), Lang: p.Lang,
		Empty: &Profile{CanThreshold: def.CanThreshold, WillThreshold: def.WillThreshold}}
	h.web.RenderForm(w, r, "idealprofiles.html", p, formErr)
}

type profileData struct {
	Profile   *Profile
	Can, Will []*Criterion
	Lang      string
}

func (h *Handler) profilePage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderProfile(w, r, a, nil)
}

func (h *Handler) renderProfile(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	pf, err := h.svc.Profile(r.Context(), a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	all, err := h.svc.Criteria(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "profiles.title", nil)
	d := &profileData{Profile: pf, Lang: p.Lang}
	for _, c := range all {
		if !c.Active {
			continue
		}
		if c.Axis == AxisCan {
			d.Can = append(d.Can, c)
		} else {
			d.Will = append(d.Will, c)
		}
	}
	p.Data = d
	p.Title = i18n.T(p.Lang, "profiles.title_of", pf.Name(p.Lang))
	h.web.RenderForm(w, r, "idealprofile.html", p, formErr)
}

// saveProfile creates a profile (from the list's form) or changes one
// (from its page's form, which names every active criterion's weight).
func (h *Handler) saveProfile(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	id := r.PathValue("id")
	str := func(k string) *string { v := f.Get(k); return &v }
	in := ProfileInput{NameDE: str("name_de"), NameEN: str("name_en"), Slug: str("slug"), Weights: map[string]int{}}
	var v apperr.Validation
	number := func(dst **int, key string) {
		n, err := strconv.Atoi(strings.TrimSpace(f.Get(key)))
		if err != nil {
			v.Add(key, "validation.integer")
			return
		}
		*dst = &n
	}
	number(&in.CanThreshold, "can_threshold")
	number(&in.WillThreshold, "will_threshold")
	public := f.Get("public") == "on"
	in.Public = &public
	if id != "" {
		archived := f.Get("archived") == "on"
		in.Archived = &archived
	}
	for key, vals := range f {
		cid, ok := strings.CutPrefix(key, "weight_")
		if !ok || len(vals) == 0 {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(vals[0]))
		if err != nil {
			v.Add("weights."+cid, "validation.integer")
			continue
		}
		in.Weights[cid] = n
	}
	err := v.Err()
	var pf *Profile
	if err == nil {
		pf, err = h.svc.SaveProfile(r.Context(), a, id, in)
	}
	if err != nil {
		if id == "" {
			h.renderProfiles(w, r, a, err)
		} else {
			h.renderProfile(w, r, a, err)
		}
		return
	}
	h.web.Redirect(w, r, "/portfolio/profiles/"+pf.ID, "form.saved")
}

type profileUpdateIn struct {
	ID   string       `path:"id"`
	Body ProfileInput `body:"json"`
}

type profileCreateIn struct {
	Body ProfileInput `body:"json"`
}

func (h *Handler) profileAPI() {
	api := h.web.API
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/portfolio/profiles", ID: "listIdealProfiles", Summary: "List ideal-partner profiles",
		Description: "The ideal-partner profiles, the default first, with their thresholds and every criterion's weight in them (staff)", Tag: "portfolio"},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*web.List[*Profile], error) {
			list, err := h.svc.Profiles(ctx, a)
			if err != nil {
				return nil, err
			}
			return &web.List[*Profile]{Items: list, Total: len(list), Page: 1, PerPage: len(list)}, nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/portfolio/profiles", ID: "createIdealProfile", Summary: "Add an ideal-partner profile",
		Description: "Add a profile; it starts with the default profile's weights and thresholds where the request names none (admins)", Tag: "portfolio", Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *profileCreateIn) (*Profile, error) {
			return h.svc.SaveProfile(ctx, a, "", in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/portfolio/profiles/{id}", ID: "getIdealProfile", Summary: "Get an ideal-partner profile",
		Description: "One profile with its thresholds and every criterion's weight in it (staff)", Tag: "portfolio"},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*Profile, error) {
			return h.svc.Profile(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "PATCH", Path: "/api/v1/portfolio/profiles/{id}", ID: "updateIdealProfile", Summary: "Change an ideal-partner profile",
		Description: "Rename, archive, offer publicly, or change the thresholds and weights of a profile; old assessments keep what they were made with. The default profile's weights are the criteria's own (admins)", Tag: "portfolio"},
		func(ctx context.Context, a *auth.Actor, in *profileUpdateIn) (*Profile, error) {
			return h.svc.SaveProfile(ctx, a, in.ID, in.Body)
		})
}
