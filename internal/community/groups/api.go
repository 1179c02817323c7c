package groups

import (
	"context"
	"net/http"

	"pakt/internal/auth"
	"pakt/internal/web"
)

type listIn struct {
	Lang string `query:"lang" doc:"language the groups sort in, de or en (default: the caller's)" enum:"lang"`
}

type ref struct {
	ID string `path:"id"`
}

type regionsPut struct {
	Body struct {
		Regions []string `json:"regions" maxItems:"100" doc:"the regions in their order, e.g. the vendor's branch offices; empty: a group's region is free text"`
	} `body:"json"`
}

// Regions is the association's list of regions.
type Regions struct {
	Regions []string `json:"regions"`
}

type groupPost struct {
	Body GroupInput `body:"json"`
}

type groupPatch struct {
	ID   string     `path:"id"`
	Body GroupInput `body:"json"`
}

type leadIn struct {
	ID   string `path:"id"`
	Body struct {
		UserID string `json:"user_id"`
		Lead   bool   `json:"lead" doc:"true: name the person a lead; false: no longer"`
	} `body:"json"`
}

type meetingRef struct {
	ID      string `path:"id"`
	Meeting string `path:"meeting"`
}

type meetingPost struct {
	ID   string       `path:"id"`
	Body MeetingInput `body:"json"`
}

type meetingPatch struct {
	ID      string       `path:"id"`
	Meeting string       `path:"meeting"`
	Body    MeetingInput `body:"json"`
}

type attendancePut struct {
	ID      string          `path:"id"`
	Meeting string          `path:"meeting"`
	Body    AttendanceInput `body:"json"`
}

type announcePost struct {
	ID   string            `path:"id"`
	Body AnnouncementInput `body:"json"`
}

