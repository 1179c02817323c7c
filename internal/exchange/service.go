package exchange

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/notify"
	"pakt/internal/partner"
	"pakt/internal/web"
)

// Service implements the project exchange. The pages, the API and the
// scheduled work all call it, so they share one set of permission rules.
type Service struct {
	DB       *db.DB
	Now      func() time.Time
	Partners *partner.Service
	// Notify tells people about answers, decisions, expiry and new
	// listings; nil sends nothing (generated history).
	Notify *notify.Service
}

// NewService returns the exchange service.
func NewService(d *db.DB, now func() time.Time, partners *partner.Service, n *notify.Service) *Service {
	return &Service{DB: d, Now: now, Partners: partners, Notify: n}
}

// History returns a service on the same database that keeps its own clock
// and tells nobody: for generating past listings (the demo data).
func (s *Service) History(now func() time.Time) *Service {
	return &Service{DB: s.DB, Now: now, Partners: s.Partners}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

var errForbidden = apperr.New(apperr.Forbidden, "error.forbidden")

// notice records n in tx unless the service tells nobody.
func (s *Service) notice(ctx context.Context, tx db.Querier, n notify.Notice) error {
	if s.Notify == nil {
		return nil
	}
	return s.Notify.Notify(ctx, tx, n)
}

// kick sends queued mail now.
func (s *Service) kick() {
	if s.Notify != nil {
		s.Notify.Kick()
	}
}

// viewerOrg is the organisation whose view of listings a has: its own for
// partner users, "" (everything) for staff.
func viewerOrg(a *auth.Actor) string {
	if a.IsStaff() {
		return ""
	}
	return a.OrgID
}

// standing tells whether a's organisation is a published partner, which
// posting and answering need.
func (s *Service) standing(ctx context.Context, q db.Querier, a *auth.Actor) (string, bool, error) {
	if !a.IsPartner() {
		return "", false, nil
	}
	return orgStanding(ctx, q, a.OrgID)
}

// load reads a listing as a sees it, or apperr.ErrNotFound.
func (s *Service) load(ctx context.Context, q db.Querier, a *auth.Actor, id string) (*Listing, error) {
	if !mayUse(a) {
		return nil, apperr.ErrNotFound
	}
	r, err := getListing(ctx, q, id, viewerOrg(a))
	if err != nil {
		return nil, err
	}
	if !canSee(a, r.Listing, r.myAnswer) {
		return nil, apperr.ErrNotFound
	}
	if !a.IsStaff() && !a.InOrg(r.OrgID) {
		// A partner sees only listings of organisations in the directory.
		if _, ok, err := orgStanding(ctx, q, r.OrgID); err != nil || !ok {
			if err != nil {
				return nil, err
			}
			return nil, apperr.ErrNotFound
		}
	}
	_, published, err := s.standing(ctx, q, a)
	if err != nil {
		return nil, err
	}
	redact(a, r.Listing, r.myAnswer, published, s.now())
	return r.Listing, nil
}

// Page is one page of listings.
type Page = web.List[*Listing]

// Listings returns the listings a may see that match f, newest first: staff
// see all, partner users the open ones, their own and those they answered.
func (s *Service) Listings(ctx context.Context, a *auth.Actor, f Filter) (*Page, error) {
	if !mayUse(a) {
		return nil, apperr.ErrNotFound
	}
	if f.PerPage <= 0 || f.PerPage > 100 {
		f.PerPage = 20
	}
	if f.Page <= 0 {
		f.Page = 1
	}
	rows, total, err := listListings(ctx, s.DB, viewerOrg(a), f)
	if err != nil {
		return nil, err
	}
	_, published, err := s.standing(ctx, s.DB, a)
	if err != nil {
		return nil, err
	}
	now := s.now()
	items := make([]*Listing, len(rows))
	for i, r := range rows {
		redact(a, r.Listing, r.myAnswer, published, now)
		items[i] = r.Listing
	}
	return &Page{Items: items, Total: total, Page: f.Page, PerPage: f.PerPage}, nil
}

// Listing returns one listing as a may see it.
func (s *Service) Listing(ctx context.Context, a *auth.Actor, id string) (*Listing, error) {
	return s.load(ctx, s.DB, a, id)
}

// CanPost reports whether a may post listings: a user of a published
// partner. It returns apperr.ErrNotFound for those who do not see the
// exchange and a forbidden error for staff and unpublished partners.
func (s *Service) CanPost(ctx context.Context, a *auth.Actor) error {
	if !mayUse(a) {
		return apperr.ErrNotFound
	}
	_, ok, err := s.standing(ctx, s.DB, a)
	switch {
	case err != nil:
		return err
	case a.IsStaff():
		return apperr.New(apperr.Forbidden, "exchange.error.staff_post")
	case !a.ActsForOwnOrg():
		return auth.ErrPartnerAdminOnly
	case !ok:
		return apperr.New(apperr.Forbidden, "exchange.error.unpublished")
	}
	return nil
}

func (s *Service) topicSet(ctx context.Context) (map[string]bool, error) {
	list, err := s.Partners.Competencies(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]bool, len(list))
	for _, c := range list {
		m[c.ID] = true
	}
	return m, nil
}

