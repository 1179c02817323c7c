package partner

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/language"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/notify"
	"pakt/internal/partner/directory"
)

// Service implements the rules of organisations, profiles and the directory.
// The web pages and the JSON API both call it, so they share one set of
// permission rules.
type Service struct {
	DB    *db.DB
	Now   func() time.Time
	Index *directory.Index
	// Notify tells managers of handovers; nil tells nobody.
	Notify *notify.Service
	// taxonomy keeps the competencies until their counter moves: most
	// pages name some, and the list changes perhaps once a month.
	taxonomy db.Cached[*taxonomy]
}

// taxonomy is the programme's competencies as loaded, with their Topics
// in the two languages of the pages.
type taxonomy struct {
	list   []*Competency
	de, en Topics
}

// NewService returns a Service with its directory index.
func NewService(d *db.DB, now func() time.Time) *Service {
	return &Service{DB: d, Now: now, Index: NewIndex(d)}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// CanEdit reports whether a may change the profile of o: staff the
// organisations they steer (see Steers), a partner admin its own.
func CanEdit(a *auth.Actor, o *Organisation) bool {
	return (a.IsStaff() && o.steered) || a.ActsFor(o.ID)
}

// CanSeeContacts reports whether a may see o's contact people: staff who
// steer it and its own people; contacts are shared with other partners
// only through an accepted introduction.
func CanSeeContacts(a *auth.Actor, o *Organisation) bool {
	return (a.IsStaff() && o.steered) || a.InOrg(o.ID)
}

// Get returns the organisation with its profile as a may see it, or
// apperr.ErrNotFound.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id string) (*Organisation, error) {
	o, _, err := s.profile(ctx, a, id)
	return o, err
}

// profile is Get with the names the profile page shows beside the
// organisation.
func (s *Service) profile(ctx context.Context, a *auth.Actor, id string) (*Organisation, *profileNames, error) {
	if _, bad := apperr.CleanText(apperr.Line, id); bad != "" {
		// No organisation has such an id; PostgreSQL could not even look
		// for one with a NUL.
		return nil, nil, apperr.ErrNotFound
	}
	o, names, err := loadProfile(ctx, s.DB, id)
	if err != nil {
		return nil, nil, err
	}
	if !CanView(a, o) {
		return nil, nil, apperr.ErrNotFound
	}
	if o.steered, err = steersLoaded(ctx, s.DB, a, o); err != nil {
		return nil, nil, err
	}
	if !CanSeeContacts(a, o) {
		o.Contacts, o.EmailDomains = nil, nil
		// A certificate's number, file and verifier are for the same
		// readers; others see whether it is verified.
		for i := range o.Certifications {
			c := &o.Certifications[i]
			c.Number, c.ProofFile, c.VerifiedBy = "", nil, ""
		}
	}
	if !a.IsStaff() && !a.InOrg(o.ID) {
		// Kind, status and the responsible manager are the programme's
		// business; another partner only ever sees listed organisations.
		o.Kind, o.Status, o.ManagerID = "", "", ""
		names.Manager = ""
	}
	return o, names, nil
}