type reportIn struct {
	From string `query:"from" doc:"first quarter, e.g. 2026-Q1 (default with to left out: the last four quarters)"`
	To   string `query:"to" doc:"last quarter, e.g. 2026-Q4"`
	Lang string `query:"lang" doc:"language the names sort in, de or en (default: the caller's)" enum:"lang"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("groups", "The association's working groups: regional and thematic groups, their leads and members, meetings with minutes and attendance, files and announcements, and the board's participation report")
	web.Enum(api, "work_group_kind", Kinds)
	const tag = "groups"
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/groups", ID: "listWorkGroups",
		Summary: "List the working groups", Description: "The thematic, then the regional groups by name, with their numbers of people and companies and whether the caller is in each (the association's admins, board and members)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *listIn) (*web.List[*Group], error) {
			return web.WholeList(h.svc.List(ctx, a, web.LangOr(ctx, in.Lang)))
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/community/groups", ID: "createWorkGroup",
		Summary: "Set up a working group", Description: "A thematic group, or a regional one with its region (the board, admins)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *groupPost) (*Group, error) {
			return h.svc.Create(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/regions", ID: "getRegions",
		Summary: "The association's regions", Description: "The regions regional groups are set up for, in their order (the board, admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *struct{}) (*Regions, error) {
			rs, err := h.svc.Regions(ctx, a)
			return &Regions{Regions: append([]string{}, rs...)}, err
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/community/regions", ID: "setRegions",
		Summary: "Set the association's regions", Description: "Replace the list of regions (the board, admins); a region named twice is refused, naming its place (regions.<n>, from 1); groups keep a region that leaves the list until it is changed", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *regionsPut) (*Regions, error) {
			rs, err := h.svc.SaveRegions(ctx, a, in.Body.Regions)
			return &Regions{Regions: append([]string{}, rs...)}, err
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/groups/{id}", ID: "getWorkGroup",
		Summary: "A working group", Description: "The group with its leads and meetings; its members' names, the meetings' minutes, attendance and links, its files and announcements only for the group's members and leads and the board", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *ref) (*View, error) {
			return h.svc.Get(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "PATCH", Path: "/api/v1/community/groups/{id}", ID: "updateWorkGroup",
		Summary: "Change a working group", Description: "Its kind, region, names or description (the board, admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *groupPatch) (*Group, error) {
			return h.svc.Update(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/community/groups/{id}/join", ID: "joinWorkGroup",
		Summary: "Join a working group", Description: "The caller, a user of a member company, joins the group; the company takes part with it", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *ref) (*Group, error) {
			return h.svc.Join(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/community/groups/{id}/leave", ID: "leaveWorkGroup",
		Summary: "Leave a working group", Description: "The caller leaves the group; a lead no longer leads it", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *ref) (*Group, error) {
			return h.svc.Leave(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/community/groups/{id}/leads", ID: "setWorkGroupLead",
		Summary: "Name or remove a lead", Description: "Make a member of the group one of its leads, or no longer (the board, admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *leadIn) (*View, error) {
			return h.svc.SetLead(ctx, a, in.ID, in.Body.UserID, in.Body.Lead)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/community/groups/{id}/meetings", ID: "createWorkGroupMeeting",
		Summary: "Plan a meeting", Description: "A meeting of the group with its date and time, place or online link and agenda (its leads, the board)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *meetingPost) (*Meeting, error) {
			return h.svc.CreateMeeting(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/groups/{id}/meetings/{meeting}", ID: "getWorkGroupMeeting",
		Summary: "A meeting", Description: "The meeting with its agenda; its minutes, link and attendance for the group's members and leads and the board", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *meetingRef) (*Meeting, error) {
			m, _, _, err := h.svc.Meeting(ctx, a, in.ID, in.Meeting)
			return m, err
		})
	web.Register(api, web.Operation{Method: "PATCH", Path: "/api/v1/community/groups/{id}/meetings/{meeting}", ID: "updateWorkGroupMeeting",
		Summary: "Change a meeting", Description: "Its date, place, link, agenda or minutes (the group's leads, the board)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *meetingPatch) (*Meeting, error) {
			return h.svc.UpdateMeeting(ctx, a, in.ID, in.Meeting, in.Body)
		})
	web.Register(api, web.Operation{Method: "DELETE", Path: "/api/v1/community/groups/{id}/meetings/{meeting}", ID: "deleteWorkGroupMeeting",
		Summary: "Delete a meeting", Description: "The meeting with its minutes and attendance (the group's leads, the board)", Tag: tag, Status: http.StatusNoContent},
		func(ctx context.Context, a *auth.Actor, in *meetingRef) (*web.NoBody, error) {
			return nil, h.svc.DeleteMeeting(ctx, a, in.ID, in.Meeting)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/community/groups/{id}/meetings/{meeting}/attendance", ID: "recordWorkGroupAttendance",
		Summary: "Record a meeting's attendance", Description: "Who attended: people of the group, with their companies, and member companies as a whole; replaces what was recorded (the group's leads, the board)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *attendancePut) (*Meeting, error) {
			return h.svc.RecordAttendance(ctx, a, in.ID, in.Meeting, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/groups/{id}/files", ID: "listWorkGroupFiles",
		Summary: "A working group's files", Description: "The group's files, the latest first; download each at /community/groups/{id}/files/{file} (the group's members and leads, the board)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *ref) (*web.List[*File], error) {
			return web.WholeList(h.svc.Files(ctx, a, in.ID))
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/community/groups/{id}/announcements", ID: "announceToWorkGroup",
		Summary: "Write to a working group", Description: "An announcement mailed to every member of the group, by inbox and e-mail in each one's language (the group's leads, the board)", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *announcePost) (*Announcement, error) {
			return h.svc.Announce(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/community/participation", ID: "getParticipation",
		Summary: "Participation report", Description: "Per member company and per working group, what it took part in each quarter (groups, meeting attendances, event attendances), and the members who took part in nothing (the board, admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *reportIn) (*Participation, error) {
			return h.svc.Participation(ctx, a, in.From, in.To, web.LangOr(ctx, in.Lang))
		})
}