// Create posts a listing for a's organisation.
func (s *Service) Create(ctx context.Context, a *auth.Actor, in ListingInput) (*Listing, error) {
	if err := s.CanPost(ctx, a); err != nil {
		return nil, err
	}
	topics, err := s.topicSet(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	l := &Listing{ID: db.NewID(), OrgID: a.OrgID, Status: StatusOpen, Topics: []string{}, CreatedAt: now, UpdatedAt: now, createdBy: a.UserID}
	if err := apply(l, in, topics, true, now); err != nil {
		return nil, err
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertListing(ctx, tx, l); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "create", "listing", l.ID, l.OrgID, nil, auditView(l))
	})
	if err != nil {
		return nil, err
	}
	return s.Listing(ctx, a, l.ID)
}

// Check validates in as Create (id "") or Edit (of the listing id) would,
// without saving anything, so that a form shows every mistake at once.
func (s *Service) Check(ctx context.Context, a *auth.Actor, id string, in ListingInput) error {
	topics, err := s.topicSet(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	l := &Listing{CreatedAt: now, Topics: []string{}}
	if id != "" {
		if l, err = s.load(ctx, s.DB, a, id); err != nil {
			return err
		}
	}
	return apply(l, in, topics, id == "", now)
}

// auditView is what the audit log keeps of a listing, the confidential
// customer name included (the audit log is for admins).
func auditView(l *Listing) any {
	type entry struct {
		*Listing
		Customer string `json:"customer_name_confidential,omitempty"`
	}
	cp := *l
	cp.Rights, cp.AgreementLink, cp.MyAnswerID, cp.CustomerName = Rights{}, "", "", ""
	return entry{Listing: &cp, Customer: l.customerName}
}

// ListingPatch is what a listing is changed with through the API: the
// fields of ListingInput, and status "closed" to close it.
type ListingPatch struct {
	ListingInput
	Status *string `json:"status,omitempty" doc:"closed closes the listing without accepting an answer"`
}

// Update changes an open listing (its poster's organisation) or, with
// status "closed", closes it (also staff).
func (s *Service) Update(ctx context.Context, a *auth.Actor, id string, in ListingPatch) (*Listing, error) {
	if in.Status != nil {
		if *in.Status != StatusClosed {
			var v apperr.Validation
			v.Add("status", "validation.choice")
			return nil, v.Err()
		}
		if in.ListingInput != (ListingInput{}) {
			if _, err := s.Edit(ctx, a, id, in.ListingInput); err != nil {
				return nil, err
			}
		}
		return s.Close(ctx, a, id)
	}
	return s.Edit(ctx, a, id, in.ListingInput)
}

// Edit changes the fields of an open listing; only its poster's
// organisation may.
func (s *Service) Edit(ctx context.Context, a *auth.Actor, id string, in ListingInput) (*Listing, error) {
	topics, err := s.topicSet(ctx)
	if err != nil {
		return nil, err
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		l, err := s.load(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !l.Rights.Manage {
			return posterFits(a, l)
		}
		before := auditView(l)
		now := s.now()
		l.UpdatedAt = now
		if err := apply(l, in, topics, false, now); err != nil {
			return err
		}
		if err := updateListing(ctx, tx, l); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "update", "listing", l.ID, l.OrgID, before, auditView(l))
	})
	if err != nil {
		return nil, err
	}
	return s.Listing(ctx, a, id)
}