// Exists reports whether an organisation with the id exists; auth uses it to
// check the organisation of a new user.
func Exists(ctx context.Context, q db.Querier, id string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM organisations WHERE id = $1 AND deleted_at IS NULL`, id).Scan(&n)
	return n > 0, err
}

// Input is what an organisation is created or changed from; nil fields are
// left as they are.
type Input struct {
	Kind         *string   `json:"kind,omitempty" enum:"partner_kind"`
	LegalName    *string   `json:"legal_name,omitempty"`
	Domain       *string   `json:"domain,omitempty"`
	Description  *string   `json:"description,omitempty"`
	Country      *string   `json:"country,omitempty"`
	Region       *string   `json:"region,omitempty"`
	City         *string   `json:"city,omitempty"`
	Size         *string   `json:"size,omitempty" enum:"size"`
	Industries   *[]string `json:"industries,omitempty"`
	Status       *string   `json:"status,omitempty" enum:"partner_status"`
	Tier         *string   `json:"tier,omitempty" enum:"tier"`
	ManagerID    *string   `json:"manager_id,omitempty"`
	Published    *bool     `json:"published,omitempty"`
	Competencies *[]string `json:"competencies,omitempty"`
	// EmailDomains replace the organisation's e-mail domains.
	EmailDomains *[]string `json:"email_domains,omitempty"`
}

var domainRe = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)

// CleanDomain strips a scheme, "www." and a path from a web address.
func CleanDomain(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	s = strings.TrimPrefix(s, "www.")
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	return s
}

// ValidCountry reports whether code is an ISO 3166-1 alpha-2 country code.
func ValidCountry(code string) bool {
	if len(code) != 2 || strings.ToUpper(code) != code {
		return false
	}
	r, err := language.ParseRegion(code)
	return err == nil && r.IsCountry()
}

// apply validates in and writes it onto o. staffOnly fields may be changed
// by programme staff only.
func (s *Service) apply(ctx context.Context, r refs, a *auth.Actor, o *Organisation, in Input, creating bool) error {
	var v apperr.Validation
	str := func(dst *string, src *string, kind apperr.TextKind, field string, max int, required bool) {
		v.TextInput(dst, src, kind, field, max, required, creating)
	}
	staffOnly := func(field string, changed bool) {
		if changed && !a.IsStaff() {
			v.Add(field, "validation.staff_only")
		}
	}
	staffOnly("kind", in.Kind != nil && *in.Kind != o.Kind)
	staffOnly("status", in.Status != nil && *in.Status != o.Status)
	staffOnly("tier", in.Tier != nil && *in.Tier != o.Tier)
	staffOnly("manager_id", in.ManagerID != nil && *in.ManagerID != o.ManagerID)

	str(&o.Kind, in.Kind, apperr.Line, "kind", 20, true)
	if o.Kind != "" && !slices.Contains(Kinds, o.Kind) {
		v.Add("kind", "validation.choice")
	}
	str(&o.LegalName, in.LegalName, apperr.Name, "legal_name", 200, true)
	if in.Domain != nil {
		o.Domain = CleanDomain(*in.Domain)
		if o.Domain != "" && !domainRe.MatchString(o.Domain) {
			v.Add("domain", "validation.domain")
		}
	}
	str(&o.Description, in.Description, apperr.Paragraphs, "description", 5000, false)
	if in.Country != nil {
		o.Country = strings.ToUpper(strings.TrimSpace(*in.Country))
	}
	if o.Country != "" && !ValidCountry(o.Country) {
		v.Add("country", "validation.country")
	}
	str(&o.Region, in.Region, apperr.Line, "region", 100, false)
	str(&o.City, in.City, apperr.Line, "city", 100, false)
	str(&o.Size, in.Size, apperr.Line, "size", 20, false)
	if o.Size != "" && !slices.Contains(Sizes, o.Size) {
		v.Add("size", "validation.choice")
	}
	if in.Industries != nil {
		o.Industries = apperr.UniqueSorted(*in.Industries)
		for _, i := range o.Industries {
			if !slices.Contains(Industries, i) {
				v.Add("industries", "validation.choice")
				break
			}
		}
	}
	str(&o.Status, in.Status, apperr.Line, "status", 20, true)
	if o.Status != "" && !slices.Contains(Statuses, o.Status) {
		v.Add("status", "validation.choice")
	}
	str(&o.Tier, in.Tier, apperr.Line, "tier", 20, false)
	if o.Tier != "" && !slices.Contains(Tiers, o.Tier) {
		v.Add("tier", "validation.choice")
	}
	if in.ManagerID != nil {
		o.ManagerID = *in.ManagerID
		if v.Clean(&o.ManagerID, apperr.Line, "manager_id") && o.ManagerID != "" {
			ok, err := r.manager(ctx, o.ManagerID)
			if err != nil {
				return err
			}
			if !ok {
				v.Add("manager_id", "validation.manager")
			}
		}
	}
	if in.Published != nil {
		o.Published = *in.Published
	}
	if in.Competencies != nil {
		o.Competencies = apperr.UniqueSorted(*in.Competencies)
		clean := make([]string, 0, len(o.Competencies))
		for _, c := range o.Competencies {
			if !v.Clean(&c, apperr.Line, "competencies") {
				break
			}
			clean = append(clean, c)
		}
		if len(clean) == len(o.Competencies) {
			ok, err := r.allCompetencies(ctx, clean)
			if err != nil {
				return err
			}
			if !ok {
				v.Add("competencies", "validation.unknown_competency")
			}
		}
	}
	if in.EmailDomains != nil {
		o.EmailDomains = cleanEmailDomains(&v, *in.EmailDomains)
		if !v.Has("email_domains") {
			taken, err := domainsTaken(ctx, r.q, o.ID, o.EmailDomains)
			if err != nil {
				return err
			}
			if len(taken) > 0 {
				v.Add("email_domains", "validation.email_domain_taken", strings.Join(taken, ", "))
			}
		}
	}
	return v.Err()
}

// MaxEmailDomains is how many e-mail domains an organisation lists at most.
const MaxEmailDomains = 20

// freemail are domains of public mail services: whoever has an address
// there could join the organisation that listed one.
var freemail = []string{"aol.com", "freenet.de", "gmail.com", "gmx.at", "gmx.ch", "gmx.de", "gmx.net", "googlemail.com", "hotmail.com",
	"icloud.com", "live.com", "mail.de", "me.com", "msn.com", "outlook.com", "outlook.de", "posteo.de", "proton.me", "protonmail.com",
	"t-online.de", "web.de", "yahoo.com", "yahoo.de"}

// cleanEmailDomains normalises e-mail domains (lower case, without "@"
// or a web address's scheme), sorted and each once, adding to v what is
// wrong with them. It is a pure rule: tested without a database.
func cleanEmailDomains(v *apperr.Validation, in []string) []string {
	out := make([]string, 0, len(in))
	for _, d := range in {
		if !v.Clean(&d, apperr.Line, "email_domains") {
			return nil
		}
		d = CleanDomain(strings.TrimPrefix(strings.TrimSpace(d), "@"))
		switch {
		case d == "":
			continue
		case !domainRe.MatchString(d):
			v.Add("email_domains", "validation.email_domain", d)
			return nil
		case slices.Contains(freemail, d):
			v.Add("email_domains", "validation.email_domain_public", d)
			return nil
		}
		out = append(out, d)
	}
	out = apperr.UniqueSorted(out)
	if len(out) > MaxEmailDomains {
		v.Add("email_domains", "validation.email_domains_many", MaxEmailDomains)
		return nil
	}
	return out
}

// core is the organisation without its profile entries, as the audit log
// records it.
func core(o *Organisation) Organisation {
	c := *o
	c.Certifications, c.References, c.Resources, c.Contacts = nil, nil, nil, nil
	return c
}

// Create adds an organisation. Only staff create organisations.
func (s *Service) Create(ctx context.Context, a *auth.Actor, in Input) (*Organisation, error) {
	if !a.IsStaff() {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	now := s.now()
	o := &Organisation{ID: db.NewID(), Kind: KindPartner, Status: "active", Industries: []string{}, Competencies: []string{},
		CreatedAt: now, UpdatedAt: now}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.apply(ctx, refs{q: tx}, a, o, in, true); err != nil {
			return err
		}
		// The insert comes last: it holds a shard of the organisations'
		// counter until the commit.
		if err := audit.Record(ctx, tx, now, a.Who(), "create", "organisation", o.ID, o.ID, nil, core(o)); err != nil {
			return err
		}
		if err := insertOrg(ctx, tx, o); err != nil {
			return err
		}
		return saveDomains(ctx, tx, o.ID, in.EmailDomains, o.EmailDomains)
	})
	if err != nil {
		return nil, err
	}
	o.Certifications, o.References, o.Resources, o.Contacts = []Certification{}, []Reference{}, []Resource{}, []Contact{}
	return o, nil
}

// Update changes an organisation the actor may edit.
func (s *Service) Update(ctx context.Context, a *auth.Actor, id string, in Input) (*Organisation, error) {
	var out *Organisation
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		o, err := s.editable(ctx, tx, a, id)
		if err != nil {
			return err
		}
		out = o
		return s.change(ctx, tx, a, o, in)
	})
	return out, err
}

// editable loads an organisation for a change by a: one it cannot see is not
// found; one it can see but not change is forbidden.
func (s *Service) editable(ctx context.Context, q db.Querier, a *auth.Actor, id string) (*Organisation, error) {
	o, err := loadOrg(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !CanView(a, o) {
		return nil, apperr.ErrNotFound
	}
	if o.steered, err = steersLoaded(ctx, q, a, o); err != nil {
		return nil, err
	}
	if !CanEdit(a, o) {
		return nil, errNotEditable(a, o)
	}
	return o, nil
}

// errNotEditable tells why a, who sees o, may not change it: a member of o
// is referred to its partner admins.
func errNotEditable(a *auth.Actor, o *Organisation) error {
	if a.InOrg(o.ID) {
		return auth.ErrPartnerAdminOnly
	}
	return apperr.New(apperr.Forbidden, "error.forbidden")
}

// Delete removes an organisation from the directory; admins only. The rows
// stay for the audit trail.
func (s *Service) Delete(ctx context.Context, a *auth.Actor, id string) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		o, err := loadOrg(ctx, tx, id)
		if err != nil {
			return err
		}
		if !CanView(a, o) {
			return apperr.ErrNotFound
		}
		if !a.IsAdmin() {
			return apperr.New(apperr.Forbidden, "error.forbidden")
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE organisations SET deleted_at = $2 WHERE id = $1`, id, now); err != nil {
			return err
		}
		if err := touchOrg(ctx, tx, id, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "delete", "organisation", id, id, core(o), nil)
	})
}

