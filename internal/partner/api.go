package partner

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/upload"
	"pakt/internal/web"
)

type searchIn struct {
	Q          string   `query:"q" doc:"search text: names, competencies, references, places, descriptions; forgiving about case, accents, legal forms and small typos"`
	Competency []string `query:"competency" doc:"competency ids (any of them)"`
	Region     []string `query:"region"`
	Country    []string `query:"country" doc:"ISO 3166-1 alpha-2 codes"`
	Industry   []string `query:"industry" enum:"industry"`
	Tier       []string `query:"tier" enum:"tier"`
	Size       []string `query:"size" enum:"size"`
	Kind       []string `query:"kind" doc:"staff only: partner, prospect, member" enum:"partner_kind"`
	Status     []string `query:"status" doc:"staff only" enum:"partner_status"`
	FreeFrom   string   `query:"free_from" doc:"YYYY-MM-DD: free resources on some day from here …"`
	FreeTo     string   `query:"free_to" doc:"… to here"`
	Sort       string   `query:"sort" doc:"relevance, name, -name or updated"`
	Page       string   `query:"page"`
	PerPage    string   `query:"per_page" doc:"1 to 100, default 20"`
	Facets     []string `query:"facets" doc:"the facets whose counts the result carries, or all; none by default (staff only: kind and status)" enum:"facet"`
}

type idIn struct {
	ID string `path:"id"`
}

type inputIn struct {
	Body Input `body:"json"`
}

type updateIn struct {
	ID   string `path:"id"`
	Body Input  `body:"json"`
}

type entryIn[T any] struct {
	ID    string `path:"id"`
	Entry string `path:"entry"`
	Body  T      `body:"json"`
}

type entryRef struct {
	ID    string `path:"id"`
	Entry string `path:"entry"`
}

type verificationIn struct {
	ID    string `path:"id"`
	Entry string `path:"entry"`
	Body  struct {
		Verified bool `json:"verified" doc:"true: checked against the certificate's number or file; false: the verification taken back"`
	} `body:"json"`
}

type competencyIn struct {
	ID   string          `path:"id"`
	Body CompetencyInput `body:"json"`
}