// Close closes an open listing without accepting an answer: its poster's
// organisation or staff (moderation). Open answers are declined; staff
// closing tells the poster.
func (s *Service) Close(ctx context.Context, a *auth.Actor, id string) (*Listing, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		l, err := s.load(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !l.Rights.Close {
			if a.IsStaff() {
				return apperr.New(apperr.Conflict, "exchange.error.not_open")
			}
			return posterFits(a, l)
		}
		now := s.now()
		ok, err := endListing(ctx, tx, id, StatusClosed, "", now)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Conflict, "exchange.error.not_open")
		}
		if err := s.declineRest(ctx, tx, a, l, "", now); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "close", "listing", id, l.OrgID, map[string]string{"status": l.Status},
			map[string]string{"status": StatusClosed}); err != nil {
			return err
		}
		if a.IsStaff() {
			return s.notice(ctx, tx, notify.Notice{Kind: "exchange.closed", Args: []string{l.Title}, Link: "/exchange/" + id,
				Users: []string{l.createdBy}, Orgs: []string{l.OrgID}, AdminsOnly: true, Except: a.UserID})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return s.Listing(ctx, a, id)
}

// posterFits tells why a may not act on l as its poster: the listing is no
// longer open (for the poster's partner admins), members are referred to
// their admins, and anyone else is forbidden.
func posterFits(a *auth.Actor, l *Listing) error {
	switch {
	case a.ActsFor(l.OrgID):
		return apperr.New(apperr.Conflict, "exchange.error.not_open")
	case a.InOrg(l.OrgID):
		return auth.ErrPartnerAdminOnly
	}
	return errForbidden
}

// declineRest declines every answer of l that is still in play, except
// the accepted one, and tells the answerers.
func (s *Service) declineRest(ctx context.Context, tx db.Querier, a *auth.Actor, l *Listing, except string, now time.Time) error {
	answers, err := listAnswers(ctx, tx, l.ID, "")
	if err != nil {
		return err
	}
	for _, ans := range answers {
		if ans.ID == except {
			continue
		}
		ok, err := setAnswerStatus(ctx, tx, ans.ID, AnswerDeclined, now, AnswerSubmitted, AnswerShortlisted)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "decline", "listing_answer", ans.ID, ans.OrgID,
			map[string]string{"status": ans.Status}, map[string]string{"status": AnswerDeclined}); err != nil {
			return err
		}
		if err := s.notice(ctx, tx, notify.Notice{Kind: "exchange.declined", Args: []string{l.Title}, Link: "/exchange/" + l.ID,
			Users: []string{ans.userID}, Orgs: []string{ans.OrgID}, AdminsOnly: true, Except: a.UserID}); err != nil {
			return err
		}
	}
	return nil
}

// Answers returns the answers of a listing that a may see: all for the
// poster's organisation and staff, its own for an answering organisation,
// none for other partners (they see only the count).
func (s *Service) Answers(ctx context.Context, a *auth.Actor, listingID string) ([]*Answer, error) {
	l, err := s.load(ctx, s.DB, a, listingID)
	if err != nil {
		return nil, err
	}
	switch {
	case l.Rights.SeeAnswers:
		return listAnswers(ctx, s.DB, listingID, "")
	case l.MyAnswerID != "":
		return listAnswers(ctx, s.DB, listingID, a.OrgID)
	}
	return []*Answer{}, nil
}

// AnswerInput is what an answer is given with.
type AnswerInput struct {
	Message string `json:"message"`
}

