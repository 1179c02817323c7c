package funds

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/notify"
	"pakt/internal/partner"
	"pakt/internal/upload"
)

// Service implements marketing development funds. The pages and the API
// call it, so they share one set of permission rules.
type Service struct {
	DB  *db.DB
	Now func() time.Time
	// Notify tells partner admins of decisions and payments and staff of
	// new requests and claims; nil tells nobody (generated history).
	Notify *notify.Service
	// Partners finds a partner by its name in the budget form; nil needs
	// the partner's id.
	Partners *partner.Service

	// Deals and Leads list a partner's own deals and leads, which its
	// activities may be linked to; nil offers none.
	Deals func(ctx context.Context, orgID string) ([]Linkable, error)
	Leads func(ctx context.Context, orgID string) ([]Linkable, error)
	// Outcomes tells what became of linked deals or leads (kind deal or
	// lead; for a lead, the deal it became), by id; nil knows none.
	Outcomes func(ctx context.Context, kind string, ids []string) (map[string]Outcome, error)
	// LeadsPerOrg counts the leads given to each partner in [from, to)
	// and what became of them; WonPerOrg sums each partner's won deals in
	// [from, to) per currency. Nil shows no such figures in the money view.
	LeadsPerOrg func(ctx context.Context, from, to time.Time) (map[string]OrgLeads, error)
	WonPerOrg   func(ctx context.Context, from, to time.Time) (map[string]map[string]int64, error)
	// Quadrants are the portfolio's quadrant names in display order;
	// QuadrantOf returns each assessed partner's current quadrant. Nil
	// puts every partner under "not assessed".
	Quadrants  []string
	QuadrantOf func(ctx context.Context, a *auth.Actor) (map[string]string, error)
	// Warning returns the quadrant (WarnCandidate, WarnVampire) that
	// staff are warned about before money goes to the organisation, or
	// ""; set by the app from the portfolio's rule. Nil warns of nothing.
	Warning func(ctx context.Context, a *auth.Actor, orgID string) (string, error)

	// names holds every organisation's name for the money view, reloaded
	// when an organisation changes.
	names *db.Cached[map[string]string]
}

// NewService returns the funds service.
func NewService(d *db.DB, now func() time.Time, n *notify.Service, partners *partner.Service) *Service {
	return &Service{DB: d, Now: now, Notify: n, Partners: partners, names: &db.Cached[map[string]string]{}}
}

