package partner

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/partner/directory"
)

// The directory's search and matching run in package directory; these
// names keep the features' calls as they were.
type (
	// Query is a directory search (see directory.Query).
	Query = directory.Query
	// Result is a page of a directory search (see directory.Result).
	Result = directory.Result
	// Hit is one organisation in a result page.
	Hit = directory.Hit
	// FacetValue is one value of a facet with its count.
	FacetValue = directory.FacetValue
	// MatchFilter is what the concierge asks the directory.
	MatchFilter = directory.MatchFilter
	// MatchFact is what the directory knows of a matching partner.
	MatchFact = directory.MatchFact
	// Box is a range of latitudes and longitudes (MatchFilter.Within).
	Box = directory.Box
	// CertFact is a valid certification of a matching partner.
	CertFact = directory.CertFact
)

// The facets of the directory (see directory.FacetCompetency).
const (
	FacetCompetency = directory.FacetCompetency
	FacetRegion     = directory.FacetRegion
	FacetCountry    = directory.FacetCountry
	FacetIndustry   = directory.FacetIndustry
	FacetTier       = directory.FacetTier
	FacetSize       = directory.FacetSize
	FacetKind       = directory.FacetKind
	FacetStatus     = directory.FacetStatus
)

// MaxMatchCompetencies bounds the competencies of a MatchFilter.
const MaxMatchCompetencies = directory.MaxMatchCompetencies

var (
	// FacetNames are the query parameter names of the facets.
	FacetNames = directory.FacetNames
	// Sorts are the accepted values of Query.Sort.
	Sorts = directory.Sorts
	// AllFacets are the names of every facet count a query may ask for.
	AllFacets = directory.AllFacets
)

// FreeFacet is the name of the count of organisations with free
// resources (see directory.FreeFacet).
const FreeFacet = directory.FreeFacet

// StaffFacet reports whether facet f is for staff only (see
// directory.StaffFacet).
func StaffFacet(f int) bool { return directory.StaffFacet(f) }

// NewIndex returns an empty directory index over d's organisations; it
// loads on first use.
func NewIndex(d *db.DB) *directory.Index { return directory.NewIndex(indexSource{d}) }

// Search runs q for the actor over the index, which it refreshes first;
// while the index loads after the start, it answers from the database
// (see searchDatabase).
func (s *Service) Search(ctx context.Context, a *auth.Actor, q Query) (*Result, error) {
	if err := s.Index.Refresh(ctx); err != nil {
		return nil, err
	}
	if !s.Index.Ready() {
		return s.searchDatabase(ctx, a, q)
	}
	res := s.Index.Search(a, q, s.Now())
	if err := s.snippets(ctx, res.Hits); err != nil {
		return nil, err
	}
	return res, nil
}

