package agreement

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// Service implements cooperation agreements. The pages and the API both
// call it, so they share one set of permission rules.
type Service struct {
	DB     *db.DB
	Now    func() time.Time
	Notify *notify.Service
	// OnInForce, when set, runs inside the transaction that puts an
	// agreement in force (the jour fixe series starts there); an error
	// undoes the acceptance.
	OnInForce func(ctx context.Context, tx *sql.Tx, ag *Agreement) error
	// ListingVisible, when set, answers apperr.ErrNotFound for a project
	// exchange listing the actor may not see (the exchange's own rule), so
	// that an agreement names only listings its creator knows.
	ListingVisible func(ctx context.Context, a *auth.Actor, id string) error
	// Zone is the programme time zone (nil: i18n.DefaultZone), in which
	// pages, comparisons and exports show moments and the form reads them.
	Zone *time.Location
}

// NewService returns the agreement service; n may be nil (no
// notifications).
func NewService(d *db.DB, now func() time.Time, n *notify.Service) *Service {
	return &Service{DB: d, Now: now, Notify: n}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// MaxParties bounds the parties of one agreement.
const MaxParties = 10

// Access is what an actor may do with one agreement.
type Access struct {
	// Read: see the agreement, its versions and exports.
	Read bool
	// Edit: save a new version.
	Edit bool
	// Accept: accept a version on behalf of the actor's organisation.
	Accept bool
}

// AccessTo is the one permission rule of agreements: programme staff read
// and edit every agreement; a party's partner admins read, edit and accept
// it for the party, its members read it; nobody else sees it.
func AccessTo(a *auth.Actor, ag *Agreement) Access {
	switch {
	case a.IsStaff():
		return Access{Read: true, Edit: true}
	case !a.IsPartner() || ag.Party(a.OrgID) == nil:
		return Access{}
	}
	acts := a.ActsFor(a.OrgID)
	return Access{Read: true, Edit: acts, Accept: acts}
}

// mayRead reports whether a sees agreements at all: staff and the users of
// a partner organisation.
func mayRead(a *auth.Actor) bool { return a.IsStaff() || a.IsPartner() }

// mayCreate tells whether a may start agreements: staff and partner
// admins; members are referred to their admins, others do not see
// agreements.
func mayCreate(a *auth.Actor) error {
	switch {
	case a.IsStaff(), a.ActsForOwnOrg():
		return nil
	case a.IsPartner():
		return auth.ErrPartnerAdminOnly
	}
	return apperr.ErrNotFound
}

// refusal tells why a, who reads ag, may not change or accept it.
func refusal(a *auth.Actor, fallback error) error {
	if a.AsOrgAdmin() != nil {
		return auth.ErrPartnerAdminOnly
	}
	return fallback
}

func label(a *auth.Actor) string {
	if a.Name != "" {
		return a.Name
	}
	if a.Email != "" {
		return a.Email
	}
	return "pakt"
}

var errForbidden = apperr.New(apperr.Forbidden, "error.forbidden")

// load reads an agreement with its parties and current content, if a may
// read it.
func (s *Service) load(ctx context.Context, q db.Querier, a *auth.Actor, id string) (*Agreement, Access, error) {
	ag, err := getAgreement(ctx, q, id)
	if err != nil {
		return nil, Access{}, err
	}
	if err := loadParties(ctx, q, []*Agreement{ag}, ""); err != nil {
		return nil, Access{}, err
	}
	acc := AccessTo(a, ag)
	if !acc.Read {
		return nil, acc, apperr.ErrNotFound
	}
	v, err := getVersion(ctx, q, id, ag.CurrentVersion)
	if err != nil {
		return nil, acc, err
	}
	ag.Content = v.Content
	return ag, acc, nil
}

// List returns the agreements a may see, last changed first, optionally of
// one status: every one for staff, their organisation's for partner users.
func (s *Service) List(ctx context.Context, a *auth.Actor, status string) ([]*Agreement, error) {
	if !mayRead(a) {
		return nil, apperr.ErrNotFound
	}
	if status != "" && !slices.Contains(Statuses, status) {
		var v apperr.Validation
		v.Add("status", "validation.choice")
		return nil, v.Err()
	}
	org := ""
	if !a.IsStaff() {
		org = a.OrgID
	}
	list, err := listAgreements(ctx, s.DB, org, status)
	if err != nil {
		return nil, err
	}
	return list, loadParties(ctx, s.DB, list, org)
}

// Get returns the agreement with its current content.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id string) (*Agreement, error) {
	ag, _, err := s.load(ctx, s.DB, a, id)
	return ag, err
}

