package admission

import (
	"context"
	"database/sql"
	"errors"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/db"
	"pakt/internal/i18n"
	"pakt/internal/notify"
	"pakt/internal/partner"
	"pakt/internal/upload"
)

// Service implements the admission: its settings, the applications, the
// board's votes and decisions. The pages and the API call it.
type Service struct {
	DB        *db.DB
	Now       func() time.Time
	Partners  *partner.Service
	Community *community.Service
	// Notify tells the board of new applications and the applicant of
	// the decision; nil tells nobody.
	Notify *notify.Service
	// Auth invites the contact of an admitted public applicant to log in
	// (auth.Service.Invite); nil invites nobody.
	Auth *auth.Service

	// silent sends no mail at once (sendNow): the demo's applicants, whose
	// addresses are made up, are mailed nothing.
	silent bool
}

// NewService returns the admission service.
func NewService(d *db.DB, now func() time.Time, partners *partner.Service, c *community.Service, n *notify.Service) *Service {
	return &Service{DB: d, Now: now, Partners: partners, Community: c, Notify: n}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// publicActor records what the public form creates.
var publicActor = &auth.Actor{Name: "admission", Role: auth.RoleAdmin, System: true}

// publicLimit is how many public applications one address may send per
// hour.
const publicLimit = 5

// Settings returns the admission settings (the association's admins).
func (s *Service) Settings(ctx context.Context, a *auth.Actor) (*Settings, error) {
	if err := s.admin(ctx, a); err != nil {
		return nil, err
	}
	return getSettings(ctx, s.DB)
}

// admin lets the association's admins through; everyone else gets 404.
func (s *Service) admin(ctx context.Context, a *auth.Actor) error {
	st, err := s.Community.Standing(ctx, nil, a)
	if err == nil && st != community.Admin {
		err = apperr.ErrNotFound
	}
	return err
}

// apply checks in and applies it to st.
func (in SettingsInput) apply(st *Settings) error {
	var v apperr.Validation
	set := func(dst *bool, src *bool) {
		if src != nil {
			*dst = *src
		}
	}
	set(&st.Independent, in.Independent)
	set(&st.Certified, in.Certified)
	set(&st.References, in.References)
	set(&st.Competencies, in.Competencies)
	if in.MinReferences != nil {
		st.MinReferences = *in.MinReferences
		if st.MinReferences < 1 || st.MinReferences > MaxReferences {
			v.Add("min_references", "validation.range", 1, MaxReferences)
		}
	}
	if in.Quorum != nil {
		st.Quorum = *in.Quorum
		if st.Quorum < 1 || st.Quorum > MaxQuorum {
			v.Add("quorum", "validation.range", 1, MaxQuorum)
		}
	}
	if in.MajorityPercent != nil {
		st.MajorityPercent = *in.MajorityPercent
		if st.MajorityPercent < MinMajority || st.MajorityPercent > MaxMajority {
			v.Add("majority_percent", "validation.range", MinMajority, MaxMajority)
		}
	}
	return v.Err()
}

// SaveSettings changes the criteria and the decision rule (admins). Open
// applications are judged by the new settings from then on.
func (s *Service) SaveSettings(ctx context.Context, a *auth.Actor, in SettingsInput) (*Settings, error) {
	if err := s.admin(ctx, a); err != nil {
		return nil, err
	}
	return audit.Update(ctx, s.DB, s.now(), a.Who(), "admission_settings", "programme", getSettings, in.apply, saveSettings)
}

// CheckSettings validates in as SaveSettings would, without saving.
func (s *Service) CheckSettings(ctx context.Context, a *auth.Actor, in SettingsInput) error {
	st, err := s.Settings(ctx, a)
	if err != nil {
		return err
	}
	return in.apply(st)
}

// MayApply returns nil when a may apply: anyone without a login (the
// public form) and a partner admin of an organisation that is not a
// member and has no application awaiting its decision. Everyone else,
// and everyone while no association runs, gets 404; an applicant whose
// application is open gets a conflict.
func (s *Service) MayApply(ctx context.Context, a *auth.Actor) error {
	st, err := s.Community.Standing(ctx, nil, a)
	switch {
	case err != nil:
		return err
	case a == nil:
		return nil
	case st != community.Outsider || !a.ActsForOwnOrg():
		return apperr.ErrNotFound
	}
	n, err := openApplications(ctx, s.DB, a.OrgID)
	if err == nil && n > 0 {
		err = apperr.New(apperr.Conflict, "admission.error.open")
	}
	return err
}

// Apply submits an application: a partner admin's for its organisation,
// or, without a login (a nil a), the public form's, which makes the
// company an organisation of kind member, unpublished, with the contact
// as its contact person. The public form is limited per address addr.
// An application that misses a required criterion is refused, naming the
// fields; the board is told of a new one. The public applicant's contact
// is mailed at once a confirmation with the private link to its own page
// (StatusPath); only the link's hash is kept.
func (s *Service) Apply(ctx context.Context, a *auth.Actor, addr, lang string, in Input) (*Application, error) {
	if err := s.MayApply(ctx, a); err != nil {
		return nil, err
	}
	now := s.now()
	public := a == nil
	var secret string
	if public {
		if err := db.Allow(ctx, s.DB, "application:"+addr, publicLimit, time.Hour, now, "admission.error.throttled"); err != nil {
			return nil, err
		}
		if in.Website != "" {
			// A robot: it is answered as a person would be; nothing is kept.
			return &Application{Status: StatusSubmitted, Kind: in.Kind, References: []Reference{}, Competencies: []string{}}, nil
		}
	}
	st, err := getSettings(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	if !i18n.Supported(lang) {
		lang = i18n.Languages[0]
	}
	x := &Application{ID: db.NewID(), Kind: in.Kind, Status: StatusSubmitted, Independent: in.Independent, Lang: lang, Created: now,
		References: []Reference{}, Competencies: []string{}}
	var v apperr.Validation
	var content []byte
	if public {
		company, name, email := in.Company, in.ContactName, strings.ToLower(strings.TrimSpace(in.ContactEmail))
		v.Text(&company, apperr.Name, "company", 200, true)
		v.Text(&name, apperr.Name, "contact_name", 200, true)
		if v.Clean(&email, apperr.Line, "contact_email") {
			if m, err := mail.ParseAddress(email); err != nil || m.Address != email {
				v.Add("contact_email", "validation.email")
			}
		}
		if !in.Consent {
			v.Add("consent", "admission.validation.consent")
		}
		x.OrgName, x.ContactName, x.ContactEmail, x.ConsentAt = company, name, email, &now
		secret, x.statusToken = auth.NewSecret()
	} else {
		x.OrgID, x.createdBy = a.OrgID, a.UserID
	}
	if !slices.Contains(community.Kinds, in.Kind) {
		v.Add("kind", "validation.choice")
	}
	if f := in.Certificate; f != nil && (f.Name != "" || len(f.Content) > 0) {
		if name, typ, ok := upload.Check(upload.File{Name: f.Name, Content: f.Content}, MaxFileSize, "certificate", &v); ok {
			x.CertName, x.CertType, content = name, typ, f.Content
		}
	}
	if exp := v.Day("certificate_expires", in.CertExpires, st.Certified); !exp.IsZero() {
		x.CertExpires = &Date{Time: exp}
	}
	if len(in.References) > MaxReferences {
		v.Add("references", "admission.validation.too_many", MaxReferences)
	}
	for i, r := range in.References {
		if r == (Reference{}) {
			continue // a row of the form left empty
		}
		p := "references." + strconv.Itoa(i) + "."
		v.Text(&r.Title, apperr.Line, p+"title", MaxTitle, true)
		v.Text(&r.Customer, apperr.Name, p+"customer", MaxTitle, true)
		v.Text(&r.Description, apperr.Paragraphs, p+"description", MaxDescription, false)
		if r.Year < 1980 || r.Year > now.Year() {
			v.Add(p+"year", "validation.range", 1980, now.Year())
		}
		x.References = append(x.References, r)
	}
	if err := s.competencies(ctx, in.Competencies, x, &v); err != nil {
		return nil, err
	}
	// The completeness check names what is missing, criterion by criterion.
	if v.Err() == nil {
		for _, c := range CheckCriteria(x.evidence(len(content) > 0), *st, now) {
			if c.Result != NotMet {
				continue
			}
			switch c.Criterion {
			case CriterionIndependent:
				v.Add("independent", "admission.validation.independent")
			case CriterionCertified:
				if len(content) == 0 {
					v.Add("certificate", "admission.validation.certificate")
				} else {
					v.Add("certificate_expires", "admission.validation.expired")
				}
			case CriterionReferences:
				v.Add("references", "admission.validation.references", st.MinReferences)
			case CriterionCompetencies:
				v.Add("competencies", "admission.validation.competencies")
			}
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if public {
		kind, status, published := partner.KindMember, "prospect", false
		ids, err := s.Partners.CreateAll(ctx, publicActor, []partner.Draft{{
			Input:    partner.Input{LegalName: &x.OrgName, Kind: &kind, Status: &status, Published: &published},
			Contacts: []partner.Contact{{Name: x.ContactName, Email: x.ContactEmail}},
		}}, nil)
		var be *apperr.BatchError
		if errors.As(err, &be) {
			return nil, be.Items[0].Err
		}
		if err != nil {
			return nil, err
		}
		x.OrgID = ids[0]
	}
	who := publicActor.Who()
	if !public {
		who = a.Who()
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if !public {
			// Two posts at once: the second finds the first's.
			if n, err := openApplications(ctx, tx, x.OrgID); err != nil || n > 0 {
				return cmpErr(err, apperr.New(apperr.Conflict, "admission.error.open"))
			}
		}
		if err := insertApplication(ctx, tx, x, content); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, who, "create", "application", x.ID, x.OrgID, nil, x); err != nil {
			return err
		}
		y, err := getApplication(ctx, tx, x.ID)
		if err != nil {
			return err
		}
		*x = *y
		return s.tell(ctx, tx, notify.Notice{Kind: "admission.applied", Args: []string{x.OrgName}, Link: Path(x.ID)}, true)
	})
	if err != nil {
		return nil, err
	}
	if public {
		s.sendNow(ctx, x.ContactEmail, x.Lang, NoticeReceived, []string{x.ContactName, x.OrgName}, StatusPath+secret)
	}
	return x, s.complete(ctx, lang, []*Application{x}, false, st)
}

// closed is the conflict of an action that needs an open application on
// one in status.
func closed(status string) error {
	if status == StatusWithdrawn {
		return apperr.New(apperr.Conflict, "admission.error.withdrawn")
	}
	return apperr.New(apperr.Conflict, "admission.error.decided")
}

// cmpErr returns err when set, else alt.
func cmpErr(err, alt error) error {
	if err != nil {
		return err
	}
	return alt
}

// competencies checks the competency ids against the taxonomy and sets
// them on x, each once.
func (s *Service) competencies(ctx context.Context, ids []string, x *Application, v *apperr.Validation) error {
	all, err := s.Partners.Competencies(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if id == "" || slices.Contains(x.Competencies, id) {
			continue
		}
		if !slices.ContainsFunc(all, func(c *partner.Competency) bool { return c.ID == id }) {
			v.Add("competencies", "validation.choice")
			continue
		}
		x.Competencies = append(x.Competencies, id)
	}
	if len(x.Competencies) > MaxCompetencies {
		v.Add("competencies", "admission.validation.too_many", MaxCompetencies)
	}
	return nil
}

// evidence is what the criteria check reads of x.
func (x *Application) evidence(hasCert bool) Evidence {
	e := Evidence{Independent: x.Independent, HasCert: hasCert, References: len(x.References), Competencies: len(x.Competencies)}
	if x.CertExpires != nil {
		e.CertExpires = &x.CertExpires.Time
	}
	return e
}

// tell queues n for the board (toBoard) in q's transaction.
func (s *Service) tell(ctx context.Context, q db.Querier, n notify.Notice, toBoard bool) error {
	if s.Notify == nil {
		return nil
	}
	if toBoard {
		n.Board, n.Admins = true, true
	}
	return s.Notify.Notify(ctx, q, n)
}

// Path is the page of an application.
func Path(id string) string { return "/community/applications/" + id }

// see returns whether a sees the application x in full (those who run
// the association: with its votes) or as its applicant (its own users);
// everyone else gets 404.
func (s *Service) see(ctx context.Context, a *auth.Actor, org string) (full bool, err error) {
	st, err := s.Community.Standing(ctx, nil, a)
	switch {
	case err != nil:
		return false, err
	case st.Runs():
		return true, nil
	case a.InOrg(org):
		return false, nil
	}
	return false, apperr.ErrNotFound
}

// complete adds to list the criteria check, the competencies' names in
// lang, and, when full, the votes, their tally and the outcome.
func (s *Service) complete(ctx context.Context, lang string, list []*Application, full bool, st *Settings) error {
	comps, err := s.Partners.Competencies(ctx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, c := range comps {
		names[c.ID] = c.Name(lang)
	}
	var votes map[string][]*Vote
	if full {
		ids := make([]string, len(list))
		for i, x := range list {
			ids[i] = x.ID
		}
		if votes, err = listVotes(ctx, s.DB, ids); err != nil {
			return err
		}
	}
	today := s.Now().UTC()
	for _, x := range list {
		x.Names = make([]string, len(x.Competencies))
		for i, id := range x.Competencies {
			x.Names[i] = names[id]
		}
		x.Checks = CheckCriteria(x.evidence(x.CertName != ""), *st, today)
		if full {
			x.Votes = votes[x.ID]
			if x.Votes == nil {
				x.Votes = []*Vote{}
			}
			t := Count(x.Votes)
			x.Tally, x.Outcome = &t, Decide(t, *st)
		}
	}
	return nil
}

// List returns the applications a sees, in status ("": any), the newest
// first: every application to those who run the association (with the
// votes), the own organisation's to a partner user; 404 to everyone
// else.
func (s *Service) List(ctx context.Context, a *auth.Actor, lang, status string) ([]*Application, bool, error) {
	st, err := s.Community.Standing(ctx, nil, a)
	if err != nil {
		return nil, false, err
	}
	if status != "" && !slices.Contains(Statuses, status) {
		var v apperr.Validation
		v.Add("status", "validation.choice")
		return nil, false, v.Err()
	}
	org, full := "", st.Runs()
	if !full {
		if !a.IsPartner() {
			return nil, false, apperr.ErrNotFound
		}
		org = a.OrgID
	}
	list, err := listApplications(ctx, s.DB, org, status)
	if err != nil {
		return nil, false, err
	}
	settings, err := getSettings(ctx, s.DB)
	if err != nil {
		return nil, false, err
	}
	return list, full, s.complete(ctx, lang, list, full, settings)
}

// Get returns an application to those who see it (see).
func (s *Service) Get(ctx context.Context, a *auth.Actor, lang, id string) (*Application, error) {
	x, err := getApplication(ctx, s.DB, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	full, err := s.see(ctx, a, x.OrgID)
	if err != nil {
		return nil, err
	}
	st, err := getSettings(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	return x, s.complete(ctx, lang, []*Application{x}, full, st)
}

// Full reports whether a sees the votes of applications: those who run
// the association.
func (s *Service) Full(ctx context.Context, a *auth.Actor) bool {
	st, err := s.Community.Standing(ctx, nil, a)
	return err == nil && st.Runs()
}

// Certificate returns an application's certificate file to those who see
// the application; 404 when it has none.
func (s *Service) Certificate(ctx context.Context, a *auth.Actor, id string) (*Application, []byte, error) {
	x, err := s.Get(ctx, a, "", id)
	if err != nil {
		return nil, nil, err
	}
	b, err := certificate(ctx, s.DB, id)
	if err == nil && len(b) == 0 {
		err = apperr.ErrNotFound
	}
	return x, b, err
}

// Vote casts or changes a board member's vote on an open application.
// Admins see the votes but do not vote; everyone else gets 404.
func (s *Service) Vote(ctx context.Context, a *auth.Actor, id string, in VoteInput) (*Application, error) {
	x, err := s.Get(ctx, a, "", id)
	if err != nil {
		return nil, err
	}
	switch {
	case x.Votes == nil:
		return nil, apperr.ErrNotFound
	case !a.IsBoard():
		return nil, apperr.New(apperr.Forbidden, "admission.error.board_votes")
	case !Open(x.Status):
		return nil, closed(x.Status)
	}
	var v apperr.Validation
	if !slices.Contains(Choices, in.Choice) {
		v.Add("choice", "validation.choice")
	}
	v.Text(&in.Comment, apperr.Line, "comment", MaxComment, false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	vote := &Vote{UserID: a.UserID, UserName: a.Name, Choice: in.Choice, Comment: in.Comment, At: s.now()}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if ok, err := setStatus(ctx, tx, x.ID, StatusVoting); err != nil || !ok {
			return cmpErr(err, apperr.New(apperr.Conflict, "admission.error.decided"))
		}
		if err := saveVote(ctx, tx, x.ID, vote); err != nil {
			return err
		}
		return audit.Record(ctx, tx, vote.At, a.Who(), "ballot", "application", x.ID, x.OrgID, nil, vote)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, "", id)
}

// Decide records the board's decision on an open application, with its
// reasons (those who run the association). The votes decide (Decide):
// before the quorum is reached it is refused; an admitted organisation's
// membership of the kind applied for starts today, in the same
// transaction. The applicant's partner admins, and the public form's
// contact, are told the decision with its reasons. When it admits a
// public applicant whose organisation has no user yet, a partner admin
// user is made for the contact's address in the same transaction, unless
// the address has an account already (Application.Account says which),
// and the decision mail, sent at once, carries the link to set its
// password (auth.Service.Invite).
func (s *Service) Decide(ctx context.Context, a *auth.Actor, id string, in DecisionInput) (*Application, error) {
	x, err := s.Get(ctx, a, "", id)
	if err != nil {
		return nil, err
	}
	switch {
	case x.Votes == nil:
		return nil, apperr.ErrNotFound
	case !Open(x.Status):
		return nil, closed(x.Status)
	}
	st, err := getSettings(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	var v apperr.Validation
	v.Text(&in.Reason, apperr.Paragraphs, "reason", MaxReason, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if x.Outcome == OutcomeOpen {
		return nil, apperr.New(apperr.Conflict, "admission.error.quorum", x.Tally.Cast(), st.Quorum)
	}
	before := *x
	now := s.now()
	x.Status, x.Reason, x.DecidedAt, x.decidedBy = StatusRejected, in.Reason, &now, a.UserID
	if x.Outcome == OutcomeAdmit {
		x.Status = StatusAdmitted
	}
	var invitation string
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		x.Account, invitation = "", ""
		if ok, err := decide(ctx, tx, x); err != nil || !ok {
			return cmpErr(err, apperr.New(apperr.Conflict, "admission.error.decided"))
		}
		if x.Status == StatusAdmitted {
			if _, err := s.Community.StartMembership(ctx, tx, a, x.OrgID, x.Kind, now); err != nil {
				return err
			}
		}
		// The organisation's partner admins are told before a new one is
		// made: the invited contact gets the decision by the mail that
		// carries its link instead.
		n := notify.Notice{Kind: "admission." + x.Status, Args: []string{x.OrgName, x.Reason}, Link: Path(x.ID), Orgs: []string{x.OrgID}, AdminsOnly: true}
		if x.ContactEmail != "" {
			n.Addresses, n.AddressLang = []string{x.ContactEmail}, x.Lang
		}
		if x.Status == StatusAdmitted && x.ContactEmail != "" {
			var err error
			if x.Account, err = s.account(ctx, tx, x); err != nil {
				return err
			}
			if x.Account == AccountInvited {
				n.Addresses = nil
			}
		}
		if err := s.tell(ctx, tx, n, false); err != nil {
			return err
		}
		if x.Account == AccountInvited {
			_, link, err := s.Auth.Invite(ctx, tx, a.Who(), auth.Invitation{Email: x.ContactEmail, Name: x.ContactName,
				Role: auth.RolePartnerAdmin, OrgID: x.OrgID, Lang: x.Lang})
			if err != nil {
				return err
			}
			invitation = link
		}
		return audit.Record(ctx, tx, now, a.Who(), "decide", "application", x.ID, x.OrgID, before.record(), x.record())
	})
	if err != nil {
		return nil, err
	}
	if invitation != "" {
		s.sendNow(ctx, x.ContactEmail, x.Lang, NoticeWelcome, []string{x.OrgName, x.Reason, x.ContactName}, invitation)
	}
	return x, nil
}

// account returns what admitting the public applicant x does about its
// login: an invitation of its contact (AccountInvited) when the
// organisation has no user and the contact's address no account
// (AccountTaken), none when the organisation has users (AccountExists)
// or nobody can be invited.
func (s *Service) account(ctx context.Context, tx *sql.Tx, x *Application) (string, error) {
	if s.Auth == nil {
		return "", nil
	}
	n, err := orgUsers(ctx, tx, x.OrgID)
	if err != nil || n > 0 {
		return AccountExists, err
	}
	taken, err := s.Auth.EmailTaken(ctx, tx, x.ContactEmail)
	if err != nil || taken {
		return AccountTaken, err
	}
	return AccountInvited, nil
}

// record is what the audit log keeps of a decision: not the votes; for a
// public applicant admitted, what was done about its login.
func (x *Application) record() map[string]any {
	r := map[string]any{"status": x.Status, "reason": x.Reason, "decided_at": x.DecidedAt}
	if x.Account != "" {
		r["account"] = x.Account
	}
	return r
}
