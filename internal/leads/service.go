package leads

import (
	"context"
	"database/sql"
	"maps"
	"slices"
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

// Service implements campaigns, leads, their rotation and conversion. The
// pages, the API and the scheduled work all call it.
type Service struct {
	DB       *db.DB
	Now      func() time.Time
	Partners *partner.Service
	// Notify tells partners of offers and staff of declined, expired and
	// unassigned leads; nil tells nobody.
	Notify *notify.Service
	// Zone is the programme time zone deadlines are written in.
	Zone *time.Location

	// Rank ranks the partners for a lead's need, best first, with the
	// reasons in need.Lang (the app asks the concierge). Nil proposes
	// nobody: staff name the partners themselves.
	Rank func(ctx context.Context, need Need) ([]Candidate, error)
	// RegisterDeal registers an accepted lead as a deal of the accepting
	// partner, in the acceptance's transaction, and returns the deal's id
	// (the app fills it from cosell). Nil accepts the lead without a deal.
	RegisterDeal func(ctx context.Context, tx *sql.Tx, d NewDeal) (dealID string, err error)
	// DealOutcomes tells where the deals of accepted leads stand (cosell).
	// Nil counts no lead as won.
	DealOutcomes func(ctx context.Context, dealIDs []string) (map[string]Outcome, error)
	// Quadrants are the portfolio's CAN × WILL quadrant names in display
	// order; QuadrantOf returns each assessed partner's current quadrant
	// (portfolio). Nil leaves the conversion per quadrant empty.
	Quadrants  []string
	QuadrantOf func(ctx context.Context, a *auth.Actor) (map[string]string, error)
}

// NewService returns the leads service.
func NewService(d *db.DB, now func() time.Time, partners *partner.Service, n *notify.Service) *Service {
	return &Service{DB: d, Now: now, Partners: partners, Notify: n}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// mayUse is who sees the leads pages: staff and partner users.
func mayUse(a *auth.Actor) bool { return a.IsStaff() || a.IsPartner() }

func (s *Service) notice(ctx context.Context, tx db.Querier, n notify.Notice) error {
	if s.Notify == nil {
		return nil
	}
	return s.Notify.Notify(ctx, tx, n)
}

func (s *Service) kick() {
	if s.Notify != nil {
		s.Notify.Kick()
	}
}

// staffOnly answers 404 to everyone but staff, as campaigns and the
// conversion do not exist for them.
func staffOnly(a *auth.Actor) error {
	if !a.IsStaff() {
		return apperr.ErrNotFound
	}
	return nil
}

// Campaigns returns every campaign (staff only).
func (s *Service) Campaigns(ctx context.Context, a *auth.Actor) ([]*Campaign, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	return listCampaigns(ctx, s.DB)
}

// Campaign returns one campaign (staff only).
func (s *Service) Campaign(ctx context.Context, a *auth.Actor, id string) (*Campaign, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	return getCampaign(ctx, s.DB, id)
}

// CreateCampaign records a campaign (staff).
func (s *Service) CreateCampaign(ctx context.Context, a *auth.Actor, in CampaignInput) (*Campaign, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	now := s.now()
	c := &Campaign{ID: db.NewID(), CreatedAt: now, UpdatedAt: now}
	if err := applyCampaign(c, in, true); err != nil {
		return nil, err
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertCampaign(ctx, tx, c, a.UserID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "create", "campaign", c.ID, "", nil, c)
	})
	if err != nil {
		return nil, err
	}
	return s.Campaign(ctx, a, c.ID)
}

// UpdateCampaign changes a campaign (staff).
func (s *Service) UpdateCampaign(ctx context.Context, a *auth.Actor, id string, in CampaignInput) (*Campaign, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		c, err := getCampaign(ctx, tx, id)
		if err != nil {
			return err
		}
		before := *c
		if err := applyCampaign(c, in, false); err != nil {
			return err
		}
		c.UpdatedAt = s.now()
		if err := updateCampaign(ctx, tx, c); err != nil {
			return err
		}
		return audit.Record(ctx, tx, c.UpdatedAt, a.Who(), "update", "campaign", c.ID, "", before, c)
	})
	if err != nil {
		return nil, err
	}
	return s.Campaign(ctx, a, id)
}

