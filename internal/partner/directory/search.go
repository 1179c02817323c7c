package directory

import (
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"pakt/internal/auth"
)

// Query is a directory search. Values within one facet are alternatives
// (any of them); different facets must all hold.
type Query struct {
	Text    string
	Filters [numFacets][]string
	// FreeFrom and FreeTo ask for organisations with free resources on some
	// day of the period; either may be open.
	FreeFrom, FreeTo Date
	// Sort is "relevance" (the default with text), "name" (the default
	// without), "-name" or "updated".
	Sort    string
	Page    int
	PerPage int
	// Facets names the facets whose counts the result carries: names of
	// FacetNames and "free" (the organisations with free resources). None
	// by default: counting visits every match, a page without counts only
	// the hits it shows.
	Facets []string
}

// FreeFacet is the name of the count of organisations with free resources
// in Query.Facets and Result.Facets.
const FreeFacet = "free"

// AllFacets are the names of every facet count a query may ask for.
var AllFacets = slices.Clip(append(FacetNames[:], FreeFacet))

// counted returns by facet number whether q asks for the facet's counts
// and a may see them, and, last, whether it asks for the free count.
func (q Query) counted(a *auth.Actor) (counted [numFacets + 1]bool) {
	for _, name := range q.Facets {
		if name == FreeFacet {
			counted[numFacets] = true
			continue
		}
		if f := slices.Index(FacetNames[:], name); f >= 0 && (!StaffFacet(f) || a.IsStaff()) {
			counted[f] = true
		}
	}
	return counted
}

// HasFilters reports whether any facet or the free-resources period
// narrows the query.
func (q Query) HasFilters() bool {
	for _, f := range q.Filters {
		if len(f) > 0 {
			return true
		}
	}
	return !q.FreeFrom.IsZero() || !q.FreeTo.IsZero()
}

// For returns the query as a may ask it: the staff facets' filters are
// dropped for everyone but staff.
func (q Query) For(a *auth.Actor) Query {
	if !a.IsStaff() {
		for f := range numFacets {
			if StaffFacet(f) {
				q.Filters[f] = nil
			}
		}
	}
	return q
}

// Sorts are the accepted values of Query.Sort.
var Sorts = []string{"relevance", "name", "-name", "updated"}

// Hit is one organisation in a result page.
type Hit struct {
	ID           string   `json:"id"`
	LegalName    string   `json:"legal_name"`
	Kind         string   `json:"kind,omitempty" enum:"partner_kind"` // staff only
	City         string   `json:"city"`
	Region       string   `json:"region"`
	Country      string   `json:"country"`
	Tier         string   `json:"tier" enum:"tier"`
	Published    bool     `json:"published"`
	Snippet      string   `json:"snippet"` // set by the caller of Index.Search (see HitSnippet)
	Competencies []string `json:"competencies"`
	FreeNow      bool     `json:"has_free_resources"`
	Score        float32  `json:"score"`
}

// FacetValue is one value of a facet with the number of organisations that
// would match if it were chosen.
type FacetValue struct {
	Value    string `json:"value"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected"`
}

// Result is a page of a directory search with the facet counts the query
// asked for.
type Result struct {
	Total   int                     `json:"total"`
	Page    int                     `json:"page"`
	PerPage int                     `json:"per_page"`
	Hits    []Hit                   `json:"items"`
	Facets  map[string][]FacetValue `json:"facets,omitempty"`
	// Preparing tells that the index is still loading: the result comes
	// from the database, matches names and descriptions only, and ranks
	// text matches by name.
	Preparing bool `json:"preparing,omitempty"`
	// TotalAtLeast tells that Total is a lower bound: while the index
	// loads, counting stops there (a count of a million organisations in
	// the database takes a good part of a second).
	TotalAtLeast bool `json:"total_at_least,omitempty"`
}

