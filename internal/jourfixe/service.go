package jourfixe

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/i18n"
	"pakt/internal/ical"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// Service schedules series, keeps notes and feeds, and reports missed
// meetings.
type Service struct {
	DB       *db.DB
	Now      func() time.Time
	Notify   *notify.Service
	Partners *partner.Service
	// Zone is the programme time zone (nil: i18n.DefaultZone): meetings
	// keep their wall-clock time in it, and notices show them in it.
	Zone *time.Location

	// aligned tells whether this process's first Tick has brought every
	// running series in line with the programme time zone.
	aligned *atomic.Bool
}

// NewService returns the jour fixe service; n tells the parties about
// missed meetings and partners names them.
func NewService(d *db.DB, now func() time.Time, n *notify.Service, partners *partner.Service) *Service {
	return &Service{DB: d, Now: now, Notify: n, Partners: partners, aligned: new(atomic.Bool)}
}

// At returns a copy of the service whose clock stands at now, for demo data
// with a history.
func (s *Service) At(now time.Time) *Service {
	c := *s
	c.Now = func() time.Time { return now }
	return &c
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// KindMissed is the notice the parties get for a missed meeting.
const KindMissed = "jourfixe.missed"

// Schedule creates the jour fixe series of an agreement, or brings it in
// line with the agreement, inside the agreement's transaction tx. The same
// agreement always has the same series. Meetings after now that the new
// schedule no longer has are cancelled (unless held), missing ones are
// added up to HorizonMonths ahead; past meetings and all notes stay.
// Cadence none ends the series: it keeps its past and has no future
// meetings (and an agreement without a series gets none).
func (s *Service) Schedule(ctx context.Context, tx *sql.Tx, in SeriesInput) error {
	now := s.now()
	var v apperr.Validation
	in.AgreementID = strings.TrimSpace(in.AgreementID)
	if in.AgreementID == "" {
		v.Add("agreement_id", "validation.required")
	}
	v.Text(&in.Title, apperr.Name, "title", MaxTitle, true)
	if !slices.Contains(Cadences, in.Cadence) {
		v.Add("cadence", "validation.choice")
	}
	var orgs []string
	for _, id := range in.OrgIDs {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(orgs, id) {
			orgs = append(orgs, id)
		}
	}
	slices.Sort(orgs)
	if len(orgs) < 2 {
		v.Add("org_ids", "jourfixe.validation.parties")
	}
	if in.Cadence != CadenceNone {
		if in.Start.IsZero() {
			v.Add("start", "validation.required")
		}
		if in.Minutes < 1 || in.Minutes > MaxMinutes {
			v.Add("minutes", "validation.range", 1, MaxMinutes)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	start := in.Start.UTC().Truncate(time.Second)

	before, err := seriesByAgreement(ctx, tx, in.AgreementID)
	if err != nil && apperr.CodeOf(err) != apperr.NotFound {
		return err
	}
	if before == nil && in.Cadence == CadenceNone {
		return nil
	}
	sr := &Series{ID: db.NewID(), AgreementID: in.AgreementID, CreatedAt: now, horizon: now}
	if before != nil {
		cp := *before
		sr = &cp
	}
	sr.Title, sr.Cadence, sr.UpdatedAt = in.Title, in.Cadence, now
	if in.Cadence != CadenceNone {
		sr.Start, sr.Minutes, sr.EndedAt = start, in.Minutes, nil
	} else if sr.EndedAt == nil {
		sr.EndedAt = &now
	}
	sr.Parties = make([]Party, len(orgs))
	for i, id := range orgs {
		sr.Parties[i] = Party{ID: id}
	}
	changed := before == nil || before.Title != sr.Title || before.Cadence != sr.Cadence || !before.Start.Equal(sr.Start) ||
		before.Minutes != sr.Minutes || !slices.Equal(before.OrgIDs(), orgs) || (before.EndedAt == nil) != (sr.EndedAt == nil)
	if before == nil {
		err = insertSeries(ctx, tx, sr)
	} else if changed {
		err = updateSeries(ctx, tx, sr)
	}
	if err != nil {
		return err
	}
	if changed {
		if err := replaceParties(ctx, tx, sr.ID, orgs); err != nil {
			return err
		}
	}
	if err := s.regenerate(ctx, tx, sr, now); err != nil {
		return err
	}
	if !changed {
		return nil
	}
	action := "update"
	var b any
	if before == nil {
		action = "create"
	} else {
		b = before
	}
	return audit.Record(ctx, tx, now, auth.System.Who(), action, "jourfixe_series", sr.ID, "", b, sr)
}

// regenerate brings the series' meetings after now in line with its
// schedule in the programme time zone: meetings it no longer has are
// cancelled (held ones stay), cancelled ones it has again come back,
// lengths follow, and missing ones are added up to the horizon.
func (s *Service) regenerate(ctx context.Context, q db.Querier, sr *Series, now time.Time) error {
	until := now.AddDate(0, HorizonMonths, 0)
	want := map[int64]bool{}
	if sr.EndedAt == nil {
		for _, t := range Occurrences(sr.Cadence, sr.Start, now, until, i18n.ZoneOr(s.Zone)) {
			want[t.UnixMicro()] = true
		}
	}
	existing, err := listMeetings(ctx, q, sr.ID, now)
	if err != nil {
		return err
	}
	length := time.Duration(sr.Minutes) * time.Minute
	for _, m := range existing {
		key := m.Start.UnixMicro()
		wanted := want[key]
		delete(want, key)
		switch {
		case wanted && (m.CancelledAt != nil || !m.End.Equal(m.Start.Add(length))):
			m.CancelledAt, m.End = nil, m.Start.Add(length)
		case !wanted && m.CancelledAt == nil && m.HeldAt == nil:
			m.CancelledAt = &now
		default:
			continue
		}
		if err := reschedule(ctx, q, m, now); err != nil {
			return err
		}
	}
	for key := range want {
		t := time.UnixMicro(key).UTC()
		if err := insertMeeting(ctx, q, &Meeting{ID: db.NewID(), SeriesID: sr.ID, Start: t, End: t.Add(length)}, now); err != nil {
			return err
		}
	}
	if sr.EndedAt != nil {
		return nil
	}
	sr.horizon = until
	return moveHorizon(ctx, q, sr.ID, until)
}

// load returns a series the actor may see, with its parties named.
func (s *Service) load(ctx context.Context, q db.Querier, a *auth.Actor, id string) (*Series, error) {
	sr, err := getSeries(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !Permit(a, sr.OrgIDs()) {
		return nil, apperr.ErrNotFound
	}
	return sr, nil
}

// name fills in the parties' names.
func (s *Service) name(ctx context.Context, list ...*Series) error {
	var ids []string
	for _, sr := range list {
		ids = append(ids, sr.OrgIDs()...)
	}
	names, err := s.Partners.Names(ctx, ids)
	if err != nil {
		return err
	}
	for _, sr := range list {
		for i := range sr.Parties {
			sr.Parties[i].Name = names[sr.Parties[i].ID]
		}
		slices.SortFunc(sr.Parties, func(a, b Party) int { return strings.Compare(a.Name, b.Name) })
	}
	return nil
}

// List returns the series the actor may see: for a partner's users those
// their organisation is party to, for the staff all. A non-empty
// agreementID narrows the list to that agreement's series.
func (s *Service) List(ctx context.Context, a *auth.Actor, agreementID string) ([]*Series, error) {
	org := ""
	switch {
	case a.IsStaff():
	case a.IsPartner():
		org = a.OrgID
	default:
		return nil, apperr.ErrNotFound
	}
	list, err := listSeries(ctx, s.DB, org, strings.TrimSpace(agreementID))
	if err != nil {
		return nil, err
	}
	now := s.now()
	next, missed, err := seriesStats(ctx, s.DB, org, now, now.Add(-Grace))
	if err != nil {
		return nil, err
	}
	for _, sr := range list {
		if t, ok := next[sr.ID]; ok {
			sr.Next = &t
		}
		sr.Missed = missed[sr.ID]
	}
	return list, s.name(ctx, list...)
}

// Detail is a series with its meetings and the caller's calendar feed.
type Detail struct {
	Series
	Meetings []*Meeting `json:"meetings"`
	// Feed is when the caller's calendar feed of the series was made, if
	// they have one.
	Feed *time.Time `json:"feed_created_at,omitempty"`
}

// Get returns a series with all its meetings, in order.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id string) (*Detail, error) {
	sr, err := s.load(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	if err := s.name(ctx, sr); err != nil {
		return nil, err
	}
	ms, err := listMeetings(ctx, s.DB, sr.ID, time.Time{})
	if err != nil {
		return nil, err
	}
	now := s.now()
	d := &Detail{Series: *sr, Meetings: ms}
	for _, m := range ms {
		m.Status = StatusOf(m, now)
		switch {
		case m.Status == StatusMissed:
			d.Missed++
		case m.Status == StatusUpcoming && d.Next == nil:
			d.Next = &m.Start
		}
	}
	if _, created, err := userFeed(ctx, s.DB, sr.ID, a.UserID); err == nil {
		d.Feed = &created
	} else if apperr.CodeOf(err) != apperr.NotFound {
		return nil, err
	}
	return d, nil
}

// MeetingDetail is a meeting with its notes and its series.
type MeetingDetail struct {
	Meeting
	Series *Series `json:"series"`
	Notes  []*Note `json:"notes"`
}

// Meeting returns one meeting of a series with its notes.
func (s *Service) Meeting(ctx context.Context, a *auth.Actor, seriesID, id string) (*MeetingDetail, error) {
	d, err := s.meeting(ctx, s.DB, a, seriesID, id)
	if err != nil {
		return nil, err
	}
	return s.named(ctx, d)
}

func (s *Service) meeting(ctx context.Context, q db.Querier, a *auth.Actor, seriesID, id string) (*MeetingDetail, error) {
	sr, err := s.load(ctx, q, a, seriesID)
	if err != nil {
		return nil, err
	}
	m, err := getMeeting(ctx, q, sr.ID, id)
	if err != nil {
		return nil, err
	}
	m.Status = StatusOf(m, s.now())
	notes, err := listNotes(ctx, q, m.ID)
	if err != nil {
		return nil, err
	}
	return &MeetingDetail{Meeting: *m, Series: sr, Notes: notes}, nil
}

// named fills in the names of a meeting's parties and note authors'
// organisations.
func (s *Service) named(ctx context.Context, d *MeetingDetail) (*MeetingDetail, error) {
	if err := s.name(ctx, d.Series); err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, p := range d.Series.Parties {
		names[p.ID] = p.Name
	}
	for _, n := range d.Notes {
		n.AuthorOrgName = names[n.AuthorOrg]
	}
	return d, nil
}

// MeetingPatch is what is recorded about a meeting: a note to add and/or
// whether it was held.
type MeetingPatch struct {
	Held *bool  `json:"held,omitempty" doc:"true marks the meeting held, false takes the mark back"`
	Note string `json:"note,omitempty" doc:"a note to add to the meeting"`
}

// Update records a note and/or the held mark of a meeting. The partner
// admins of a party and the staff may (MayRecord). A note needs text; a meeting can be marked held
// once it has begun; a cancelled meeting takes neither.
func (s *Service) Update(ctx context.Context, a *auth.Actor, seriesID, id string, p MeetingPatch) (*MeetingDetail, error) {
	var out *MeetingDetail
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		d, err := s.update(ctx, tx, a, seriesID, id, p)
		out = d
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.named(ctx, out)
}

// Record is Update inside a transaction the caller holds (demo data,
// imports): it writes what happened at a meeting as the actor.
func (s *Service) Record(ctx context.Context, tx *sql.Tx, a *auth.Actor, seriesID, id string, p MeetingPatch) error {
	_, err := s.update(ctx, tx, a, seriesID, id, p)
	return err
}

func (s *Service) update(ctx context.Context, tx *sql.Tx, a *auth.Actor, seriesID, id string, p MeetingPatch) (*MeetingDetail, error) {
	d, err := s.meeting(ctx, tx, a, seriesID, id)
	if err != nil {
		return nil, err
	}
	if !MayRecord(a, d.Series.OrgIDs()) {
		return nil, auth.ErrPartnerAdminOnly
	}
	m := &d.Meeting
	now := s.now()
	note := p.Note
	var v apperr.Validation
	v.Text(&note, apperr.Paragraphs, "note", MaxNote, p.Held == nil)
	if m.CancelledAt != nil {
		v.Add("meeting", "jourfixe.validation.cancelled")
	} else if p.Held != nil && *p.Held && m.Start.After(now) {
		v.Add("held", "jourfixe.validation.future")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if p.Held != nil && *p.Held != (m.HeldAt != nil) {
		before := map[string]any{"held": m.HeldAt != nil}
		if *p.Held {
			m.HeldAt, m.HeldBy = &now, a.Name
		} else {
			m.HeldAt, m.HeldBy = nil, ""
		}
		if err := setHeld(ctx, tx, m, now); err != nil {
			return nil, err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "update", "jourfixe_meeting", m.ID, a.OrgID, before,
			map[string]any{"held": *p.Held, "series_id": seriesID}); err != nil {
			return nil, err
		}
	}
	if note != "" {
		n := &Note{ID: db.NewID(), MeetingID: m.ID, Body: note, Author: a.Name, AuthorOrg: a.OrgID, CreatedAt: now}
		if n.Author == "" {
			n.Author = a.Email
		}
		if err := insertNote(ctx, tx, n, a.UserID); err != nil {
			return nil, err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "create", "jourfixe_note", n.ID, a.OrgID, nil,
			map[string]any{"meeting_id": m.ID, "series_id": seriesID, "body": n.Body}); err != nil {
			return nil, err
		}
		d.Notes = append(d.Notes, n)
		m.NoteCount++
	}
	m.Status = StatusOf(m, now)
	return d, nil
}

// MeetingsOf returns the meetings of an agreement's series in order, inside
// the caller's transaction (demo data).
func (s *Service) MeetingsOf(ctx context.Context, tx *sql.Tx, agreementID string) ([]*Meeting, error) {
	sr, err := seriesByAgreement(ctx, tx, agreementID)
	if err != nil {
		return nil, err
	}
	ms, err := listMeetings(ctx, tx, sr.ID, time.Time{})
	if err != nil {
		return nil, err
	}
	now := s.now()
	for _, m := range ms {
		m.Status = StatusOf(m, now)
	}
	return ms, nil
}

// NewFeed is a calendar feed just made: its URL is shown this once.
type NewFeed = ical.NewFeed

// FeedPath is the path of a feed with the token.
func FeedPath(token string) string { return "/ical/" + token + ".ics" }

// CreateFeed makes the actor's private calendar feed of a series, or
// replaces its token (the old URL stops working). The token is 256 random
// bits; only its hash is stored. baseURL makes the URL absolute.
func (s *Service) CreateFeed(ctx context.Context, a *auth.Actor, seriesID, baseURL string) (*NewFeed, error) {
	token, hash := auth.NewSecret()
	now := s.now()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		sr, err := s.load(ctx, tx, a, seriesID)
		if err != nil {
			return err
		}
		if a.UserID == "" {
			return apperr.ErrNotFound
		}
		id, _, err := userFeed(ctx, tx, sr.ID, a.UserID)
		action := "update"
		switch {
		case apperr.CodeOf(err) == apperr.NotFound:
			id, action = db.NewID(), "create"
			err = insertFeed(ctx, tx, id, sr.ID, a.UserID, hash, now)
		case err == nil:
			err = replaceFeedToken(ctx, tx, id, hash, now)
		}
		if err != nil {
			return err
		}
		// The token is the feed's credential: it never goes into the log.
		return audit.Record(ctx, tx, now, a.Who(), action, "jourfixe_feed", id, a.OrgID, nil,
			map[string]any{"series_id": sr.ID, "user_id": a.UserID})
	})
	if err != nil {
		return nil, err
	}
	return ical.Made(token, baseURL, FeedPath(token), now), nil
}

// RevokeFeed ends the actor's calendar feed of a series: its URL answers
// 404 from now on. Without a feed it does nothing.
func (s *Service) RevokeFeed(ctx context.Context, a *auth.Actor, seriesID string) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		sr, err := s.load(ctx, tx, a, seriesID)
		if err != nil {
			return err
		}
		id, _, err := userFeed(ctx, tx, sr.ID, a.UserID)
		if apperr.CodeOf(err) == apperr.NotFound {
			return nil
		}
		if err != nil {
			return err
		}
		if err := deleteFeed(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "revoke", "jourfixe_feed", id, a.OrgID,
			map[string]any{"series_id": sr.ID, "user_id": a.UserID}, nil)
	})
}

