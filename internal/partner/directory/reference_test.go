package directory

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"pakt/internal/auth"
)

// TestSearchMatchesReference compares the index's results, pages and facet
// counts with a straightforward computation over the profiles, for random
// directories, queries and actors, after a full load and after changes.
func TestSearchMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 12))
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	comps := []Competency{{ID: "c1", Slug: "cloud", NameDE: "Cloud", NameEN: "Cloud"}, {ID: "c2", Slug: "vr", NameDE: "Virtuelle Realität", NameEN: "Virtual Reality"},
		{ID: "c3", Slug: "sec", NameDE: "Sicherheit", NameEN: "Security"}}
	profiles := map[string]*Profile{}
	var ids []string
	next := 0
	newProfile := func() *Profile {
		next++
		p := randomProfile(rng, fmt.Sprintf("org-%04d", next), now)
		profiles[p.ID] = p
		ids = append(ids, p.ID)
		return p
	}
	st := newState(comps, true)
	for range 600 {
		st.add(newProfile())
	}
	st.sortAll()
	nonEmpty := 0
	check := func(step string) {
		t.Helper()
		for i := range 300 {
			a, q := randomQuery(rng, ids, now)
			got := st.search(a, q, now)
			want := reference(st, profiles, a, q, now)
			nonEmpty += min(got.Total, 1)
			if got.Total != want.Total || !reflect.DeepEqual(hitIDs(got), hitIDs(want)) || !reflect.DeepEqual(got.Facets, want.Facets) {
				t.Fatalf("%s, query %d %+v as %+v:\ngot  %d %v %v\nwant %d %v %v", step, i, q, a, got.Total, hitIDs(got), got.Facets, want.Total, hitIDs(want), want.Facets)
			}
		}
	}
	for _, share := range []int{1 << 30, 32, 1} {
		scanShare = share
		check(fmt.Sprintf("full load, scan share %d", share))
	}
	scanShare = 32
	for round := range 5 {
		for range 60 {
			id := ids[rng.IntN(len(ids))]
			if _, live := st.slotOf[id]; !live {
				continue
			}
			st.remove(id)
			switch rng.IntN(3) {
			case 0: // deleted
				delete(profiles, id)
			case 1: // changed
				p := randomProfile(rng, id, now)
				profiles[id] = p
				st.add(p)
			default: // unchanged, put back
				st.add(profiles[id])
			}
		}
		for range 20 {
			st.add(newProfile())
		}
		scanShare = []int{1 << 30, 32, 1}[round%3]
		check(fmt.Sprintf("after changes %d, scan share %d", round, scanShare))
	}
	scanShare = 32
	if nonEmpty < 800 {
		t.Fatalf("only %d of 2400 queries find anything: the comparison says little", nonEmpty)
	}
}

func hitIDs(r *Result) []string {
	out := []string{}
	for _, h := range r.Hits {
		out = append(out, fmt.Sprintf("%s:%g", h.ID, h.Score))
	}
	return out
}

var refWords = []string{"Alpha", "Bäcker", "Cloud", "Delta", "Müller", "Nord", "Ost", "Zeta", "Ärzte", "Öko", "Sicher", "Daten"}

func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

func maybe(rng *rand.Rand, list []string) string {
	if rng.IntN(6) == 0 {
		return ""
	}
	return pick(rng, list)
}