// Match factors: an exact word counts fully, a word the query starts less,
// a word within the typo allowance least.
const (
	exactFactor  float32 = 1
	prefixFactor float32 = 0.7
	typoFactor   float32 = 0.5
	maxExpansion         = 400
)

type candidate struct {
	term   int32
	factor float32
}

// scratch holds per-search arrays sized to the index, reused across searches.
type scratch struct {
	hits    []uint8
	best    []float32
	score   []float32
	touched []int32
	matched []int32   // the slots matchTokens returns …
	scores  []float32 // … and their scores
	sets    [numSets]bitmap
	scored  []float32 // by slot, the scores of the matches tallySets takes
	results []int32
}

// The slot sets of scratch.
const (
	setMatches = iota
	setWords
	setResults
	setBase
	setFree
	setFilter // the filter of facet f is setFilter+f
	numSets   = setFilter + numFacets
)

// set returns the scratch set i sized to n words, cleared.
func (sc *scratch) set(i, n int) bitmap { return reuse(&sc.sets[i], n) }

var scratchPool = sync.Pool{New: func() any { return &scratch{} }}

// Search runs q for the actor over the index as it is; call Refresh first
// to bring it up to date. now decides which free resources are current.
func (ix *Index) Search(a *auth.Actor, q Query, now time.Time) *Result {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.st.search(a, q, now)
}

// search runs q for a over the state in steps: the query's defaults and
// words, the documents that match the words, the filters resolved against
// the index, the results with the facet counts asked, then the page of
// hits. A page in name order without words, filters and counts walks the
// name order and stops after the page.
func (st *indexState) search(a *auth.Actor, q Query, now time.Time) *Result {
	var buf [maxQueryWords]string // the words stay on the stack
	counted := q.counted(a)
	q, tokens := prepare(q.For(a), buf[:0])
	today := unixDay(now)
	res := &Result{Page: q.Page, PerPage: q.PerPage, Hits: []Hit{}}
	if len(tokens) == 0 && !q.HasFilters() && counted == [numFacets + 1]bool{} && (q.Sort == "name" || q.Sort == "-name") {
		res.Total, res.Hits = st.plainPage(res.Hits, a, q, today)
		return res
	}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	flt := st.filterOf(a, q)
	var t tally
	if len(tokens) > 0 {
		matched, scores := st.matchTokens(tokens, sc)
		if len(matched)*scanShare < len(st.docs) {
			t = st.scan(&flt, matched, scores, &counted)
			if counted[numFacets] && !flt.free {
				// Without a period asked, the free facet counts the
				// results free from today on.
				t.freeCount = st.countFree(t.results, today)
			}
		} else {
			t = st.tallySets(&flt, matched, scores, &counted, today, sc)
		}
	} else {
		t = st.tallySets(&flt, nil, nil, &counted, today, sc)
	}
	res.Total = t.total
	if counted != [numFacets + 1]bool{} {
		res.Facets = st.facetCounts(&flt, &t, q, &counted)
	}
	if counted[numFacets] {
		res.Facets[FreeFacet] = []FacetValue{{Value: "yes", Count: t.freeCount, Selected: flt.free}}
	}
	res.Hits = st.page(res.Hits, q, &t, today, flt.seeAll, sc)
	return res
}

// scanShare decides between the two ways to filter and count the matches
// of words: when they are fewer than one slot in scanShare, their columns
// are read one by one; else the slot sets are combined. A variable for
// the tests, which try both ways.
var scanShare = 32

// plainPage returns the number of organisations a sees and appends to hits
// q's page of them in name order (or its reverse for "-name").
func (st *indexState) plainPage(hits []Hit, a *auth.Actor, q Query, today int64) (int, []Hit) {
	switch {
	case a.IsStaff():
		return len(st.byName), st.walk(hits, q, len(st.byName), today, true, st.live, nil)
	case a.IsPartner():
		slot, ok := st.slotOf[a.OrgID]
		if !ok || st.listed[slot] {
			return st.nListed, st.walk(hits, q, st.nListed, today, false, st.listedLive, nil)
		}
		return st.nListed + 1, st.walk(hits, q, st.nListed+1, today, false, st.listedLive, nil, slot)
	}
	return 0, hits
}