// Feed returns the calendar behind a feed token. A token that is unknown or
// revoked, or whose user is disabled or no longer may see the series (their
// organisation left it), finds nothing. baseURL makes the meeting links
// absolute.
func (s *Service) Feed(ctx context.Context, token, baseURL string) (*Calendar, error) {
	if token == "" {
		return nil, apperr.ErrNotFound
	}
	f, err := feedByHash(ctx, s.DB, auth.HashSecret(token))
	if err != nil {
		return nil, err
	}
	if f.disabled {
		return nil, apperr.ErrNotFound
	}
	a := &auth.Actor{UserID: f.userID, Name: f.name, Role: auth.Role(f.role), OrgID: f.orgID, Lang: f.lang}
	sr, err := s.load(ctx, s.DB, a, f.seriesID)
	if err != nil {
		return nil, err
	}
	if err := s.name(ctx, sr); err != nil {
		return nil, err
	}
	lang := f.lang
	if !i18n.Supported(lang) {
		lang = i18n.Languages[0]
	}
	now := s.now()
	// A year back is enough history for a calendar.
	ms, err := listMeetings(ctx, s.DB, sr.ID, now.AddDate(-1, 0, 0))
	if err != nil {
		return nil, err
	}
	return &Calendar{Name: i18n.T(lang, "jourfixe.ical.summary", sr.Title),
		Events: meetingEvents(sr, ms, lang, strings.TrimSuffix(baseURL, "/"))}, nil
}