// SaveEntry adds (empty ID) or changes a profile entry (certification,
// reference, resource or contact) of an organisation the actor may edit.
func SaveEntry[T any, P interface {
	*T
	child
}](ctx context.Context, s *Service, a *auth.Actor, orgID string, entry P) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.editable(ctx, tx, a, orgID); err != nil {
			return err
		}
		now := s.now()
		var v apperr.Validation
		entry.clean(&v, now)
		if err := v.Err(); err != nil {
			return err
		}
		action := "create"
		var before P
		if entry.key() == "" {
			if c, ok := any(entry).(*Certification); ok {
				c.settle(nil)
			}
			entry.setKey(db.NewID())
			if err := insertChild(ctx, tx, orgID, entry); err != nil {
				return err
			}
		} else {
			action = "update"
			before = P(new(T))
			before.setKey(entry.key())
			if err := loadChild(ctx, tx, orgID, before); err != nil {
				return err
			}
			if c, ok := any(entry).(*Certification); ok {
				c.settle(any(before).(*Certification))
			}
			if err := updateChild(ctx, tx, orgID, entry); err != nil {
				return err
			}
		}
		if err := touchOrg(ctx, tx, orgID, now); err != nil {
			return err
		}
		var b any
		if before != nil {
			b = before
		}
		return audit.Record(ctx, tx, now, a.Who(), action, entry.spec().objectType, entry.key(), orgID, b, entry)
	})
}

