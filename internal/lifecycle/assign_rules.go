package lifecycle

import (
	"slices"
	"strings"

	"pakt/internal/geo"
)

// The kinds of manager rule.
const (
	RuleRegion     = "region"
	RuleCompetency = "competency"
)

// RuleKinds lists the kinds of manager rule.
var RuleKinds = []string{RuleRegion, RuleCompetency}

// How a won prospect got its manager.
const (
	ByRegion     = "region"
	ByCompetency = "competency"
	ByRotation   = "rotation"
)

// ManagerRule gives the partners of a region (a country, optionally one of
// its states or cantons) or of a competency to a manager.
type ManagerRule struct {
	ID           string `json:"id"`
	Kind         string `json:"kind" enum:"manager_rule_kind"`
	Country      string `json:"country,omitempty" doc:"ISO 3166-1 alpha-2 code; a region rule names a country, a region or both"`
	Region       string `json:"region,omitempty" doc:"a state, province or canton in any language pakt knows (Bayern, Bavaria)"`
	CompetencyID string `json:"competency_id,omitempty"`
	ManagerID    string `json:"manager_id"`
	ManagerName  string `json:"manager_name"`
	// Active says whether the manager may still own partners (not disabled,
	// still staff); a rule of an inactive manager is passed over.
	Active bool `json:"active"`
}

// RotationManager is a manager in the round robin.
type RotationManager struct {
	ManagerID   string `json:"manager_id"`
	ManagerName string `json:"manager_name"`
	Active      bool   `json:"active"`
}

// Facts are what the rules know of a won prospect: its country, its
// region (as written, or of its city where not) and its competencies.
type Facts struct {
	Country      string
	Region       string
	Competencies []string
}

// FactsOf makes the facts of an organisation: the region is the one it
// names, else the one its city lies in, as the gazetteer knows it.
func FactsOf(country, region, city string, competencies []string) Facts {
	f := Facts{Country: strings.ToUpper(strings.TrimSpace(country)), Region: strings.TrimSpace(region), Competencies: competencies}
	if f.Region == "" && strings.TrimSpace(city) != "" {
		if p, ok := geo.Lookup(f.Country, city); ok && (f.Country == "" || p.Country == f.Country) {
			f.Region = geo.RegionOf(p)
		}
	}
	return f
}

// Matches reports whether rule r covers an organisation with facts f.
func (r *ManagerRule) Matches(f Facts) bool {
	switch r.Kind {
	case RuleRegion:
		if r.Country == "" && r.Region == "" {
			return false
		}
		return (r.Country == "" || r.Country == f.Country) && (r.Region == "" || geo.SameRegion(r.Region, f.Region))
	case RuleCompetency:
		return r.CompetencyID != "" && slices.Contains(f.Competencies, r.CompetencyID)
	}
	return false
}

// ChooseManager is the rule of who becomes a won prospect's manager: the
// manager of the first rule, in their order, that covers it; when none
// does, the round robin's manager of this turn (turn counts the
// assignments the round robin made before, over its active managers).
// Inactive managers are passed over. It returns the manager's id and how
// it was chosen (ByRegion, ByCompetency, ByRotation), or "" and "" when no
// rule covers the prospect and nobody is in the round robin.
func ChooseManager(f Facts, rules []ManagerRule, rotation []RotationManager, turn int64) (managerID, by string) {
	for i := range rules {
		if rules[i].Active && rules[i].Matches(f) {
			return rules[i].ManagerID, rules[i].Kind
		}
	}
	var active []string
	for _, m := range rotation {
		if m.Active {
			active = append(active, m.ManagerID)
		}
	}
	if len(active) == 0 {
		return "", ""
	}
	if turn < 0 {
		turn = 0
	}
	return active[turn%int64(len(active))], ByRotation
}