// Answer answers an open listing for a's organisation: a user of a
// published partner other than the poster, once per organisation. The
// poster is told.
func (s *Service) Answer(ctx context.Context, a *auth.Actor, listingID string, in AnswerInput) (*Answer, error) {
	var out *Answer
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		l, err := s.load(ctx, tx, a, listingID)
		if err != nil {
			return err
		}
		if !l.Rights.Answer {
			switch {
			case l.MyAnswerID != "":
				return apperr.New(apperr.Conflict, "exchange.error.answered")
			case l.Status != StatusOpen || Expired(l.ExpiresOn.Time, s.now()):
				return apperr.New(apperr.Conflict, "exchange.error.not_open")
			case a.IsStaff():
				return apperr.New(apperr.Forbidden, "exchange.error.staff_answer")
			case a.InOrg(l.OrgID):
				return apperr.New(apperr.Forbidden, "exchange.error.own_listing")
			case !a.ActsForOwnOrg():
				return auth.ErrPartnerAdminOnly
			}
			return apperr.New(apperr.Forbidden, "exchange.error.unpublished")
		}
		if err := checkMessage(&in.Message); err != nil {
			return err
		}
		now := s.now()
		ans := &Answer{ID: db.NewID(), ListingID: listingID, OrgID: a.OrgID, Message: in.Message, Status: AnswerSubmitted,
			CreatedAt: now, UpdatedAt: now, userID: a.UserID, Author: a.Name}
		if err := insertAnswer(ctx, tx, ans); err != nil {
			if db.IsUniqueViolation(err) {
				return apperr.New(apperr.Conflict, "exchange.error.answered")
			}
			return err
		}
		name, _, err := orgStanding(ctx, tx, a.OrgID)
		if err != nil {
			return err
		}
		ans.OrgName = name
		out = ans
		if err := audit.Record(ctx, tx, now, a.Who(), "create", "listing_answer", ans.ID, ans.OrgID, nil, ans); err != nil {
			return err
		}
		return s.notice(ctx, tx, notify.Notice{Kind: "exchange.answered", Args: []string{l.Title, name}, Link: "/exchange/" + listingID,
			Users: []string{l.createdBy}, Orgs: []string{l.OrgID}, AdminsOnly: true, Except: a.UserID})
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return out, nil
}

// answerFor loads an answer and its listing for a decision by the poster's
// organisation: others who may see the answer are forbidden, the rest do
// not see it.
func (s *Service) answerFor(ctx context.Context, tx db.Querier, a *auth.Actor, answerID string) (*Answer, *Listing, error) {
	if !mayUse(a) {
		return nil, nil, apperr.ErrNotFound
	}
	ans, err := getAnswer(ctx, tx, answerID)
	if err != nil {
		return nil, nil, err
	}
	l, err := s.load(ctx, tx, a, ans.ListingID)
	if err != nil {
		return nil, nil, err
	}
	if !l.Rights.SeeAnswers && !a.InOrg(ans.OrgID) {
		return nil, nil, apperr.ErrNotFound
	}
	if !l.Rights.Manage {
		return nil, nil, posterFits(a, l)
	}
	return ans, l, nil
}

// AnswerPatch changes an answer's state: "shortlisted" or back to
// "submitted", or "accepted".
type AnswerPatch struct {
	Status string `json:"status" doc:"shortlisted, submitted (off the shortlist) or accepted" enum:"answer_status"`
}

// SetAnswerStatus shortlists an answer, takes it off the shortlist, or
// accepts it; only the poster's organisation, while the listing is open.
func (s *Service) SetAnswerStatus(ctx context.Context, a *auth.Actor, answerID string, in AnswerPatch) (*Answer, error) {
	switch in.Status {
	case AnswerAccepted:
		return s.Accept(ctx, a, answerID)
	case AnswerShortlisted, AnswerSubmitted:
		return s.Shortlist(ctx, a, answerID, in.Status == AnswerShortlisted)
	}
	if _, err := s.answerVisible(ctx, a, answerID); err != nil {
		return nil, err
	}
	var v apperr.Validation
	v.Add("status", "validation.choice")
	return nil, v.Err()
}

// GetAnswer returns an answer as a sees it among its listing's answers;
// not found when a may not see it.
func (s *Service) GetAnswer(ctx context.Context, a *auth.Actor, answerID string) (*Answer, error) {
	return s.answerVisible(ctx, a, answerID)
}