// walk appends to hits q's page of the total slots in set (and also), in
// name order or its reverse for "-name", with their scores by slot in
// scored (nil without words): it walks the name order up to the page's
// end.
func (st *indexState) walk(hits []Hit, q Query, total int, today int64, seeAll bool, set bitmap, scored []float32, also ...int32) []Hit {
	skip, n := (q.Page-1)*q.PerPage, len(st.byName)
	for i := 0; i < n && len(hits) < q.PerPage && skip < total; i++ {
		slot := st.byName[i]
		if q.Sort == "-name" {
			slot = st.byName[n-1-i]
		}
		if !set.has(slot) && !slices.Contains(also, slot) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		h := st.hit(slot, today, seeAll)
		if scored != nil {
			h.Score = scored[slot]
		}
		hits = append(hits, h)
	}
	return hits
}

// maxQueryWords is the most words of a query that are looked up: a query
// of more is cut, no name is that long.
const maxQueryWords = 12

// prepare sets q's paging and sort defaults and returns its search words,
// appended to tokens: folded, without legal forms and repeats, at most
// maxQueryWords.
func prepare(q Query, tokens []string) (Query, []string) {
	if q.PerPage <= 0 || q.PerPage > 100 {
		q.PerPage = 20
	}
	if q.Page <= 0 {
		q.Page = 1
	}
	for _, t := range Tokens(q.Text) {
		if !IsLegalForm(t) && !slices.Contains(tokens, t) && len(tokens) < maxQueryWords {
			tokens = append(tokens, t)
		}
	}
	if q.Sort == "" || (q.Sort == "relevance" && len(tokens) == 0) {
		q.Sort = "name"
		if len(tokens) > 0 {
			q.Sort = "relevance"
		}
	}
	return q, tokens
}

// searchFilter is a query's filters and the actor's visibility resolved
// against the index.
type searchFilter struct {
	// want is by facet the value ids asked, indexed by value id; nil for a
	// facet not filtered.
	want [numFacets][]bool
	// Visibility as in st.visible: staff see every organisation, partner
	// users their own (slot own, -1 for none) and the listed ones.
	seeAll, partnerRole bool
	own                 int32
	// free tells whether the query asks for free resources from freeFrom
	// to freeTo (unix days; open ends far out).
	free             bool
	freeFrom, freeTo int64
}

// filterOf resolves q's filters and a's visibility against the index.
func (st *indexState) filterOf(a *auth.Actor, q Query) searchFilter {
	flt := searchFilter{seeAll: a.IsStaff(), partnerRole: a.IsPartner(), own: -1,
		free: !q.FreeFrom.IsZero() || !q.FreeTo.IsZero(), freeFrom: -1 << 62, freeTo: 1 << 62}
	// A value the index has never seen matches nothing.
	for f := range numFacets {
		if len(q.Filters[f]) == 0 {
			continue
		}
		flt.want[f] = make([]bool, len(st.facetVal[f]))
		for _, v := range q.Filters[f] {
			if id, ok := st.facetIDs[f][v]; ok {
				flt.want[f][id] = true
			}
		}
	}
	if flt.partnerRole {
		if slot, ok := st.slotOf[a.OrgID]; ok {
			flt.own = slot
		}
	}
	if !q.FreeFrom.IsZero() {
		flt.freeFrom = unixDay(q.FreeFrom.Time)
	}
	if !q.FreeTo.IsZero() {
		flt.freeTo = unixDay(q.FreeTo.Time)
	}
	return flt
}