type newCompetencyIn struct {
	Body CompetencyInput `body:"json"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("directory", "Partner organisations and their profiles: search with facets, certifications, references, resources and contacts")
	api.Tag("competencies", "The programme's competency taxonomy")
	web.Enum(api, "partner_kind", Kinds)
	web.Enum(api, "partner_status", Statuses)
	web.Enum(api, "tier", Tiers)
	web.Enum(api, "size", Sizes)
	web.Enum(api, "industry", Industries)
	web.Enum(api, "unit", ResourceUnits)
	web.Enum(api, "facet", append(slices.Clone(AllFacets), "all"))
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/partners", ID: "searchPartners", Summary: "Search the directory", Description: "Search the partner directory by words (typos tolerated) and facets, with the count of every value of the facets asked for; partner users see only listed organisations and not their kind or status", Tag: "directory"},
		func(ctx context.Context, a *auth.Actor, in *searchIn) (*Result, error) {
			if !mayBrowse(a) {
				return nil, apperr.ErrNotFound
			}
			v := url.Values{"q": {in.Q}, "free_from": {in.FreeFrom}, "free_to": {in.FreeTo}, "sort": {in.Sort}, "page": {in.Page}, "per_page": {in.PerPage},
				"competency": in.Competency, "region": in.Region, "country": in.Country, "industry": in.Industry, "tier": in.Tier,
				"size": in.Size, "kind": in.Kind, "status": in.Status, "facets": in.Facets}
			for k, x := range v {
				if len(x) == 1 && x[0] == "" {
					delete(v, k)
				}
			}
			q, err := queryFrom(v)
			if err != nil {
				return nil, err
			}
			return h.svc.Search(ctx, a, q)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/partners", ID: "createPartner", Summary: "Create an organisation", Description: "Create an organisation (staff)", Tag: "directory", Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *inputIn) (*Organisation, error) {
			if !a.IsStaff() {
				return nil, apperr.ErrNotFound
			}
			return h.svc.Create(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/partners/{id}", ID: "getPartner", Summary: "Get an organisation", Description: "An organisation with its profile: certifications, references, resources and, where the caller may see them, contacts; 404 for one the caller may not see", Tag: "directory"},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*Organisation, error) {
			return h.svc.Get(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "PATCH", Path: "/api/v1/partners/{id}", ID: "updatePartner", Summary: "Change an organisation", Description: "Change an organisation's profile; absent fields stay (staff; the organisation's partner admins their own, without kind, status, tier and manager)", Tag: "directory"},
		func(ctx context.Context, a *auth.Actor, in *updateIn) (*Organisation, error) {
			if _, err := h.svc.Update(ctx, a, in.ID, in.Body); err != nil {
				return nil, err
			}
			return h.svc.Get(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "DELETE", Path: "/api/v1/partners/{id}", ID: "deletePartner", Summary: "Delete an organisation", Description: "Remove an organisation (admins)", Tag: "directory", Status: http.StatusNoContent},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*web.NoBody, error) {
			return nil, h.svc.Delete(ctx, a, in.ID)
		})
	entryAPI[Certification](h, "certifications", "Certification")
	certificationAPI(h)
	entryAPI[Reference](h, "references", "Reference")
	entryAPI[Resource](h, "resources", "Resource")
	entryAPI[Contact](h, "contacts", "Contact")
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/competencies", ID: "listCompetencies", Summary: "List competencies", Description: "The competency taxonomy with names and descriptions in both languages; every signed-in user may read it", Tag: "competencies"},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*web.List[*Competency], error) {
			list, err := h.svc.Competencies(ctx)
			if err != nil {
				return nil, err
			}
			if list == nil {
				list = []*Competency{}
			}
			return &web.List[*Competency]{Items: list, Total: len(list), Page: 1, PerPage: len(list)}, nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/competencies", ID: "createCompetency", Summary: "Add a competency", Description: "Add a competency (admins)", Tag: "competencies", Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *newCompetencyIn) (*Competency, error) {
			if !a.IsAdmin() {
				return nil, apperr.ErrNotFound
			}
			return h.svc.SaveCompetency(ctx, a, "", in.Body)
		})
	web.Register(api, web.Operation{Method: "PATCH", Path: "/api/v1/competencies/{id}", ID: "updateCompetency", Summary: "Change a competency", Description: "Change a competency (admins)", Tag: "competencies"},
		func(ctx context.Context, a *auth.Actor, in *competencyIn) (*Competency, error) {
			if !a.IsAdmin() {
				return nil, apperr.ErrNotFound
			}
			return h.svc.SaveCompetency(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "DELETE", Path: "/api/v1/competencies/{id}", ID: "deleteCompetency", Summary: "Delete a competency", Description: "Remove a competency that no organisation uses; one in use is refused with 409 (admins)", Tag: "competencies", Status: http.StatusNoContent},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*web.NoBody, error) {
			if !a.IsAdmin() {
				return nil, apperr.ErrNotFound
			}
			return nil, h.svc.DeleteCompetency(ctx, a, in.ID)
		})
}

// entryAPI registers add, replace and delete of one kind of profile entry.
func entryAPI[T any, P interface {
	*T
	child
}](h *Handler, kind, name string) {
	api := h.web.API
	base := "/api/v1/partners/{id}/" + kind
	one := kind[:len(kind)-1]
	who := " (staff; the organisation's partner admins)"
	web.Register(api, web.Operation{Method: "POST", Path: base, ID: "add" + name, Summary: "Add a " + one,
		Description: "Add a " + one + " to an organisation's profile" + who, Tag: "directory", Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *entryIn[T]) (*T, error) {
			e := P(&in.Body)
			e.setKey("")
			if err := SaveEntry(ctx, h.svc, a, in.ID, e); err != nil {
				return nil, err
			}
			return &in.Body, nil
		})
	web.Register(api, web.Operation{Method: "PUT", Path: base + "/{entry}", ID: "replace" + name, Summary: "Replace a " + one,
		Description: "Replace a " + one + " of an organisation's profile" + who, Tag: "directory"},
		func(ctx context.Context, a *auth.Actor, in *entryIn[T]) (*T, error) {
			e := P(&in.Body)
			if in.Entry == "" {
				return nil, apperr.ErrNotFound
			}
			e.setKey(in.Entry)
			if err := SaveEntry(ctx, h.svc, a, in.ID, e); err != nil {
				return nil, err
			}
			return &in.Body, nil
		})
	web.Register(api, web.Operation{Method: "DELETE", Path: base + "/{entry}", ID: "delete" + name, Summary: "Delete a " + one,
		Description: "Remove a " + one + " from an organisation's profile" + who, Tag: "directory", Status: http.StatusNoContent},
		func(ctx context.Context, a *auth.Actor, in *entryRef) (*web.NoBody, error) {
			return nil, DeleteEntry[T, P](ctx, h.svc, a, in.ID, in.Entry)
		})
}

// certificationAPI registers what staff and partners do with a
// certification's proof.
func certificationAPI(h *Handler) {
	api := h.web.API
	base := "/api/v1/partners/{id}/certifications/{entry}"
	web.Register(api, web.Operation{Method: "PUT", Path: base + "/verification", ID: "verifyCertification", Summary: "Verify a certification",
		Description: "Record that the certification was checked against the certificate's number or file (verified true; 409 without either), or take that back (false); only verified, valid certifications make a partner certified for the concierge. Staff who steer the organisation; others get 404, its own users 403",
		Tag:         "directory"},
		func(ctx context.Context, a *auth.Actor, in *verificationIn) (*Certification, error) {
			return h.svc.VerifyCertification(ctx, a, in.ID, in.Entry, in.Body.Verified)
		})
	web.Register(api, web.Operation{Method: "POST", Path: base + "/proof", ID: "uploadCertificationProof", Summary: "Upload a certificate",
		Description: "Store the certificate of a certification as a file, sent as multipart/form-data in the field proof_file (PDF, PNG or JPEG, at most 5 MB), replacing the one it had; a verified certification is then no longer verified. Staff who steer the organisation and its partner admins. The file is downloaded at /partners/{id}/certifications/{entry}/proof",
		Tag:         "directory"},
		func(ctx context.Context, a *auth.Actor, in *entryRef) (*Certification, error) {
			w, r := web.HTTP(ctx)
			f, err := upload.ReadOne(w, r, "proof_file", MaxProofSize)
			if err != nil {
				return nil, err
			}
			return h.svc.AttachCertificationProof(ctx, a, in.ID, in.Entry, f)
		})
}