func randomProfile(rng *rand.Rand, id string, now time.Time) *Profile {
	p := &Profile{ID: id, LegalName: fmt.Sprintf("%s %s %d GmbH", pick(rng, refWords), pick(rng, refWords), rng.IntN(50)),
		Description: pick(rng, refWords) + " " + pick(rng, refWords), Kind: pick(rng, []string{"partner", "prospect", "member"}),
		Status: maybe(rng, []string{"active", "paused", "ended"}), Tier: maybe(rng, []string{"gold", "silver", "bronze"}),
		Size: maybe(rng, []string{"s", "m", "l"}), Country: maybe(rng, []string{"DE", "AT", "CH", "FR"}),
		Region: maybe(rng, []string{"Bayern", "Hamburg", "Tirol", "Berlin", "Sachsen"}), City: maybe(rng, []string{"München", "Wien", "Bern"}),
		Published: rng.IntN(4) > 0, Listed: rng.IntN(3) > 0, UpdatedAt: now.Add(-time.Duration(rng.IntN(1000)) * time.Hour)}
	for _, c := range []string{"c1", "c2", "c3", "c4"} {
		if rng.IntN(3) == 0 {
			p.Competencies = append(p.Competencies, c)
		}
	}
	for _, i := range []string{"it", "health", "retail"} {
		if rng.IntN(3) == 0 {
			p.Industries = append(p.Industries, i)
		}
	}
	for range rng.IntN(3) {
		from := now.Truncate(24*time.Hour).AddDate(0, 0, rng.IntN(120)-60)
		p.Resources = append(p.Resources, Resource{Skill: pick(rng, refWords), From: Date{from}, To: Date{from.AddDate(0, 0, rng.IntN(40))}, AmountTenths: 10})
	}
	return p
}

func randomQuery(rng *rand.Rand, ids []string, now time.Time) (*auth.Actor, Query) {
	actors := []*auth.Actor{{Role: auth.RoleAdmin}, {Role: auth.RolePartnerMember, OrgID: pick(rng, ids)},
		{Role: auth.RolePartnerAdmin, OrgID: "no-such-org"}, {Role: auth.RoleRecruiter}, nil}
	a := actors[min(rng.IntN(7), len(actors)-1)]
	if rng.IntN(3) == 0 {
		a = actors[0]
	}
	var q Query
	if rng.IntN(3) == 0 {
		q.Text = pick(rng, refWords)
		if rng.IntN(3) == 0 {
			q.Text += " " + pick(rng, refWords)
		}
	}
	values := [numFacets][]string{{"c1", "c2", "c3", "c4", "c9"}, {"Bayern", "Hamburg", "Tirol", "Nowhere"}, {"DE", "AT", "CH", "FR", "XX"},
		{"it", "health", "retail"}, {"gold", "silver", "bronze"}, {"s", "m", "l"}, {"partner", "prospect", "member"}, {"active", "paused", "ended"}}
	for range rng.IntN(4) {
		f := rng.IntN(numFacets)
		for range 1 + rng.IntN(2) {
			q.Filters[f] = append(q.Filters[f], pick(rng, values[f]))
		}
	}
	if rng.IntN(4) == 0 {
		q.FreeFrom = Date{now.Truncate(24*time.Hour).AddDate(0, 0, rng.IntN(60)-30)}
		if rng.IntN(2) == 0 {
			q.FreeTo = Date{q.FreeFrom.AddDate(0, 0, rng.IntN(20))}
		}
	}
	q.Sort = pick(rng, []string{"", "", "name", "-name", "updated", "relevance"})
	q.Page = 1 + rng.IntN(3)
	q.PerPage = pick(rng, []int{0, 5, 20, 100})
	switch rng.IntN(3) {
	case 0:
		q.Facets = AllFacets
	case 1:
		for _, name := range AllFacets {
			if rng.IntN(3) == 0 {
				q.Facets = append(q.Facets, name)
			}
		}
	}
	return a, q
}