// tally is what filtering the matches finds: the results with their
// scores (nil without text), or their set, and the facet counts.
type tally struct {
	total   int
	results []int32   // nil when set holds the results …
	scores  []float32 // … and scored the scores by slot
	set     bitmap
	scored  []float32
	// counts is by facet and value id the results that have the value,
	// together with those that fail only this facet's filter: the results
	// the value would give if it were chosen.
	counts [numFacets][]int
	// freeCount likewise counts the results with free resources in the
	// period asked.
	freeCount int
}

// scan keeps the matches the actor may see that pass every filter and
// counts the facets in the same pass.
func (st *indexState) scan(flt *searchFilter, matched []int32, scores []float32, counted *[numFacets + 1]bool) tally {
	want, seeAll, partnerRole, own := flt.want, flt.seeAll, flt.partnerRole, flt.own
	freeFilter, freeFrom, freeTo := flt.free, flt.freeFrom, flt.freeTo
	var counts [numFacets][]int
	anyCounted := false
	for f := range numFacets {
		if counted[f] {
			counts[f] = make([]int, len(st.facetVal[f]))
			anyCounted = true
		}
	}
	freeCount := 0
	results := matched[:0]
	// Results and their scores are written over matched and scores, which
	// they never overtake.
	var resultScores []float32
	if scores != nil {
		resultScores = scores[:0]
	}
	for i, slot := range matched {
		if !seeAll && !(partnerRole && (slot == own || st.listed[slot])) {
			continue
		}
		b := int(slot) * numFacets
		pos := st.fpos[b : b+numFacets+1 : b+numFacets+1]
		fails, failed := 0, -1
		for f := range numFacets {
			if want[f] != nil && !anyIn(st.fvals[pos[f]:pos[f+1]], want[f]) {
				fails++
				failed = f
			}
		}
		freeOK := !freeFilter || st.freeIn(slot, freeFrom, freeTo)
		if !freeOK {
			fails++
			failed = numFacets
		}
		switch {
		case fails == 0:
			results = append(results, slot)
			if scores != nil {
				resultScores = append(resultScores, scores[i])
			}
			freeCount++
			if !anyCounted {
				continue
			}
			for f := range numFacets {
				if counts[f] != nil {
					for _, v := range st.fvals[pos[f]:pos[f+1]] {
						counts[f][v]++
					}
				}
			}
		case fails == 1 && failed < numFacets:
			if counts[failed] == nil {
				continue
			}
			for _, v := range st.fvals[pos[failed]:pos[failed+1]] {
				counts[failed][v]++
			}
		case fails == 1:
			if st.freeIn(slot, freeFrom, freeTo) {
				freeCount++
			}
		}
	}
	return tally{total: len(results), results: results, scores: resultScores, counts: counts, freeCount: freeCount}
}