// DeleteEntry removes a profile entry of an organisation the actor may edit.
func DeleteEntry[T any, P interface {
	*T
	child
}](ctx context.Context, s *Service, a *auth.Actor, orgID, id string) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.editable(ctx, tx, a, orgID); err != nil {
			return err
		}
		before := P(new(T))
		before.setKey(id)
		if err := loadChild(ctx, tx, orgID, before); err != nil {
			return err
		}
		if err := deleteChild(ctx, tx, orgID, before); err != nil {
			return err
		}
		now := s.now()
		if err := touchOrg(ctx, tx, orgID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "delete", before.spec().objectType, id, orgID, before, nil)
	})
}

// Competencies returns the taxonomy, ordered by slug; everyone logged in
// may read it. The list and its competencies are shared by all callers,
// who must not change them.
func (s *Service) Competencies(ctx context.Context) ([]*Competency, error) {
	t, err := s.loadTaxonomy(ctx)
	if err != nil {
		return nil, err
	}
	return t.list, nil
}

func (s *Service) loadTaxonomy(ctx context.Context) (*taxonomy, error) {
	return s.taxonomy.Get(ctx, s.DB, func(ctx context.Context) (*taxonomy, error) {
		list, err := listCompetencies(ctx, s.DB)
		if err != nil {
			return nil, err
		}
		return &taxonomy{list: list, de: TopicsIn("de", list), en: TopicsIn("en", list)}, nil
	}, db.Competencies)
}

// CompetencyInput is what a competency is created or changed from.
type CompetencyInput struct {
	Slug          *string `json:"slug,omitempty"`
	NameDE        *string `json:"name_de,omitempty"`
	NameEN        *string `json:"name_en,omitempty"`
	DescriptionDE *string `json:"description_de,omitempty"`
	DescriptionEN *string `json:"description_en,omitempty"`
}

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Slugify makes a slug from a name: "Künstliche Intelligenz" becomes
// "kunstliche-intelligenz".
func Slugify(name string) string { return strings.Join(directory.Tokens(name), "-") }