// snippets sets the hits' snippets from their descriptions, which the
// index does not keep. A hit whose organisation was deleted meanwhile
// keeps an empty one.
func (s *Service) snippets(ctx context.Context, hits []Hit) error {
	if len(hits) == 0 {
		return nil
	}
	at := make(map[string]int, len(hits))
	ids := make([]any, len(hits))
	for i, h := range hits {
		at[h.ID], ids[i] = i, h.ID
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT id, description FROM organisations WHERE id IN (`+
		db.Placeholders(1, len(ids))+`)`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, description string
		if err := rows.Scan(&id, &description); err != nil {
			return err
		}
		hits[at[id]].Snippet = directory.HitSnippet(description)
	}
	return rows.Err()
}

// MatchFacts returns the facts of every listed partner (published, not a
// prospect, not the programme owner, not ended) other than the actor's own
// organisation that matches f: it has one of the competencies, or its
// profile mentions the topic; and it is in the region, country, industry
// and size asked. Only staff and partner users match; the facts hold
// nothing a partner could not read on the published profile. Each fact is
// handed to yield, in no particular order, in one struct that the next
// fact overwrites: yield calls Complete on and copies what it keeps, and
// changes nothing else. The index is read-locked meanwhile, so yield must
// be quick and must not search the directory.
func (s *Service) MatchFacts(ctx context.Context, a *auth.Actor, f MatchFilter, yield func(*MatchFact)) error {
	if !a.IsStaff() && !a.IsPartner() {
		return apperr.ErrNotFound
	}
	if len(f.Competencies) > MaxMatchCompetencies {
		return apperr.New(apperr.Invalid, "error.invalid")
	}
	// The concierge's matching needs the whole index: it waits for the
	// first load.
	if err := s.Index.Wait(ctx); err != nil {
		return err
	}
	own := ""
	if a.IsPartner() {
		own = a.OrgID
	}
	s.Index.MatchFacts(own, f, yield)
	return nil
}

// ContactPerson returns the person to contact at an organisation: its
// decision maker, else its first contact; apperr.ErrNotFound when it has
// none. It does not ask who wants to know: contacts go to other partners
// only through an accepted introduction, which the caller checks.
func (s *Service) ContactPerson(ctx context.Context, orgID string) (*Contact, error) {
	c, err := loadContactPerson(ctx, s.DB, orgID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Whereabouts returns the country and city of an organisation the actor
// may see, from the directory index (cheaper than Get when only the
// place is needed), or from the database while the index loads.
func (s *Service) Whereabouts(ctx context.Context, a *auth.Actor, id string) (country, city string, err error) {
	if err := s.Index.Refresh(ctx); err != nil {
		return "", "", err
	}
	if !s.Index.Ready() {
		o, err := loadOrgRow(ctx, s.DB, id)
		if err != nil {
			return "", "", err
		}
		if !CanView(a, o) {
			return "", "", apperr.ErrNotFound
		}
		return o.Country, o.City, nil
	}
	country, city, ok := s.Index.Whereabouts(a, id)
	if !ok {
		return "", "", apperr.ErrNotFound
	}
	return country, city, nil
}

// indexSource reads the directory index's input from the store.
type indexSource struct{ db *db.DB }

func (s indexSource) Counters(ctx context.Context) (orgs, comps db.Mark, err error) {
	return readCounters(ctx, s.db)
}

func (s indexSource) Competencies(ctx context.Context) ([]directory.Competency, error) {
	comps, err := listCompetencies(ctx, s.db)
	if err != nil {
		return nil, err
	}
	out := make([]directory.Competency, len(comps))
	for i, c := range comps {
		out[i] = directory.Competency{ID: c.ID, Slug: c.Slug, NameDE: c.NameDE, NameEN: c.NameEN}
	}
	return out, nil
}

func (s indexSource) Changed(ctx context.Context, since, upto db.Mark) ([]directory.Profile, []string, error) {
	orgs, deleted, err := loadChanged(ctx, s.db, since, upto)
	if err != nil {
		return nil, nil, err
	}
	profiles := make([]directory.Profile, len(orgs))
	for i, o := range orgs {
		profiles[i] = profileOf(o)
	}
	return profiles, deleted, nil
}

// snapshotsKept is how many snapshot tokens the database keeps: one per
// process that writes snapshots, with room for those that stopped.
const snapshotsKept = 16

func (s indexSource) SnapshotTaken(ctx context.Context, token string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO directory_snapshots (token, taken_at) VALUES ($1, $2)`, token, time.Now().UTC()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM directory_snapshots WHERE token NOT IN
			(SELECT token FROM directory_snapshots ORDER BY taken_at DESC, token LIMIT $1)`, snapshotsKept)
		return err
	})
}

func (s indexSource) SnapshotKnown(ctx context.Context, token string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM directory_snapshots WHERE token = $1`, token).Scan(&n)
	return n > 0, err
}

func (s indexSource) Each(ctx context.Context, upto db.Mark, yield func(*directory.Profile) error) error {
	return s.db.LongRead(ctx, func(q db.Querier) error { return eachOrg(ctx, q, upto, yield) })
}

// profileOf is what the index reads of o.
func profileOf(o *Organisation) directory.Profile {
	p := directory.Profile{ID: o.ID, LegalName: o.LegalName, Domain: o.Domain, Description: o.Description,
		Kind: o.Kind, Status: o.Status, Tier: o.Tier, Size: o.Size, Country: o.Country, Region: o.Region, City: o.City,
		Published: o.Published, Listed: o.Listed(), UpdatedAt: o.UpdatedAt, Competencies: o.Competencies, Industries: o.Industries,
		Certifications: make([]directory.Certification, len(o.Certifications)),
		References:     make([]directory.Reference, len(o.References)),
		Resources:      make([]directory.Resource, len(o.Resources))}
	for i, c := range o.Certifications {
		p.Certifications[i] = directory.Certification{Name: c.Name, Issuer: c.Issuer, ValidUntil: c.ValidUntil, Verified: c.Verified}
	}
	for i, r := range o.References {
		p.References[i] = directory.Reference{Title: r.Title, Customer: r.Customer, Description: r.Description}
	}
	for i, r := range o.Resources {
		p.Resources[i] = directory.Resource{Skill: r.Skill, From: r.From, To: r.To, AmountTenths: r.AmountTenths, FTE: r.Unit == "fte"}
	}
	return p
}

// NameTokens returns the search tokens of an organisation name without
// legal forms (see directory.NameTokens).
func NameTokens(name string) []string { return directory.NameTokens(name) }

// SortKey is the key that orders names alphabetically regardless of case
// and accents (see directory.SortKey).
func SortKey(name string) string { return directory.SortKey(name) }