// meetingEvents are the meetings of a series as calendar entries in lang,
// with links made absolute by base.
func meetingEvents(sr *Series, ms []*Meeting, lang, base string) []Event {
	summary := i18n.T(lang, "jourfixe.ical.summary", sr.Title)
	parties := i18n.Join(lang, sr.PartyNames())
	out := make([]Event, 0, len(ms))
	for _, m := range ms {
		link := base + MeetingPath(sr.ID, m.ID)
		out = append(out, Event{UID: m.ID + "@pakt", Start: m.Start, End: m.End, Summary: summary,
			Description: i18n.T(lang, "jourfixe.ical.description", parties, link), URL: link,
			Cancelled: m.CancelledAt != nil, Sequence: m.Sequence, LastModified: m.UpdatedAt})
	}
	return out
}

// FeedEntries are the meetings, a year back, of every series a's
// organisation is a party to, for a's personal calendar feed (an
// ical.Source): the series a may see by the one rule (Permit), cancelled
// meetings too, so that calendars remove them. Staff and people without
// an organisation are party to none. base makes the links absolute.
func (s *Service) FeedEntries(ctx context.Context, a *auth.Actor, lang, base string) ([]ical.Event, error) {
	if !a.IsPartner() {
		return nil, nil
	}
	list, err := listSeries(ctx, s.DB, a.OrgID, "")
	if err != nil || len(list) == 0 {
		return nil, err
	}
	if err := s.name(ctx, list...); err != nil {
		return nil, err
	}
	// A year back is enough history for a calendar.
	from := s.now().AddDate(-1, 0, 0)
	var out []ical.Event
	for _, sr := range list {
		if !Permit(a, sr.OrgIDs()) {
			continue
		}
		ms, err := listMeetings(ctx, s.DB, sr.ID, from)
		if err != nil {
			return nil, err
		}
		out = append(out, meetingEvents(sr, ms, lang, base)...)
	}
	return out, nil
}