// answerVisible returns the answer if a may see it.
func (s *Service) answerVisible(ctx context.Context, a *auth.Actor, answerID string) (*Answer, error) {
	if !mayUse(a) {
		return nil, apperr.ErrNotFound
	}
	ans, err := getAnswer(ctx, s.DB, answerID)
	if err != nil {
		return nil, err
	}
	l, err := s.load(ctx, s.DB, a, ans.ListingID)
	if err != nil {
		return nil, err
	}
	if !l.Rights.SeeAnswers && !a.InOrg(ans.OrgID) {
		return nil, apperr.ErrNotFound
	}
	return ans, nil
}

// Shortlist puts an answer on the shortlist (on) or takes it off; the
// answerer is told when it is put on.
func (s *Service) Shortlist(ctx context.Context, a *auth.Actor, answerID string, on bool) (*Answer, error) {
	var out *Answer
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		ans, l, err := s.answerFor(ctx, tx, a, answerID)
		if err != nil {
			return err
		}
		from, to := AnswerSubmitted, AnswerShortlisted
		if !on {
			from, to = AnswerShortlisted, AnswerSubmitted
		}
		out = ans
		if ans.Status == to {
			return nil
		}
		now := s.now()
		ok, err := setAnswerStatus(ctx, tx, answerID, to, now, from)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Conflict, "exchange.error.answer_decided")
		}
		ans.Status, ans.UpdatedAt = to, now
		if err := audit.Record(ctx, tx, now, a.Who(), "update", "listing_answer", ans.ID, ans.OrgID,
			map[string]string{"status": from}, map[string]string{"status": to}); err != nil {
			return err
		}
		if !on {
			return nil
		}
		return s.notice(ctx, tx, notify.Notice{Kind: "exchange.shortlisted", Args: []string{l.Title, l.OrgName}, Link: "/exchange/" + l.ID,
			Users: []string{ans.userID}, Orgs: []string{ans.OrgID}, AdminsOnly: true, Except: a.UserID})
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return out, nil
}

// Accept accepts an answer: the listing closes with it, every other answer
// is declined, and everyone is told.
func (s *Service) Accept(ctx context.Context, a *auth.Actor, answerID string) (*Answer, error) {
	var out *Answer
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		ans, l, err := s.answerFor(ctx, tx, a, answerID)
		if err != nil {
			return err
		}
		now := s.now()
		ok, err := endListing(ctx, tx, l.ID, StatusClosed, ans.ID, now)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Conflict, "exchange.error.not_open")
		}
		ok, err = setAnswerStatus(ctx, tx, ans.ID, AnswerAccepted, now, AnswerSubmitted, AnswerShortlisted)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Conflict, "exchange.error.answer_decided")
		}
		before := ans.Status
		ans.Status, ans.UpdatedAt = AnswerAccepted, now
		out = ans
		if err := audit.Record(ctx, tx, now, a.Who(), "accept", "listing_answer", ans.ID, ans.OrgID,
			map[string]string{"status": before}, map[string]string{"status": AnswerAccepted}); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "close", "listing", l.ID, l.OrgID, map[string]string{"status": l.Status},
			map[string]string{"status": StatusClosed, "accepted_answer_id": ans.ID}); err != nil {
			return err
		}
		if err := s.declineRest(ctx, tx, a, l, ans.ID, now); err != nil {
			return err
		}
		return s.notice(ctx, tx, notify.Notice{Kind: "exchange.accepted", Args: []string{l.Title, l.OrgName}, Link: "/exchange/" + l.ID,
			Users: []string{ans.userID}, Orgs: []string{ans.OrgID}, AdminsOnly: true, Except: a.UserID})
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return out, nil
}

// Reveal shows the customer's name to the accepted partner; only the
// poster's organisation, once an answer is accepted. The accepted partner
// is told.
func (s *Service) Reveal(ctx context.Context, a *auth.Actor, listingID string) (*Listing, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		l, err := s.load(ctx, tx, a, listingID)
		if err != nil {
			return err
		}
		if !a.ActsFor(l.OrgID) {
			return posterFits(a, l)
		}
		switch {
		case l.AcceptedAnswerID == "":
			return apperr.New(apperr.Conflict, "exchange.error.nothing_accepted")
		case l.customerName == "":
			return apperr.New(apperr.Conflict, "exchange.error.no_customer")
		}
		now := s.now()
		ok, err := setRevealed(ctx, tx, l.ID, now)
		if err != nil || !ok {
			return err // revealed already: nothing to do
		}
		ans, err := getAnswer(ctx, tx, l.AcceptedAnswerID)
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "reveal", "listing", l.ID, l.OrgID, nil,
			map[string]string{"revealed_to": ans.OrgID}); err != nil {
			return err
		}
		return s.notice(ctx, tx, notify.Notice{Kind: "exchange.revealed", Args: []string{l.Title, l.customerName}, Link: "/exchange/" + l.ID,
			Users: []string{ans.userID}, Orgs: []string{ans.OrgID}, AdminsOnly: true, Except: a.UserID})
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return s.Listing(ctx, a, listingID)
}