// Versions lists an agreement's versions, newest first, without content.
func (s *Service) Versions(ctx context.Context, a *auth.Actor, id string) ([]*Version, error) {
	if _, _, err := s.load(ctx, s.DB, a, id); err != nil {
		return nil, err
	}
	return listVersions(ctx, s.DB, id)
}

// Version returns one version of an agreement with its content.
func (s *Service) Version(ctx context.Context, a *auth.Actor, id string, n int) (*Version, error) {
	if _, _, err := s.load(ctx, s.DB, a, id); err != nil {
		return nil, err
	}
	return getVersion(ctx, s.DB, id, n)
}

// Comparison is two versions of an agreement side by side.
type Comparison struct {
	A       *Version `json:"a"`
	B       *Version `json:"b"`
	Fields  []Diff   `json:"fields"`
	Changed int      `json:"changed"`
}

// Compare puts versions x and y of an agreement side by side, field by
// field in lang, marking what changed.
func (s *Service) Compare(ctx context.Context, a *auth.Actor, id string, x, y int, lang string) (*Comparison, error) {
	ag, _, err := s.load(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	var v apperr.Validation
	if x < 1 || x > ag.CurrentVersion {
		v.Add("a", "agreement.no_such_version")
	}
	if y < 1 || y > ag.CurrentVersion {
		v.Add("b", "agreement.no_such_version")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	va, err := getVersion(ctx, s.DB, id, x)
	if err != nil {
		return nil, err
	}
	vb, err := getVersion(ctx, s.DB, id, y)
	if err != nil {
		return nil, err
	}
	parties, names := ag.PartyIDs(), ag.Names()
	c := &Comparison{A: va, B: vb, Fields: Compare(Fields(va.Content, parties, names, lang, s.Zone), Fields(vb.Content, parties, names, lang, s.Zone))}
	for _, d := range c.Fields {
		if d.Changed {
			c.Changed++
		}
	}
	return c, nil
}

// Export returns version n (0: the current one) of an agreement for an
// export in lang.
func (s *Service) Export(ctx context.Context, a *auth.Actor, id string, n int, lang string) (*Export, error) {
	ag, _, err := s.load(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		n = ag.CurrentVersion
	}
	v, err := getVersion(ctx, s.DB, id, n)
	if err != nil {
		return nil, err
	}
	return &Export{Agreement: ag, Version: v, Lang: lang, Zone: s.Zone}, nil
}

// Orgs lists the organisations a may name as parties: every partner for
// staff; the published partners and their own for partner users.
func (s *Service) Orgs(ctx context.Context, a *auth.Actor) ([]Org, error) {
	if err := mayCreate(a); err != nil {
		return nil, err
	}
	return partner.NameableOrgs(ctx, s.DB, a)
}

// Nameable keeps the organisations of ids that a may name as parties, in
// their order and each once (for a prefilled form).
func (s *Service) Nameable(ctx context.Context, a *auth.Actor, ids []string) ([]string, error) {
	if err := mayCreate(a); err != nil {
		return nil, err
	}
	var out []string
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id == "" || slices.Contains(out, id) {
			continue
		}
		ok, err := partner.MayName(ctx, s.DB, a, id)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, id)
		}
	}
	return out, nil
}

// CreateInput is what an agreement is started from. Title, customer,
// parties, lead and shares are the first version's; Content, when given,
// supplies the other sections.
type CreateInput struct {
	Title    string   `json:"title"`
	Customer string   `json:"customer"`
	Parties  []string `json:"parties"`
	// LeadOrgID is the leading party; the first party when empty.
	LeadOrgID string `json:"lead_org_id,omitempty"`
	// Shares are the parties' shares of costs and revenue in basis points,
	// in the order of Parties; empty: equal shares.
	Shares []int `json:"shares,omitempty"`
	// ListingID is the project exchange listing the agreement comes from.
	ListingID string   `json:"listing_id,omitempty"`
	Content   *Content `json:"content,omitempty"`
	Note      string   `json:"note,omitempty"`
}

