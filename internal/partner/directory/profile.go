package directory

import (
	"context"
	"time"

	"pakt/internal/db"
)

// Source is where the index reads the directory from; partner's store
// provides it. The engine holds no SQL and knows no partner type.
type Source interface {
	// Counters returns the current marks of the organisations' and the
	// competencies' change counters.
	Counters(ctx context.Context) (orgs, comps db.Mark, err error)
	// Competencies returns the whole competency taxonomy.
	Competencies(ctx context.Context) ([]Competency, error)
	// Changed returns the profiles of the organisations changed after
	// the counter's mark since, up to and including upto, and the ids of
	// those deleted meanwhile.
	Changed(ctx context.Context, since, upto db.Mark) ([]Profile, []string, error)
	// Each hands yield, one by one, the profile of every organisation
	// changed up to and including the counter's mark upto and not deleted, for
	// a full load that holds only a few in memory at a time; yield may
	// keep what it is handed. An error of yield ends Each with it.
	Each(ctx context.Context, upto db.Mark, yield func(*Profile) error) error
}

// Profile is what the index reads of an organisation: its fields, its
// listing, and the entries of its profile that searches and matching look
// into.
type Profile struct {
	ID, LegalName, Domain, Description string
	Kind, Status, Tier, Size           string
	Country, Region, City              string
	Published                          bool
	// Listed is partner.Listed for the organisation: other partners see it.
	Listed         bool
	UpdatedAt      time.Time
	Competencies   []string // competency ids
	Industries     []string // industry codes
	Certifications []Certification
	References     []Reference
	Resources      []Resource
}

// Certification is a certification of a profile; ValidUntil is zero when it
// does not expire. Only a Verified one (staff checked it against its
// proof) makes the profile certified; any is found by its name.
type Certification struct {
	Name, Issuer string
	ValidUntil   Date
	Verified     bool
}

// Reference is a customer reference of a profile.
type Reference struct {
	Title, Customer, Description string
}

// Resource is a free resource of a profile: a skill, a period and an
// amount in tenths of days or, when FTE, of full-time equivalents.
type Resource struct {
	Skill        string
	From, To     Date
	AmountTenths int
	FTE          bool
}

// Competency is what the index reads of a competency: the words it is
// found by.
type Competency struct {
	ID, Slug, NameDE, NameEN string
}
