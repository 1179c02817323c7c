package cosell

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/i18n"
	"pakt/internal/match"
	"pakt/internal/notify"
	"pakt/internal/partner"
	"pakt/internal/web"
)

// Service implements deal registration. Pages, API, imports and the
// scheduled expiry all call it, so they share one set of rules.
type Service struct {
	DB       *db.DB
	Now      func() time.Time
	Partners *partner.Service
	// Notify tells partners and staff; nil tells nobody (imports of
	// history, generated demo data).
	Notify *notify.Service
	// Zone is the programme time zone (nil: i18n.DefaultZone): the days of
	// protection are its days.
	Zone *time.Location

	// OnWon is called in the transaction that marks a deal won, with the
	// parties that accepted their part (the incentives). Nil does nothing.
	OnWon func(ctx context.Context, tx *sql.Tx, d *Deal) error
	// AgreedShares returns the shares of the cooperation agreement in
	// force between two organisations and its title (ok false: none). Nil
	// proposes an even split.
	AgreedShares func(ctx context.Context, orgA, orgB string) (shares map[string]int, title string, ok bool, err error)
}

// NewService returns the deal service.
func NewService(d *db.DB, now func() time.Time, partners *partner.Service, n *notify.Service) *Service {
	return &Service{DB: d, Now: now, Partners: partners, Notify: n}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// today is the programme's current day.
func (s *Service) today() time.Time { return Day(s.Now(), i18n.ZoneOr(s.Zone)) }

var errForbidden = apperr.New(apperr.Forbidden, "error.forbidden")

// mayUse reports whether a uses deals at all: staff and partner users.
func mayUse(a *auth.Actor) bool { return a.IsStaff() || a.IsPartner() }

// canSee reports whether a may see d: staff, and the users of its parties
// that did not decline.
func canSee(a *auth.Actor, d *Deal) bool {
	if a.IsStaff() {
		return true
	}
	p := d.Party(a.OrgID)
	return a.IsPartner() && p != nil && p.Status != PartDeclined
}

// actsForParty reports whether a acts for an accepted party of d that is
// the registering partner or in the lead: who adds partners, marks the
// deal won or lost and moves its stage.
func actsForLead(a *auth.Actor, d *Deal) bool {
	if !a.ActsFor(a.OrgID) {
		return false
	}
	p := d.Party(a.OrgID)
	return p != nil && p.Status == PartAccepted && (p.Role == RoleLead || d.OrgID == a.OrgID)
}

func (s *Service) notice(ctx context.Context, q db.Querier, n notify.Notice) error {
	if s.Notify == nil {
		return nil
	}
	return s.Notify.Notify(ctx, q, n)
}

func (s *Service) kick() {
	if s.Notify != nil {
		s.Notify.Kick()
	}
}

// competencySet returns the ids of the programme's competencies.
func (s *Service) competencySet(ctx context.Context) (map[string]bool, error) {
	list, err := s.Partners.Competencies(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(list))
	for _, c := range list {
		out[c.ID] = true
	}
	return out, nil
}

// load reads a deal as a sees it, or apperr.ErrNotFound.
func (s *Service) load(ctx context.Context, q db.Querier, a *auth.Actor, id string) (*Deal, error) {
	if !mayUse(a) {
		return nil, apperr.ErrNotFound
	}
	d, err := getDeal(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !canSee(a, d) {
		return nil, apperr.ErrNotFound
	}
	if a.IsStaff() && !a.IsAdmin() {
		// Staff see the deals of which a partner they steer is a party.
		orgs := make([]string, len(d.Parties))
		for i, p := range d.Parties {
			orgs[i] = p.OrgID
		}
		steered, err := partner.SteeredAmong(ctx, q, a, orgs)
		if err != nil {
			return nil, err
		}
		if len(steered) == 0 {
			return nil, apperr.ErrNotFound
		}
	}
	return d, nil
}

// Deal returns a deal as a sees it: staff with its conflicts and both
// sides, a party with what it may learn of them (Protection).
func (s *Service) Deal(ctx context.Context, a *auth.Actor, id string) (*Deal, error) {
	d, err := s.load(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	conflicts, err := conflictsOf(ctx, s.DB, d.ID)
	if err != nil {
		return nil, err
	}
	if a.IsStaff() {
		for _, c := range conflicts {
			if err := s.sides(ctx, c); err != nil {
				return nil, err
			}
		}
		d.Conflicts = conflicts
	} else if err := s.protection(ctx, d, conflicts); err != nil {
		return nil, err
	}
	if d.Change, err = openChange(ctx, s.DB, d.ID); err != nil {
		return nil, err
	}
	s.rights(a, d, conflicts)
	return d, nil
}

// protection tells the registering partner of a deal under review what it
// may learn of its open conflicts: that the customer is protected for
// someone else and until when (the latest day), or under review.
func (s *Service) protection(ctx context.Context, d *Deal, conflicts []*Conflict) error {
	if d.Status != StatusRegistered {
		return nil
	}
	for _, c := range conflicts {
		if c.Status != ConflictOpen || c.DealID != d.ID {
			continue
		}
		other, err := getDeal(ctx, s.DB, c.OtherID)
		if err != nil {
			return err
		}
		if d.Protection == nil {
			d.Protection = &Protection{}
		}
		switch {
		case other.Status == StatusApproved && other.ProtectedUntil != nil:
			if d.Protection.Until == nil || other.ProtectedUntil.After(d.Protection.Until.Time) {
				d.Protection.Until = other.ProtectedUntil
			}
		case other.Status == StatusRegistered:
			d.Protection.UnderReview = true
		}
	}
	if d.Protection != nil && d.Protection.Until != nil {
		d.Protection.UnderReview = false
	}
	return nil
}

// sides loads both deals of a conflict (staff).
func (s *Service) sides(ctx context.Context, c *Conflict) error {
	var err error
	if c.Deal, err = getDeal(ctx, s.DB, c.DealID); err != nil {
		return err
	}
	c.Other, err = getDeal(ctx, s.DB, c.OtherID)
	return err
}

// rights fills what a may do with d now.
func (s *Service) rights(a *auth.Actor, d *Deal, conflicts []*Conflict) {
	open := false
	for _, c := range conflicts {
		if c.Status == ConflictOpen && c.DealID == d.ID {
			open = true
		}
	}
	lead := actsForLead(a, d) || a.IsStaff()
	p := d.Party(a.OrgID)
	acting := p != nil && a.ActsFor(p.OrgID)
	r := Rights{
		Approve:  a.IsStaff() && d.Status == StatusRegistered && !open,
		Decide:   a.IsStaff() && d.Status == StatusRegistered,
		Extend:   a.IsStaff() && d.Status == StatusApproved && !d.Extended,
		Close:    lead && d.Status == StatusApproved,
		Stage:    lead && Open(d.Status),
		AddParty: actsForLead(a, d) && Open(d.Status) && d.Change == nil,
		Answer:   acting && p.Status == PartInvited,
		Propose:  acting && p.Status == PartAccepted && len(d.Parties) > 1 && d.Change == nil && d.Status != StatusRejected && d.Status != StatusExpired,
		FollowUp: acting && p.Status == PartAccepted && d.Status == StatusWon,
	}
	if d.Change != nil && acting && p.Status == PartAccepted && d.Change.ProposedBy != p.OrgID && !slices.Contains(d.Change.Agreed, p.OrgID) {
		r.Vote = true
	}
	d.Rights = r
}

// Page is one page of deals.
type Page = web.List[*Deal]

// Deals lists the deals a sees: staff all, partner users those their
// organisation is a party of.
func (s *Service) Deals(ctx context.Context, a *auth.Actor, f Filter) (*Page, error) {
	if !mayUse(a) {
		return nil, apperr.ErrNotFound
	}
	if f.Status != "" && !slices.Contains(Statuses, f.Status) {
		var v apperr.Validation
		v.Add("status", "validation.choice")
		return nil, v.Err()
	}
	if !a.IsStaff() {
		f.Org, f.Conflicts = a.OrgID, false
	}
	f.reader = a
	if f.PerPage <= 0 {
		f.PerPage = 25
	}
	f.PerPage = min(f.PerPage, 100)
	f.Page = max(f.Page, 1)
	list, total, err := listDeals(ctx, s.DB, f)
	if err != nil {
		return nil, err
	}
	return &Page{Items: list, Total: total, Page: f.Page, PerPage: f.PerPage}, nil
}

// Register registers a deal for a's organisation (partner admins and
// members) and checks it at once against the open registrations of all
// other partners: every match becomes a conflict for staff to decide.
func (s *Service) Register(ctx context.Context, a *auth.Actor, in DealInput) (*Deal, error) {
	if !a.IsPartner() {
		return nil, registerDenied(a)
	}
	var d *Deal
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		d, err = s.register(ctx, tx, a, in, "", "")
		return err
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return s.Deal(ctx, a, d.ID)
}

// registerDenied is the answer to a caller who may not register: staff
// are refused, everyone else does not know deals.
func registerDenied(a *auth.Actor) error {
	if a.IsStaff() {
		return errForbidden
	}
	return apperr.ErrNotFound
}

// register checks and saves a registration of a's organisation in tx,
// with its conflicts and notices.
func (s *Service) register(ctx context.Context, tx *sql.Tx, a *auth.Actor, in DealInput, leadID, externalID string) (*Deal, error) {
	topics, err := s.competencySet(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	d := &Deal{ID: db.NewID(), OrgID: a.OrgID, Status: StatusRegistered, CreatedAt: now, UpdatedAt: now, createdBy: a.UserID,
		LeadID: leadID, ExternalID: externalID}
	var origin *Deal
	if in.FollowUpOf != "" {
		// An id no deal can have (a NUL, invalid UTF-8) names none; the
		// database is not asked, PostgreSQL would refuse the text.
		if _, bad := apperr.CleanText(apperr.Line, in.FollowUpOf); bad != "" {
			return nil, apperr.ErrNotFound
		}
		if origin, err = s.load(ctx, tx, a, in.FollowUpOf); err != nil {
			return nil, err
		}
		if p := origin.Party(a.OrgID); origin.Status != StatusWon || p == nil || p.Status != PartAccepted || !a.ActsFor(a.OrgID) {
			return nil, apperr.New(apperr.Conflict, "cosell.error.follow_up")
		}
		// A follow-up is for the same customer.
		in.Customer = origin.Customer
		d.FollowUpOf = origin.ID
	}
	if err := apply(d, in, topics, s.today(), false); err != nil {
		return nil, err
	}
	if origin != nil {
		for _, p := range origin.Parties {
			if p.Status == PartAccepted {
				cp := *p
				d.Parties = append(d.Parties, &cp)
			}
		}
	} else {
		d.Parties = []*Party{{OrgID: a.OrgID, Role: RoleLead, SplitBP: FullSplit, Status: PartAccepted, AnsweredAt: &now}}
	}
	if err := insertDeal(ctx, tx, d); err != nil {
		return nil, err
	}
	conflicts, err := s.check(ctx, tx, d)
	if err != nil {
		return nil, err
	}
	if err := audit.Record(ctx, tx, now, a.Who(), "create", "deal", d.ID, d.OrgID, nil, d); err != nil {
		return nil, err
	}
	kind := "cosell.notice.registered"
	if conflicts > 0 {
		kind = "cosell.notice.conflict"
	}
	stewards, err := partner.Stewards(ctx, tx, d.partyOrgs()...)
	if err != nil {
		return nil, err
	}
	return d, s.notice(ctx, tx, notify.Notice{Kind: kind, Args: []string{d.Customer.Name}, Link: "/deals/" + d.ID, Users: stewards, Admins: true})
}

// check finds the open registrations of other partners that match d's
// customer and records a conflict for each; it returns how many.
func (s *Service) check(ctx context.Context, q db.Querier, d *Deal) (int, error) {
	list, evidence, err := matching(ctx, q, d.matchKey(), d.OrgID)
	if err != nil {
		return 0, err
	}
	n := 0
	for i, other := range list {
		if other.ID == d.ID || d.Party(other.OrgID) != nil || other.ID == d.FollowUpOf {
			continue
		}
		e := evidence[i]
		c := &Conflict{ID: db.NewID(), DealID: d.ID, OtherID: other.ID, SameDomain: e.Domain, SameName: e.Name,
			Similarity: int(e.Similarity*1000 + 0.5), Status: ConflictOpen, CreatedAt: d.CreatedAt}
		if err := insertConflict(ctx, q, c); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// matching returns the open registrations of other organisations than org
// that match k, each with the evidence.
func matching(ctx context.Context, q db.Querier, k match.Key, org string) ([]*Deal, []match.Evidence, error) {
	list, err := candidates(ctx, q, k, org)
	if err != nil {
		return nil, nil, err
	}
	var deals []*Deal
	var evidence []match.Evidence
	for _, other := range list {
		if e := match.Compare(k, other.matchKey()); e.Match() {
			deals, evidence = append(deals, other), append(evidence, e)
		}
	}
	return deals, evidence, nil
}

// Check returns the evidence of each open registration of another
// organisation than org that matches the customer, without saving
// anything: the conflict check of a registration, as the benchmark
// measures it.
func (s *Service) Check(ctx context.Context, c Customer, org string) ([]match.Evidence, error) {
	k := match.Normalize(match.Customer{Name: c.Name, Domain: c.Domain, Country: strings.ToUpper(c.Country)})
	_, evidence, err := matching(ctx, s.DB, k, org)
	return evidence, err
}

// change runs fn on the deal id, loaded for a and locked, in a
// transaction, then saves it, records action in the audit log and queues
// the notice fn returns (if any).
func (s *Service) change(ctx context.Context, a *auth.Actor, id, action string, fn func(tx *sql.Tx, d *Deal, now time.Time) (*notify.Notice, error)) (*Deal, error) {
	var saved *Deal
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := lockDeal(ctx, tx, id); err != nil {
			return err
		}
		d, err := s.load(ctx, tx, a, id)
		if err != nil {
			return err
		}
		before := *d
		now := s.now()
		n, err := fn(tx, d, now)
		if err != nil {
			return err
		}
		d.UpdatedAt = now
		by := ""
		if a.IsStaff() {
			by = a.UserID
		}
		if err := updateDeal(ctx, tx, d, by); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), action, "deal", d.ID, d.OrgID, &before, d); err != nil {
			return err
		}
		saved = d
		if n != nil {
			return s.notice(ctx, tx, *n)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	out, err := s.Deal(ctx, a, id)
	if errors.Is(err, apperr.ErrNotFound) {
		// The caller declined its part: it no longer sees the deal, and
		// learns only what it just did.
		saved.Rights, saved.Conflicts = Rights{}, nil
		return saved, nil
	}
	return out, err
}

func statusConflict() error { return apperr.New(apperr.Conflict, "cosell.error.status") }

// openConflicts counts the open conflicts in which d is the later
// registration.
func openConflicts(ctx context.Context, q db.Querier, d *Deal) (int, error) {
	list, err := conflictsOf(ctx, q, d.ID)
	n := 0
	for _, c := range list {
		if c.Status == ConflictOpen && c.DealID == d.ID {
			n++
		}
	}
	return n, err
}

// Approve approves a registration without open conflicts (staff): its
// customer is protected for the programme's window from today.
func (s *Service) Approve(ctx context.Context, a *auth.Actor, id string) (*Deal, error) {
	if !a.IsStaff() {
		return nil, s.denied(ctx, a, id)
	}
	return s.change(ctx, a, id, "approve", func(tx *sql.Tx, d *Deal, now time.Time) (*notify.Notice, error) {
		if d.Status != StatusRegistered {
			return nil, statusConflict()
		}
		if n, err := openConflicts(ctx, tx, d); err != nil || n > 0 {
			if err != nil {
				return nil, err
			}
			return nil, apperr.New(apperr.Conflict, "cosell.error.open_conflicts")
		}
		days, err := protectionDays(ctx, tx)
		if err != nil {
			return nil, err
		}
		until := ProtectionEnd(s.today(), days)
		d.Status, d.ProtectedUntil, d.DecidedAt, d.Reason = StatusApproved, &partner.Date{Time: until}, &now, ""
		return &notify.Notice{Kind: "cosell.notice.approved", Args: []string{d.Customer.Name, noticeDate(until)},
			Link: "/deals/" + d.ID, Orgs: []string{d.OrgID}}, nil
	})
}

// noticeDate is a day as a notice's argument: each recipient reads it in
// their language ("30.05.2027", "30 May 2027").
func noticeDate(day time.Time) string {
	return notify.Bilingual(i18n.Date("de", day), i18n.Date("en", day))
}

// denied is the answer to a caller who may not decide: 404 when it may not
// even see the deal, 403 otherwise.
func (s *Service) denied(ctx context.Context, a *auth.Actor, id string) error {
	if _, err := s.load(ctx, s.DB, a, id); err != nil {
		return err
	}
	return errForbidden
}

// Reject rejects a registration (staff) with a reason.
func (s *Service) Reject(ctx context.Context, a *auth.Actor, id, reason string) (*Deal, error) {
	if !a.IsStaff() {
		return nil, s.denied(ctx, a, id)
	}
	var v apperr.Validation
	v.Text(&reason, apperr.Paragraphs, "reason", maxReason, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.change(ctx, a, id, "reject", func(tx *sql.Tx, d *Deal, now time.Time) (*notify.Notice, error) {
		if d.Status != StatusRegistered {
			return nil, statusConflict()
		}
		return s.reject(ctx, tx, d, reason, now)
	})
}

// reject closes d as rejected and its open conflicts as decided.
func (s *Service) reject(ctx context.Context, tx *sql.Tx, d *Deal, reason string, now time.Time) (*notify.Notice, error) {
	d.Status, d.Reason, d.DecidedAt, d.ClosedAt = StatusRejected, reason, &now, &now
	list, err := conflictsOf(ctx, tx, d.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		if c.Status == ConflictOpen {
			c.Status, c.Decision, c.DecidedAt = ConflictDecided, DecideReject, &now
			if err := decideConflict(ctx, tx, c, ""); err != nil {
				return nil, err
			}
		}
	}
	return &notify.Notice{Kind: "cosell.notice.rejected", Args: []string{d.Customer.Name}, Link: "/deals/" + d.ID, Orgs: []string{d.OrgID}}, nil
}

// Extend extends an approved registration's protection once by the
// programme's window (staff).
func (s *Service) Extend(ctx context.Context, a *auth.Actor, id string) (*Deal, error) {
	if !a.IsStaff() {
		return nil, s.denied(ctx, a, id)
	}
	return s.change(ctx, a, id, "extend", func(tx *sql.Tx, d *Deal, now time.Time) (*notify.Notice, error) {
		if d.Status != StatusApproved || d.ProtectedUntil == nil {
			return nil, statusConflict()
		}
		if d.Extended {
			return nil, apperr.New(apperr.Conflict, "cosell.error.extended")
		}
		days, err := protectionDays(ctx, tx)
		if err != nil {
			return nil, err
		}
		until := d.ProtectedUntil.AddDate(0, 0, days)
		d.ProtectedUntil, d.Extended = &partner.Date{Time: until}, true
		return &notify.Notice{Kind: "cosell.notice.extended", Args: []string{d.Customer.Name, noticeDate(until)},
			Link: "/deals/" + d.ID, Orgs: []string{d.OrgID}}, nil
	})
}

// mayClose is the check of the lead's decisions: staff, or a's
// organisation registered the deal or leads it.
func (s *Service) mayClose(ctx context.Context, a *auth.Actor, id string) error {
	d, err := s.load(ctx, s.DB, a, id)
	if err != nil {
		return err
	}
	if !a.IsStaff() && !actsForLead(a, d) {
		return errForbidden
	}
	return nil
}

// Win marks an approved deal won (the lead, the registering partner or
// staff), optionally with its final value; the parties earn their
// incentives in the same transaction (OnWon).
func (s *Service) Win(ctx context.Context, a *auth.Actor, id string, valueMinor *int64) (*Deal, error) {
	if err := s.mayClose(ctx, a, id); err != nil {
		return nil, err
	}
	if valueMinor != nil && (*valueMinor < 0 || *valueMinor > maxMinor) {
		var v apperr.Validation
		v.Add("value_minor", "validation.amount", int64(maxMinor/100))
		return nil, v.Err()
	}
	return s.change(ctx, a, id, "win", func(tx *sql.Tx, d *Deal, now time.Time) (*notify.Notice, error) {
		if d.Status != StatusApproved {
			return nil, statusConflict()
		}
		for _, p := range d.Parties {
			if p.Status == PartInvited {
				// Its share would be paid to no one, or to it unasked.
				return nil, apperr.New(apperr.Conflict, "cosell.error.pending_parties", p.Name)
			}
		}
		if valueMinor != nil {
			d.ValueMinor = *valueMinor
		}
		d.Status, d.ClosedAt = StatusWon, &now
		if s.OnWon != nil {
			if err := s.OnWon(ctx, tx, d); err != nil {
				return nil, err
			}
		}
		stewards, err := partner.Stewards(ctx, tx, d.partyOrgs()...)
		if err != nil {
			return nil, err
		}
		return &notify.Notice{Kind: "cosell.notice.won", Args: []string{d.Customer.Name}, Link: "/deals/" + d.ID,
			Orgs: d.partyOrgs(), Users: stewards, Admins: true, Except: a.UserID}, nil
	})
}

// partyOrgs are the organisations of the parties that did not decline.
func (d *Deal) partyOrgs() []string {
	var out []string
	for _, p := range d.Parties {
		if p.Status != PartDeclined {
			out = append(out, p.OrgID)
		}
	}
	return out
}

// Lose marks an approved deal lost with a reason.
func (s *Service) Lose(ctx context.Context, a *auth.Actor, id, reason string) (*Deal, error) {
	if err := s.mayClose(ctx, a, id); err != nil {
		return nil, err
	}
	var v apperr.Validation
	v.Text(&reason, apperr.Paragraphs, "reason", maxReason, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.change(ctx, a, id, "lose", func(tx *sql.Tx, d *Deal, now time.Time) (*notify.Notice, error) {
		if d.Status != StatusApproved {
			return nil, statusConflict()
		}
		d.Status, d.Reason, d.ClosedAt = StatusLost, reason, &now
		return nil, nil
	})
}

// SetStage moves an open deal to another sales stage.
func (s *Service) SetStage(ctx context.Context, a *auth.Actor, id, stage string) (*Deal, error) {
	if err := s.mayClose(ctx, a, id); err != nil {
		return nil, err
	}
	if !slices.Contains(Stages, stage) {
		var v apperr.Validation
		v.Add("stage", "validation.choice")
		return nil, v.Err()
	}
	return s.change(ctx, a, id, "stage", func(tx *sql.Tx, d *Deal, now time.Time) (*notify.Notice, error) {
		if !Open(d.Status) {
			return nil, statusConflict()
		}
		d.Stage = stage
		return nil, nil
	})
}

// Proposal is the form of adding a partner: the shares proposed and the
// agreement they come from ("" for an even split).
type Proposal struct {
	Shares    []Share `json:"shares"`
	Agreement string  `json:"agreement"`
}

// Propose returns the shares a deal would have with the organisation
// added in role (the lead's form): when the two have a cooperation
// agreement in force, its split.
func (s *Service) Propose(ctx context.Context, a *auth.Actor, id, org, role string) (*Proposal, error) {
	d, err := s.load(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	if !actsForLead(a, d) {
		return nil, errForbidden
	}
	if err := s.nameable(ctx, s.DB, a, d, org); err != nil {
		return nil, err
	}
	if !slices.Contains(Roles, role) || role == RoleLead {
		role = RoleDelivery
	}
	var agreed map[string]int
	p := &Proposal{}
	if s.AgreedShares != nil {
		shares, title, ok, err := s.AgreedShares(ctx, a.OrgID, org)
		if err != nil {
			return nil, err
		}
		if ok {
			agreed, p.Agreement = shares, title
		}
	}
	p.Shares = ProposeShares(d.shares(), a.OrgID, org, role, agreed)
	return p, nil
}

// shares returns the roles and shares of the parties that did not decline.
func (d *Deal) shares() []Share {
	var out []Share
	for _, p := range d.Parties {
		if p.Status != PartDeclined {
			out = append(out, Share{OrgID: p.OrgID, Role: p.Role, SplitBP: p.SplitBP})
		}
	}
	return out
}

// nameable checks that a may add org to d as a party.
func (s *Service) nameable(ctx context.Context, q db.Querier, a *auth.Actor, d *Deal, org string) error {
	var v apperr.Validation
	if p := d.Party(org); p != nil && p.Status != PartDeclined {
		v.Add("org", "cosell.validation.party_twice")
		return v.Err()
	}
	// An id no organisation can have is none to choose; the database is
	// not asked, PostgreSQL would refuse the text.
	if _, bad := apperr.CleanText(apperr.Line, org); bad != "" {
		v.Add("org", "validation.choice")
		return v.Err()
	}
	ok, err := partner.MayName(ctx, q, a, org)
	if err != nil {
		return err
	}
	if !ok {
		v.Add("org", "validation.choice")
		return v.Err()
	}
	return nil
}

// AddParty adds a partner to an open deal with the roles and shares of all
// parties (the lead's organisation). The new party is invited to accept
// its part; a party whose share or role the change touches is asked again.
func (s *Service) AddParty(ctx context.Context, a *auth.Actor, id, org string, shares []Share) (*Deal, error) {
	var invited []string
	return s.change(ctx, a, id, "add_party", func(tx *sql.Tx, d *Deal, now time.Time) (*notify.Notice, error) {
		if !actsForLead(a, d) {
			return nil, errForbidden
		}
		if !Open(d.Status) {
			return nil, statusConflict()
		}
		if change, err := openChange(ctx, tx, d.ID); err != nil || change != nil {
			if err != nil {
				return nil, err
			}
			return nil, apperr.New(apperr.Conflict, "cosell.error.change_open")
		}
		if err := s.nameable(ctx, tx, a, d, org); err != nil {
			return nil, err
		}
		if err := checkPartyShares(d, org, shares); err != nil {
			return nil, err
		}
		d.Parties = slices.DeleteFunc(d.Parties, func(p *Party) bool { return p.OrgID == org })
		d.Parties = append(d.Parties, &Party{OrgID: org, Role: RoleDelivery, Status: PartInvited})
		invited = setShares(d, shares, a.OrgID)
		if err := saveParties(ctx, tx, d); err != nil {
			return nil, err
		}
		return &notify.Notice{Kind: "cosell.notice.invited", Args: []string{d.OrgName}, Link: "/deals/" + d.ID, Orgs: invited, AdminsOnly: true}, nil
	})
}

// checkPartyShares checks that shares name exactly the parties of d (that
// did not decline) and org, and are valid shares.
func checkPartyShares(d *Deal, org string, shares []Share) error {
	want := map[string]bool{}
	for _, p := range d.Parties {
		if p.Status != PartDeclined {
			want[p.OrgID] = true
		}
	}
	if org != "" {
		want[org] = true
	}
	got := map[string]bool{}
	for _, sh := range shares {
		got[sh.OrgID] = true
	}
	if len(got) != len(want) {
		var v apperr.Validation
		v.Add("split", "cosell.validation.parties")
		return v.Err()
	}
	for o := range want {
		if !got[o] {
			var v apperr.Validation
			v.Add("split", "cosell.validation.parties")
			return v.Err()
		}
	}
	return CheckShares(shares)
}

// setShares gives d's parties the roles and shares; every party whose
// share or role changed, other than by's organisation, is asked to accept
// again. It returns the organisations asked.
func setShares(d *Deal, shares []Share, by string) []string {
	var asked []string
	for _, sh := range shares {
		p := d.Party(sh.OrgID)
		if p == nil {
			continue
		}
		if (p.Role != sh.Role || p.SplitBP != sh.SplitBP || p.Status == PartInvited) && p.OrgID != by {
			p.Status, p.AnsweredAt = PartInvited, nil
			asked = append(asked, p.OrgID)
		}
		p.Role, p.SplitBP = sh.Role, sh.SplitBP
	}
	return asked
}

// Answer accepts or declines the part of a's organisation in a deal
// (its partner admins). A declined share goes back to the registering
// partner.
func (s *Service) Answer(ctx context.Context, a *auth.Actor, id string, accept bool) (*Deal, error) {
	action := "accept_part"
	if !accept {
		action = "decline_part"
	}
	return s.change(ctx, a, id, action, func(tx *sql.Tx, d *Deal, now time.Time) (*notify.Notice, error) {
		p := d.Party(a.OrgID)
		if p == nil || !a.ActsFor(p.OrgID) {
			return nil, errForbidden
		}
		if p.Status != PartInvited {
			return nil, apperr.New(apperr.Conflict, "cosell.error.answered")
		}
		p.Status, p.AnsweredAt = PartAccepted, &now
		if !accept {
			p.Status = PartDeclined
			if reg := d.Party(d.OrgID); reg != nil && reg != p {
				reg.SplitBP += p.SplitBP
				if p.Role == RoleLead {
					reg.Role = RoleLead
				}
			}
			p.SplitBP = 0
		}
		if err := saveParties(ctx, tx, d); err != nil {
			return nil, err
		}
		return &notify.Notice{Kind: "cosell.notice.part_" + p.Status, Args: []string{d.Customer.Name, p.Name}, Link: "/deals/" + d.ID,
			Orgs: []string{d.OrgID}, AdminsOnly: true}, nil
	})
}

// ProposeSplit proposes other roles and shares for a deal's parties (any
// party that accepted its part); it takes effect when every other party
// agreed (Vote).
func (s *Service) ProposeSplit(ctx context.Context, a *auth.Actor, id string, shares []Share) (*Deal, error) {
	return s.change(ctx, a, id, "propose_split", func(tx *sql.Tx, d *Deal, now time.Time) (*notify.Notice, error) {
		p := d.Party(a.OrgID)
		if p == nil || !a.ActsFor(p.OrgID) || p.Status != PartAccepted {
			return nil, errForbidden
		}
		change, err := openChange(ctx, tx, d.ID)
		if err != nil {
			return nil, err
		}
		if change != nil {
			return nil, apperr.New(apperr.Conflict, "cosell.error.change_open")
		}
		if d.Status == StatusRejected || d.Status == StatusExpired {
			return nil, statusConflict()
		}
		if err := checkPartyShares(d, "", shares); err != nil {
			return nil, err
		}
		if _, err := insertChange(ctx, tx, d.ID, p.OrgID, shares, now); err != nil {
			return nil, err
		}
		return &notify.Notice{Kind: "cosell.notice.split_proposed", Args: []string{d.Customer.Name, p.Name}, Link: "/deals/" + d.ID,
			Orgs: d.partyOrgs(), AdminsOnly: true, Except: a.UserID}, nil
	})
}

// Vote agrees to or refuses the open split proposal of a deal for a's
// organisation; when every other party agreed, the shares take effect,
// and one refusal ends the proposal.
func (s *Service) Vote(ctx context.Context, a *auth.Actor, id string, agree bool) (*Deal, error) {
	action := "agree_split"
	if !agree {
		action = "refuse_split"
	}
	return s.change(ctx, a, id, action, func(tx *sql.Tx, d *Deal, now time.Time) (*notify.Notice, error) {
		p := d.Party(a.OrgID)
		if p == nil || !a.ActsFor(p.OrgID) || p.Status != PartAccepted {
			return nil, errForbidden
		}
		change, err := openChange(ctx, tx, d.ID)
		if err != nil {
			return nil, err
		}
		if change == nil || change.ProposedBy == p.OrgID || slices.Contains(change.Agreed, p.OrgID) {
			return nil, apperr.New(apperr.Conflict, "cosell.error.no_vote")
		}
		if err := vote(ctx, tx, change.ID, p.OrgID, agree, now); err != nil {
			return nil, err
		}
		done := !agree
		if agree {
			agreed := append(change.Agreed, p.OrgID)
			done = true
			for _, q := range d.Parties {
				if q.Status == PartAccepted && q.OrgID != change.ProposedBy && !slices.Contains(agreed, q.OrgID) {
					done = false
				}
			}
		}
		if !done {
			return nil, nil
		}
		status := "refused"
		if agree {
			status = "agreed"
			for _, sh := range change.Shares {
				if q := d.Party(sh.OrgID); q != nil {
					q.Role, q.SplitBP = sh.Role, sh.SplitBP
				}
			}
			if err := saveParties(ctx, tx, d); err != nil {
				return nil, err
			}
		}
		if err := closeChange(ctx, tx, change.ID, status, now); err != nil {
			return nil, err
		}
		return &notify.Notice{Kind: "cosell.notice.split_" + status, Args: []string{d.Customer.Name}, Link: "/deals/" + d.ID,
			Orgs: d.partyOrgs(), AdminsOnly: true, Except: a.UserID}, nil
	})
}

// Conflicts lists the conflicts in status ("" all) with both sides
// (staff), newest first, at most 200.
func (s *Service) Conflicts(ctx context.Context, a *auth.Actor, status string) ([]*Conflict, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	if status != "" && !slices.Contains(ConflictStatuses, status) {
		var v apperr.Validation
		v.Add("status", "validation.choice")
		return nil, v.Err()
	}
	list, err := listConflicts(ctx, s.DB, status, 200)
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		if err := s.sides(ctx, c); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// Conflict returns one conflict with both sides (staff).
func (s *Service) Conflict(ctx context.Context, a *auth.Actor, id string) (*Conflict, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	c, err := getConflict(ctx, s.DB, id)
	if err != nil {
		return nil, err
	}
	return c, s.sides(ctx, c)
}

// Decide decides an open conflict (staff): first come (the later
// registration is rejected), joint (the later partner is invited into the
// earlier deal and its registration closes), reject (the later one, for
// the reason in note) or distinct (not the same customer).
func (s *Service) Decide(ctx context.Context, a *auth.Actor, id, decision, note string) (*Conflict, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	var v apperr.Validation
	if !slices.Contains(Decisions, decision) {
		v.Add("decision", "validation.choice")
	}
	v.Text(&note, apperr.Paragraphs, "note", maxReason, decision == DecideReject)
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		c, err := getConflict(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := lockDeal(ctx, tx, c.DealID); err != nil {
			return err
		}
		if c.Status != ConflictOpen {
			return apperr.New(apperr.Conflict, "cosell.error.decided")
		}
		later, err := getDeal(ctx, tx, c.DealID)
		if err != nil {
			return err
		}
		earlier, err := getDeal(ctx, tx, c.OtherID)
		if err != nil {
			return err
		}
		now := s.now()
		before := *c
		c.Status, c.Decision, c.Note, c.DecidedAt = ConflictDecided, decision, note, &now
		if err := decideConflict(ctx, tx, c, a.UserID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "decide", "deal_conflict", c.ID, later.OrgID, &before, c); err != nil {
			return err
		}
		var n *notify.Notice
		reason := ""
		switch decision {
		case DecideDistinct:
			return nil
		case DecideFirstCome:
			reason = ReasonFirstCome
		case DecideJoint:
			reason = ReasonJoint
			if err := s.join(ctx, tx, a, earlier, later.OrgID, now); err != nil {
				return err
			}
		case DecideReject:
			reason = note
		}
		if later.Status != StatusRegistered {
			return nil
		}
		prev := *later
		if n, err = s.reject(ctx, tx, later, reason, now); err != nil {
			return err
		}
		later.UpdatedAt = now
		if err := updateDeal(ctx, tx, later, a.UserID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "reject", "deal", later.ID, later.OrgID, &prev, later); err != nil {
			return err
		}
		return s.notice(ctx, tx, *n)
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return s.Conflict(ctx, a, id)
}

// join invites org into the deal d as a delivery partner with no share
// yet: the parties agree on the split by a proposal.
func (s *Service) join(ctx context.Context, tx *sql.Tx, a *auth.Actor, d *Deal, org string, now time.Time) error {
	if p := d.Party(org); p != nil && p.Status != PartDeclined {
		return nil
	}
	before := *d
	d.Parties = slices.DeleteFunc(d.Parties, func(p *Party) bool { return p.OrgID == org })
	d.Parties = append(d.Parties, &Party{OrgID: org, Role: RoleDelivery, Status: PartInvited})
	if err := saveParties(ctx, tx, d); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, now, a.Who(), "add_party", "deal", d.ID, d.OrgID, &before, d); err != nil {
		return err
	}
	return s.notice(ctx, tx, notify.Notice{Kind: "cosell.notice.invited", Args: []string{d.OrgName}, Link: "/deals/" + d.ID, Orgs: []string{org}, AdminsOnly: true})
}

// Settings are the programme's rules of deal registration.
type Settings struct {
	ProtectionDays int `json:"protection_days" doc:"days an approved registration protects its customer (1 to 730)"`
}

// Settings returns the programme's rules (staff).
func (s *Service) Settings(ctx context.Context, a *auth.Actor) (*Settings, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	days, err := protectionDays(ctx, s.DB)
	return &Settings{ProtectionDays: days}, err
}

// SaveSettings changes the programme's rules (admins); approved
// registrations keep their days.
func (s *Service) SaveSettings(ctx context.Context, a *auth.Actor, in Settings) (*Settings, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	if !a.IsAdmin() {
		return nil, errForbidden
	}
	if in.ProtectionDays < 1 || in.ProtectionDays > MaxProtectionDays {
		var v apperr.Validation
		v.Add("protection_days", "validation.range", 1, MaxProtectionDays)
		return nil, v.Err()
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := protectionDays(ctx, tx)
		if err != nil {
			return err
		}
		now := s.now()
		if err := setProtectionDays(ctx, tx, in.ProtectionDays, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "update", "deal_settings", "1", "", Settings{ProtectionDays: before}, in)
	})
	if err != nil {
		return nil, err
	}
	return s.Settings(ctx, a)
}

// Tick expires the approved registrations whose protection ended and
// tells their partners.
func (s *Service) Tick(ctx context.Context) error {
	list, err := lapsedDeals(ctx, s.DB, s.today())
	if err != nil {
		return err
	}
	for _, d := range list {
		err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
			now := s.now()
			before := *d
			d.Status, d.Reason, d.ClosedAt, d.UpdatedAt = StatusExpired, ReasonExpired, &now, now
			if err := updateDeal(ctx, tx, d, ""); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, now, auth.System.Who(), "expire", "deal", d.ID, d.OrgID, &before, d); err != nil {
				return err
			}
			return s.notice(ctx, tx, notify.Notice{Kind: "cosell.notice.expired", Args: []string{d.Customer.Name}, Link: "/deals/" + d.ID, Orgs: d.partyOrgs()})
		})
		if err != nil {
			return err
		}
	}
	if len(list) > 0 {
		s.kick()
	}
	return nil
}

// Validate checks a registration as Register would, without saving, so
// that a form shows every mistake at once.
func (s *Service) Validate(ctx context.Context, in DealInput) error {
	topics, err := s.competencySet(ctx)
	if err != nil {
		return err
	}
	return apply(&Deal{}, in, topics, s.today(), false)
}

// Rekey makes the stored keys of every deal's customer again when they were
// made under older rules of the matcher (match.Version), so that a new
// registration finds its conflicts with the deals saved before. It runs at
// start-up, in one transaction, and reports how many deals got a new key;
// under current rules it only reads the version.
func (s *Service) Rekey(ctx context.Context) (int, error) {
	v, err := matchVersion(ctx, s.DB)
	if err != nil || v >= match.Version {
		return 0, err
	}
	changed := 0
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		changed = 0
		if claimed, err := claimMatchVersion(ctx, tx, match.Version); err != nil || !claimed {
			return err // another process did it meanwhile
		}
		stored, err := storedKeys(ctx, tx)
		if err != nil {
			return err
		}
		for _, d := range stored {
			k := match.Normalize(match.Customer{Name: d.name, Domain: d.domain, Country: d.country})
			if k.Name == d.nameKey {
				continue // the blocks come from the name and the country alone
			}
			if err := rekey(ctx, tx, d.id, keys{name: k.Name, blocks: k.Blocks}); err != nil {
				return err
			}
			changed++
		}
		return nil
	})
	return changed, err
}