// reference computes q's result for a the plain way: every profile in
// turn against every filter. It takes the word matches and their scores
// from the index, whose text matching it does not check.
func reference(st *indexState, profiles map[string]*Profile, a *auth.Actor, q Query, now time.Time) *Result {
	counted := q.counted(a)
	q, tokens := prepare(q.For(a), nil)
	var scores map[string]float32
	if len(tokens) > 0 {
		matched, sc := st.matchTokens(tokens, &scratch{})
		scores = map[string]float32{}
		for i, slot := range matched {
			scores[st.docs[slot].id] = sc[i]
		}
	}
	overlaps := func(p *Profile, from, to time.Time) bool {
		for _, r := range p.Resources {
			if !r.From.After(to) && !r.To.Before(from) {
				return true
			}
		}
		return false
	}
	far := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	from, to := time.Time{}, far
	if !q.FreeFrom.IsZero() {
		from = q.FreeFrom.Time
	}
	if !q.FreeTo.IsZero() {
		to = q.FreeTo.Time
	}
	freeAsked := !q.FreeFrom.IsZero() || !q.FreeTo.IsZero()
	// passes reports whether p passes every filter but facet skip (numFacets
	// for the free period; -1 for none).
	passes := func(p *Profile, skip int) bool {
		for f := range numFacets {
			if f != skip && len(q.Filters[f]) > 0 && !slices.ContainsFunc(profileValues(p, f), func(v string) bool { return slices.Contains(q.Filters[f], v) }) {
				return false
			}
		}
		return skip == numFacets || !freeAsked || overlaps(p, from, to)
	}
	var base []*Profile // visible and matching the words
	for _, p := range profiles {
		if a.IsStaff() || (a.IsPartner() && (p.ID == a.OrgID || p.Listed)) {
			if _, ok := scores[p.ID]; ok || len(tokens) == 0 {
				base = append(base, p)
			}
		}
	}
	var results []*Profile
	for _, p := range base {
		if passes(p, -1) {
			results = append(results, p)
		}
	}
	keys := map[string]string{}
	for _, p := range results {
		keys[p.ID] = SortKey(p.LegalName)
	}
	byName := func(x, y *Profile) int {
		if c := strings.Compare(keys[x.ID], keys[y.ID]); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	}
	slices.SortFunc(results, func(x, y *Profile) int {
		switch q.Sort {
		case "-name":
			return byName(y, x)
		case "updated":
			if x.UpdatedAt.Unix() != y.UpdatedAt.Unix() {
				return y.UpdatedAt.Compare(x.UpdatedAt)
			}
		case "relevance":
			if scores != nil && scores[x.ID] != scores[y.ID] {
				if scores[x.ID] > scores[y.ID] {
					return -1
				}
				return 1
			}
		}
		return byName(x, y)
	})
	res := &Result{Total: len(results), Page: q.Page, PerPage: q.PerPage, Hits: []Hit{}}
	for _, p := range results[min((q.Page-1)*q.PerPage, len(results)):min(q.Page*q.PerPage, len(results))] {
		res.Hits = append(res.Hits, Hit{ID: p.ID, Score: scores[p.ID]})
	}
	for f := range numFacets {
		if !counted[f] {
			continue
		}
		counts := map[string]int{}
		for _, v := range q.Filters[f] {
			counts[v] = 0
		}
		for _, p := range base {
			if passes(p, f) {
				for _, v := range profileValues(p, f) {
					counts[v]++
				}
			}
		}
		var vals []FacetValue
		for v, n := range counts {
			vals = append(vals, FacetValue{Value: v, Count: n, Selected: slices.Contains(q.Filters[f], v)})
		}
		sort.Slice(vals, func(i, j int) bool {
			if vals[i].Count != vals[j].Count {
				return vals[i].Count > vals[j].Count
			}
			return vals[i].Value < vals[j].Value
		})
		if res.Facets == nil {
			res.Facets = map[string][]FacetValue{}
		}
		res.Facets[FacetNames[f]] = vals
	}
	if counted[numFacets] {
		n := 0
		for _, p := range base {
			if freeAsked && passes(p, numFacets) && overlaps(p, from, to) || !freeAsked && passes(p, -1) && overlaps(p, now.Truncate(24*time.Hour), far) {
				n++
			}
		}
		if res.Facets == nil {
			res.Facets = map[string][]FacetValue{}
		}
		res.Facets[FreeFacet] = []FacetValue{{Value: "yes", Count: n, Selected: freeAsked}}
	}
	return res
}

// profileValues are p's values of facet f.
func profileValues(p *Profile, f int) []string {
	switch f {
	case FacetCompetency:
		return p.Competencies
	case FacetIndustry:
		return p.Industries
	}
	single := map[int]string{FacetRegion: p.Region, FacetCountry: p.Country, FacetTier: p.Tier, FacetSize: p.Size, FacetKind: p.Kind, FacetStatus: p.Status}
	if v := single[f]; v != "" {
		return []string{v}
	}
	return nil
}