// tallySets filters and counts with the slot sets: m, the visible slots
// that match the words (matched, or every one without words); by filtered
// facet the slots with a chosen value; the slots free in the period asked.
// The results are the slots in all of them, and a facet's counts those of
// each of its values among the slots that pass every filter but the
// facet's own.
func (st *indexState) tallySets(flt *searchFilter, matched []int32, scores []float32, counted *[numFacets + 1]bool, today int64, sc *scratch) tally {
	n := words(len(st.docs))
	m := sc.set(setMatches, n)
	switch {
	case flt.seeAll:
		m.assign(st.live)
	case flt.partnerRole:
		m.assign(st.listedLive)
		if flt.own >= 0 {
			m.set(flt.own)
		}
	}
	if matched != nil {
		w := sc.set(setWords, n)
		if cap(sc.scored) < len(st.docs) {
			sc.scored = make([]float32, len(st.docs))
		}
		sc.scored = sc.scored[:len(st.docs)]
		for i, slot := range matched {
			w.set(slot)
			sc.scored[slot] = scores[i]
		}
		m.and(w)
	}
	var filters [numFacets + 1]bitmap // nil for no filter; the last for the free period
	for f := range numFacets {
		if flt.want[f] == nil {
			continue
		}
		filters[f] = sc.set(setFilter+f, n)
		for id, chosen := range flt.want[f] {
			if chosen {
				filters[f].or(st.facetBits[f][id])
			}
		}
	}
	if flt.free {
		// The period is checked slot by slot: only for those with free
		// resources that may count, the results unless the counts of
		// another filtered facet need more.
		free := sc.set(setFree, n)
		free.assign(m)
		free.and(st.withFree)
		wide := false
		for f := range numFacets {
			wide = wide || filters[f] != nil && counted[f]
		}
		for f := range numFacets {
			if filters[f] != nil && !wide {
				free.and(filters[f])
			}
		}
		for slot := range free.slots() {
			if !st.freeIn(slot, flt.freeFrom, flt.freeTo) {
				free.unset(slot)
			}
		}
		filters[numFacets] = free
	}
	r := sc.set(setResults, n)
	r.assign(m)
	for _, fb := range filters {
		if fb != nil {
			r.and(fb)
		}
	}
	t := tally{total: r.count(), set: r}
	if matched != nil {
		t.scored = sc.scored
	}
	for f := range numFacets {
		if !counted[f] {
			continue
		}
		base := r
		if filters[f] != nil {
			base = sc.set(setBase, n)
			base.assign(m)
			for g, fb := range filters {
				if g != f && fb != nil {
					base.and(fb)
				}
			}
		}
		t.counts[f] = st.countValues(f, base)
	}
	switch {
	case !counted[numFacets]:
	case flt.free:
		t.freeCount = t.total
	default:
		// Without a period asked, the free facet counts the results
		// free from today on.
		for i, w := range r[:min(len(r), len(st.withFree))] {
			for w &= st.withFree[i]; w != 0; w &= w - 1 {
				if st.freeIn(int32(i<<6|bits.TrailingZeros64(w)), today, 1<<62) {
					t.freeCount++
				}
			}
		}
	}
	return t
}

// countValues counts by value id of facet f the slots of base that have
// the value: from the slots' columns when base is small, else as the
// size of each value's set within base.
func (st *indexState) countValues(f int, base bitmap) []int {
	counts := make([]int, len(st.facetVal[f]))
	if base.count()*8 < len(counts)*len(base) {
		for slot := range base.slots() {
			b := int(slot)*numFacets + f
			for _, v := range st.fvals[st.fpos[b]:st.fpos[b+1]] {
				counts[v]++
			}
		}
		return counts
	}
	for v, vb := range st.facetBits[f] {
		counts[v] = base.andCount(vb)
	}
	return counts
}

// countFree counts the slots with free resources from day on.
func (st *indexState) countFree(slots []int32, day int64) int {
	n := 0
	for _, slot := range slots {
		if st.freeIn(slot, day, 1<<62) {
			n++
		}
	}
	return n
}

// facetCounts returns the values of each facet the actor may see with
// their counts, the most frequent first; a value asked is listed even
// when nothing has it.
func (st *indexState) facetCounts(flt *searchFilter, t *tally, q Query, counted *[numFacets + 1]bool) map[string][]FacetValue {
	facets := map[string][]FacetValue{}
	for f := range numFacets {
		if !counted[f] {
			continue
		}
		want := flt.want[f]
		var vals []FacetValue
		for id, n := range t.counts[f] {
			sel := want != nil && want[id]
			if n > 0 || sel {
				vals = append(vals, FacetValue{Value: st.facetVal[f][id], Count: n, Selected: sel})
			}
		}
		for i, v := range q.Filters[f] {
			if _, ok := st.facetIDs[f][v]; !ok && !slices.Contains(q.Filters[f][:i], v) {
				vals = append(vals, FacetValue{Value: v, Selected: true})
			}
		}
		sort.Slice(vals, func(i, j int) bool {
			if vals[i].Count != vals[j].Count {
				return vals[i].Count > vals[j].Count
			}
			return vals[i].Value < vals[j].Value
		})
		facets[FacetNames[f]] = vals
	}
	return facets
}