func applyCompetency(c *Competency, in CompetencyInput, creating bool) error {
	var v apperr.Validation
	set := func(dst *string, src *string, kind apperr.TextKind, field string, max int, required bool) {
		v.TextInput(dst, src, kind, field, max, required, creating)
	}
	set(&c.NameDE, in.NameDE, apperr.Name, "name_de", 100, true)
	set(&c.NameEN, in.NameEN, apperr.Name, "name_en", 100, true)
	set(&c.DescriptionDE, in.DescriptionDE, apperr.Paragraphs, "description_de", 1000, false)
	set(&c.DescriptionEN, in.DescriptionEN, apperr.Paragraphs, "description_en", 1000, false)
	if in.Slug != nil {
		c.Slug = strings.TrimSpace(*in.Slug)
	}
	if c.Slug == "" {
		c.Slug = Slugify(c.NameEN)
	}
	if !slugRe.MatchString(c.Slug) {
		v.Add("slug", "validation.slug")
	}
	return v.Err()
}

// SaveCompetency creates (id "") or changes a competency; admins only.
func (s *Service) SaveCompetency(ctx context.Context, a *auth.Actor, id string, in CompetencyInput) (*Competency, error) {
	if !a.IsAdmin() {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	var out *Competency
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		c := &Competency{ID: db.NewID(), CreatedAt: now}
		var before *Competency
		if id != "" {
			var err error
			if before, err = scanCompetency(tx.QueryRowContext(ctx, `SELECT `+competencyColumns+` FROM competencies WHERE id = $1`, id)); err != nil {
				return err
			}
			cp := *before
			c = &cp
		}
		if err := applyCompetency(c, in, id == ""); err != nil {
			return err
		}
		c.UpdatedAt = now
		var err error
		if id == "" {
			_, err = tx.ExecContext(ctx, `INSERT INTO competencies (`+competencyColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				c.ID, c.Slug, c.NameDE, c.NameEN, c.DescriptionDE, c.DescriptionEN, c.CreatedAt, c.UpdatedAt)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE competencies SET slug = $2, name_de = $3, name_en = $4, description_de = $5, description_en = $6, updated_at = $7 WHERE id = $1`,
				c.ID, c.Slug, c.NameDE, c.NameEN, c.DescriptionDE, c.DescriptionEN, c.UpdatedAt)
		}
		if err != nil {
			if db.IsUniqueViolation(err) {
				var v apperr.Validation
				v.Add("slug", "validation.slug_taken")
				return v.Err()
			}
			return err
		}
		// The directory indexes competency names: a new counter value tells
		// it to rebuild.
		if _, err := db.Bump(ctx, tx, db.Competencies); err != nil {
			return err
		}
		out = c
		action := "create"
		var b any
		if before != nil {
			action, b = "update", before
		}
		return audit.Record(ctx, tx, now, a.Who(), action, "competency", c.ID, "", b, c)
	})
	return out, err
}

// DeleteCompetency removes a competency that no organisation uses; admins
// only.
func (s *Service) DeleteCompetency(ctx context.Context, a *auth.Actor, id string) error {
	if !a.IsAdmin() {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := scanCompetency(tx.QueryRowContext(ctx, `SELECT `+competencyColumns+` FROM competencies WHERE id = $1`, id))
		if err != nil {
			return err
		}
		var used int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM organisation_competencies WHERE competency_id = $1`, id).Scan(&used); err != nil {
			return err
		}
		if used > 0 {
			return apperr.New(apperr.Conflict, "error.competency_in_use", used)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM competencies WHERE id = $1`, id); err != nil {
			return err
		}
		if _, err := db.Bump(ctx, tx, db.Competencies); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "delete", "competency", id, "", before, nil)
	})
}

// Draft is a complete new organisation: its fields and its profile entries.
type Draft struct {
	// ID is kept when given (an import of an export keeps its ids);
	// otherwise a new one is made.
	ID             string
	Input          Input
	Certifications []Certification
	References     []Reference
	Resources      []Resource
	Contacts       []Contact
}

// DemoPartners picks the organisations of the demo that features build
// their shared objects between: the showcase partner (the first draft),
// then the live, published partners in order, at most n, each with its
// partner admin (drafts, ids and users as the demo made them).
func DemoPartners(drafts []Draft, ids []string, users []*auth.User, n int) ([]string, map[string]*auth.Actor) {
	admins := map[string]*auth.Actor{}
	for _, u := range users {
		if u.Role == auth.RolePartnerAdmin && admins[u.OrgID] == nil {
			admins[u.OrgID] = u.Actor()
		}
	}
	var orgs []string
	for i := range drafts {
		in := drafts[i].Input
		if *in.Kind == KindPartner && *in.Published && admins[ids[i]] != nil {
			orgs = append(orgs, ids[i])
		}
		if len(orgs) == n {
			break
		}
	}
	return orgs, admins
}

// ValidateDraft checks a draft as CreateAll would, without writing. Field
// names of profile entries are prefixed, e.g. "contacts[0].email".
func (s *Service) ValidateDraft(ctx context.Context, a *auth.Actor, d *Draft) error {
	o := &Organisation{Kind: KindPartner, Status: "active"}
	return s.validateDraft(ctx, refs{q: s.DB}, a, o, d)
}

func (s *Service) validateDraft(ctx context.Context, r refs, a *auth.Actor, o *Organisation, d *Draft) error {
	err := s.apply(ctx, r, a, o, d.Input, true)
	var fields []apperr.FieldError
	if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
		fields = e.Fields
	} else if err != nil {
		return err
	}
	if d.ID != "" {
		if _, err := uuid.Parse(d.ID); err != nil {
			fields = append(fields, apperr.FieldError{Field: "id", Key: "validation.id"})
		} else {
			var n int
			if err := r.q.QueryRowContext(ctx, `SELECT count(*) FROM organisations WHERE id = $1`, d.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				fields = append(fields, apperr.FieldError{Field: "id", Key: "validation.id_taken"})
			}
		}
	}
	now := s.now()
	check := func(prefix string, i int, c child) {
		var v apperr.Validation
		c.clean(&v, now)
		if e, ok := apperr.As(v.Err()); ok {
			for _, f := range e.Fields {
				f.Field = prefix + "[" + strconv.Itoa(i) + "]." + f.Field
				fields = append(fields, f)
			}
		}
	}
	for i := range d.Certifications {
		d.Certifications[i].settle(nil)
		check("certifications", i, &d.Certifications[i])
	}
	for i := range d.References {
		check("references", i, &d.References[i])
	}
	for i := range d.Resources {
		check("resources", i, &d.Resources[i])
	}
	for i := range d.Contacts {
		check("contacts", i, &d.Contacts[i])
	}
	if len(fields) > 0 {
		return &apperr.Error{Code: apperr.Invalid, Key: "error.invalid", Fields: fields}
	}
	return nil
}

// draftOrg returns the new organisation d describes, or what is invalid
// about it.
func (s *Service) draftOrg(ctx context.Context, r refs, a *auth.Actor, d *Draft, now time.Time) (*Organisation, *apperr.Error, error) {
	o := &Organisation{ID: d.ID, Kind: KindPartner, Status: "active", Industries: []string{}, Competencies: []string{}, CreatedAt: now, UpdatedAt: now}
	if o.ID == "" {
		o.ID = db.NewID()
	}
	if err := s.validateDraft(ctx, r, a, o, d); err != nil {
		if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
			return nil, e, nil
		}
		return nil, nil, err
	}
	return o, nil, nil
}

// CreateAll creates every draft in one transaction, or none when any is
// invalid (an *apperr.BatchError lists them all). Only staff create organisations.
// progress, if set, is called after each draft.
func (s *Service) CreateAll(ctx context.Context, a *auth.Actor, drafts []Draft, progress func(done int)) ([]string, error) {
	if !a.IsStaff() {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	ids := make([]string, len(drafts))
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		var bad []apperr.ItemError
		for i := range drafts {
			d := &drafts[i]
			o, invalid, err := s.draftOrg(ctx, refs{q: tx}, a, d, now)
			if err != nil {
				return err
			}
			if invalid != nil {
				bad = append(bad, apperr.ItemError{Index: i, Err: invalid})
				continue
			}
			if len(bad) > 0 {
				continue // only validating from here on
			}
			if err := insertOrg(ctx, tx, o); err != nil {
				return err
			}
			o.Certifications, o.References, o.Resources, o.Contacts = d.Certifications, d.References, d.Resources, d.Contacts
			for _, c := range entries(o) {
				c.setKey(db.NewID())
				if err := insertChild(ctx, tx, o.ID, c); err != nil {
					return err
				}
			}
			if err := audit.Record(ctx, tx, now, a.Who(), "create", "organisation", o.ID, o.ID, nil, o); err != nil {
				return err
			}
			ids[i] = o.ID
			if progress != nil {
				progress(i + 1)
			}
		}
		if len(bad) > 0 {
			return &apperr.BatchError{Items: bad}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// All returns every organisation with its whole profile, ordered by name,
// for export; staff only.
func (s *Service) All(ctx context.Context, a *auth.Actor) ([]*Organisation, error) {
	if !a.IsStaff() {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE deleted_at IS NULL ORDER BY legal_name, id`)
	if err != nil {
		return nil, err
	}
	var out []*Organisation
	byID := map[string]*Organisation{}
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, o)
		byID[o.ID] = o
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := loadProfiles(ctx, s.DB, byID, true, `org_id IN (SELECT id FROM organisations WHERE deleted_at IS NULL)`); err != nil {
		return nil, err
	}
	return out, nil
}

