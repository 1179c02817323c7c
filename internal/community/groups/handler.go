package groups

import (
	"context"
	"embed"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/upload"
	"pakt/internal/web"
)

// Templates are the working groups' pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Handler serves the working groups' pages, forms and API.
type Handler struct {
	web *web.Server
	svc *Service
}

// NewHandler returns the working groups' handler.
func NewHandler(w *web.Server, s *Service) *Handler { return &Handler{web: w, svc: s} }

// Path is the page of a group.
func Path(id string) string { return "/community/groups/" + id }

// Routes registers the pages, their forms and the API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/community/groups", Label: "nav.groups", Order: 93, ShowsWhen: h.svc.Shows, Group: "nav.group.community"})
	s.HandleFunc("GET /community/groups", s.SignedIn(h.listPage))
	s.HandleFunc("GET /community/groups/new", s.SignedIn(h.newPage))
	s.HandleFunc("POST /community/groups", s.SignedIn(h.create))
	s.HandleFunc("GET /community/groups/report", s.SignedIn(h.reportPage))
	s.HandleFunc("GET /community/groups/regions", s.SignedIn(h.regionsPage))
	s.HandleFunc("POST /community/groups/regions", s.SignedIn(h.saveRegions))
	s.HandleFunc("GET /community/groups/{id}", s.SignedIn(h.showPage))
	s.HandleFunc("GET /community/groups/{id}/edit", s.SignedIn(h.editPage))
	s.HandleFunc("POST /community/groups/{id}", s.SignedIn(h.update))
	s.HandleFunc("POST /community/groups/{id}/join", s.SignedIn(h.join))
	s.HandleFunc("POST /community/groups/{id}/leave", s.SignedIn(h.leave))
	s.HandleFunc("POST /community/groups/{id}/leads", s.SignedIn(h.lead))
	s.HandleFunc("POST /community/groups/{id}/meetings", s.SignedIn(h.createMeeting))
	s.HandleFunc("GET /community/groups/{id}/meetings/{meeting}", s.SignedIn(h.meetingPage))
	s.HandleFunc("POST /community/groups/{id}/meetings/{meeting}", s.SignedIn(h.updateMeeting))
	s.HandleFunc("POST /community/groups/{id}/meetings/{meeting}/attendance", s.SignedIn(h.attendance))
	s.HandleFunc("POST /community/groups/{id}/meetings/{meeting}/delete", s.SignedIn(h.deleteMeeting))
	s.HandleFunc("POST /community/groups/{id}/files", s.SignedIn(h.upload))
	s.HandleFunc("GET /community/groups/{id}/files/{file}", s.SignedIn(h.download))
	s.HandleFunc("POST /community/groups/{id}/files/{file}/delete", s.SignedIn(h.deleteFile))
	s.HandleFunc("POST /community/groups/{id}/announcements", s.SignedIn(h.announce))
	h.apiRoutes()
}

type listView struct {
	Kinds  []string
	ByKind map[string][]*Group
	Board  bool
}

func (h *Handler) listPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	list, err := h.svc.List(ctx, a, web.Lang(ctx))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	st, _ := h.svc.standing(ctx, a)
	v := &listView{Kinds: Kinds, ByKind: map[string][]*Group{}, Board: st.Runs()}
	for _, g := range list {
		v.ByKind[g.Kind] = append(v.ByKind[g.Kind], g)
	}
	h.web.Render(w, r, http.StatusOK, "groups.html", h.web.NewPage(r, "groups.title", v))
}

type formView struct {
	Group   *Group
	Kinds   []string
	Regions []string // the board's list; none: the region is free text
}

func (h *Handler) newPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderForm(w, r, a, nil, nil)
}

func (h *Handler) editPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	v, err := h.svc.Get(r.Context(), a, r.PathValue("id"))
	if err == nil && !v.Board {
		err = apperr.ErrNotFound
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.renderForm(w, r, a, v.Group, nil)
}