// page appends to hits the results of q's page in q's order: only the
// first pages are sorted, in O(n log k). Results in a set are taken in
// name order by walking the name order when the page's end comes early
// in it.
func (st *indexState) page(hits []Hit, q Query, t *tally, today int64, seeAll bool, sc *scratch) []Hit {
	end := q.Page * q.PerPage
	if t.results == nil {
		if t.total == 0 {
			return hits
		}
		if (q.Sort == "name" || q.Sort == "-name") && end*len(st.byName) <= t.total*t.total {
			return st.walk(hits, q, t.total, today, seeAll, t.set, t.scored)
		}
		t.results = sc.results[:0]
		for slot := range t.set.slots() {
			t.results = append(t.results, slot)
		}
		sc.results = t.results
		if t.scored != nil {
			t.scores = make([]float32, len(t.results))
			for i, slot := range t.results {
				t.scores[i] = t.scored[slot]
			}
		}
	}
	less := st.order(q.Sort, t.scores, t.results)
	k := min(end, len(t.results))
	idx := topK(len(t.results), k, less)
	start := (q.Page - 1) * q.PerPage
	for _, i := range idx[min(start, len(idx)):] {
		h := st.hit(t.results[i], today, seeAll)
		if t.scores != nil {
			h.Score = t.scores[i]
		}
		hits = append(hits, h)
	}
	return hits
}

// hit is the organisation in slot as a result shows it; its kind only to
// staff (seeAll).
func (st *indexState) hit(slot int32, today int64, seeAll bool) Hit {
	d := &st.docs[slot]
	b := int(slot)*numFacets + FacetCompetency
	comps := st.fvals[st.fpos[b]:st.fpos[b+1]]
	h := Hit{ID: d.id, LegalName: d.name, City: d.city, Region: d.region, Country: d.country, Tier: d.tier,
		Published: d.published, Competencies: make([]string, len(comps)), FreeNow: st.freeIn(slot, today, 1<<62)}
	for i, v := range comps {
		h.Competencies[i] = st.facetVal[FacetCompetency][v]
	}
	if seeAll {
		h.Kind = d.kind
	}
	return h
}

// anyIn reports whether any of the facet value ids is in set, which is
// indexed by value id.
func anyIn(vals []uint16, set []bool) bool {
	for _, v := range vals {
		if set[v] {
			return true
		}
	}
	return false
}

// freeIn reports whether the organisation in slot has free resources on
// some day from from to to (unix days).
func (st *indexState) freeIn(slot int32, from, to int64) bool {
	for _, p := range st.freeList[st.freePos[slot]:st.freePos[slot+1]] {
		if p.from <= to && p.to >= from {
			return true
		}
	}
	return false
}

// order returns the comparison of result positions i and j for the sort.
func (st *indexState) order(sortBy string, scores []float32, results []int32) func(i, j int) bool {
	byName := func(i, j int) bool { return st.nameRank[results[i]] < st.nameRank[results[j]] }
	switch sortBy {
	case "relevance":
		if scores != nil {
			return func(i, j int) bool {
				if scores[i] != scores[j] {
					return scores[i] > scores[j]
				}
				return byName(i, j)
			}
		}
	case "-name":
		return func(i, j int) bool { return byName(j, i) }
	case "updated":
		return func(i, j int) bool {
			a, b := st.docs[results[i]].updated, st.docs[results[j]].updated
			if a != b {
				return a > b
			}
			return byName(i, j)
		}
	}
	return byName
}