// CheckCampaign validates in as CreateCampaign (id "") or UpdateCampaign
// would, without saving anything.
func (s *Service) CheckCampaign(ctx context.Context, a *auth.Actor, id string, in CampaignInput) error {
	c := &Campaign{}
	if id != "" {
		var err error
		if c, err = s.Campaign(ctx, a, id); err != nil {
			return err
		}
	} else if err := staffOnly(a); err != nil {
		return err
	}
	return applyCampaign(c, in, id == "")
}

// visible reports whether a may see the lead: staff always (but see
// steered), a partner's users while it is offered to their organisation or
// after it accepted.
func visible(a *auth.Actor, l *Lead) bool {
	if a.IsStaff() {
		return true
	}
	return a.InOrg(l.OrgID) && (l.State == StateOffered || l.State == StateAccepted)
}

// steered returns apperr.ErrNotFound unless staff member a steers the
// partner that holds the lead: a lead offered to or accepted by a partner
// is that partner's data (partner.SteeredAmong, the rule listLeads asks
// in SQL); one no partner holds yet is the programme's.
func steered(ctx context.Context, q db.Querier, a *auth.Actor, l *Lead) error {
	if !a.IsStaff() || l.OrgID == "" {
		return nil
	}
	ok, err := partner.SteeredAmong(ctx, q, a, []string{l.OrgID})
	if err != nil {
		return err
	}
	if !ok[l.OrgID] {
		return apperr.ErrNotFound
	}
	return nil
}

// redact removes what a may not read of a visible lead: the contact
// person unless a is staff or of the partner that accepted it.
func redact(a *auth.Actor, l *Lead) {
	if a.IsStaff() || l.State == StateAccepted {
		c := l.contact
		l.Contact = &c
	}
}

