package portfolio

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/partner"
)

var _ = audit.Kind("ideal_profile", "create", "update")

// DefaultProfile is the id (and slug) of the default ideal-partner
// profile: the criteria's own weights and the programme's thresholds.
// Every assessment made before profiles existed belongs to it, and the
// quadrant other features steer by (steering's cadences and warnings,
// funds, leads) is a partner's quadrant in it: one place per partner,
// whatever other profiles it was also assessed in.
const DefaultProfile = "default"

// Profile is an ideal partner of one kind (a product, a market, a partner
// type). After the seed, every profile judges by the same criteria; only
// the weights of the criteria and the thresholds differ.
type Profile struct {
	ID            string `json:"id"`
	Slug          string `json:"slug" doc:"chooses the profile in the public self-assessment (?profile=…)"`
	NameDE        string `json:"name_de"`
	NameEN        string `json:"name_en"`
	CanThreshold  int    `json:"can_threshold"`
	WillThreshold int    `json:"will_threshold"`
	// Public profiles are offered in the public self-assessment.
	Public   bool `json:"public" doc:"offered in the public self-assessment"`
	Archived bool `json:"archived" doc:"no new assessments; the portfolio still shows the old ones"`
	Default  bool `json:"default" doc:"the default profile: the criteria's own weights; the quadrant other features steer by"`
	// Weights are every criterion's weight in the profile, by criterion id.
	Weights   map[string]int `json:"weights" doc:"every criterion's weight in this profile (0–100), by criterion id"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
}

// Name returns the profile's name in lang.
func (p *Profile) Name(lang string) string {
	if lang == "de" {
		return p.NameDE
	}
	return p.NameEN
}

// Thresholds returns the profile's thresholds.
func (p *Profile) Thresholds() Thresholds {
	return Thresholds{Can: p.CanThreshold, Will: p.WillThreshold, UpdatedAt: p.UpdatedAt}
}

// WeightOf returns c's weight in profile weights: its own there, else the
// criterion's (a criterion added later weighs in every profile what it
// weighs by itself until an admin says otherwise).
func WeightOf(c *Criterion, weights map[string]int) int {
	if w, ok := weights[c.ID]; ok {
		return w
	}
	return c.Weight
}

// Weight returns c's weight in the profile.
func (p *Profile) Weight(c *Criterion) int { return WeightOf(c, p.Weights) }

// Offered reports whether the public self-assessment offers the profile.
func (p *Profile) Offered() bool { return p.Public && !p.Archived }

// ProfileInput is what a profile is created or changed from; fields left
// out stay as they are.
type ProfileInput struct {
	Slug          *string `json:"slug,omitempty"`
	NameDE        *string `json:"name_de,omitempty"`
	NameEN        *string `json:"name_en,omitempty"`
	CanThreshold  *int    `json:"can_threshold,omitempty" doc:"0–100"`
	WillThreshold *int    `json:"will_threshold,omitempty" doc:"0–100"`
	Public        *bool   `json:"public,omitempty"`
	Archived      *bool   `json:"archived,omitempty" doc:"the default profile cannot be archived"`
	// Weights change the named criteria's weights; others stay.
	Weights map[string]int `json:"weights,omitempty" doc:"criterion id → weight (0–100); criteria left out keep theirs"`
}

func (in ProfileInput) apply(p *Profile, criteria []*Criterion, creating bool) error {
	var v apperr.Validation
	v.TextInput(&p.NameDE, in.NameDE, apperr.Name, "name_de", 100, true, creating)
	v.TextInput(&p.NameEN, in.NameEN, apperr.Name, "name_en", 100, true, creating)
	v.TextInput(&p.Slug, in.Slug, apperr.Line, "slug", 60, false, creating)
	if p.Slug == "" {
		p.Slug = partner.Slugify(p.NameEN)
	}
	if p.Default && p.Slug != DefaultProfile {
		v.Add("slug", "profiles.default_slug")
	} else if !slugRe.MatchString(p.Slug) {
		v.Add("slug", "validation.slug")
	}
	threshold := func(dst *int, src *int, field string) {
		if src != nil {
			*dst = *src
		}
		if *dst < 0 || *dst > 100 {
			v.Add(field, "validation.range", 0, 100)
		}
	}
	threshold(&p.CanThreshold, in.CanThreshold, "can_threshold")
	threshold(&p.WillThreshold, in.WillThreshold, "will_threshold")
	if in.Public != nil {
		p.Public = *in.Public
	}
	if in.Archived != nil {
		if *in.Archived && p.Default {
			v.Add("archived", "profiles.default_archived")
		}
		p.Archived = *in.Archived
	}
	known := map[string]bool{}
	for _, c := range criteria {
		known[c.ID] = true
	}
	for id, w := range in.Weights {
		switch {
		case !known[id]:
			v.Add("weights."+id, "validation.unknown_criterion")
		case w < 0 || w > 100:
			v.Add("weights."+id, "validation.range", 0, 100)
		default:
			p.Weights[id] = w
		}
	}
	return v.Err()
}

// Profiles returns every profile, the default first, then by name in
// lang; staff only.
func (s *Service) Profiles(ctx context.Context, a *auth.Actor) ([]*Profile, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	return listProfiles(ctx, s.DB)
}

// Profile returns one profile; staff only.
func (s *Service) Profile(ctx context.Context, a *auth.Actor, id string) (*Profile, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	return findProfile(ctx, s.DB, id)
}

// SaveProfile creates (id "") or changes a profile; admins only. A new
// profile starts with the default profile's weights and thresholds. Old
// assessments keep the weights and thresholds they were made with; the
// portfolio places them with the profile's thresholds of today.
func (s *Service) SaveProfile(ctx context.Context, a *auth.Actor, id string, in ProfileInput) (*Profile, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	if !a.IsAdmin() {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	var out *Profile
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		criteria, err := listCriteria(ctx, tx)
		if err != nil {
			return err
		}
		base := DefaultProfile
		if id != "" {
			base = id
		}
		before, err := findProfile(ctx, tx, base)
		if err != nil {
			return err
		}
		p := *before
		p.Weights = make(map[string]int, len(before.Weights))
		for k, w := range before.Weights {
			p.Weights[k] = w
		}
		if id == "" {
			p.ID, p.Slug, p.Default, p.Public, p.Archived, p.CreatedAt = db.NewID(), "", false, false, false, now
			p.NameDE, p.NameEN = "", ""
		}
		if err := in.apply(&p, criteria, id == ""); err != nil {
			return err
		}
		p.UpdatedAt = now
		if err := saveProfile(ctx, tx, &p, id == "", criteria); db.IsUniqueViolation(err) {
			var v apperr.Validation
			v.Add("slug", "validation.slug_taken")
			return v.Err()
		} else if err != nil {
			return err
		}
		out = &p
		action, b := "create", any(nil)
		if id != "" {
			action, b = "update", before
		}
		return audit.Record(ctx, tx, now, a.Who(), action, "ideal_profile", p.ID, "", b, &p)
	})
	return out, err
}

// profileKeyRe matches what a profile's id or slug can be (ids are the
// default's name or UUIDs); anything else names no profile and is not
// looked up.
var profileKeyRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// findProfile returns the profile with the id, ErrNotFound for none.
func findProfile(ctx context.Context, q db.Querier, id string) (*Profile, error) {
	if !profileKeyRe.MatchString(id) {
		return nil, apperr.ErrNotFound
	}
	return getProfile(ctx, q, id)
}

// assessableProfile returns the profile an assessment names ("" the
// default), refusing an unknown or archived one.
func assessableProfile(ctx context.Context, q db.Querier, id string) (*Profile, error) {
	if id == "" {
		id = DefaultProfile
	}
	p, err := findProfile(ctx, q, id)
	var v apperr.Validation
	switch {
	case errors.Is(err, apperr.ErrNotFound):
		v.Add("profile_id", "validation.choice")
	case err != nil:
		return nil, err
	case p.Archived:
		v.Add("profile_id", "profiles.archived_no_assessment")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// offeredProfile returns the profile the public self-assessment offers
// under slug ("" the default); what is not offered does not exist.
func offeredProfile(ctx context.Context, q db.Querier, slug string) (*Profile, error) {
	if slug == "" {
		slug = DefaultProfile
	}
	if !profileKeyRe.MatchString(slug) {
		return nil, apperr.ErrNotFound
	}
	p, err := profileBySlug(ctx, q, slug)
	if err != nil {
		return nil, err
	}
	if !p.Offered() {
		return nil, apperr.ErrNotFound
	}
	return p, nil
}

// OfferedProfiles returns the profiles the public self-assessment offers,
// the default first. Anyone may read them.
func (s *Service) OfferedProfiles(ctx context.Context) ([]*Profile, error) {
	all, err := listProfiles(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	out := []*Profile{}
	for _, p := range all {
		if p.Offered() {
			out = append(out, p)
		}
	}
	return out, nil
}
