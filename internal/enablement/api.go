package enablement

import (
	"context"
	"net/http"

	"pakt/internal/auth"
	"pakt/internal/web"
)

type orgRef struct {
	ID string `path:"id"`
}

type taskPost struct {
	ID   string    `path:"id"`
	Body TaskInput `body:"json"`
}

// TaskPatch is what a task is changed with through the API.
type TaskPatch struct {
	Done bool `json:"done"`
}

type taskPatch struct {
	ID   string    `path:"id"`
	Task string    `path:"task"`
	Body TaskPatch `body:"json"`
}

type certPost struct {
	ID   string             `path:"id"`
	Body CertificationInput `body:"json"`
}

type certRef struct {
	ID   string `path:"id"`
	Cert string `path:"cert"`
}

type checklistPost struct {
	Body ChecklistInput `body:"json"`
}

type itemRef struct {
	ID string `path:"item"`
}

type trainingPost struct {
	Body TrainingInput `body:"json"`
}

type requirementPost struct {
	Body RequirementInput `body:"json"`
}

type reqRef struct {
	ID string `path:"req"`
}

// Tasks is the list of an organisation's onboarding tasks.
type Tasks struct {
	Items []*Task `json:"items"`
}

// Alerts is the list of the enablement card's items.
type Alerts struct {
	Items []Alert `json:"items"`
}

func tasks(t []*Task) *Tasks {
	if t == nil {
		t = []*Task{}
	}
	return &Tasks{Items: t}
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("enablement", "Onboarding checklists per tier, trainings, tier requirements and the certifications of partners' people")
	web.Enum(api, "responsible", Responsibles)
	const tag = "enablement"
	base := "/api/v1/partners/{id}/onboarding-tasks"
	web.Register(api, web.Operation{Method: "GET", Path: base, ID: "listOnboardingTasks", Summary: "List onboarding tasks", Description: "An organisation's onboarding tasks (staff, the organisation's own users)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *orgRef) (*Tasks, error) {
			t, err := h.svc.Tasks(ctx, a, in.ID)
			if err != nil {
				return nil, err
			}
			return tasks(t), nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: base, ID: "addOnboardingTask", Summary: "Add an onboarding task", Description: "Add an onboarding task to an organisation (staff)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *taskPost) (*Task, error) {
			return h.svc.AddTask(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "POST", Path: base + "/start", ID: "startOnboarding", Summary: "Start onboarding", Description: "Give an organisation the onboarding checklist of its tier (staff)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *orgRef) (*Tasks, error) {
			t, err := h.svc.StartOnboarding(ctx, a, in.ID)
			if err != nil {
				return nil, err
			}
			return tasks(t), nil
		})
	web.Register(api, web.Operation{Method: "PATCH", Path: base + "/{task}", ID: "setOnboardingTaskDone",
		Summary: "Tick an onboarding task", Description: "Tick or untick an onboarding task (staff; the partner admin its partner-side tasks)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *taskPatch) (*Task, error) {
			return h.svc.SetTaskDone(ctx, a, in.ID, in.Task, in.Body.Done)
		})

	certs := "/api/v1/partners/{id}/person-certifications"
	web.Register(api, web.Operation{Method: "GET", Path: certs, ID: "getPersonCertifications",
		Summary: "List people's certifications", Description: "The certifications of an organisation's people and the coverage of its tier's requirements (staff, the organisation's own users)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *orgRef) (*Overview, error) {
			return h.svc.Certifications(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "POST", Path: certs, ID: "addPersonCertification",
		Summary: "Record a person's certification", Description: "Record a certification of a person of an organisation (staff, the organisation's partner admin)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *certPost) (*Certification, error) {
			return h.svc.AddCertification(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "POST", Path: certs + "/{cert}/verify", ID: "verifyPersonCertification",
		Summary: "Verify a person's certification", Description: "Record that the certificate's number was checked; only verified certifications count towards the tier (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *certRef) (*Certification, error) {
			return h.svc.VerifyCertification(ctx, a, in.ID, in.Cert)
		})
	web.Register(api, web.Operation{Method: "DELETE", Path: certs + "/{cert}", ID: "deletePersonCertification",
		Summary: "Delete a person's certification", Description: "Remove a certification of a person of an organisation (staff, the organisation's partner admin)", Tag: tag, Status: http.StatusNoContent},
		func(ctx context.Context, a *auth.Actor, in *certRef) (*web.NoBody, error) {
			return nil, h.svc.RemoveCertification(ctx, a, in.ID, in.Cert)
		})

	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/enablement", ID: "getEnablementCatalogue",
		Summary: "Get the enablement catalogue", Description: "Checklist templates, trainings and tier requirements (staff)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*Catalogue, error) {
			return h.svc.Catalogue(ctx, a)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/enablement/alerts", ID: "getEnablementAlerts",
		Summary: "List enablement alerts", Description: "Certifications expiring within 60 days and overdue onboarding tasks, most urgent first (staff: all; partner users: their own)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*Alerts, error) {
			al, err := h.svc.Alerts(ctx, a, a.Lang)
			if al == nil {
				al = []Alert{}
			}
			return &Alerts{Items: al}, err
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/enablement/checklist", ID: "addChecklistItem",
		Summary: "Add a checklist item", Description: "Add an item to a tier's onboarding checklist template (admin)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *checklistPost) (*ChecklistItem, error) {
			return h.svc.AddChecklistItem(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "DELETE", Path: "/api/v1/enablement/checklist/{item}", ID: "deleteChecklistItem",
		Summary: "Delete a checklist item", Description: "Remove an item from a checklist template (admin)", Tag: tag, Status: http.StatusNoContent},
		func(ctx context.Context, a *auth.Actor, in *itemRef) (*web.NoBody, error) {
			return nil, h.svc.DeleteChecklistItem(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/enablement/trainings", ID: "addTraining",
		Summary: "Add a training", Description: "Add a training to the catalogue (admin)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *trainingPost) (*Training, error) {
			return h.svc.AddTraining(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/enablement/requirements", ID: "addTierRequirement",
		Summary: "Add a tier requirement", Description: "Require a number of people of a tier's partners to hold a training (admin)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *requirementPost) (*Requirement, error) {
			return h.svc.AddRequirement(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "DELETE", Path: "/api/v1/enablement/requirements/{req}", ID: "deleteTierRequirement",
		Summary: "Delete a tier requirement", Description: "Remove a tier requirement (admin)", Tag: tag, Status: http.StatusNoContent},
		func(ctx context.Context, a *auth.Actor, in *reqRef) (*web.NoBody, error) {
			return nil, h.svc.DeleteRequirement(ctx, a, in.ID)
		})
}