// Create starts an agreement between two or more partner organisations:
// staff between any, a partner user between its own organisation and
// published partners. The other parties are notified.
func (s *Service) Create(ctx context.Context, a *auth.Actor, in CreateInput) (*Agreement, error) {
	if err := mayCreate(a); err != nil {
		return nil, err
	}
	// The listing is looked up before the transaction, which need not
	// wait for the exchange.
	listingUnknown := false
	if s.ListingVisible != nil {
		var lv apperr.Validation
		if id := in.ListingID; lv.Clean(&id, apperr.Line, "listing_id") && id != "" {
			switch err := s.ListingVisible(ctx, a, id); {
			case apperr.CodeOf(err) == apperr.NotFound:
				listingUnknown = true
			case err != nil:
				return nil, err
			}
		}
	}
	var out *Agreement
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var v apperr.Validation
		if listingUnknown {
			v.Add("listing_id", "agreement.listing_unknown")
		}
		var parties []string
		named := 0
		for _, p := range in.Parties {
			if !v.Clean(&p, apperr.Line, "parties") || p == "" {
				continue
			}
			named++
			if slices.Contains(parties, p) {
				v.Add("parties", "agreement.duplicate_party")
				continue
			}
			ok, err := partner.MayName(ctx, tx, a, p)
			if err != nil {
				return err
			}
			if !ok {
				v.Add("parties", "validation.choice")
				continue
			}
			parties = append(parties, p)
		}
		switch {
		case named < 2:
			v.Add("parties", "agreement.two_parties")
		case named > MaxParties:
			v.Add("parties", "agreement.too_many_parties", MaxParties)
		}
		if !a.IsStaff() && !slices.Contains(parties, a.OrgID) {
			v.Add("parties", "agreement.own_party")
		}
		if in.Shares != nil && len(in.Shares) != named {
			v.Add("costs.shares", "agreement.shares_count")
		}
		v.Text(&in.ListingID, apperr.Line, "listing_id", 100, false)
		v.Text(&in.Note, apperr.Paragraphs, "note", maxNote, false)
		if err := v.Err(); err != nil {
			// Check the rest too, so that the form shows every error at once.
			c := DefaultContent(in.Title, in.Customer, parties, in.LeadOrgID, nil)
			if cerr, ok := apperr.As(Check(c, parties)); ok {
				for _, f := range cerr.Fields {
					v.Add(f.Field, f.Key, f.Args...)
				}
			}
			return v.Err()
		}
		lead := in.LeadOrgID
		if lead == "" {
			lead = parties[0]
		}
		c := DefaultContent(in.Title, in.Customer, parties, lead, in.Shares)
		if in.Content != nil {
			given := Clone(in.Content)
			given.Title, given.Customer, given.Responsibilities.LeadOrgID = c.Title, c.Customer, lead
			if in.Shares != nil || len(given.Costs.Shares) == 0 {
				given.Costs.Shares = c.Costs.Shares
			}
			c = given
		}
		if err := Check(c, parties); err != nil {
			return err
		}
		now := s.now()
		ag := &Agreement{ID: db.NewID(), Title: c.Title, Customer: c.Customer, LeadOrgID: lead, Status: StatusDraft, CurrentVersion: 1,
			ListingID: in.ListingID, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now, Content: c}
		if err := insertAgreement(ctx, tx, ag); err != nil {
			return err
		}
		for i, p := range parties {
			if err := insertParty(ctx, tx, ag.ID, p, i); err != nil {
				return err
			}
		}
		ver := &Version{Version: 1, AuthorID: a.UserID, Author: label(a), AuthorOrgID: a.OrgID, Note: in.Note, CreatedAt: now, Content: c}
		if err := insertVersion(ctx, tx, ag.ID, ver); err != nil {
			return err
		}
		if err := loadParties(ctx, tx, []*Agreement{ag}, ""); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "create", "agreement", ag.ID, lead, nil, auditView(ag, ver)); err != nil {
			return err
		}
		out = ag
		return s.notify(ctx, tx, a, ag, "agreement.notice.created", false, who(ctx, tx, a))
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return out, nil
}

// UpdateInput is a new version of an agreement: its full content, the
// version it was made from (to detect concurrent edits) and a note on what
// changed.
type UpdateInput struct {
	BaseVersion int     `json:"base_version"`
	Content     Content `json:"content"`
	Note        string  `json:"note,omitempty"`
}

