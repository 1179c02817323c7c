package partner

import (
	"cmp"
	"slices"

	"pakt/internal/auth"
	"pakt/internal/i18n"
)

// CountriesIn are Countries in the order of their names in lang, so that a
// German list reads "Belgien, Bulgarien, Dänemark, Deutschland …".
func CountriesIn(lang string) []string {
	c := slices.Clone(Countries)
	i18n.SortBy(lang, c, func(code string) string { return i18n.CountryName(lang, code) })
	return c
}

// IndustriesIn are Industries in the order of their names in lang.
func IndustriesIn(lang string) []string {
	s := slices.Clone(Industries)
	i18n.SortBy(lang, s, func(code string) string { return i18n.T(lang, "industry."+code) })
	return s
}

// CompetenciesIn returns a copy of cs in the order of their names in lang;
// cs itself may be shared and stays as it is.
func CompetenciesIn(lang string, cs []*Competency) []*Competency {
	s := slices.Clone(cs)
	i18n.SortBy(lang, s, func(c *Competency) string { return c.Name(lang) })
	return s
}

// Topics names the programme's competencies on pages: List in the
// reader's order, and a lookup by id. Topics may be shared: nothing
// changes them after TopicsIn.
type Topics struct {
	List []*Competency
	byID map[string]*Competency
	// rank is each competency's place in List.
	rank map[string]int
}

// TopicsIn returns the competencies cs as Topics for lang.
func TopicsIn(lang string, cs []*Competency) Topics {
	t := Topics{List: CompetenciesIn(lang, cs), byID: make(map[string]*Competency, len(cs)), rank: make(map[string]int, len(cs))}
	for i, c := range t.List {
		t.byID[c.ID], t.rank[c.ID] = c, i
	}
	return t
}

// Name names the competency id in lang; an unknown id names itself.
func (t Topics) Name(id, lang string) string {
	if c := t.byID[id]; c != nil {
		return c.Name(lang)
	}
	return id
}

// InOrder returns a copy of the competency ids in the order of their names
// in the language t was made for; unknown ids come after them, by id.
func (t Topics) InOrder(ids []string) []string {
	s := slices.Clone(ids)
	slices.SortStableFunc(s, func(a, b string) int {
		ra, oka := t.rank[a]
		rb, okb := t.rank[b]
		switch {
		case oka && okb:
			return cmp.Compare(ra, rb)
		case oka:
			return -1
		case okb:
			return 1
		}
		return cmp.Compare(a, b)
	})
	return s
}

// ByID returns the competencies of t by id; the map is shared and must not
// be changed.
func (t Topics) ByID() map[string]*Competency { return t.byID }

// CompetencyIDsIn returns a copy of the competency ids in the order of their
// names in lang; ids not in names keep their place after the named ones.
func CompetencyIDsIn(lang string, ids []string, names map[string]*Competency) []string {
	s := slices.Clone(ids)
	i18n.SortBy(lang, s, func(id string) string {
		if c, ok := names[id]; ok {
			return c.Name(lang)
		}
		return "\uffff" + id
	})
	return s
}

// UsersIn returns a copy of users in the order of their names in lang
// ("Özdemir" with the O, not after "Zimmermann").
func UsersIn(lang string, users []*auth.User) []*auth.User {
	s := slices.Clone(users)
	i18n.SortBy(lang, s, func(u *auth.User) string { return u.Name })
	return s
}

// facetLabel is the text the directory shows for a facet value in lang.
func facetLabel(lang, facet, value string, comps map[string]*Competency) string {
	switch facet {
	case "competency":
		if c, ok := comps[value]; ok {
			return c.Name(lang)
		}
		return value
	case "country":
		return i18n.CountryName(lang, value)
	case "region":
		return value
	}
	return i18n.T(lang, facet+"."+value)
}

// sortFacets orders the values of each facet by count and, at equal counts,
// by the label the page shows in lang rather than by code.
func sortFacets(lang string, facets map[string][]FacetValue, comps map[string]*Competency) {
	for name, vals := range facets {
		i18n.SortBy(lang, vals, func(v FacetValue) string { return facetLabel(lang, name, v.Value, comps) })
		slices.SortStableFunc(vals, func(a, b FacetValue) int { return cmp.Compare(b.Count, a.Count) })
	}
}