// Subscription returns a partner user's digest subscription (off when
// none was chosen).
func (s *Service) Subscription(ctx context.Context, a *auth.Actor) (*Subscription, error) {
	if !a.IsPartner() || a.UserID == "" {
		return nil, apperr.ErrNotFound
	}
	sub, err := getSubscription(ctx, s.DB, a.UserID)
	if apperr.CodeOf(err) == apperr.NotFound {
		sub, err = &Subscription{Frequency: FrequencyOff, Topics: []string{}}, nil
	}
	if err != nil {
		return nil, err
	}
	sub.Weekday = DigestWeekday.String()
	return sub, nil
}

// SubscriptionInput is what a subscription is saved from.
type SubscriptionInput struct {
	Frequency string `json:"frequency" doc:"off, daily or weekly (Mondays)" enum:"frequency"`
	// Topics are competency ids; none means the organisation's
	// competencies.
	Topics []string `json:"topics"`
}

// SaveSubscription sets a partner user's digest frequency and topics.
func (s *Service) SaveSubscription(ctx context.Context, a *auth.Actor, in SubscriptionInput) (*Subscription, error) {
	before, err := s.Subscription(ctx, a)
	if err != nil {
		return nil, err
	}
	topics, err := s.topicSet(ctx)
	if err != nil {
		return nil, err
	}
	var v apperr.Validation
	sub := &Subscription{Frequency: in.Frequency, Topics: apperr.UniqueSorted(in.Topics), LastDigestAt: before.LastDigestAt}
	if !validFrequency(sub.Frequency) {
		v.Add("frequency", "validation.choice")
	}
	for _, t := range sub.Topics {
		if !topics[t] {
			v.Add("topics", "validation.choice")
			break
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if err := saveSubscription(ctx, tx, a.UserID, sub, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "update", "exchange_subscription", a.UserID, a.OrgID, before, sub)
	})
	if err != nil {
		return nil, err
	}
	return s.Subscription(ctx, a)
}

func validFrequency(f string) bool {
	return f == FrequencyOff || f == FrequencyDaily || f == FrequencyWeekly
}

// Tick does the exchange's scheduled work: listings past their last day
// expire (their posters are told), and digests go to subscribers who are
// due. It is idempotent: several processes may run it at once.
func (s *Service) Tick(ctx context.Context) error {
	if err := s.expire(ctx); err != nil {
		return err
	}
	return s.digests(ctx)
}

// expire marks open listings past their last day expired, declines their
// open answers and tells the posters.
func (s *Service) expire(ctx context.Context) error {
	now := s.now()
	ids, err := expiredListings(ctx, s.DB, Day(now))
	if err != nil {
		return err
	}
	for _, id := range ids {
		err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
			r, err := getListing(ctx, tx, id, "")
			if err != nil {
				return err
			}
			l := r.Listing
			ok, err := endListing(ctx, tx, id, StatusExpired, "", now)
			if err != nil || !ok {
				return err // another process expired it
			}
			if err := s.declineRest(ctx, tx, auth.System, l, "", now); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, now, auth.System.Who(), "expire", "listing", id, l.OrgID, map[string]string{"status": StatusOpen},
				map[string]string{"status": StatusExpired}); err != nil {
				return err
			}
			return s.notice(ctx, tx, notify.Notice{Kind: "exchange.expired", Args: []string{l.Title, strconv.Itoa(l.Answers)}, Link: "/exchange/" + id,
				Users: []string{l.createdBy}, Orgs: []string{l.OrgID}, AdminsOnly: true})
		})
		if err != nil {
			return err
		}
	}
	return nil
}
