package concierge

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/geo"
	"pakt/internal/i18n"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// Service implements matching, introductions, pins, settings and the
// statistics.
type Service struct {
	DB       *db.DB
	Now      func() time.Time
	Partners *partner.Service
	Notify   *notify.Service

	cache db.Cached[*answers]
}

// NewService returns the concierge service.
func NewService(d *db.DB, now func() time.Time, partners *partner.Service, n *notify.Service) *Service {
	return &Service{DB: d, Now: now, Partners: partners, Notify: n}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// mayMatch is who uses the concierge: staff and partner users. Recruiters
// see nothing of it.
func mayMatch(a *auth.Actor) bool { return a.IsStaff() || a.IsPartner() }

// Query is a concierge question.
type Query struct {
	Competencies []string `query:"competency" json:"competencies,omitempty" doc:"competency ids; any of them"`
	Topic        string   `query:"topic" json:"topic,omitempty" doc:"free-text topic"`
	Region       string   `query:"region" json:"region,omitempty" doc:"state or region in any language (Bavaria = Bayern)"`
	Country      string   `query:"country" json:"country,omitempty" doc:"ISO 3166-1 alpha-2"`
	City         string   `query:"city" json:"city,omitempty" doc:"place distances count from; default: the asker's own"`
	RadiusKm     int      `query:"radius_km" json:"radius_km,omitempty" doc:"only partners within this distance of the city"`
	From         string   `query:"from" json:"from,omitempty" doc:"YYYY-MM-DD: free resources needed from"`
	To           string   `query:"to" json:"to,omitempty" doc:"YYYY-MM-DD: free resources needed until"`
	Industry     string   `query:"industry" json:"industry,omitempty" enum:"industry"`
	Size         string   `query:"size" json:"size,omitempty" enum:"size"`
	Limit        int      `query:"limit" json:"limit,omitempty" doc:"how many matches, 1 to 100 (default 20)"`
}

// Empty reports whether nothing was asked yet.
func (q Query) Empty() bool { return len(q.Competencies) == 0 && strings.TrimSpace(q.Topic) == "" }

// Result is the ranked answer to a Query.
type Result struct {
	Total        int          `json:"total"`
	Items        []Match      `json:"items"`
	Competencies []Competency `json:"competencies"`
	// Origin is the place distances count from, "" when none is known.
	Origin string `json:"origin"`
}

// MaxRadiusKm bounds the radius.
const MaxRadiusKm = 2000

// DefaultLimit is how many matches a question returns unless it says.
const DefaultLimit = 20

// checked is a validated Query.
type checked struct {
	comps    []Competency
	topic    string
	region   string
	from, to partner.Date
	origin   *geo.Place
	limit    int
}

// check validates q against the competency taxonomy.
func (s *Service) check(ctx context.Context, a *auth.Actor, q Query, lang string, taxonomy []*partner.Competency) (*checked, error) {
	var v apperr.Validation
	var err error
	c := &checked{topic: strings.TrimSpace(q.Topic), region: strings.TrimSpace(q.Region), limit: q.Limit}
	for _, id := range uniq(q.Competencies) {
		i := slices.IndexFunc(taxonomy, func(x *partner.Competency) bool { return x.ID == id })
		if i < 0 {
			v.Add("competency", "validation.unknown_competency")
			break
		}
		c.comps = append(c.comps, Competency{ID: id, Name: taxonomy[i].Name(lang)})
	}
	if len(c.comps) > 20 {
		v.Add("competency", "concierge.validation.too_many", 20)
	}
	if len([]rune(c.topic)) > 200 {
		v.Add("topic", "validation.too_long", 200)
	}
	if len(q.Competencies) == 0 && c.topic == "" {
		v.Add("topic", "concierge.validation.topic_required")
	}
	if len([]rune(c.region)) > 100 {
		v.Add("region", "validation.too_long", 100)
	}
	if q.Country != "" && !partner.ValidCountry(q.Country) {
		v.Add("country", "validation.country")
	}
	if q.Industry != "" && !slices.Contains(partner.Industries, q.Industry) {
		v.Add("industry", "validation.choice")
	}
	if q.Size != "" && !slices.Contains(partner.Sizes, q.Size) {
		v.Add("size", "validation.choice")
	}
	if q.RadiusKm < 0 || q.RadiusKm > MaxRadiusKm {
		v.Add("radius_km", "validation.range", 0, MaxRadiusKm)
	}
	if c.from, err = partner.ParseDate(strings.TrimSpace(q.From)); err != nil {
		v.Add("from", "validation.date")
	}
	if c.to, err = partner.ParseDate(strings.TrimSpace(q.To)); err != nil {
		v.Add("to", "validation.date")
	}
	if !c.from.IsZero() && !c.to.IsZero() && c.to.Before(c.from.Time) {
		v.Add("to", "concierge.validation.period")
	}
	if q.Limit == 0 {
		c.limit = DefaultLimit
	} else if q.Limit < 1 || q.Limit > 100 {
		v.Add("limit", "validation.range", 1, 100)
	}
	if city := strings.TrimSpace(q.City); city != "" {
		p, ok := geo.Lookup(q.Country, city)
		if !ok {
			p, ok = geo.Find(city)
		}
		if !ok {
			v.Add("city", "concierge.validation.city")
		} else {
			c.origin = &p
		}
	} else if q.RadiusKm > 0 {
		v.Add("city", "concierge.validation.city_for_radius")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if c.origin == nil && a.IsPartner() {
		// Without a city, distances count from the asker's own place.
		if country, city, err := s.Partners.Whereabouts(ctx, a, a.OrgID); err == nil && city != "" {
			if p, ok := geo.Lookup(country, city); ok {
				c.origin = &p
			}
		}
	}
	return c, nil
}

func uniq(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Matches answers a concierge question for a: the published partners that
// fit, best first, with the reasons in lang. The asker's own organisation,
// unpublished profiles and anything confidential never appear.
func (s *Service) Matches(ctx context.Context, a *auth.Actor, q Query, lang string) (*Result, error) {
	if !mayMatch(a) {
		return nil, apperr.ErrNotFound
	}
	cached, err := s.cached(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.check(ctx, a, q, lang, cached.taxonomy)
	if err != nil {
		return nil, err
	}
	f := partner.MatchFilter{Topic: c.topic, Country: q.Country, Industry: q.Industry, Size: q.Size, From: c.from, To: c.to, Today: s.now()}
	for _, comp := range c.comps {
		f.Competencies = append(f.Competencies, comp.ID)
	}
	if c.region != "" {
		f.Region = func(r string) bool { return geo.SameRegion(c.region, r) }
	}
	resp, pins := cached.resp, cached.pins
	req := Request{Lang: lang, Competencies: c.comps, Text: c.topic, TopicLabel: c.topic, Origin: c.origin, RadiusKm: q.RadiusKm, Limit: c.limit}
	if a.IsPartner() {
		req.AskerOrg = a.OrgID
	}
	if len(c.comps) > 0 {
		var ns []string
		for _, comp := range c.comps {
			ns = append(ns, comp.Name)
		}
		req.TopicLabel = i18n.Join(lang, ns)
	}
	if !c.from.IsZero() || !c.to.IsZero() {
		req.PeriodLabel = PeriodLabel(lang, c.from, c.to)
	}
	r := NewRanker(req, resp, pins)
	r.Narrow(&f)
	if err := s.Partners.MatchFacts(ctx, a, f, r.Add); err != nil {
		return nil, err
	}
	items, total := r.Result()
	res := &Result{Total: total, Items: items, Competencies: c.comps}
	if res.Competencies == nil {
		res.Competencies = []Competency{}
	}
	if c.origin != nil {
		res.Origin = c.origin.Name
	}
	return res, nil
}

// PeriodLabel names a period in lang for a reason: "im März 2027" for a
// whole month, else "vom 01.03.2027 bis 15.04.2027", "ab …" or "bis …".
func PeriodLabel(lang string, from, to partner.Date) string {
	switch {
	case !from.IsZero() && !to.IsZero() && from.Day() == 1 && to.Year() == from.Year() && to.Month() == from.Month() &&
		to.AddDate(0, 0, 1).Month() != to.Month():
		return i18n.T(lang, "concierge.period.month", i18n.T(lang, "concierge.month_"+strconv.Itoa(int(from.Month()))), strconv.Itoa(from.Year()))
	case !from.IsZero() && !to.IsZero():
		return i18n.T(lang, "concierge.period.range", i18n.Date(lang, from.Time), i18n.Date(lang, to.Time))
	case !from.IsZero():
		return i18n.T(lang, "concierge.period.from", i18n.Date(lang, from.Time))
	case !to.IsZero():
		return i18n.T(lang, "concierge.period.to", i18n.Date(lang, to.Time))
	}
	return ""
}

// answers are every partner's responsiveness and the pins, cached as of
// the concierge counter, which every change of an introduction or pin
// moves, and the competency taxonomy, as of its own counter: one counter
// query per question instead of reading the taxonomy each time.
type answers struct {
	resp     map[string]Responsiveness
	pins     []Pin
	taxonomy []*partner.Competency
}

// cached returns the responsiveness by organisation, the pins and the
// competency taxonomy, shared: callers must not change them.
func (s *Service) cached(ctx context.Context) (*answers, error) {
	a, err := s.cache.Get(ctx, s.DB, func(ctx context.Context) (*answers, error) {
		list, err := listAnswers(ctx, s.DB)
		if err != nil {
			return nil, err
		}
		pins, err := listPins(ctx, s.DB)
		if err != nil {
			return nil, err
		}
		taxonomy, err := s.Partners.Competencies(ctx)
		if err != nil {
			return nil, err
		}
		a := &answers{resp: ResponsivenessOf(list), taxonomy: taxonomy}
		for _, p := range pins {
			a.pins = append(a.pins, *p)
		}
		return a, nil
	}, db.Concierge, db.Competencies)
	return a, err
}

// IntroInput is what an introduction is requested with.
type IntroInput struct {
	TargetOrgID  string `json:"target_org_id"`
	CompetencyID string `json:"competency_id,omitempty"`
	Topic        string `json:"topic,omitempty"`
	Message      string `json:"message"`
}

// MaxMessage bounds an introduction's message.
const MaxMessage = 2000

// topicLabel names an introduction's topic in notices, which each
// recipient reads in their own language: the free text, else the
// competency's names.
func topicLabel(in *Introduction, comp *partner.Competency) string {
	if in.Topic != "" {
		return in.Topic
	}
	if comp == nil {
		return ""
	}
	return notify.Bilingual(comp.NameDE, comp.NameEN)
}

func (s *Service) competency(ctx context.Context, id string) (*partner.Competency, error) {
	if id == "" {
		return nil, nil
	}
	list, err := s.Partners.Competencies(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		if c.ID == id {
			return c, nil
		}
	}
	return nil, apperr.ErrNotFound
}

// RequestIntroduction asks for an introduction of the actor's organisation
// to a listed partner. Depending on the programme's setting it waits for a
// concierge's approval first or goes to the target at once.
func (s *Service) RequestIntroduction(ctx context.Context, a *auth.Actor, in IntroInput) (*Introduction, error) {
	switch {
	case a.IsStaff():
		return nil, apperr.New(apperr.Forbidden, "concierge.error.partners_only")
	case !a.IsPartner():
		return nil, apperr.ErrNotFound
	}
	var v apperr.Validation
	var target *partner.Organisation
	switch {
	case !v.Clean(&in.TargetOrgID, apperr.Line, "target_org_id"):
	case in.TargetOrgID == "":
		v.Add("target_org_id", "validation.required")
	case in.TargetOrgID == a.OrgID:
		v.Add("target_org_id", "concierge.validation.self")
	default:
		// Get is partner's rule: a partner sees its own and the listed.
		o, err := s.Partners.Get(ctx, a, in.TargetOrgID)
		if err != nil {
			return nil, err
		}
		target = o
	}
	if !a.ActsForOwnOrg() {
		return nil, auth.ErrPartnerAdminOnly
	}
	v.Text(&in.Message, apperr.Paragraphs, "message", MaxMessage, true)
	v.Text(&in.Topic, apperr.Line, "topic", 200, false)
	in.CompetencyID = strings.TrimSpace(in.CompetencyID)
	comp, err := s.competency(ctx, in.CompetencyID)
	if apperr.CodeOf(err) == apperr.NotFound {
		v.Add("competency_id", "validation.unknown_competency")
	} else if err != nil {
		return nil, err
	}
	if in.CompetencyID == "" && in.Topic == "" {
		v.Add("topic", "concierge.validation.topic_required")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	intro := &Introduction{ID: db.NewID(), AskerOrgID: a.OrgID, AskerUserID: a.UserID, TargetOrgID: target.ID, TargetOrgName: target.LegalName,
		CompetencyID: in.CompetencyID, Topic: in.Topic, Message: in.Message, CreatedAt: now, UpdatedAt: now}
	names, err := s.Partners.Names(ctx, []string{a.OrgID})
	if err != nil {
		return nil, err
	}
	intro.AskerOrgName = names[a.OrgID]
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		open, err := openIntroExists(ctx, tx, a.OrgID, target.ID)
		if err != nil {
			return err
		}
		if open {
			return apperr.New(apperr.Conflict, "concierge.error.open_exists")
		}
		set, err := loadSettings(ctx, tx)
		if err != nil {
			return err
		}
		n := notify.Notice{Link: "/introductions/" + intro.ID, Except: a.UserID}
		if set.ApprovalRequired {
			intro.Status = StatusPendingApproval
			n.Kind, n.Args, n.Admins = "concierge.approval_needed", []string{intro.AskerOrgName, intro.TargetOrgName, topicLabel(intro, comp)}, true
			if n.Users, err = partner.Stewards(ctx, tx, intro.AskerOrgID, intro.TargetOrgID); err != nil {
				return err
			}
		} else {
			intro.Status, intro.RequestedAt = StatusRequested, &now
			n.Kind, n.Args, n.Orgs = "concierge.intro_requested", []string{intro.AskerOrgName, topicLabel(intro, comp)}, []string{target.ID}
		}
		if err := insertIntro(ctx, tx, intro); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "create", "introduction", intro.ID, a.OrgID, nil, intro); err != nil {
			return err
		}
		return s.Notify.Notify(ctx, tx, n)
	})
	if err != nil {
		return nil, err
	}
	s.Notify.Kick()
	return intro, nil
}

// canSee is the read rule of an introduction: staff see all (but see
// steered); the asker's organisation sees its own; the target's once it
// was asked (not while a concierge decides, nor after a rejection).
func canSee(a *auth.Actor, in *Introduction) bool {
	switch {
	case a.IsStaff():
		return true
	}
	return a.InOrg(in.AskerOrgID) || (a.InOrg(in.TargetOrgID) && in.RequestedAt != nil)
}

// load reads an introduction a may see, or apperr.ErrNotFound.
func (s *Service) load(ctx context.Context, q db.Querier, a *auth.Actor, id string) (*Introduction, error) {
	in, err := getIntro(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !canSee(a, in) {
		return nil, apperr.ErrNotFound
	}
	if err := steered(ctx, q, a, in); err != nil {
		return nil, err
	}
	return in, nil
}

// steered returns apperr.ErrNotFound unless staff member a steers the
// asker or the target of the introduction: it is the data of both
// partners (partner.SteeredAmong, the rule listIntros asks in SQL).
func steered(ctx context.Context, q db.Querier, a *auth.Actor, in *Introduction) error {
	if !a.IsStaff() {
		return nil
	}
	ok, err := partner.SteeredAmong(ctx, q, a, []string{in.AskerOrgID, in.TargetOrgID})
	if err != nil {
		return err
	}
	if !ok[in.AskerOrgID] && !ok[in.TargetOrgID] {
		return apperr.ErrNotFound
	}
	return nil
}

// fill adds the organisations' names and, once accepted, the contact
// persons of both sides.
func (s *Service) fill(ctx context.Context, list ...*Introduction) error {
	var ids []string
	for _, in := range list {
		ids = append(ids, in.AskerOrgID, in.TargetOrgID)
	}
	names, err := s.Partners.Names(ctx, ids)
	if err != nil {
		return err
	}
	for _, in := range list {
		in.AskerOrgName, in.TargetOrgName = names[in.AskerOrgID], names[in.TargetOrgID]
	}
	return nil
}

func (s *Service) contacts(ctx context.Context, in *Introduction) error {
	if in.Status != StatusAccepted {
		in.AskerContact, in.TargetContact = nil, nil
		return nil
	}
	for _, side := range []struct {
		org string
		dst **partner.Contact
	}{{in.AskerOrgID, &in.AskerContact}, {in.TargetOrgID, &in.TargetContact}} {
		c, err := s.Partners.ContactPerson(ctx, side.org)
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		*side.dst = c
	}
	return nil
}

// Introduction returns one introduction a may see, with the contact
// persons of both sides once the target accepted.
func (s *Service) Introduction(ctx context.Context, a *auth.Actor, id string) (*Introduction, error) {
	in, err := s.load(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	if err := s.fill(ctx, in); err != nil {
		return nil, err
	}
	if err := s.contacts(ctx, in); err != nil {
		return nil, err
	}
	return in, nil
}

// MaxList bounds the introductions a list shows.
const MaxList = 500

// Introductions returns the introductions a may see, newest first: a
// partner's sent and received ones; for staff those of which they steer
// the asker or the target (every one for admins).
func (s *Service) Introductions(ctx context.Context, a *auth.Actor) ([]*Introduction, error) {
	if !mayMatch(a) {
		return nil, apperr.ErrNotFound
	}
	org := ""
	if !a.IsStaff() {
		org = a.OrgID
	}
	list, err := listIntros(ctx, s.DB, org, a, MaxList)
	if err != nil {
		return nil, err
	}
	return list, s.fill(ctx, list...)
}

// Actions on an introduction.
const (
	ActionApprove  = "approve"
	ActionReject   = "reject"
	ActionAccept   = "accept"
	ActionDecline  = "decline"
	ActionWithdraw = "withdraw"
)

// Allowed reports whether a may take the action on the introduction now:
// staff approve and reject while it waits for approval; the target's
// partner admins accept and decline while it waits for them; the asker's
// withdraw while it is open. Members of either side only read.
func Allowed(a *auth.Actor, in *Introduction, action string) bool {
	switch action {
	case ActionApprove, ActionReject:
		return a.IsStaff() && in.Status == StatusPendingApproval
	case ActionAccept, ActionDecline:
		return a.ActsFor(in.TargetOrgID) && in.Status == StatusRequested
	case ActionWithdraw:
		return a.ActsFor(in.AskerOrgID) && in.Open()
	}
	return false
}

// MayReport reports whether a may report the outcome: the partner admins
// of either side once the target accepted.
func MayReport(a *auth.Actor, in *Introduction) bool {
	return (a.ActsFor(in.AskerOrgID) || a.ActsFor(in.TargetOrgID)) && in.Status == StatusAccepted
}

// actionFits tells why an action a may not take is refused: it exists for
// the actor's role and side but not in this status (a conflict), for the
// side's partner admins only, or not at all (forbidden).
func actionFits(a *auth.Actor, in *Introduction, action string) error {
	side := ""
	switch action {
	case ActionApprove, ActionReject:
		if a.IsStaff() {
			return apperr.New(apperr.Conflict, "concierge.error.status")
		}
	case ActionAccept, ActionDecline:
		side = in.TargetOrgID
	case ActionWithdraw:
		side = in.AskerOrgID
	}
	return sideFits(a, side)
}

// sideFits tells why a may not act for the side org of an introduction in
// its status: a member of it is referred to its partner admins, a partner
// admin of it meets the wrong status.
func sideFits(a *auth.Actor, org string) error {
	switch {
	case a.ActsFor(org):
		return apperr.New(apperr.Conflict, "concierge.error.status")
	case a.InOrg(org):
		return auth.ErrPartnerAdminOnly
	}
	return apperr.New(apperr.Forbidden, "error.forbidden")
}

// Decide takes an action on an introduction: approve or reject (staff),
// accept or decline (the target), withdraw (the asker). A rejection or
// decline may carry a note for the asker. Each side learns what it needs
// to: on acceptance both get the other's contact person.
func (s *Service) Decide(ctx context.Context, a *auth.Actor, id, action, note string) (*Introduction, error) {
	var v apperr.Validation
	v.Text(&note, apperr.Paragraphs, "reason", 1000, false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *Introduction
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		in, err := s.load(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !Allowed(a, in, action) {
			return actionFits(a, in, action)
		}
		if err := s.fill(ctx, in); err != nil {
			return err
		}
		before := *in
		from := in.Status
		now := s.now()
		in.UpdatedAt = now
		comp, err := s.competency(ctx, in.CompetencyID)
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		topic := topicLabel(in, comp)
		link := "/introductions/" + in.ID
		// The asker's side: the user who asked and the organisation's admins.
		asker := notify.Notice{Link: link, Users: []string{in.AskerUserID}, Orgs: []string{in.AskerOrgID}, AdminsOnly: true}
		var notices []notify.Notice
		switch action {
		case ActionApprove:
			in.Status, in.RequestedAt, in.DecidedBy, in.DecidedAt = StatusRequested, &now, a.UserID, &now
			notices = append(notices, notify.Notice{Kind: "concierge.intro_requested", Args: []string{in.AskerOrgName, topic}, Link: link, Orgs: []string{in.TargetOrgID}})
		case ActionReject:
			in.Status, in.DecidedBy, in.DecidedAt, in.Reason = StatusRejected, a.UserID, &now, note
			asker.Kind, asker.Args, asker.Extra = "concierge.intro_rejected", []string{in.TargetOrgName, topic}, note
			notices = append(notices, asker)
		case ActionDecline:
			in.Status, in.AnsweredBy, in.AnsweredAt, in.Reason = StatusDeclined, a.UserID, &now, note
			asker.Kind, asker.Args, asker.Extra = "concierge.intro_declined", []string{in.TargetOrgName, topic}, note
			notices = append(notices, asker)
		case ActionWithdraw:
			in.Status, in.WithdrawnAt = StatusWithdrawn, &now
			if in.RequestedAt != nil {
				notices = append(notices, notify.Notice{Kind: "concierge.intro_withdrawn", Args: []string{in.AskerOrgName, topic}, Link: link,
					Orgs: []string{in.TargetOrgID}, Except: a.UserID})
			}
		case ActionAccept:
			in.Status, in.AnsweredBy, in.AnsweredAt = StatusAccepted, a.UserID, &now
			if err := s.contacts(ctx, in); err != nil {
				return err
			}
			asker.Kind, asker.Args = "concierge.intro_accepted", append([]string{in.TargetOrgName}, contactArgs(in.TargetContact)...)
			notices = append(notices, asker, notify.Notice{Kind: "concierge.intro_accepted_target", Link: link, Orgs: []string{in.TargetOrgID},
				Args: append([]string{in.AskerOrgName}, contactArgs(in.AskerContact)...)})
		}
		if err := updateIntro(ctx, tx, in, from); err != nil {
			return err
		}
		// The audit log keeps the introduction, not the contacts it reveals.
		after := *in
		after.AskerContact, after.TargetContact = nil, nil
		if err := audit.Record(ctx, tx, now, a.Who(), action, "introduction", in.ID, in.AskerOrgID, before, after); err != nil {
			return err
		}
		for _, n := range notices {
			if err := s.Notify.Notify(ctx, tx, n); err != nil {
				return err
			}
		}
		out = in
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.Notify.Kick()
	return out, nil
}

// contactArgs are a contact person's name, e-mail and phone for a notice,
// "–" where unknown.
func contactArgs(c *partner.Contact) []string {
	if c == nil {
		return []string{"–", "–", "–"}
	}
	out := []string{c.Name, c.Email, c.Phone}
	for i, s := range out {
		if s == "" {
			out[i] = "–"
		}
	}
	return out
}

// ReportOutcome records what came of an accepted introduction, as the
// actor's side sees it; it may be changed later.
func (s *Service) ReportOutcome(ctx context.Context, a *auth.Actor, id, outcome string) (*Introduction, error) {
	var out *Introduction
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		in, err := s.load(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !MayReport(a, in) {
			side := in.AskerOrgID
			if a.InOrg(in.TargetOrgID) {
				side = in.TargetOrgID
			}
			return sideFits(a, side)
		}
		if !slices.Contains(Outcomes, outcome) {
			var v apperr.Validation
			v.Add("outcome", "validation.choice")
			return v.Err()
		}
		before := *in
		now := s.now()
		if a.OrgID == in.AskerOrgID {
			in.AskerOutcome, in.AskerOutcomeAt = outcome, &now
		} else {
			in.TargetOutcome, in.TargetOutcomeAt = outcome, &now
		}
		in.UpdatedAt = now
		if err := updateIntro(ctx, tx, in, in.Status); err != nil {
			return err
		}
		out = in
		return audit.Record(ctx, tx, now, a.Who(), "outcome", "introduction", in.ID, in.AskerOrgID, before, in)
	})
	if err != nil {
		return nil, err
	}
	if err := s.fill(ctx, out); err != nil {
		return nil, err
	}
	return out, s.contacts(ctx, out)
}

// Tick asks both sides of every introduction accepted OutcomeAfter ago
// how it went, once: the question is claimed with a conditional update,
// so several processes may tick at once. A side that reported already is
// not asked.
func (s *Service) Tick(ctx context.Context) error {
	now := s.now()
	due, err := outcomeDue(ctx, s.DB, now.Add(-OutcomeAfter))
	if err != nil {
		return err
	}
	asked := 0
	for _, in := range due {
		if err := s.fill(ctx, in); err != nil {
			return err
		}
		err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
			ok, err := markOutcomeAsked(ctx, tx, in.ID, now)
			if err != nil || !ok {
				return err
			}
			if err := countChange(ctx, tx); err != nil {
				return err
			}
			link := "/introductions/" + in.ID
			if in.AskerOutcome == "" {
				if err := s.Notify.Notify(ctx, tx, notify.Notice{Kind: "concierge.outcome_question", Args: []string{in.TargetOrgName}, Link: link,
					Users: []string{in.AskerUserID}, Orgs: []string{in.AskerOrgID}, AdminsOnly: true}); err != nil {
					return err
				}
			}
			if in.TargetOutcome == "" {
				users := []string{}
				if in.AnsweredBy != "" {
					users = append(users, in.AnsweredBy)
				}
				if err := s.Notify.Notify(ctx, tx, notify.Notice{Kind: "concierge.outcome_question", Args: []string{in.AskerOrgName}, Link: link,
					Users: users, Orgs: []string{in.TargetOrgID}, AdminsOnly: true}); err != nil {
					return err
				}
			}
			asked++
			return audit.Record(ctx, tx, now, auth.System.Who(), "ask_outcome", "introduction", in.ID, in.AskerOrgID, nil, nil)
		})
		if err != nil {
			return err
		}
	}
	if asked > 0 {
		s.Notify.Kick()
	}
	return nil
}

// Pins returns the recommended partners per competency (staff).
func (s *Service) Pins(ctx context.Context, a *auth.Actor) ([]*Pin, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	pins, err := listPins(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, p := range pins {
		ids = append(ids, p.OrgID)
	}
	names, err := s.Partners.Names(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, p := range pins {
		p.OrgName = names[p.OrgID]
	}
	return pins, nil
}

// PinInput is what a pin is made from.
type PinInput struct {
	OrgID        string `json:"org_id"`
	CompetencyID string `json:"competency_id"`
}

// AddPin recommends a listed partner for a competency (staff).
func (s *Service) AddPin(ctx context.Context, a *auth.Actor, in PinInput) (*Pin, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	var v apperr.Validation
	in.CompetencyID = strings.TrimSpace(in.CompetencyID)
	var org *partner.Organisation
	switch {
	case !v.Clean(&in.OrgID, apperr.Line, "org_id"):
	case in.OrgID == "":
		v.Add("org_id", "validation.required")
	default:
		o, err := s.Partners.Get(ctx, a, in.OrgID)
		switch {
		case apperr.CodeOf(err) == apperr.NotFound || (err == nil && !o.Listed()):
			v.Add("org_id", "concierge.validation.not_listed")
		case err != nil:
			return nil, err
		default:
			org = o
		}
	}
	if in.CompetencyID == "" {
		v.Add("competency_id", "validation.required")
	} else if _, err := s.competency(ctx, in.CompetencyID); apperr.CodeOf(err) == apperr.NotFound {
		v.Add("competency_id", "validation.unknown_competency")
	} else if err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	p := &Pin{ID: db.NewID(), OrgID: org.ID, OrgName: org.LegalName, CompetencyID: in.CompetencyID, CreatedBy: a.Name, CreatedAt: s.now()}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertPin(ctx, tx, p); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.CreatedAt, a.Who(), "create", "concierge_pin", p.ID, p.OrgID, nil, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// DeletePin removes a pin (staff).
func (s *Service) DeletePin(ctx context.Context, a *auth.Actor, id string) error {
	if !a.IsStaff() {
		return apperr.ErrNotFound
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		p, err := getPin(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := deletePin(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "delete", "concierge_pin", id, p.OrgID, p, nil)
	})
}

// Settings returns the concierge settings (staff).
func (s *Service) Settings(ctx context.Context, a *auth.Actor) (Settings, error) {
	if !a.IsStaff() {
		return Settings{}, apperr.ErrNotFound
	}
	return loadSettings(ctx, s.DB)
}

// SaveSettings changes the concierge settings (admins; managers are
// forbidden).
func (s *Service) SaveSettings(ctx context.Context, a *auth.Actor, set Settings) (Settings, error) {
	switch {
	case !a.IsStaff():
		return Settings{}, apperr.ErrNotFound
	case !a.IsAdmin():
		return Settings{}, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := loadSettings(ctx, tx)
		if err != nil {
			return err
		}
		if err := saveSettings(ctx, tx, set); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "update", "concierge_settings", "concierge", "", before, set)
	})
	return set, err
}

// Stats returns the concierge's figures (staff), topics named in lang.
func (s *Service) Stats(ctx context.Context, a *auth.Actor, lang string) (*Stats, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	list, err := allIntros(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	taxonomy, err := s.Partners.Competencies(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, c := range taxonomy {
		names[c.ID] = c.Name(lang)
	}
	st := ComputeStats(list, func(in *Introduction) string {
		if n, ok := names[in.CompetencyID]; ok {
			return n
		}
		if in.Topic != "" {
			return in.Topic
		}
		return i18n.T(lang, "concierge.topic_unknown")
	})
	// Topics with as many introductions read in the language's order.
	i18n.SortBy(lang, st.Topics, func(t TopicStats) string { return t.Topic })
	slices.SortStableFunc(st.Topics, func(a, b TopicStats) int { return cmp.Compare(b.Introductions, a.Introductions) })
	return st, nil
}