// TestMatchFactsFromSets compares the concierge's matches taken from the
// slot sets with those of every live slot, for random filters.
func TestMatchFactsFromSets(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	st := newState([]Competency{{ID: "c1", Slug: "cloud", NameDE: "Cloud", NameEN: "Cloud"}, {ID: "c2", Slug: "daten-analyse", NameDE: "Datenanalyse", NameEN: "Data Analysis"}}, true)
	var ids []string
	for i := range 800 {
		p := randomProfile(rng, fmt.Sprintf("org-%04d", i), now)
		for j := range rng.IntN(3) {
			p.References = append(p.References, Reference{Title: pick(rng, refWords) + " " + pick(rng, refWords)})
			p.Certifications = append(p.Certifications, Certification{Name: pick(rng, refWords), ValidUntil: Date{now.AddDate(0, 0, 100*j-50)}, Verified: rng.IntN(4) > 0})
		}
		st.add(p)
		ids = append(ids, p.ID)
	}
	st.sortAll()
	for i := range 20 {
		st.remove(pick(rng, ids))
		if i%2 == 0 {
			// A change: the organisation goes out and comes back.
			id := pick(rng, ids)
			st.remove(id)
			st.add(randomProfile(rng, id, now))
		}
	}
	collect := func(own string, f MatchFilter) []MatchFact {
		var out []MatchFact
		st.matchFacts(own, f, func(m *MatchFact) {
			m.Complete()
			out = append(out, *m)
		})
		slices.SortFunc(out, func(a, b MatchFact) int { return strings.Compare(a.ID, b.ID) })
		return out
	}
	// full makes every fact whole at once, as matching did before it
	// left the names and the certification to Complete.
	full := func(own string, f MatchFilter) []MatchFact {
		var out []MatchFact
		m := matcher{compBit: make([]uint64, len(st.facetVal[FacetCompetency]))}
		if f.Region != nil {
			m.region = make([]bool, len(st.facetVal[FacetRegion]))
		}
		if !st.resolve(&m, own, f) {
			return nil
		}
		textTerms, compTerms := map[int32]bool{}, map[int32]bool{}
		st.topicTerms(f, textTerms, compTerms)
		sc := &matchScratch{}
		sc.reset(len(st.docs))
		for id := range textTerms {
			sc.mark(st, id, true)
		}
		for id := range compTerms {
			sc.mark(st, id, false)
		}
		for slot := range st.live.slots() {
			fact, ok := wholeFact(st, slot, &m, sc)
			if b := f.Within; !ok || b != nil && (!fact.Located || fact.Lat < b.MinLat || fact.Lat > b.MaxLat || fact.Lon < b.MinLon || fact.Lon > b.MaxLon) {
				continue
			}
			fact.Mark = slices.Index(f.Marked, fact.ID) + 1
			out = append(out, fact)
		}
		slices.SortFunc(out, func(a, b MatchFact) int { return strings.Compare(a.ID, b.ID) })
		return out
	}
	defer func() { matchBySets = true }()
	found := 0
	for i := range 300 {
		f := MatchFilter{Today: now, Country: maybe(rng, []string{"DE", "AT", "XX", "", ""}), Industry: maybe(rng, []string{"it", "health", "", ""}),
			Size: maybe(rng, []string{"s", "m", "", ""})}
		for _, c := range []string{"c1", "c2", "c3", "c9"} {
			if rng.IntN(3) == 0 {
				f.Competencies = append(f.Competencies, c)
			}
		}
		if rng.IntN(2) == 0 {
			f.Topic = pick(rng, refWords)
		}
		if rng.IntN(3) == 0 {
			accepted := maybe(rng, []string{"Bayern", "Tirol"})
			f.Region = func(r string) bool { return r == accepted }
		}
		if rng.IntN(3) == 0 {
			f.From, f.To = Date{now}, Date{now.AddDate(0, 0, 30)}
		}
		if rng.IntN(3) == 0 {
			// Around München, around Wien.
			f.Within = pick(rng, []*Box{{MinLat: 47.5, MaxLat: 48.5, MinLon: 11, MaxLon: 12}, {MinLat: 48, MaxLat: 48.5, MinLon: 16, MaxLon: 17}})
		}
		for range rng.IntN(40) {
			f.Marked = append(f.Marked, pick(rng, append(ids, "org-none")))
		}
		own := maybe(rng, ids)
		matchBySets = true
		got := collect(own, f)
		matchBySets = false
		want := collect(own, f)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("filter %d %+v: from the sets %d matches, from every slot %d", i, f, len(got), len(want))
		}
		if whole := full(own, f); !reflect.DeepEqual(got, whole) {
			for k := range min(len(got), len(whole)) {
				if !reflect.DeepEqual(got[k], whole[k]) {
					t.Logf("%+v\n%+v", got[k], whole[k])

					break
				}
			}
			t.Fatalf("filter %d %+v: completed facts differ from whole ones:\n%+v\n%+v", i, f, got, whole)
		}
		found += min(len(got), 1)
	}
	if found < 100 {
		t.Fatalf("only %d of 300 filters match anything: the comparison says little", found)
	}
}