// load reads a lead as a sees it, or apperr.ErrNotFound.
func (s *Service) load(ctx context.Context, q db.Querier, a *auth.Actor, id string) (*Lead, error) {
	if !mayUse(a) {
		return nil, apperr.ErrNotFound
	}
	l, err := getLead(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !visible(a, l) {
		return nil, apperr.ErrNotFound
	}
	if err := steered(ctx, q, a, l); err != nil {
		return nil, err
	}
	redact(a, l)
	return l, nil
}

// Leads returns the leads a may see, newest first: staff those no partner
// holds and those of the partners they steer (filtered), a partner's users
// the leads offered to their organisation now and those it accepted.
func (s *Service) Leads(ctx context.Context, a *auth.Actor, f Filter) ([]*Lead, error) {
	if !mayUse(a) {
		return nil, apperr.ErrNotFound
	}
	var v apperr.Validation
	if f.State != "" && !slices.Contains(States, f.State) {
		v.Add("state", "validation.choice")
	}
	if _, bad := apperr.CleanText(apperr.Line, f.Campaign); bad != "" {
		v.Add("campaign", bad)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	org := ""
	if !a.IsStaff() {
		org = a.OrgID
	}
	f.reader = a
	list, err := listLeads(ctx, s.DB, org, f)
	if err != nil {
		return nil, err
	}
	for _, l := range list {
		redact(a, l)
	}
	return list, nil
}

// Lead returns one lead as a may see it; staff get its offers too.
func (s *Service) Lead(ctx context.Context, a *auth.Actor, id string) (*Lead, error) {
	l, err := s.load(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	if a.IsStaff() {
		if l.Offers, err = listOffers(ctx, s.DB, id); err != nil {
			return nil, err
		}
		l.Queue = l.queue
		if err := s.redactRotation(ctx, a, l); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// redactRotation keeps from a manager the partners of a lead's rotation
// it does not steer (partner.SteeredAmong): their offers show when and
// how they ended, without the partner or its reason, and the queue
// leaves them out. Admins see all.
func (s *Service) redactRotation(ctx context.Context, a *auth.Actor, l *Lead) error {
	if a.IsAdmin() {
		return nil
	}
	ids := slices.Clone(l.queue)
	for _, o := range l.Offers {
		ids = append(ids, o.OrgID)
	}
	steers, err := partner.SteeredAmong(ctx, s.DB, a, ids)
	if err != nil {
		return err
	}
	for _, o := range l.Offers {
		if !steers[o.OrgID] {
			o.OrgID, o.OrgName, o.Reason, o.ReasonText = "", "", "", ""
		}
	}
	l.Queue = slices.DeleteFunc(slices.Clone(l.queue), func(org string) bool { return !steers[org] })
	return nil
}

// checker returns the lookups applyLead needs.
func (s *Service) checker(ctx context.Context) (known, campaigns func(string) bool, err error) {
	comps, err := s.Partners.Competencies(ctx)
	if err != nil {
		return nil, nil, err
	}
	ids := map[string]bool{}
	for _, c := range comps {
		ids[c.ID] = true
	}
	list, err := listCampaigns(ctx, s.DB)
	if err != nil {
		return nil, nil, err
	}
	camps := map[string]bool{}
	for _, c := range list {
		camps[c.ID] = true
	}
	return func(id string) bool { return ids[id] }, func(id string) bool { return camps[id] }, nil
}

// auditLead is what the audit log keeps of a lead: everything, the
// contact included (the audit log is for admins), and the customer as its
// name.
func auditLead(l *Lead) any {
	type entry struct {
		*Lead
		Name    string  `json:"name"`
		Contact Contact `json:"contact_confidential"`
	}
	cp := *l
	cp.Contact, cp.Offers, cp.Queue = nil, nil, nil
	return entry{Lead: &cp, Name: l.CustomerName, Contact: l.contact}
}

// CreateLead records a new lead (staff).
func (s *Service) CreateLead(ctx context.Context, a *auth.Actor, in LeadInput) (*Lead, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	known, campaigns, err := s.checker(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	l := &Lead{ID: db.NewID(), State: StateNew, Competencies: []string{}, CreatedAt: now, UpdatedAt: now}
	if err := applyLead(l, in, known, campaigns, true); err != nil {
		return nil, err
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertLead(ctx, tx, l, a.UserID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "create", "lead", l.ID, "", nil, auditLead(l))
	})
	if err != nil {
		return nil, err
	}
	return s.Lead(ctx, a, l.ID)
}

// open reports whether a lead may still be changed and distributed.
func open(l *Lead) bool {
	return l.State == StateNew || l.State == StateUnassigned || l.State == StateOffered
}

var errClosed = apperr.New(apperr.Conflict, "leads.error.closed")

// changeOpen runs fn in a transaction on the lead id, which must be
// visible to a and still open (staff).
func (s *Service) changeOpen(ctx context.Context, a *auth.Actor, id string, fn func(tx *sql.Tx, l *Lead) error) error {
	if err := staffOnly(a); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		l, err := s.load(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !open(l) {
			return errClosed
		}
		return fn(tx, l)
	})
}

// UpdateLead changes a lead that is not accepted or withdrawn (staff).
func (s *Service) UpdateLead(ctx context.Context, a *auth.Actor, id string, in LeadInput) (*Lead, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	known, campaigns, err := s.checker(ctx)
	if err != nil {
		return nil, err
	}
	err = s.changeOpen(ctx, a, id, func(tx *sql.Tx, l *Lead) error {
		before := auditLead(l)
		if err := applyLead(l, in, known, campaigns, false); err != nil {
			return err
		}
		l.UpdatedAt = s.now()
		if err := updateLead(ctx, tx, l); err != nil {
			return err
		}
		return audit.Record(ctx, tx, l.UpdatedAt, a.Who(), "update", "lead", l.ID, "", before, auditLead(l))
	})
	if err != nil {
		return nil, err
	}
	return s.Lead(ctx, a, id)
}

// CheckLead validates in as CreateLead (id "") or UpdateLead would,
// without saving anything.
func (s *Service) CheckLead(ctx context.Context, a *auth.Actor, id string, in LeadInput) error {
	if err := staffOnly(a); err != nil {
		return err
	}
	known, campaigns, err := s.checker(ctx)
	if err != nil {
		return err
	}
	l := &Lead{Competencies: []string{}}
	if id != "" {
		if l, err = s.load(ctx, s.DB, a, id); err != nil {
			return err
		}
	}
	return applyLead(l, in, known, campaigns, id == "")
}

// offeredTo returns the organisations a lead was offered to.
func offeredTo(offers []*Offer) map[string]bool {
	m := map[string]bool{}
	for _, o := range offers {
		m[o.OrgID] = true
	}
	return m
}

// Proposal ranks the partners for a lead (staff): the Rank hook's ranking
// with each partner's acceptance history added, reasons in lang. A
// manager is proposed only the partners it steers, those it may
// distribute the lead to.
func (s *Service) Proposal(ctx context.Context, a *auth.Actor, id, lang string) ([]Candidate, error) {
	l, err := s.Lead(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	if s.Rank == nil {
		return []Candidate{}, nil
	}
	need := Need{Competencies: l.Competencies, Country: l.Country, Postcode: l.Postcode, Lang: lang}
	if l.City != "" {
		if _, ok := geo.Lookup(l.Country, l.City); ok {
			need.City = l.City
		}
	}
	cands, err := s.Rank(ctx, need)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(cands))
	for i, c := range cands {
		ids[i] = c.OrgID
	}
	steers, err := partner.SteeredAmong(ctx, s.DB, a, ids)
	if err != nil {
		return nil, err
	}
	cands = slices.DeleteFunc(cands, func(c Candidate) bool { return !steers[c.OrgID] })
	hist, err := history(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	return withHistory(cands, hist, offeredTo(l.Offers), func(acc, ans int) string {
		return i18n.T(lang, "leads.reason.history", acc, ans)
	}), nil
}

// MaxQueue bounds how many partners a lead rotates through.
const MaxQueue = 50

// Distribute sets the partners a lead is offered to, in order, and offers
// it to the first one it was not offered to yet (staff). A lead that is
// offered keeps its offer; the new order applies after it. A partner the
// manager does not steer is refused as if it did not exist.
func (s *Service) Distribute(ctx context.Context, a *auth.Actor, id string, orgs []string) (*Lead, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	var queue []string
	var v apperr.Validation
	for _, o := range orgs {
		if _, bad := apperr.CleanText(apperr.Line, o); bad != "" {
			v.Add("orgs", "leads.validation.unknown_org")
			return nil, v.Err()
		}
		if o = strings.TrimSpace(o); o != "" && !slices.Contains(queue, o) {
			queue = append(queue, o)
		}
	}
	switch {
	case len(queue) == 0:
		v.Add("orgs", "leads.validation.orgs")
	case len(queue) > MaxQueue:
		v.Add("orgs", "leads.validation.too_many", MaxQueue)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := s.changeOpen(ctx, a, id, func(tx *sql.Tx, l *Lead) error {
		for _, org := range queue {
			if ok, err := partner.SteersOrg(ctx, tx, a, org); err != nil || !ok {
				if err != nil {
					return err
				}
				v.Add("orgs", "leads.validation.unknown_org")
				return v.Err()
			}
		}
		if err := setQueue(ctx, tx, id, queue); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, s.now(), a.Who(), "update", "lead", id, "", map[string][]string{"queue": l.queue},
			map[string][]string{"queue": queue}); err != nil {
			return err
		}
		l.queue = queue
		if l.State == StateOffered {
			return nil
		}
		offers, err := listOffers(ctx, tx, id)
		if err != nil {
			return err
		}
		next := nextInQueue(queue, offeredTo(offers))
		if next == "" {
			return apperr.New(apperr.Conflict, "leads.error.all_offered")
		}
		return s.offer(ctx, tx, a, l, next, s.now())
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return s.Lead(ctx, a, id)
}

// offer offers the lead to org from now, with the lead's answer deadline.
func (s *Service) offer(ctx context.Context, tx *sql.Tx, a *auth.Actor, l *Lead, org string, now time.Time) error {
	deadline := now.Add(time.Duration(l.AnswerHours) * time.Hour)
	o := &Offer{ID: db.NewID(), OrgID: org, OfferedAt: now, Deadline: deadline}
	if err := insertOffer(ctx, tx, l.ID, o); err != nil {
		return err
	}
	from := l.State
	l.State, l.OrgID, l.Deadline = StateOffered, org, &deadline
	if ok, err := setState(ctx, tx, l, from, now); err != nil || !ok {
		if err != nil {
			return err
		}
		return errClosed
	}
	if err := audit.Record(ctx, tx, now, a.Who(), "offer", "lead", l.ID, org, map[string]string{"state": from},
		map[string]any{"state": l.State, "org_id": org, "deadline": deadline}); err != nil {
		return err
	}
	return s.notice(ctx, tx, notify.Notice{Kind: "leads.offered", Args: []string{l.CustomerName, s.when(deadline)},
		Link: "/leads/" + l.ID, Orgs: []string{org}, AdminsOnly: true})
}

// when writes a moment for a notice in both languages.
func (s *Service) when(t time.Time) string {
	return notify.Bilingual(i18n.DateTime("de", s.Zone, t), i18n.DateTime("en", s.Zone, t))
}

// moveOn offers the lead to the next partner of its queue after its offer
// to prev ended with cause (declined or expired), or unassigns it when
// the queue is exhausted; staff are told either way.
func (s *Service) moveOn(ctx context.Context, tx *sql.Tx, a *auth.Actor, l *Lead, prev, cause string, now time.Time) error {
	offers, err := listOffers(ctx, tx, l.ID)
	if err != nil {
		return err
	}
	names, err := s.Partners.Names(ctx, []string{prev})
	if err != nil {
		return err
	}
	if next := nextInQueue(l.queue, offeredTo(offers)); next != "" {
		if err := s.offer(ctx, tx, a, l, next, now); err != nil {
			return err
		}
		nextNames, err := s.Partners.Names(ctx, []string{next})
		if err != nil {
			return err
		}
		stewards, err := partner.Stewards(ctx, tx, prev, next)
		if err != nil {
			return err
		}
		return s.notice(ctx, tx, notify.Notice{Kind: "leads.moved_on." + cause, Args: []string{l.CustomerName, names[prev], nextNames[next]},
			Link: "/leads/" + l.ID, Users: stewards, Admins: true, Except: a.UserID})
	}
	from := l.State
	l.State, l.OrgID, l.Deadline = StateUnassigned, "", nil
	if ok, err := setState(ctx, tx, l, from, now); err != nil || !ok {
		if err != nil {
			return err
		}
		return errClosed
	}
	if err := audit.Record(ctx, tx, now, a.Who(), "unassign", "lead", l.ID, "", map[string]string{"state": from}, map[string]string{"state": l.State}); err != nil {
		return err
	}
	stewards, err := partner.Stewards(ctx, tx, prev)
	if err != nil {
		return err
	}
	return s.notice(ctx, tx, notify.Notice{Kind: "leads.unassigned." + cause, Args: []string{l.CustomerName, names[prev]},
		Link: "/leads/" + l.ID, Users: stewards, Admins: true, Except: a.UserID})
}

// answerable loads a lead whose offer a's organisation may answer now.
func (s *Service) answerable(ctx context.Context, tx *sql.Tx, a *auth.Actor, id string, now time.Time) (*Lead, error) {
	l, err := s.load(ctx, tx, a, id)
	if err != nil {
		return nil, err
	}
	switch {
	case a.IsStaff():
		return nil, apperr.New(apperr.Forbidden, "leads.error.partner_answers")
	case !a.ActsFor(l.OrgID):
		return nil, auth.ErrPartnerAdminOnly
	case l.State != StateOffered:
		return nil, errClosed
	case expired(*l.Deadline, now):
		return nil, apperr.New(apperr.Conflict, "leads.error.expired")
	}
	return l, nil
}

// Accept accepts the lead offered to a's organisation (its partner
// admins): the lead becomes a registered deal of that partner in the same
// transaction (RegisterDeal) and shows its contact person.
func (s *Service) Accept(ctx context.Context, a *auth.Actor, id string) (*Lead, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		l, err := s.answerable(ctx, tx, a, id, now)
		if err != nil {
			return err
		}
		o := &Offer{Outcome: OutcomeAccepted, AnsweredAt: &now}
		if ok, err := answerOffer(ctx, tx, id, o, a.UserID); err != nil || !ok {
			if err != nil {
				return err
			}
			return errClosed
		}
		if s.RegisterDeal != nil {
			l.DealID, err = s.RegisterDeal(ctx, tx, NewDeal{OrgID: l.OrgID, UserID: a.UserID, LeadID: l.ID, CampaignID: l.CampaignID,
				CustomerName: l.CustomerName, WebDomain: l.WebDomain, Country: l.Country, Postcode: l.Postcode, City: l.City,
				Industry: l.Industry, Size: l.Size, Competencies: slices.Clone(l.Competencies), Description: l.Description,
				ValueMinor: l.ValueMinor, Currency: l.Currency})
			if err != nil {
				return err
			}
		}
		l.State, l.Deadline = StateAccepted, nil
		if ok, err := setState(ctx, tx, l, StateOffered, now); err != nil || !ok {
			if err != nil {
				return err
			}
			return errClosed
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "accept", "lead", l.ID, l.OrgID, map[string]string{"state": StateOffered},
			map[string]string{"state": l.State, "deal_id": l.DealID}); err != nil {
			return err
		}
		stewards, err := partner.Stewards(ctx, tx, l.OrgID)
		if err != nil {
			return err
		}
		return s.notice(ctx, tx, notify.Notice{Kind: "leads.accepted", Args: []string{l.CustomerName, l.OrgName},
			Link: "/leads/" + l.ID, Users: stewards, Admins: true})
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return s.Lead(ctx, a, id)
}

// Decline is a partner's reason for declining a lead.
type Decline struct {
	Reason string `json:"reason" enum:"decline_reason"`
	Note   string `json:"note,omitempty" doc:"why, in a few words; required with reason other"`
}

// Decline declines the lead offered to a's organisation (its partner
// admins) with a reason; the lead moves on to the next partner.
func (s *Service) Decline(ctx context.Context, a *auth.Actor, id string, d Decline) error {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		l, err := s.answerable(ctx, tx, a, id, now)
		if err != nil {
			return err
		}
		var v apperr.Validation
		if !slices.Contains(DeclineReasons, d.Reason) {
			v.Add("reason", "leads.validation.reason")
		}
		v.Text(&d.Note, apperr.Paragraphs, "note", 1000, d.Reason == "other")
		if err := v.Err(); err != nil {
			return err
		}
		o := &Offer{Outcome: OutcomeDeclined, Reason: d.Reason, ReasonText: d.Note, AnsweredAt: &now}
		if ok, err := answerOffer(ctx, tx, id, o, a.UserID); err != nil || !ok {
			if err != nil {
				return err
			}
			return errClosed
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "decline", "lead", l.ID, l.OrgID, map[string]string{"state": l.State},
			map[string]string{"reason": d.Reason, "note": d.Note}); err != nil {
			return err
		}
		return s.moveOn(ctx, tx, a, l, l.OrgID, OutcomeDeclined, now)
	})
	if err == nil {
		s.kick()
	}
	return err
}

// Withdraw takes a lead back from distribution for good (staff); an open
// offer ends as withdrawn.
func (s *Service) Withdraw(ctx context.Context, a *auth.Actor, id string) (*Lead, error) {
	err := s.changeOpen(ctx, a, id, func(tx *sql.Tx, l *Lead) error {
		now := s.now()
		from, org := l.State, l.OrgID
		if from == StateOffered {
			if _, err := answerOffer(ctx, tx, id, &Offer{Outcome: OutcomeWithdrawn, AnsweredAt: &now}, a.UserID); err != nil {
				return err
			}
		}
		l.State, l.OrgID, l.Deadline = StateWithdrawn, "", nil
		if ok, err := setState(ctx, tx, l, from, now); err != nil || !ok {
			if err != nil {
				return err
			}
			return errClosed
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "withdraw", "lead", l.ID, org, map[string]string{"state": from}, map[string]string{"state": l.State}); err != nil {
			return err
		}
		if org == "" {
			return nil
		}
		return s.notice(ctx, tx, notify.Notice{Kind: "leads.withdrawn", Args: []string{l.CustomerName}, Link: "/leads", Orgs: []string{org}, AdminsOnly: true})
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return s.Lead(ctx, a, id)
}

// Tick expires the offers past their deadline and offers each lead to
// the next partner of its queue (or unassigns it). It is scheduled work.
func (s *Service) Tick(ctx context.Context) error {
	now := s.now()
	ids, err := overdueLeads(ctx, s.DB, now)
	if err != nil {
		return err
	}
	for _, id := range ids {
		err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
			l, err := getLead(ctx, tx, id)
			if err != nil {
				return err
			}
			if l.State != StateOffered || !expired(*l.Deadline, now) {
				return nil // answered meanwhile
			}
			deadline := *l.Deadline
			o := &Offer{Outcome: OutcomeExpired, AnsweredAt: &deadline}
			if ok, err := answerOffer(ctx, tx, id, o, ""); err != nil || !ok {
				return err
			}
			if err := audit.Record(ctx, tx, now, auth.System.Who(), "expire", "lead", l.ID, l.OrgID, map[string]string{"state": l.State},
				map[string]string{"outcome": OutcomeExpired}); err != nil {
				return err
			}
			return s.moveOn(ctx, tx, auth.System, l, l.OrgID, OutcomeExpired, now)
		})
		if err != nil {
			return err
		}
	}
	if len(ids) > 0 {
		s.kick()
	}
	return nil
}

// Row is the conversion of one partner, campaign or quadrant.
type Row struct {
	Key      string `json:"key"`
	Name     string `json:"name"`
	Offered  int    `json:"offered" doc:"leads offered"`
	Accepted int    `json:"accepted" doc:"leads accepted"`
	Won      int    `json:"won" doc:"accepted leads whose deal was won"`
	// WonValue sums the won deals' values by currency.
	WonValue map[string]int64 `json:"won_value"`
	leads    map[string]bool
}

// AcceptanceRate is the share of offered leads accepted, in percent.
func (r *Row) AcceptanceRate() int { return Rate(r.Accepted, r.Offered) }

// ConversionRate is the share of offered leads won, in percent.
func (r *Row) ConversionRate() int { return Rate(r.Won, r.Offered) }

// Currencies returns the currencies of the won value, sorted.
func (r *Row) Currencies() []string { return slices.Sorted(maps.Keys(r.WonValue)) }

// Conversion is lead conversion per partner, campaign and quadrant.
type Conversion struct {
	Total      *Row   `json:"total"`
	Partners   []*Row `json:"partners"`
	Campaigns  []*Row `json:"campaigns"`
	Quadrants  []*Row `json:"quadrants"`
	HasOutcome bool   `json:"has_outcome" doc:"whether deal outcomes are known; without them no lead counts as won"`
}

// convert counts the facts into rows by key; name names a key.
func convert(facts []offerFact, outcomes map[string]Outcome, key func(offerFact) string, name func(offerFact) string) map[string]*Row {
	rows := map[string]*Row{}
	for _, f := range facts {
		k := key(f)
		if k == "-" {
			continue
		}
		r := rows[k]
		if r == nil {
			r = &Row{Key: k, Name: name(f), WonValue: map[string]int64{}, leads: map[string]bool{}}
			rows[k] = r
		}
		if !r.leads[f.LeadID] {
			r.leads[f.LeadID] = true
			r.Offered++
		}
		if f.Outcome != OutcomeAccepted {
			continue
		}
		r.Accepted++
		if out, ok := outcomes[f.DealID]; ok && f.DealID != "" && out.State == DealWon {
			r.Won++
			r.WonValue[out.Currency] += out.Value
		}
	}
	return rows
}

// outcomes asks the DealOutcomes hook about the accepted leads' deals.
func (s *Service) outcomes(ctx context.Context, facts []offerFact) (map[string]Outcome, error) {
	if s.DealOutcomes == nil {
		return map[string]Outcome{}, nil
	}
	var ids []string
	for _, f := range facts {
		if f.DealID != "" && !slices.Contains(ids, f.DealID) {
			ids = append(ids, f.DealID)
		}
	}
	if len(ids) == 0 {
		return map[string]Outcome{}, nil
	}
	return s.DealOutcomes(ctx, ids)
}

// Conversion counts the leads offered, accepted and won per partner, per
// campaign and per CAN × WILL quadrant (staff only); names sort in lang.
// A manager's partner rows are those of the partners it steers and its
// quadrants count the partners its portfolio shows; the total and the
// campaigns, which name no partner, count the whole programme.
func (s *Service) Conversion(ctx context.Context, a *auth.Actor, lang string) (*Conversion, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	facts, err := offerFacts(ctx, s.DB, time.Time{}, time.Time{})
	if err != nil {
		return nil, err
	}
	outcomes, err := s.outcomes(ctx, facts)
	if err != nil {
		return nil, err
	}
	campaigns, err := listCampaigns(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	campName := map[string]string{"": i18n.T(lang, "leads.no_campaign")}
	for _, c := range campaigns {
		campName[c.ID] = c.Name
	}
	quadrant := map[string]string{}
	if s.QuadrantOf != nil {
		if quadrant, err = s.QuadrantOf(ctx, a); err != nil {
			return nil, err
		}
	}
	all := func(offerFact) string { return "all" }
	c := &Conversion{HasOutcome: s.DealOutcomes != nil, Total: convert(facts, outcomes, all, all)["all"]}
	if c.Total == nil {
		c.Total = &Row{Key: "all", WonValue: map[string]int64{}}
	}
	perOrg := convert(facts, outcomes, func(f offerFact) string { return f.OrgID }, func(f offerFact) string { return f.OrgName })
	steers, err := partner.SteeredAmong(ctx, s.DB, a, slices.Collect(maps.Keys(perOrg)))
	if err != nil {
		return nil, err
	}
	maps.DeleteFunc(perOrg, func(org string, _ *Row) bool { return !steers[org] })
	c.Partners = sorted(perOrg, lang)
	c.Campaigns = sorted(convert(facts, outcomes, func(f offerFact) string { return f.CampaignID }, func(f offerFact) string { return campName[f.CampaignID] }), lang)
	// Leads without a campaign come last.
	if i := slices.IndexFunc(c.Campaigns, func(r *Row) bool { return r.Key == "" }); i >= 0 {
		c.Campaigns = append(slices.Delete(slices.Clone(c.Campaigns), i, i+1), c.Campaigns[i])
	}
	byQuadrant := convert(facts, outcomes, func(f offerFact) string {
		if q, ok := quadrant[f.OrgID]; ok {
			return q
		}
		return "-"
	}, func(f offerFact) string { return i18n.T(lang, "quadrant."+quadrant[f.OrgID]) })
	c.Quadrants = []*Row{}
	for _, q := range s.Quadrants {
		if r := byQuadrant[q]; r != nil {
			c.Quadrants = append(c.Quadrants, r)
		} else {
			c.Quadrants = append(c.Quadrants, &Row{Key: q, Name: i18n.T(lang, "quadrant."+q), WonValue: map[string]int64{}})
		}
	}
	return c, nil
}

func sorted(rows map[string]*Row, lang string) []*Row {
	out := slices.Collect(maps.Values(rows))
	slices.SortFunc(out, func(a, b *Row) int { return strings.Compare(a.Key, b.Key) })
	i18n.SortBy(lang, out, func(r *Row) string { return r.Name })
	return out
}

// PerOrg counts, for each partner, the leads offered to it within
// [from, to), those it accepted and those whose deal was won, with the
// won value by currency (system use: the funds' return on investment).
func (s *Service) PerOrg(ctx context.Context, from, to time.Time) (map[string]OrgLeads, error) {
	facts, err := offerFacts(ctx, s.DB, from.UTC(), to.UTC())
	if err != nil {
		return nil, err
	}
	outcomes, err := s.outcomes(ctx, facts)
	if err != nil {
		return nil, err
	}
	rows := convert(facts, outcomes, func(f offerFact) string { return f.OrgID }, func(f offerFact) string { return f.OrgName })
	out := make(map[string]OrgLeads, len(rows))
	for org, r := range rows {
		out[org] = OrgLeads{Given: r.Offered, Accepted: r.Accepted, Converted: r.Won, WonValue: r.WonValue}
	}
	return out, nil
}