// renderForm shows the form of a new group (g nil) or of g, to the board.
func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, a *auth.Actor, g *Group, formErr error) {
	st, err := h.svc.standing(r.Context(), a)
	if err == nil && !st.Runs() {
		err = apperr.ErrNotFound
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	title := "groups.new"
	if g != nil {
		title = "groups.edit"
	}
	rs, err := h.svc.Regions(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	if g != nil && g.Region != "" && len(rs) > 0 && !slices.Contains(rs, g.Region) {
		rs = append(rs, g.Region) // the group's own, which left the list
	}
	p := h.web.NewPage(r, title, &formView{Group: g, Kinds: Kinds, Regions: rs})
	if formErr == nil && g != nil {
		p.Form = url.Values{"kind": {g.Kind}, "region": {g.Region}, "name_de": {g.NameDE}, "name_en": {g.NameEN}, "description": {g.Description}}
	}
	h.web.RenderForm(w, r, "groups_form.html", p, formErr)
}

func groupInput(f url.Values) GroupInput {
	in := GroupInput{}
	for k, dst := range map[string]**string{"kind": &in.Kind, "region": &in.Region, "name_de": &in.NameDE, "name_en": &in.NameEN, "description": &in.Description} {
		if _, ok := f[k]; ok {
			v := f.Get(k)
			*dst = &v
		}
	}
	return in
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	g, err := h.svc.Create(r.Context(), a, groupInput(r.PostForm))
	if err != nil {
		h.renderForm(w, r, a, nil, err)
		return
	}
	h.web.Redirect(w, r, Path(g.ID), "groups.created")
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	if _, err := h.svc.Update(r.Context(), a, id, groupInput(r.PostForm)); err != nil {
		v, gerr := h.svc.Get(r.Context(), a, id)
		if gerr != nil {
			h.web.Error(w, r, gerr)
			return
		}
		h.renderForm(w, r, a, v.Group, err)
		return
	}
	h.web.Redirect(w, r, Path(id), "groups.saved")
}

type showView struct {
	*View
	Name      string
	Upcoming  []*Meeting
	Past      []*Meeting
	Orgs      []string
	MaxFileMB int
	Me        string
}

func (h *Handler) showPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderShow(w, r, a, nil)
}

// renderShow shows the group's page, with formErr on the form (form_id)
// that was refused.
func (h *Handler) renderShow(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	v, err := h.svc.Get(ctx, a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	lang := web.Lang(ctx)
	sv := &showView{View: v, Name: v.Group.Name(lang), MaxFileMB: MaxFileSize >> 20, Me: a.UserID}
	now := h.svc.Now()
	for _, m := range v.Meetings {
		if m.StartsAt.Before(now) {
			sv.Past = append(sv.Past, m)
		} else {
			sv.Upcoming = append([]*Meeting{m}, sv.Upcoming...)
		}
	}
	seen := map[string]bool{}
	for _, p := range v.People {
		if !seen[p.OrgID] {
			seen[p.OrgID] = true
			sv.Orgs = append(sv.Orgs, p.OrgName)
		}
	}
	i18n.SortBy(lang, sv.Orgs, func(s string) string { return s })
	p := h.web.NewPage(r, "", sv)
	p.Title = sv.Name
	h.web.RenderForm(w, r, "groups_show.html", p, formErr)
}

// act answers a form post on a group's page: back to the page with flash,
// or the page again with the refusal.
func (h *Handler) act(w http.ResponseWriter, r *http.Request, a *auth.Actor, flash string, do func(ctx context.Context) error) {
	if !h.web.ParseForm(w, r) {
		return
	}
	if err := do(r.Context()); err != nil {
		h.renderShow(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, Path(r.PathValue("id")), flash)
}

func (h *Handler) join(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.act(w, r, a, "groups.joined", func(ctx context.Context) error {
		_, err := h.svc.Join(ctx, a, r.PathValue("id"))
		return err
	})
}

func (h *Handler) leave(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.act(w, r, a, "groups.left", func(ctx context.Context) error {
		_, err := h.svc.Leave(ctx, a, r.PathValue("id"))
		return err
	})
}

func (h *Handler) lead(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.act(w, r, a, "groups.lead_saved", func(ctx context.Context) error {
		_, err := h.svc.SetLead(ctx, a, r.PathValue("id"), r.PostForm.Get("user_id"), r.PostForm.Get("lead") == "1")
		return err
	})
}

func meetingInput(f url.Values) MeetingInput {
	in := MeetingInput{}
	for k, dst := range map[string]**string{"starts_at": &in.StartsAt, "place": &in.Place, "link": &in.Link, "agenda": &in.Agenda, "minutes": &in.Minutes} {
		if _, ok := f[k]; ok {
			v := f.Get(k)
			*dst = &v
		}
	}
	return in
}

func (h *Handler) createMeeting(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.act(w, r, a, "groups.meeting_created", func(ctx context.Context) error {
		_, err := h.svc.CreateMeeting(ctx, a, r.PathValue("id"), meetingInput(r.PostForm))
		return err
	})
}

func (h *Handler) announce(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.act(w, r, a, "groups.announced_flash", func(ctx context.Context) error {
		_, err := h.svc.Announce(ctx, a, r.PathValue("id"), AnnouncementInput{Subject: r.PostForm.Get("subject"), Message: r.PostForm.Get("message")})
		return err
	})
}

// maxUploadBody bounds an upload's request body: the file and some room
// for the multipart framing.
const maxUploadBody = MaxFileSize + 1<<20

func (h *Handler) upload(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	files, err := upload.Read(w, r, "file", maxUploadBody, MaxFileSize)
	switch {
	case errors.Is(err, upload.ErrTooLarge):
		var v apperr.Validation
		v.Add("file", "groups.error.file_too_large", MaxFileSize>>20)
		err = v.Err()
	case err == nil && r.MultipartForm == nil && !h.web.ParseForm(w, r):
		return
	case err == nil:
		ups := make([]Upload, len(files))
		for i, f := range files {
			ups[i] = Upload(f)
		}
		_, err = h.svc.AddFiles(r.Context(), a, id, ups)
	}
	if err != nil {
		h.renderShow(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, Path(id), "groups.uploaded")
}

func (h *Handler) download(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	f, content, err := h.svc.File(r.Context(), a, r.PathValue("id"), r.PathValue("file"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	upload.Serve(w, f.Name, f.ContentType, content)
}

func (h *Handler) deleteFile(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error { return h.svc.DeleteFile(ctx, a, id, r.PathValue("file")) }, func() web.Confirm {
		return web.Deleting(r, "groups.confirm_delete_file", i18n.T(web.Lang(r.Context()), "groups.confirm_delete_file_text"))
	})
	if asked {
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, Path(id), "groups.file_deleted")
}

type meetingView struct {
	Meeting *Meeting
	Group   *Group
	Name    string
	Access  Access
	People  []*Person
	// Attended holds the user and organisation ids recorded.
	Attended map[string]bool
	Orgs     []memberOrg
	Local    string
}

type memberOrg struct{ ID, Name string }

func (h *Handler) meetingPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderMeeting(w, r, a, nil)
}

func (h *Handler) renderMeeting(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	ctx := r.Context()
	m, g, acc, err := h.svc.Meeting(ctx, a, r.PathValue("id"), r.PathValue("meeting"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	lang := web.Lang(ctx)
	v := &meetingView{Meeting: m, Group: g, Name: g.Name(lang), Access: acc, Attended: map[string]bool{},
		Local: m.StartsAt.In(i18n.ZoneOr(h.svc.Zone)).Format("2006-01-02T15:04")}
	for _, x := range m.Attendance {
		v.Attended[x.OrgID+"/"+x.UserID] = true
	}
	if acc.Runs {
		if v.People, err = people(ctx, h.svc.DB, g.ID); err != nil {
			h.web.Error(w, r, err)
			return
		}
		members, err := h.svc.Community.Members(ctx, a, lang)
		if err != nil {
			h.web.Error(w, r, err)
			return
		}
		for _, mb := range members {
			v.Orgs = append(v.Orgs, memberOrg{mb.OrgID, mb.OrgName})
		}
	}
	p := h.web.NewPage(r, "", v)
	p.Title = i18n.T(lang, "groups.meeting_of", v.Name)
	if formErr == nil && acc.Runs {
		p.Form = url.Values{"starts_at": {v.Local}, "place": {m.Place}, "link": {m.Link}, "agenda": {m.Agenda}, "minutes": {m.Minutes}}
	}
	h.web.RenderForm(w, r, "groups_meeting.html", p, formErr)
}

// meetingPath is the page of a group's meeting.
func meetingPath(group, id string) string { return Path(group) + "/meetings/" + id }

func (h *Handler) updateMeeting(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id, m := r.PathValue("id"), r.PathValue("meeting")
	if _, err := h.svc.UpdateMeeting(r.Context(), a, id, m, meetingInput(r.PostForm)); err != nil {
		h.renderMeeting(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, meetingPath(id, m), "groups.meeting_saved")
}

func (h *Handler) attendance(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	id, m := r.PathValue("id"), r.PathValue("meeting")
	in := AttendanceInput{Users: r.PostForm["user_ids"], Orgs: r.PostForm["org_ids"]}
	if _, err := h.svc.RecordAttendance(r.Context(), a, id, m, in); err != nil {
		h.renderMeeting(w, r, a, err)
		return
	}
	h.web.Redirect(w, r, meetingPath(id, m), "groups.attendance_saved")
}

func (h *Handler) deleteMeeting(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error { return h.svc.DeleteMeeting(ctx, a, id, r.PathValue("meeting")) }, func() web.Confirm {
		return web.Deleting(r, "groups.confirm_delete_meeting", i18n.T(web.Lang(r.Context()), "groups.confirm_delete_meeting_text"))
	})
	if asked {
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, Path(id), "groups.meeting_deleted")
}

type reportView struct {
	*Participation
}

func (h *Handler) regionsPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderRegions(w, r, a, nil)
}

func (h *Handler) renderRegions(w http.ResponseWriter, r *http.Request, a *auth.Actor, formErr error) {
	rs, err := h.svc.Regions(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "groups.regions", nil)
	if formErr == nil {
		p.Form = url.Values{"regions": {strings.Join(rs, "\n")}}
	}
	h.web.RenderForm(w, r, "groups_regions.html", p, formErr)
}

func (h *Handler) saveRegions(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	lines := strings.Split(strings.ReplaceAll(r.PostForm.Get("regions"), "\r\n", "\n"), "\n")
	if _, err := h.svc.SaveRegions(r.Context(), a, lines); err != nil {
		// The form has one field; its messages name the line.
		names := map[string]string{}
		for i := range lines {
			names["regions."+strconv.Itoa(i+1)] = "regions"
		}
		h.renderRegions(w, r, a, apperr.RenameFields(err, names))
		return
	}
	h.web.Redirect(w, r, "/community/groups", "form.saved")
}

func (h *Handler) reportPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	ctx := r.Context()
	q := r.URL.Query()
	p, err := h.svc.Participation(ctx, a, q.Get("from"), q.Get("to"), web.Lang(ctx))
	if err != nil && web.IsFormError(err) {
		// A refused period: the last four quarters, with the message.
		var derr error
		if p, derr = h.svc.Participation(ctx, a, "", "", web.Lang(ctx)); derr != nil {
			err = derr
		}
	}
	page := h.web.NewPage(r, "groups.report", &reportView{p})
	if err == nil {
		page.Form = url.Values{"from": {p.From}, "to": {p.To}}
	}
	h.web.RenderForm(w, r, "groups_report.html", page, err)
}