// wholeFact is the facts of slot made whole in one go, the reference for
// fact and MatchFact.Complete.
func wholeFact(st *indexState, slot int32, m *matcher, sc *matchScratch) (MatchFact, bool) {
	d := &st.docs[slot]
	if !st.live.has(slot) || !st.listed[slot] || slot == m.ownSlot {
		return MatchFact{}, false
	}
	b := int(slot) * numFacets
	vals := func(facet int) []uint16 { return st.fvals[st.fpos[b+facet]:st.fpos[b+facet+1]] }
	var comps uint64
	for _, v := range vals(FacetCompetency) {
		comps |= m.compBit[v]
	}
	e := sc.masks[slot]
	if comps == 0 && e.refs|e.certs|e.res == 0 && !e.mentions {
		return MatchFact{}, false
	}
	for _, want := range [][2]int{{FacetCountry, m.country}, {FacetIndustry, m.industry}, {FacetSize, m.size}} {
		if want[1] >= 0 && !slices.Contains(vals(want[0]), uint16(want[1])) {
			return MatchFact{}, false
		}
	}
	if m.region != nil {
		in := false
		for _, v := range vals(FacetRegion) {
			in = in || m.region[v]
		}
		if !in {
			return MatchFact{}, false
		}
	}
	fact := MatchFact{ID: d.id, Name: d.name, City: d.city, Region: d.region, Country: d.country, Order: st.nameRank[slot],
		Competencies: comps, References: popcount(e.refs), Mentions: e.mentions}
	if size := vals(FacetSize); len(size) > 0 {
		fact.Size = st.facetVal[FacetSize][size[0]]
	}
	if p := st.coords[slot]; !math.IsNaN(float64(p.lat)) {
		fact.Located, fact.Lat, fact.Lon = true, float64(p.lat), float64(p.lon)
	}
	best, bestUntil, bestRelevant := -1, int32(0), false
	start := int(st.certPos[slot])
	for i, until := range st.certUntil[start:st.certPos[slot+1]] {
		relevant := e.certs&entryBit(i) != 0
		if until < m.today || (bestRelevant && !relevant) {
			continue
		}
		if best < 0 || relevant && !bestRelevant || until > bestUntil {
			best, bestUntil, bestRelevant = i, until, relevant
		}
	}
	if best >= 0 {
		fact.Certified, fact.Certification = true, CertFact{Name: st.certName[start+best], Relevant: bestRelevant}
		if until := st.certUntil[start+best]; until != noExpiry {
			fact.Certification.ValidUntil = Date{time.Unix(int64(until)*86400, 0).UTC()}
		}
	}
	if m.freeAsked {
		st.freeFact(slot, e.res, m.from, m.to, &fact)
	}
	return fact, true
}
