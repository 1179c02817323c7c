package events

import (
	"context"
	"net/http"

	"pakt/internal/auth"
	"pakt/internal/web"
)

type none struct{}

type ref struct {
	ID string `path:"id"`
}

type langRef struct {
	ID   string `path:"id"`
	Lang string `query:"lang" doc:"language of the names and the order, de or en (default: the caller's)" enum:"lang"`
}

type eventPost struct {
	Body Input `body:"json"`
}

type eventPut struct {
	ID   string `path:"id"`
	Body Input  `body:"json"`
}

// RegistrationInput is a registration's choice.
type RegistrationInput struct {
	Visible bool `json:"visible" doc:"appear in the list of who else is coming (name, organisation and its competencies, to the other confirmed attendees)"`
}

type registrationPut struct {
	ID   string            `path:"id"`
	Body RegistrationInput `body:"json"`
}

// AttendanceInput is the check-in of an event.
type AttendanceInput struct {
	Attended []string `json:"attended" doc:"the ids of the confirmed registrations of people who came; the other confirmed ones did not"`
}

type attendancePut struct {
	ID   string          `path:"id"`
	Body AttendanceInput `body:"json"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("events", "The association's events: member meetings, annual meetings, trade-fair stands and partner days; registration with a waiting list that moves up by itself, check-in, who else is coming, and the introductions suggested afterwards")
	web.Enum(api, "event_kind", Kinds)
	web.Enum(api, "registration_status", Statuses)
	const tag = "events"
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/events", ID: "listEvents",
		Summary: "List events", Description: "The events the caller sees, the latest start first, each with the caller's registration (the association's admins, board and members; the vendor's liaisons public events only)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *none) (*web.List[*Event], error) {
			return web.WholeList(h.svc.List(ctx, a))
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/community/events", ID: "createEvent",
		Summary: "Plan an event", Description: "Plan an event with a place or an online link and a capacity (0: no limit); public events are shown to the vendor's liaisons too (the association's admins and board)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *eventPost) (*Event, error) {
			return h.svc.Create(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/events/{id}", ID: "getEvent",
		Summary: "An event", Description: "An event with its counts and the caller's registration and place on the waiting list", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *ref) (*Event, error) {
			return h.svc.Get(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/community/events/{id}", ID: "updateEvent",
		Summary: "Change an event", Description: "Change an event that is not cancelled; fields left out stay. A larger capacity moves people up from the waiting list, who are told (the association's admins and board)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *eventPut) (*Event, error) {
			return h.svc.Update(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/community/events/{id}/cancel", ID: "cancelEvent",
		Summary: "Cancel an event", Description: "Call an event off: everyone registered or waiting is told, and calendars remove it; this cannot be undone (the association's admins and board)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *ref) (*Event, error) {
			return h.svc.Cancel(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/community/events/{id}/registration", ID: "registerForEvent",
		Summary: "Register for an event", Description: "Register the caller for their organisation: a place while one is free, else the waiting list, first come first served; registered already, it changes only whether they appear in the list of who else is coming (people of member organisations)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *registrationPut) (*Registration, error) {
			return h.svc.Register(ctx, a, in.ID, in.Body.Visible)
		})
	web.Register(api, web.Operation{Method: "DELETE", Path: "/api/v1/community/events/{id}/registration", ID: "unregisterFromEvent",
		Summary: "Cancel a registration", Description: "Cancel the caller's registration before the event starts; the first on the waiting list takes the place and is told", Tag: tag, Status: http.StatusNoContent},
		func(ctx context.Context, a *auth.Actor, in *ref) (*none, error) {
			return nil, h.svc.Unregister(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/events/{id}/registrations", ID: "listEventRegistrations",
		Summary: "An event's registrations", Description: "Everyone registered, waiting or cancelled, first come first served, with who came: the check-in list (the association's admins and board)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *ref) (*web.List[*Registration], error) {
			return web.WholeList(h.svc.Registrations(ctx, a, in.ID))
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/community/events/{id}/attendance", ID: "checkInEvent",
		Summary: "Record who came", Description: "Record who of the confirmed registrations came to an event that has started; it counts towards the members' participation (the association's admins and board)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *attendancePut) (*web.List[*Registration], error) {
			return web.WholeList(h.svc.CheckIn(ctx, a, in.ID, in.Body.Attended))
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/events/{id}/attendees", ID: "listEventAttendees",
		Summary: "Who else is coming", Description: "The confirmed attendees who agreed to be shown, with their organisations and its competencies (the event's confirmed attendees)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *langRef) (*web.List[*Attendee], error) {
			return web.WholeList(h.svc.Attendees(ctx, a, in.ID, web.LangOr(ctx, in.Lang)))
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/events/{id}/suggestions", ID: "listEventSuggestions",
		Summary: "Introductions suggested after an event", Description: "After the event, to an attendee who came: the organisations that came, were shown in the list of who else is coming and share competencies with the caller's, the most shared first; ask the concierge for an introduction (POST /api/v1/introductions) to start its double opt-in", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *langRef) (*web.List[Suggestion], error) {
			return web.WholeList(h.svc.Suggestions(ctx, a, in.ID, web.LangOr(ctx, in.Lang)))
		})
}