// CompetencyBySlug returns the taxonomy keyed by slug.
func (s *Service) CompetencyBySlug(ctx context.Context) (map[string]*Competency, error) {
	list, err := listCompetencies(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	m := make(map[string]*Competency, len(list))
	for _, c := range list {
		m[c.Slug] = c
	}
	return m, nil
}

// Topics returns the programme's competencies named for lang.
func (s *Service) Topics(ctx context.Context, lang string) (Topics, error) {
	t, err := s.loadTaxonomy(ctx)
	switch {
	case err != nil:
		return Topics{}, err
	case lang == "de":
		return t.de, nil
	case lang == "en":
		return t.en, nil
	}
	return TopicsIn(lang, t.list), nil
}

// Names returns the legal names of the organisations with the given ids,
// for showing who a user belongs to.
func (s *Service) Names(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range ids {
		if _, done := out[id]; done || id == "" {
			continue
		}
		var name string
		err := s.DB.QueryRowContext(ctx, `SELECT legal_name FROM organisations WHERE id = $1`, id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, nil
}

// CountUnpublished returns how many organisations are not published, for
// the staff dashboard.
func (s *Service) CountUnpublished(ctx context.Context) (int, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT count(*) FROM organisations WHERE published = FALSE AND deleted_at IS NULL`).Scan(&n)
	return n, err
}

// CreateProspect adds an organisation of kind "prospect" with status
// "prospect" inside tx, for the recruitment pipeline, which decides who may
// add prospects (a recruiter may; the directory's rules do not change). Kind,
// status, tier and manager cannot be set through in.
func (s *Service) CreateProspect(ctx context.Context, tx *sql.Tx, a *auth.Actor, in Input) (*Organisation, error) {
	in.Kind, in.Status, in.Tier, in.ManagerID, in.Published = nil, nil, nil, nil, nil
	now := s.now()
	o := &Organisation{ID: db.NewID(), Kind: KindProspect, Status: "prospect", Industries: []string{}, Competencies: []string{},
		CreatedAt: now, UpdatedAt: now}
	if err := s.apply(ctx, refs{q: tx}, a, o, in, true); err != nil {
		return nil, err
	}
	if err := insertOrg(ctx, tx, o); err != nil {
		return nil, err
	}
	if err := audit.Record(ctx, tx, now, a.Who(), "create", "organisation", o.ID, o.ID, nil, core(o)); err != nil {
		return nil, err
	}
	o.Certifications, o.References, o.Resources, o.Contacts = []Certification{}, []Reference{}, []Resource{}, []Contact{}
	return o, nil
}

// BecomePartner turns the organisation id into a partner in onboarding
// inside tx, when the pipeline marks its prospect won; the pipeline decides
// who may do so.
func (s *Service) BecomePartner(ctx context.Context, tx *sql.Tx, a *auth.Actor, id string) error {
	o, err := loadOrg(ctx, tx, id)
	if err != nil {
		return err
	}
	before := core(o)
	o.Kind, o.Status, o.UpdatedAt = KindPartner, "onboarding", s.now()
	if o.Tier == "" {
		o.Tier = Tiers[0] // a new partner starts in the entry tier
	}
	if err := updateOrg(ctx, tx, o); err != nil {
		return err
	}
	return audit.Record(ctx, tx, o.UpdatedAt, a.Who(), "update", "organisation", o.ID, o.ID, before, core(o))
}