// History returns a service on the same database and hooks that keeps its
// own clock and tells nobody: for generating past activities (the demo).
func (s *Service) History(now func() time.Time) *Service {
	cp := *s
	cp.Now, cp.Notify = now, nil
	return &cp
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// notice records n in tx unless the service tells nobody.
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

var (
	errStaffOnly = apperr.New(apperr.Forbidden, "funds.error.staff_only")
	errStaffAct  = apperr.New(apperr.Forbidden, "funds.error.partner_only")
)

// validID reports whether id can name anything (PostgreSQL cannot even
// look for a text with a NUL).
func validID(id string) bool {
	_, bad := apperr.CleanText(apperr.Line, id)
	return bad == "" && id != ""
}

// sees is canSee with the ownership rule: staff see the funds of the
// partners they steer (partner.Steered); apperr.ErrNotFound otherwise.
func sees(ctx context.Context, q db.Querier, a *auth.Actor, org string) error {
	switch {
	case !canSee(a, org):
		return apperr.ErrNotFound
	case a.IsStaff():
		return partner.Steered(ctx, q, a, org)
	}
	return nil
}

// load reads an activity as a sees it, or apperr.ErrNotFound.
func (s *Service) load(ctx context.Context, q db.Querier, a *auth.Actor, id string) (*Activity, error) {
	if !mayRead(a) || !validID(id) {
		return nil, apperr.ErrNotFound
	}
	x, err := getActivity(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if err := sees(ctx, q, a, x.OrgID); err != nil {
		return nil, err
	}
	x.Rights = rightsFor(a, x)
	return x, nil
}

// Activity returns one activity as a may see it.
func (s *Service) Activity(ctx context.Context, a *auth.Actor, id string) (*Activity, error) {
	x, err := s.load(ctx, s.DB, a, id)
	if err != nil || !a.IsStaff() || s.Warning == nil {
		return x, err
	}
	if x.Warning, err = s.Warning(ctx, a, x.OrgID); err != nil {
		return nil, err
	}
	return x, nil
}

// Activities returns the activities a may see that match f: staff all, a
// partner user its own organisation's.
func (s *Service) Activities(ctx context.Context, a *auth.Actor, f Filter) ([]*Activity, error) {
	if !mayRead(a) {
		return nil, apperr.ErrNotFound
	}
	if !a.IsStaff() {
		f.OrgID = a.OrgID
	}
	f.reader = a
	var v apperr.Validation
	var p Period
	if f.Period != "" {
		var ok bool
		if p, ok = ParsePeriod(f.Period); !ok {
			v.Add("period", "funds.error.period")
		}
	}
	if f.Status != "" && !contains(Statuses, f.Status) {
		v.Add("status", "validation.choice")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if f.OrgID != "" && !validID(f.OrgID) {
		return []*Activity{}, nil // no organisation has such an id
	}
	list, err := listActivities(ctx, s.DB, f, p.From, p.To)
	if err != nil {
		return nil, err
	}
	for _, x := range list {
		x.Rights = rightsFor(a, x)
	}
	return list, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Waiting is how many requests and claims wait for staff's decision: the
// navigation's badge for staff, 0 for everyone else (and on an error,
// which a badge cannot show).
func (s *Service) Waiting(ctx context.Context, a *auth.Actor) int {
	if !a.IsStaff() {
		return 0
	}
	n, err := countWaiting(ctx, s.DB)
	if err != nil {
		return 0
	}
	return n
}

// Budget returns the budget of org for the quarter with what was drawn on
// it; staff and the organisation's users see it.
func (s *Service) Budget(ctx context.Context, a *auth.Actor, org, quarter string) (*Budget, error) {
	if !mayRead(a) || !validID(org) {
		return nil, apperr.ErrNotFound
	}
	if err := sees(ctx, s.DB, a, org); err != nil {
		return nil, err
	}
	p, err := parseQuarter(quarter)
	if err != nil {
		return nil, err
	}
	name, err := orgName(ctx, s.DB, org)
	if err != nil {
		return nil, err
	}
	m, err := budgets(ctx, s.DB, p.Name, org)
	if err != nil {
		return nil, err
	}
	if b := m[org]; b != nil {
		b.OrgName = name
		return b, nil
	}
	return &Budget{OrgID: org, OrgName: name, Period: p.Name, Currency: Currency}, nil
}

// parseQuarter reads a quarter, or refuses the field period.
func parseQuarter(s string) (Period, error) {
	p, ok := ParsePeriod(s)
	if !ok || p.Year() {
		var v apperr.Validation
		v.Add("period", "funds.error.quarter")
		return p, v.Err()
	}
	return p, nil
}

// Budgets returns every partner's budget of the quarter that has one or
// has activities in it (staff only), in no particular order.
func (s *Service) Budgets(ctx context.Context, a *auth.Actor, quarter string) ([]*Budget, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	p, err := parseQuarter(quarter)
	if err != nil {
		return nil, err
	}
	m, err := budgets(ctx, s.DB, p.Name, "")
	if err != nil {
		return nil, err
	}
	out := make([]*Budget, 0, len(m))
	for _, b := range m {
		out = append(out, b)
	}
	return out, nil
}

// BudgetInput sets a partner's budget for a quarter.
type BudgetInput struct {
	OrgID       string `json:"org_id"`
	Period      string `json:"period" doc:"a calendar quarter, e.g. 2026-Q3"`
	AmountMinor int64  `json:"amount_minor" doc:"in euro cents"`
}

// SetBudget sets a partner's budget for a quarter (staff). It may not fall
// below what the quarter's activities already draw on it.
func (s *Service) SetBudget(ctx context.Context, a *auth.Actor, in BudgetInput) (*Budget, error) {
	if !mayRead(a) {
		return nil, apperr.ErrNotFound
	}
	if !a.IsStaff() {
		return nil, errStaffOnly
	}
	var v apperr.Validation
	p, ok := ParsePeriod(in.Period)
	if !ok || p.Year() {
		v.Add("period", "funds.error.quarter")
	}
	if in.AmountMinor < 0 || in.AmountMinor > maxAmountEUR*100 {
		v.Add("amount_minor", "funds.error.amount")
	}
	var name string
	if validID(in.OrgID) {
		var err error
		if name, err = orgName(ctx, s.DB, in.OrgID); err != nil && err != apperr.ErrNotFound {
			return nil, err
		}
	}
	if name == "" {
		v.Add("org_id", "funds.error.partner")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	var out *Budget
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		m, err := budgets(ctx, tx, p.Name, in.OrgID)
		if err != nil {
			return err
		}
		before := m[in.OrgID]
		b := &Budget{OrgID: in.OrgID, OrgName: name, Period: p.Name, Amount: in.AmountMinor, Currency: Currency, Remaining: in.AmountMinor}
		if before != nil {
			drawn := before.Amount - before.Remaining
			if in.AmountMinor < drawn {
				var v apperr.Validation
				v.Add("amount_minor", "funds.error.below_drawn", euros(drawn))
				return v.Err()
			}
			b.Requested, b.Approved, b.Claimed, b.Paid, b.Remaining = before.Requested, before.Approved, before.Claimed, before.Paid, in.AmountMinor-drawn
		}
		if err := saveBudget(ctx, tx, b, a.UserID, now); err != nil {
			return err
		}
		var was any
		if before != nil && before.Currency != "" {
			was = map[string]any{"period": p.Name, "amount_minor": before.Amount}
		}
		out = b
		return audit.Record(ctx, tx, now, a.Who(), "update", "fund_budget", in.OrgID+"/"+p.Name, in.OrgID, was,
			map[string]any{"name": name + " " + p.Name, "period": p.Name, "amount_minor": in.AmountMinor})
	})
	return out, err
}

// euros writes an amount in minor units for an error message, in whole
// euros with cents when there are any.
func euros(minor int64) string {
	if minor%100 == 0 {
		return fmt.Sprintf("%d €", minor/100)
	}
	return fmt.Sprintf("%d.%02d €", minor/100, abs64(minor%100))
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// RequestInput asks for funds for a planned activity.
type RequestInput struct {
	Kind           string `json:"kind" enum:"fund_kind"`
	Title          string `json:"title"`
	Description    string `json:"description"`
	PlannedOn      string `json:"planned_on" doc:"YYYY-MM-DD; its quarter's budget pays"`
	RequestedMinor int64  `json:"requested_minor" doc:"in euro cents"`
	ExpectedLeads  int    `json:"expected_leads"`
}

// check validates a request into x.
func (in *RequestInput) check(x *Activity, v *apperr.Validation) {
	if !contains(Kinds, in.Kind) {
		v.Add("kind", "validation.choice")
	}
	v.Text(&in.Title, apperr.Name, "title", maxTitle, true)
	v.Text(&in.Description, apperr.Paragraphs, "description", maxText, false)
	day := v.Day("planned_on", in.PlannedOn, true)
	if in.RequestedMinor <= 0 || in.RequestedMinor > maxAmountEUR*100 {
		v.Add("requested_minor", "funds.error.amount")
	}
	if in.ExpectedLeads < 0 || in.ExpectedLeads > maxLeads {
		v.Add("expected_leads", "funds.error.leads")
	}
	x.Kind, x.Title, x.Description, x.Requested, x.ExpectedLeads = in.Kind, in.Title, in.Description, in.RequestedMinor, in.ExpectedLeads
	if !day.IsZero() {
		x.PlannedOn, x.Period = partner.Date{Time: day}, QuarterOf(day)
	}
}

// mayAct tells why a may not act for org as a partner: staff and members
// are forbidden, others do not see it.
func mayAct(a *auth.Actor, org string) error {
	switch {
	case a.ActsFor(org):
		return nil
	case a.IsStaff():
		return errStaffAct
	case a.InOrg(org):
		return auth.ErrPartnerAdminOnly
	}
	return apperr.ErrNotFound
}

// CanRequest reports whether a may ask funds for its organisation.
func (s *Service) CanRequest(a *auth.Actor) error {
	if !mayRead(a) {
		return apperr.ErrNotFound
	}
	return mayAct(a, a.OrgID)
}

// Request asks for funds for a planned activity of a's organisation
// (its partner admins). The amount must fit in what remains of the
// quarter's budget.
func (s *Service) Request(ctx context.Context, a *auth.Actor, in RequestInput) (*Activity, error) {
	if err := s.CanRequest(a); err != nil {
		return nil, err
	}
	now := s.now()
	x := &Activity{ID: db.NewID(), OrgID: a.OrgID, Currency: Currency, Status: StatusRequested, CreatedAt: now, UpdatedAt: now, createdBy: a.UserID}
	var v apperr.Validation
	in.check(x, &v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		m, err := budgets(ctx, tx, x.Period, x.OrgID)
		if err != nil {
			return err
		}
		var left int64
		if b := m[x.OrgID]; b != nil {
			left = b.Remaining
		}
		if x.Requested > left {
			var v apperr.Validation
			v.Add("requested_minor", "funds.error.beyond_budget", euros(max(left, 0)), x.Period)
			return v.Err()
		}
		if err := insertActivity(ctx, tx, x); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "create", "fund_activity", x.ID, x.OrgID, nil, auditView(x)); err != nil {
			return err
		}
		name, err := orgName(ctx, tx, x.OrgID)
		if err != nil {
			return err
		}
		stewards, err := partner.Stewards(ctx, tx, x.OrgID)
		if err != nil {
			return err
		}
		return s.notice(ctx, tx, notify.Notice{Kind: "funds.requested", Args: []string{name, x.Title, euros(x.Requested)},
			Link: "/funds/" + x.ID, Users: stewards, Admins: true, Except: a.UserID})
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return s.Activity(ctx, a, x.ID)
}

// auditView is what the audit log keeps of an activity.
func auditView(x *Activity) any {
	cp := *x
	cp.Rights = Rights{}
	return &cp
}

// Decision is staff's answer to a request, a claim's return or payment.
type Decision struct {
	// Status: approved or rejected (a request); returned or paid (a claim).
	Status string `json:"status" enum:"fund_decision"`
	// ApprovedMinor is the amount approved, at most the amount requested;
	// 0 approves the amount requested.
	ApprovedMinor int64 `json:"approved_minor,omitempty" doc:"in euro cents; 0 approves the amount requested"`
	// Reason is required to reject a request and to return a claim.
	Reason string `json:"reason,omitempty"`
	// PaidOn is the day of payment, YYYY-MM-DD; empty is today.
	PaidOn string `json:"paid_on,omitempty"`
}

// Decisions lists the decisions staff take.
var Decisions = []string{StatusApproved, StatusRejected, StatusReturned, StatusPaid}

// Decide applies staff's decision to an activity: approve or reject a
// request, return a claim for more proof or mark it paid. The partner's
// admins are told.
func (s *Service) Decide(ctx context.Context, a *auth.Actor, id string, d Decision) (*Activity, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		x, err := s.load(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !a.IsStaff() {
			return errStaffOnly
		}
		before := auditView(x)
		from := x.Status
		var v apperr.Validation
		var action string
		switch d.Status {
		case StatusApproved, StatusRejected:
			if !x.Rights.Decide {
				return apperr.New(apperr.Conflict, "funds.error.not_requested")
			}
			if d.Status == StatusApproved {
				action = "approve"
				x.Approved = d.ApprovedMinor
				if x.Approved == 0 {
					x.Approved = x.Requested
				}
				if x.Approved < 0 || x.Approved > x.Requested {
					v.Add("approved_minor", "funds.error.above_requested", euros(x.Requested))
				}
				x.Reason = ""
			} else {
				action = "reject"
				v.Text(&d.Reason, apperr.Paragraphs, "reason", maxReason, true)
				x.Reason = d.Reason
			}
		case StatusReturned, StatusPaid:
			if !x.Rights.Settle {
				return apperr.New(apperr.Conflict, "funds.error.not_claimed")
			}
			if d.Status == StatusReturned {
				action = "fund_return"
				v.Text(&d.Reason, apperr.Paragraphs, "reason", maxReason, true)
				x.Reason = d.Reason
			} else {
				action = "fund_pay"
				day := Day(s.now())
				if d.PaidOn != "" {
					day = v.Day("paid_on", d.PaidOn, true)
				}
				x.Paid, x.PaidOn, x.Reason = x.Claimed, partner.Date{Time: day}, ""
			}
		default:
			v.Add("status", "validation.choice")
		}
		if err := v.Err(); err != nil {
			return err
		}
		x.Status = d.Status
		x.UpdatedAt = s.now()
		ok, err := moveActivity(ctx, tx, x, from)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Conflict, "funds.error.changed")
		}
		if err := audit.Record(ctx, tx, x.UpdatedAt, a.Who(), action, "fund_activity", x.ID, x.OrgID, before, auditView(x)); err != nil {
			return err
		}
		amount := x.Approved
		if x.Status == StatusPaid {
			amount = x.Paid
		}
		return s.notice(ctx, tx, notify.Notice{Kind: "funds." + x.Status, Args: []string{x.Title, euros(amount), x.Reason},
			Link: "/funds/" + x.ID, Orgs: []string{x.OrgID}, AdminsOnly: true, Except: a.UserID})
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return s.Activity(ctx, a, id)
}

// ClaimInput claims the funds of an approved activity.
type ClaimInput struct {
	ClaimedMinor int64 `json:"claimed_minor" doc:"in euro cents, at most the amount approved"`
}

// Claim claims the funds of an approved activity, or claims a returned
// claim again, with proof files (its partner's admins): PDF, PNG or JPEG,
// judged by their content, at most MaxFileSize each and MaxFiles per
// activity; at least one file must be there. Staff are told.
func (s *Service) Claim(ctx context.Context, a *auth.Actor, id string, in ClaimInput, files []Upload) (*Activity, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		x, err := s.load(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := mayAct(a, x.OrgID); err != nil {
			return err
		}
		if !x.Rights.Claim {
			return apperr.New(apperr.Conflict, "funds.error.not_claimable")
		}
		had, err := listFiles(ctx, tx, x.ID)
		if err != nil {
			return err
		}
		var v apperr.Validation
		if in.ClaimedMinor <= 0 || in.ClaimedMinor > x.Approved {
			v.Add("claimed_minor", "funds.error.above_approved", euros(x.Approved))
		}
		now := s.now()
		var stored []*File
		for _, u := range files {
			f, err := checkUpload(u, &v)
			if err != nil {
				continue
			}
			f.ID, f.ActivityID, f.CreatedAt = db.NewID(), x.ID, now
			stored = append(stored, f)
		}
		switch {
		case len(had)+len(files) == 0:
			v.Add("files", "funds.error.proof_required")
		case len(had)+len(files) > MaxFiles:
			v.Add("files", "funds.error.too_many_files", MaxFiles)
		}
		if err := v.Err(); err != nil {
			return err
		}
		before := auditView(x)
		from := x.Status
		x.Status, x.Claimed, x.Reason, x.UpdatedAt = StatusClaimed, in.ClaimedMinor, "", now
		ok, err := moveActivity(ctx, tx, x, from)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Conflict, "funds.error.changed")
		}
		names := []string{}
		for i, f := range stored {
			if err := insertFile(ctx, tx, f, files[i].Content, a.UserID); err != nil {
				return err
			}
			names = append(names, f.Name)
		}
		after := map[string]any{"activity": auditView(x), "files": names}
		if err := audit.Record(ctx, tx, now, a.Who(), "fund_claim", "fund_activity", x.ID, x.OrgID, before, after); err != nil {
			return err
		}
		stewards, err := partner.Stewards(ctx, tx, x.OrgID)
		if err != nil {
			return err
		}
		return s.notice(ctx, tx, notify.Notice{Kind: "funds.claimed", Args: []string{x.OrgName, x.Title, euros(x.Claimed)},
			Link: "/funds/" + x.ID, Users: stewards, Admins: true, Except: a.UserID})
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return s.Activity(ctx, a, id)
}

// checkUpload checks one proof file; its errors name the file.
func checkUpload(u Upload, v *apperr.Validation) (*File, error) {
	if name, t, ok := upload.Check(u, MaxFileSize, "files", v); ok {
		return &File{Name: name, ContentType: t, Size: int64(len(u.Content))}, nil
	}
	return nil, errBadFile
}

var errBadFile = apperr.New(apperr.Invalid, "error.invalid")

// Files returns the proof files of an activity a may see.
func (s *Service) Files(ctx context.Context, a *auth.Actor, id string) ([]*File, error) {
	x, err := s.load(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	return listFiles(ctx, s.DB, x.ID)
}

// File returns a proof file with its content, for the activity's partner
// and staff; apperr.ErrNotFound for everyone else.
func (s *Service) File(ctx context.Context, a *auth.Actor, id string) (*File, []byte, error) {
	if !mayRead(a) || !validID(id) {
		return nil, nil, apperr.ErrNotFound
	}
	f, content, err := fileContent(ctx, s.DB, id)
	if err != nil {
		return nil, nil, err
	}
	if _, err := s.load(ctx, s.DB, a, f.ActivityID); err != nil {
		return nil, nil, err
	}
	return f, content, nil
}