// topK returns the positions of the first k of n elements in the order less,
// sorted, in O(n log k).
func topK(n, k int, less func(i, j int) bool) []int {
	if k <= 0 {
		return nil
	}
	// h is a max-heap (by less) of the best k seen so far.
	h := make([]int, 0, k)
	up := func(c int) {
		for c > 0 {
			p := (c - 1) / 2
			if !less(h[p], h[c]) {
				break
			}
			h[p], h[c] = h[c], h[p]
			c = p
		}
	}
	down := func() {
		p := 0
		for {
			l, r, m := 2*p+1, 2*p+2, p
			if l < len(h) && less(h[m], h[l]) {
				m = l
			}
			if r < len(h) && less(h[m], h[r]) {
				m = r
			}
			if m == p {
				return
			}
			h[p], h[m] = h[m], h[p]
			p = m
		}
	}
	for i := range n {
		if len(h) < k {
			h = append(h, i)
			up(len(h) - 1)
		} else if less(i, h[0]) {
			h[0] = i
			down()
		}
	}
	slices.SortFunc(h, func(a, b int) int {
		if less(a, b) {
			return -1
		}
		if less(b, a) {
			return 1
		}
		return 0
	})
	return h
}

// candidates returns the indexed terms a query token matches: itself, the
// words it starts, and, when neither exists, the words within its typo
// allowance.
func (st *indexState) candidates(tok string) []candidate {
	var out []candidate
	exact, hasExact := st.terms[tok]
	if hasExact && len(st.postings[exact]) > 0 {
		out = append(out, candidate{exact, exactFactor})
	}
	if len(tok) >= 2 {
		i := sort.Search(len(st.sorted), func(i int) bool { return st.termText[st.sorted[i]] >= tok })
		for ; i < len(st.sorted) && len(out) < maxExpansion; i++ {
			id := st.sorted[i]
			t := st.termText[id]
			if !strings.HasPrefix(t, tok) {
				break
			}
			if t != tok {
				out = append(out, candidate{id, prefixFactor})
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	n := len([]rune(tok))
	maxD := maxTypos(n)
	if maxD == 0 {
		return nil
	}
	for l := n - maxD; l <= n+maxD; l++ {
		for _, id := range st.byLen[l] {
			if len(st.postings[id]) > 0 && editDistance(tok, st.termText[id], maxD) <= maxD {
				out = append(out, candidate{id, typoFactor})
			}
		}
	}
	return out
}

// matchTokens returns the slots of documents that match every token, with
// their scores. Tokens are taken rarest first so that the working set starts
// small.
func (st *indexState) matchTokens(tokens []string, sc *scratch) ([]int32, []float32) {
	type tokCands struct {
		cands []candidate
		size  int
	}
	all := make([]tokCands, len(tokens))
	for i, t := range tokens {
		all[i].cands = st.candidates(t)
		for _, c := range all[i].cands {
			all[i].size += len(st.postings[c.term])
		}
		if all[i].size == 0 {
			return nil, nil
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].size < all[j].size })

	n := len(st.docs)
	if cap(sc.hits) < n {
		sc.hits, sc.best, sc.score = make([]uint8, n), make([]float32, n), make([]float32, n)
	}
	hits, best, score := sc.hits[:n], sc.best[:n], sc.score[:n]
	sc.touched = sc.touched[:0]
	for ti, tc := range all {
		step := uint8(ti)
		for _, c := range tc.cands {
			for _, p := range st.postings[c.term] {
				if !st.live.has(p.slot) {
					continue
				}
				w := weightOf(p.fields) * c.factor
				switch hits[p.slot] {
				case step:
					if ti == 0 {
						sc.touched = append(sc.touched, p.slot)
					}
					hits[p.slot] = step + 1
					best[p.slot] = w
				case step + 1:
					best[p.slot] = max(best[p.slot], w)
				}
			}
		}
		for _, slot := range sc.touched {
			if hits[slot] == step+1 {
				score[slot] += best[slot]
			}
		}
	}
	matched, scores := sc.matched[:0], sc.scores[:0]
	want := uint8(len(all))
	for _, slot := range sc.touched {
		if hits[slot] == want {
			matched = append(matched, slot)
			scores = append(scores, score[slot])
		}
		hits[slot], best[slot], score[slot] = 0, 0, 0
	}
	sc.matched, sc.scores = matched, scores
	return matched, scores
}
