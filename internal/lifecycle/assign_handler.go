package lifecycle

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/partner"
	"pakt/internal/web"
)

// AssignmentRoutes registers the page and API of the rules by which won
// prospects get their manager.
func (h *Handler) AssignmentRoutes() {
	s := h.web
	s.HandleFunc("GET /pipeline/assignment", s.SignedIn(h.assignmentPage))
	s.HandleFunc("POST /pipeline/assignment/rules", s.SignedIn(h.addRule))
	s.HandleFunc("POST /pipeline/assignment/rules/{rule}/up", s.SignedIn(h.ruleUp))
	s.HandleFunc("POST /pipeline/assignment/rules/{rule}/delete", s.SignedIn(h.deleteRule))
	s.HandleFunc("POST /pipeline/assignment/rotation", s.SignedIn(h.saveRotation))

	api := h.web.API
	web.Enum(api, "manager_rule_kind", RuleKinds)
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/pipeline/assignment", ID: "getManagerAssignment", Summary: "Get the manager assignment",
		Description: "The rules by which a won prospect without a manager gets one: region and competency rules in the order they are tried, then the round robin among its managers (staff)", Tag: "pipeline"},
		func(ctx context.Context, a *auth.Actor, _ *struct{}) (*Assignment, error) {
			return h.svc.Assignment(ctx, a)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/pipeline/assignment", ID: "setManagerAssignment", Summary: "Set the manager assignment",
		Description: "Replace the rules and the round robin's managers; every manager must be an active admin or partner manager (admins)", Tag: "pipeline"},
		func(ctx context.Context, a *auth.Actor, in *struct {
			Body AssignmentInput `body:"json"`
		}) (*Assignment, error) {
			return h.svc.SaveAssignment(ctx, a, in.Body)
		})
}

// assignmentView is the data of the assignment page.
type assignmentView struct {
	*Assignment
	Managers     []Owner
	Competencies []*partner.Competency
	Countries    []string
}

// InRotation reports whether the manager id is in the round robin.
func (v *assignmentView) InRotation(id string) bool {
	return slices.ContainsFunc(v.Rotation, func(m RotationManager) bool { return m.ManagerID == id })
}

// CompetencyName is the competency's name in lang.
func (v *assignmentView) CompetencyName(lang, id string) string {
	for _, c := range v.Competencies {
		if c.ID == id {
			return c.Name(lang)
		}
	}
	return id
}

func (h *Handler) assignmentPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderAssignment(w, r, a, nil)
}

func (h *Handler) renderAssignment(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	x, err := h.svc.Assignment(ctx, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	owners, err := h.svc.Owners(ctx, a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	owners = slices.DeleteFunc(owners, func(o Owner) bool { return o.Role == string(auth.RoleRecruiter) })
	comps, err := h.partners.Competencies(ctx)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	lang := web.Lang(ctx)
	comps = slices.Clone(comps)
	i18n.SortBy(lang, comps, func(c *partner.Competency) string { return c.Name(lang) })
	p := h.web.NewPage(r, "pipeline.assign.title", &assignmentView{Assignment: x, Managers: owners, Competencies: comps, Countries: partner.CountriesIn(lang)})
	h.web.RenderForm(w, r, "pipeline_assignment.html", p, formErr)
}

// changeAssignment saves the assignment as change makes it of the current
// one and answers the form; fields of rule i are named by field.
func (h *Handler) changeAssignment(w http.ResponseWriter, r *http.Request, a *auth.Actor, change func(in *AssignmentInput) error, field func(i int, f string) string) {
	x, err := h.svc.Assignment(r.Context(), a)
	if err == nil {
		in := x.Input()
		if err = change(&in); err == nil {
			_, err = h.svc.saveAssignment(r.Context(), a, in, field)
		}
	}
	if err == nil {
		h.web.Redirect(w, r, "/pipeline/assignment", "form.saved")
		return
	}
	if web.IsFormError(err) {
		h.renderAssignment(w, r, a, err)
		return
	}
	h.web.Error(w, r, err)
}

// byIndex names the fields of rule i as the API does.
func byIndex(i int, f string) string { return fmt.Sprintf("rules.%d.%s", i, f) }

func (h *Handler) addRule(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	added := -1
	h.changeAssignment(w, r, a, func(in *AssignmentInput) error {
		in.Rules = append(in.Rules, RuleInput{Kind: f.Get("kind"), Country: f.Get("country"), Region: f.Get("region"), CompetencyID: f.Get("competency_id"), ManagerID: f.Get("manager_id")})
		added = len(in.Rules) - 1
		return nil
	}, func(i int, name string) string {
		if i == added {
			return name
		}
		return byIndex(i, name)
	})
}

// ruleIndex finds the rule of the path in in.
func ruleIndex(r *http.Request, in *AssignmentInput) (int, error) {
	i := slices.IndexFunc(in.Rules, func(x RuleInput) bool { return x.ID == r.PathValue("rule") })
	if i < 0 {
		return 0, apperr.ErrNotFound
	}
	return i, nil
}

func (h *Handler) ruleUp(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.changeAssignment(w, r, a, func(in *AssignmentInput) error {
		i, err := ruleIndex(r, in)
		if err == nil && i > 0 {
			in.Rules[i-1], in.Rules[i] = in.Rules[i], in.Rules[i-1]
		}
		return err
	}, byIndex)
}

func (h *Handler) deleteRule(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error {
		x, err := h.svc.Assignment(ctx, a)
		if err != nil {
			return err
		}
		in := x.Input()
		i, err := ruleIndex(r, &in)
		if err != nil {
			return err
		}
		in.Rules = slices.Delete(in.Rules, i, i+1)
		_, err = h.svc.SaveAssignment(ctx, a, in)
		return err
	}, func() web.Confirm {
		return web.Deleting(r, "pipeline.assign.confirm_delete", i18n.T(web.Lang(r.Context()), "pipeline.assign.confirm_delete_text"))
	})
	if asked {
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/pipeline/assignment", "form.deleted")
}

func (h *Handler) saveRotation(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	h.changeAssignment(w, r, a, func(in *AssignmentInput) error {
		in.Rotation = r.PostForm["manager_id"]
		if in.Rotation == nil {
			in.Rotation = []string{}
		}
		return nil
	}, byIndex)
}