// SeriesPath is the page of a series.
func SeriesPath(id string) string { return "/jour-fixe/" + id }

// MeetingPath is the page of a meeting.
func MeetingPath(seriesID, id string) string { return "/jour-fixe/" + seriesID + "/meetings/" + id }

// tickBatch is how many missed meetings one round reports.
const tickBatch = 100

// Tick is the scheduled work: it materialises the meetings of running
// series up to HorizonMonths ahead, and tells the parties of each meeting
// that ended more than Grace ago with nothing recorded, once. The first
// Tick of a process brings the future meetings of every running series in
// line with the programme time zone, which may have changed since they
// were made (a meeting made at another UTC instant is cancelled and the
// right one added). Several processes may run it at the same time.
func (s *Service) Tick(ctx context.Context) error {
	now := s.now()
	align := s.aligned != nil && !s.aligned.Load()
	var due []string
	var err error
	if align {
		due, err = runningSeries(ctx, s.DB)
	} else {
		// A month before the horizon runs out, move it ahead.
		due, err = seriesDue(ctx, s.DB, now.AddDate(0, HorizonMonths-1, 0))
	}
	if err != nil {
		return err
	}
	for _, id := range due {
		err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
			sr, err := getSeries(ctx, tx, id)
			if err != nil || sr.EndedAt != nil {
				return err
			}
			return s.regenerate(ctx, tx, sr, now)
		})
		if err != nil {
			return fmt.Errorf("jour fixe horizon of %s: %w", id, err)
		}
	}
	if align {
		s.aligned.Store(true)
	}
	before := now.Add(-Grace)
	// Each round takes what it reports out of the next round's query; the
	// bound only guards against a store that does not.
	for range 1000 {
		list, err := missedMeetings(ctx, s.DB, before, tickBatch)
		if err != nil {
			return err
		}
		for _, m := range list {
			err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
				ok, err := claimMissed(ctx, tx, m.id, before, now)
				if err != nil || !ok {
					return err
				}
				sr, err := getSeries(ctx, tx, m.seriesID)
				if err != nil {
					return err
				}
				return s.Notify.Notify(ctx, tx, notify.Notice{Kind: KindMissed,
					Args: []string{sr.Title, notify.Bilingual(i18n.DateTime("de", s.Zone, m.start), i18n.DateTime("en", s.Zone, m.start))},
					Link: MeetingPath(sr.ID, m.id), Orgs: sr.OrgIDs()})
			})
			if err != nil {
				return fmt.Errorf("jour fixe missed %s: %w", m.id, err)
			}
		}
		if len(list) < tickBatch {
			return nil
		}
	}
	return nil
}