// Update saves a new version of an agreement, unless nothing changed (then
// it returns the agreement as it is). A version made from an older one than
// the current is refused (conflict). A change to an agreement in force
// sends it back to negotiation: the acceptances of older versions no longer
// count, and every party is told; otherwise the other parties are told of
// the new version.
func (s *Service) Update(ctx context.Context, a *auth.Actor, id string, in UpdateInput) (*Agreement, error) {
	var out *Agreement
	changed := false
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := lockAgreement(ctx, tx, id); err != nil {
			return err
		}
		ag, acc, err := s.load(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !acc.Edit {
			return refusal(a, errForbidden)
		}
		if in.BaseVersion != ag.CurrentVersion {
			if in.BaseVersion < 1 || in.BaseVersion > ag.CurrentVersion {
				var v apperr.Validation
				v.Add("base_version", "agreement.no_such_version")
				return v.Err()
			}
			return apperr.New(apperr.Conflict, "agreement.conflict", ag.CurrentVersion)
		}
		var v apperr.Validation
		v.Text(&in.Note, apperr.Paragraphs, "note", maxNote, false)
		c := Clone(&in.Content)
		cerr := Check(c, ag.PartyIDs())
		if e, ok := apperr.As(cerr); ok {
			for _, f := range e.Fields {
				v.Add(f.Field, f.Key, f.Args...)
			}
		} else if cerr != nil {
			return cerr
		}
		if err := v.Err(); err != nil {
			return err
		}
		if Same(c, ag.Content) {
			out = ag
			return nil
		}
		before := auditView(ag, &Version{Version: ag.CurrentVersion, Content: ag.Content})
		wasInForce := ag.InForce()
		base, now := ag.CurrentVersion, s.now()
		ag.CurrentVersion++
		ag.Title, ag.Customer, ag.LeadOrgID, ag.Content = c.Title, c.Customer, c.Responsibilities.LeadOrgID, c
		ag.Status, ag.InForceAt, ag.UpdatedAt = StatusOf(ag.Parties, ag.CurrentVersion), nil, now
		for _, p := range ag.Parties {
			p.Lead = p.OrgID == ag.LeadOrgID
		}
		ver := &Version{Version: ag.CurrentVersion, AuthorID: a.UserID, Author: label(a), AuthorOrgID: a.OrgID, Note: in.Note, CreatedAt: now, Content: c}
		if err := insertVersion(ctx, tx, ag.ID, ver); db.IsUniqueViolation(err) {
			return apperr.New(apperr.Conflict, "agreement.conflict", ag.CurrentVersion)
		} else if err != nil {
			return err
		}
		if ok, err := updateAgreement(ctx, tx, ag, base); err != nil {
			return err
		} else if !ok {
			return apperr.New(apperr.Conflict, "agreement.conflict", ag.CurrentVersion)
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "update", "agreement", ag.ID, ag.LeadOrgID, before, auditView(ag, ver)); err != nil {
			return err
		}
		out, changed = ag, true
		if wasInForce {
			return s.notify(ctx, tx, a, ag, "agreement.notice.renegotiation", true, who(ctx, tx, a), itoa(ag.CurrentVersion))
		}
		return s.notify(ctx, tx, a, ag, "agreement.notice.new_version", false, who(ctx, tx, a), itoa(ag.CurrentVersion))
	})
	if err != nil {
		return nil, err
	}
	if changed {
		s.kick()
	}
	return out, nil
}

// Accept records that a's organisation accepts version n of the agreement;
// only a party's partner admin may, and only the latest version. When every
// party has accepted it, the agreement is in force: OnInForce runs and every
// party is told; otherwise the other parties are told of the acceptance.
// Accepting a version again changes nothing.
func (s *Service) Accept(ctx context.Context, a *auth.Actor, id string, n int) (*Agreement, error) {
	var out *Agreement
	changed := false
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := lockAgreement(ctx, tx, id); err != nil {
			return err
		}
		ag, acc, err := s.load(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !acc.Accept {
			return refusal(a, apperr.New(apperr.Forbidden, "agreement.accept_forbidden"))
		}
		switch {
		case n < 1 || n > ag.CurrentVersion:
			var v apperr.Validation
			v.Add("version", "agreement.no_such_version")
			return v.Err()
		case n < ag.CurrentVersion:
			return apperr.New(apperr.Conflict, "agreement.accept_outdated", n, ag.CurrentVersion)
		}
		party := ag.Party(a.OrgID)
		if party.AcceptedVersion == n {
			out = ag
			return nil
		}
		now := s.now()
		if err := insertAcceptance(ctx, tx, ag.ID, party.OrgID, n, a.UserID, label(a), now); err != nil {
			return err
		}
		party.AcceptedVersion, party.AcceptedAt, party.AcceptedBy = n, &now, label(a)
		ag.Status, ag.UpdatedAt = StatusOf(ag.Parties, ag.CurrentVersion), now
		if ag.InForce() {
			ag.InForceAt = &now
		}
		if ok, err := updateAgreement(ctx, tx, ag, n); err != nil {
			return err
		} else if !ok {
			return apperr.New(apperr.Conflict, "agreement.accept_outdated", n, n+1)
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "accept", "agreement", ag.ID, party.OrgID, nil,
			map[string]any{"version": n, "org_id": party.OrgID, "status": ag.Status}); err != nil {
			return err
		}
		out, changed = ag, true
		if !ag.InForce() {
			return s.notify(ctx, tx, a, ag, "agreement.notice.accepted", false, party.Name, itoa(n))
		}
		if s.OnInForce != nil {
			if err := s.OnInForce(ctx, tx, ag); err != nil {
				return err
			}
		}
		return s.notify(ctx, tx, a, ag, "agreement.notice.in_force", true, itoa(n))
	})
	if err != nil {
		return nil, err
	}
	if changed {
		s.kick()
	}
	return out, nil
}

// notify tells the parties' users of a change: all parties, or the parties
// other than the actor's organisation; never the actor. The agreement's
// title is the first argument of every notice.
func (s *Service) notify(ctx context.Context, tx *sql.Tx, a *auth.Actor, ag *Agreement, kind string, all bool, args ...string) error {
	if s.Notify == nil {
		return nil
	}
	var orgs []string
	for _, p := range ag.Parties {
		if all || p.OrgID != a.OrgID {
			orgs = append(orgs, p.OrgID)
		}
	}
	if len(orgs) == 0 {
		return nil
	}
	return s.Notify.Notify(ctx, tx, notify.Notice{Kind: kind, Args: append([]string{ag.Title}, args...), Link: "/agreements/" + ag.ID,
		Orgs: orgs, Except: a.UserID})
}

func (s *Service) kick() {
	if s.Notify != nil {
		s.Notify.Kick()
	}
}

// who names the actor for the other parties: the person and their
// organisation.
func who(ctx context.Context, q db.Querier, a *auth.Actor) string {
	name := label(a)
	if org, err := orgName(ctx, q, a.OrgID); err == nil && org != "" {
		return name + " (" + org + ")"
	}
	return name
}

func itoa(n int) string { return strconv.Itoa(n) }

// auditView is what the audit log keeps of a version of an agreement.
func auditView(ag *Agreement, v *Version) map[string]any {
	return map[string]any{"version": v.Version, "status": ag.Status, "parties": ag.PartyIDs(), "note": v.Note, "content": v.Content}
}

// SharesInForce returns the shares (basis points per organisation) and
// the title of the agreement in force between two organisations, for a
// deal that proposes their split; ok is false when they have none or it
// sets no shares. The caller has checked that both are parties of the
// deal, so that the title may be shown to them.
func (s *Service) SharesInForce(ctx context.Context, orgA, orgB string) (shares map[string]int, title string, ok bool, err error) {
	id, title, n, err := inForceBetween(ctx, s.DB, orgA, orgB)
	if errors.Is(err, apperr.ErrNotFound) {
		return nil, "", false, nil
	}
	if err != nil {
		return nil, "", false, err
	}
	v, err := getVersion(ctx, s.DB, id, n)
	if err != nil {
		return nil, "", false, err
	}
	shares = map[string]int{}
	for _, sh := range v.Content.Costs.Shares {
		shares[sh.OrgID] = sh.BP
	}
	if shares[orgA] == 0 && shares[orgB] == 0 {
		return nil, "", false, nil
	}
	return shares, title, true, nil
}
