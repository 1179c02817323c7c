package directory

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"pakt/internal/auth"
	"pakt/internal/geo"
)

// MatchFilter is what the concierge asks the directory: partners for some
// competencies or a topic, narrowed by place, industry and size. Matching
// reads the in-memory index, so that ranking every partner stays fast.
type MatchFilter struct {
	// Competencies are competency ids: a partner with any of them matches.
	Competencies []string
	// Topic is free text: a partner whose profile mentions it matches.
	Topic string
	// Region, when set, keeps the partners whose region it accepts; it is
	// asked once per distinct region, not per partner.
	Region   func(region string) bool
	Country  string
	Industry string
	Size     string
	// From and To ask for free resources on some day of the period; both
	// zero ask nothing.
	From, To Date
	// Today decides which certifications are still valid.
	Today time.Time
	// Within, when set, keeps only the partners whose place is known and
	// lies in the box: a radius question's bounding box, which spares
	// the facts of the partners far away.
	Within *Box
	// Marked are organisation ids whose facts name them (MatchFact.Mark),
	// so that the caller finds what it knows of a few partners without
	// every fact carrying its id.
	Marked []string
}

// Box is a range of latitudes and longitudes, in degrees, bounds
// included.
type Box struct{ MinLat, MaxLat, MinLon, MaxLon float64 }

// MatchFact is what the directory knows of a partner that matches a
// MatchFilter, for the concierge to rank. It holds no slices, so that
// facts of tens of thousands of partners fit in one reused buffer.
type MatchFact struct {
	ID, Name, City, Region, Country, Size string
	// Order is the partner's position in the directory's name order; no
	// two facts of one matching share it.
	Order int32
	// Mark is 1 + the position of the partner's id in the filter's
	// Marked (the first, if there twice), 0 when not there.
	Mark int
	// Competencies has bit i set when the partner has the i-th of the
	// filter's competencies.
	Competencies uint64
	// References counts the references that mention the topic (at most 8).
	References int
	// Certification is the valid certification to name, when Certified:
	// one that mentions the topic, else any; of those the one valid
	// longest (a certification without expiry counts as longest).
	Certified     bool
	Certification CertFact
	// Free resources on some day of the period, in tenths by unit: those
	// whose skill mentions the topic and the others.
	FreeTopicDays, FreeTopicFTE, FreeOtherDays, FreeOtherFTE int
	// Mentions reports whether the free-text topic occurs in the profile
	// (competencies, certifications, references, resources, description).
	Mentions bool
	// Lat and Lon locate the partner's city, when Located.
	Located  bool
	Lat, Lon float64
	lazy     lazyFact
}

// lazyFact says where Complete finds the rest of a fact from MatchFacts.
type lazyFact struct {
	src   *indexState // nil once complete, as the rest
	slot  int32
	certs uint8 // which certifications mention the topic, bit i the i-th
	today int32 // unix day
}

// Complete fills in what MatchFacts leaves out, so that scoring every
// match stays cheap (each of these is a read far from the others): the
// ID, name, city, region, country and size, and the certification's name
// and expiry. Only Order, Mark and the numbers the score needs are there
// before. Call it within the yield, before copying the fact; a fact made
// otherwise is complete already.
func (f *MatchFact) Complete() {
	st, slot, certs, today := f.lazy.src, f.lazy.slot, f.lazy.certs, f.lazy.today
	if st == nil {
		return
	}
	f.lazy = lazyFact{}
	d := &st.docs[slot]
	f.ID, f.Name, f.City, f.Region, f.Country = d.id, d.name, d.city, d.region, d.country
	b := int(slot)*numFacets + FacetSize
	if size := st.fvals[st.fpos[b]:st.fpos[b+1]]; len(size) > 0 {
		f.Size = st.facetVal[FacetSize][size[0]]
	}
	if f.Certified {
		i, _ := st.bestCert(slot, certs, today)
		at := int(st.certPos[slot]) + i
		f.Certification.Name = st.certName[at]
		if until := st.certUntil[at]; until != noExpiry {
			f.Certification.ValidUntil = Date{time.Unix(int64(until)*86400, 0).UTC()}
		}
	}
}

// CertFact is a valid certification of a matching partner.
type CertFact struct {
	Name string
	// ValidUntil is zero for a certification that does not expire.
	ValidUntil Date
	Relevant   bool
}

// MaxMatchCompetencies bounds the competencies of a MatchFilter.
const MaxMatchCompetencies = 64

// point is where a city is; NaN when unknown.
type point struct{ lat, lon float32 }

// place returns where the city is, looked up once per index.
func (st *indexState) place(country, city string) point {
	key := country + "\t" + city
	if p, ok := st.places[key]; ok {
		return p
	}
	p := point{float32(math.NaN()), float32(math.NaN())}
	if city != "" {
		if g, ok := geo.Lookup(country, city); ok {
			p = point{float32(g.Lat), float32(g.Lon)}
		}
	}
	st.places[key] = p
	return p
}

// contentFields are the fields whose mention of the topic makes a partner
// a match; a name, domain or place that happens to contain the word does
// not.
const contentFields = fCompetency | fCertification | fReference | fResource | fDescription

// stopWords are left out of the topic: they occur everywhere and say
// nothing. They are folded.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`and und the der die das for fur von with mit und oder or in im on an auf zu to of
		den dem des ein eine einer und sowie as als bei by`) {
		stopWords[Fold(w)] = true
	}
}

// entryBit is the mask bit of a profile entry by its position; entries
// from the eighth on share the last bit.
func entryBit(i int) uint8 { return 1 << min(i, 7) }

// intern returns s, kept once per index.
func (st *indexState) intern(s string) string {
	if v, ok := st.interned[s]; ok {
		return v
	}
	st.interned[s] = s
	return s
}

// maxTopicExpansion bounds the words a topic word that is a prefix
// expands to.
const maxTopicExpansion = 50

// matchScratch holds per-slot masks for one matching, reused.
type matchScratch struct {
	masks        []entryMasks // by slot
	touched      []int32
	set, regions bitmap
}

// entryMasks say which of a slot's entries hold a word of the topic (bit
// i the i-th, see entryBit) and whether a content field mentions the
// free text: one word per slot, read and written at once.
type entryMasks struct {
	refs, certs, res uint8
	mentions         bool
}

var matchPool = sync.Pool{New: func() any { return &matchScratch{} }}

// MatchFacts hands yield the facts of every listed partner other than the
// organisation own (empty for none) that matches f: it has one of the
// competencies, or its profile mentions the topic; and it is in the region,
// country, industry and size asked. Each fact is handed to yield, in no
// particular order, in one struct that the next fact overwrites: yield
// calls Complete on and copies what it keeps, and changes nothing else.
// The index is read-locked meanwhile, so yield must be quick and must not
// search the directory.
func (ix *Index) MatchFacts(own string, f MatchFilter, yield func(*MatchFact)) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ix.st.matchFacts(own, f, yield)
}

// topicTokens returns the folded words of text that may be looked up.
func topicTokens(text string, minLen int) []string {
	var out []string
	for _, t := range Tokens(text) {
		if len(t) >= minLen && !stopWords[t] && !IsLegalForm(t) && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// acronyms returns the initials of names of two to four words ("Virtual
// Reality" → "vr", "Künstliche Intelligenz" → "ki"): references and
// skills name a topic by them as often as in full.
func acronyms(names ...string) []string {
	var out []string
	for _, name := range names {
		words := Tokens(name)
		if len(words) < 2 || len(words) > 4 {
			continue
		}
		var b strings.Builder
		for _, w := range words {
			b.WriteByte(w[0])
		}
		if a := b.String(); !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// expand returns the term ids of tok: the term itself and, for words of
// three letters or more, the words it starts.
func (st *indexState) expand(tok string) []int32 {
	var out []int32
	if id, ok := st.terms[tok]; ok {
		out = append(out, id)
	}
	if len(tok) < 3 {
		return out
	}
	i := sort.Search(len(st.sorted), func(i int) bool { return st.termText[st.sorted[i]] >= tok })
	for n := 0; i < len(st.sorted) && n < maxTopicExpansion; i++ {
		id := st.sorted[i]
		t := st.termText[id]
		if !strings.HasPrefix(t, tok) {
			break
		}
		if t != tok {
			out = append(out, id)
			n++
		}
	}
	return out
}

// matchFacts hands yield the facts of the partners that match f, in steps:
// the topic's terms, the entries and mentions they mark per document, the
// filters resolved against the index, then one pass over the candidates.
func (st *indexState) matchFacts(own string, f MatchFilter, yield func(*MatchFact)) {
	// Allocated here, so that the maps and sets can stay on the stack.
	textTerms, compTerms := map[int32]bool{}, map[int32]bool{}
	st.topicTerms(f, textTerms, compTerms)
	sc := matchPool.Get().(*matchScratch)
	defer matchPool.Put(sc)
	sc.reset(len(st.docs))
	for id := range textTerms {
		sc.mark(st, id, true)
	}
	for id := range compTerms {
		sc.mark(st, id, false)
	}
	defer sc.clear()
	m := matcher{compBit: make([]uint64, len(st.facetVal[FacetCompetency]))}
	if f.Region != nil {
		m.region = make([]bool, len(st.facetVal[FacetRegion]))
	}
	if !st.resolve(&m, own, f) {
		return
	}
	fact := &MatchFact{}
	if !matchBySets {
		for slot := range st.live.slots() {
			if st.fact(slot, &m, sc, fact, false) {
				yield(fact)
			}
		}
		return
	}
	for slot := range st.matchSet(&m, f, sc).slots() {
		if st.fact(slot, &m, sc, fact, true) {
			yield(fact)
		}
	}
}

// matchBySets tells matchFacts to take its candidates from matchSet, not
// every live slot; a variable for the test that compares both.
var matchBySets = true

// matchSet returns the slots that may match, from the slot sets: the
// listed ones with one of the competencies or marked by the topic, in the
// country, industry, size and region asked. fact decides on each.
func (st *indexState) matchSet(m *matcher, f MatchFilter, sc *matchScratch) bitmap {
	n := words(len(st.docs))
	set := reuse(&sc.set, n)
	for _, c := range f.Competencies {
		if id, ok := st.facetIDs[FacetCompetency][c]; ok {
			set.or(st.facetBits[FacetCompetency][id])
		}
	}
	for _, slot := range sc.touched {
		set.set(slot)
	}
	set.and(st.listedLive)
	for _, want := range [...]struct{ facet, id int }{{FacetCountry, m.country}, {FacetIndustry, m.industry}, {FacetSize, m.size}} {
		if want.id >= 0 {
			set.and(st.facetBits[want.facet][want.id])
		}
	}
	if m.region != nil {
		regions := reuse(&sc.regions, n)
		for id, ok := range m.region {
			if ok {
				regions.or(st.facetBits[FacetRegion][id])
			}
		}
		set.and(regions)
	}
	return set
}

// topicTerms adds the term ids of the topic to textTerms, the free text's
// words, and to compTerms, apart from those, the words of the requested
// competencies' names (whose mention in a reference, certification or
// skill makes that entry relevant).
func (st *indexState) topicTerms(f MatchFilter, textTerms, compTerms map[int32]bool) {
	for _, tok := range topicTokens(f.Topic, 2) {
		for _, id := range st.expand(tok) {
			textTerms[id] = true
		}
	}
	for _, cid := range f.Competencies {
		c, ok := st.comps[cid]
		if !ok {
			continue
		}
		toks := topicTokens(c.NameDE+" "+c.NameEN, 3)
		if !strings.Contains(c.Slug, "-") {
			toks = append(toks, Tokens(c.Slug)...)
		}
		toks = append(toks, acronyms(c.NameDE, c.NameEN)...)
		for _, tok := range toks {
			for _, id := range st.expand(tok) {
				if !textTerms[id] {
					compTerms[id] = true
				}
			}
		}
	}
}

// reset sizes the masks for n slots; they are all clear.
func (sc *matchScratch) reset(n int) {
	if cap(sc.masks) < n {
		sc.masks = make([]entryMasks, n)
	}
	sc.masks = sc.masks[:n]
	sc.touched = sc.touched[:0]
}

// mark records for each document term id occurs in which of its entries
// hold the term and, for a word of the free text, whether a content field
// mentions it.
func (sc *matchScratch) mark(st *indexState, id int32, text bool) {
	// Postings of dead slots are marked too: they are never asked for.
	masks := sc.masks
	for _, p := range st.postings[id] {
		m := text && p.fields&contentFields != 0
		if p.refs|p.certs|p.res == 0 && !m {
			continue
		}
		e := &masks[p.slot]
		if *e == (entryMasks{}) {
			sc.touched = append(sc.touched, p.slot)
		}
		e.refs |= p.refs
		e.certs |= p.certs
		e.res |= p.res
		e.mentions = e.mentions || m
	}
}

// clear clears the masks of the marked slots for the next matching.
func (sc *matchScratch) clear() {
	for _, slot := range sc.touched {
		sc.masks[slot] = entryMasks{}
	}
	sc.touched = sc.touched[:0]
}

// matcher is a MatchFilter resolved against the index.
type matcher struct {
	// compBit is by competency value id its bit in MatchFact.Competencies.
	compBit []uint64
	// compSets are the slot sets of the filter's competencies, by bit
	// (nil for a competency no one has): a slot's bits are read from
	// them rather than from its column far away.
	compSets []bitmap
	// compWords are the compSets' words of slot set word word (-1 before
	// the first): slots asked in order read each word once.
	compWords []uint64
	word      int
	// country, industry and size are the value ids asked, -1 for any.
	country, industry, size int
	// region is by region value id whether the filter accepts it; nil
	// accepts every region.
	region  []bool
	ownSlot int32 // the asking partner's own slot, -1 for none
	today   int32 // unix day
	// freeAsked tells whether free resources from from to to (unix days)
	// are asked.
	freeAsked bool
	from, to  int64
	within    *Box
	// marks are the slots of the filter's Marked, in slot order; next is
	// the first not passed yet by the slots asked in order.
	marks []markAt
	next  int
}

// markAt is a marked slot and its MatchFact.Mark.
type markAt struct{ slot, mark int32 }

// resolve fills m with f resolved against the index for the organisation
// own; m comes with compBit sized to the competency values and, when f has
// a Region, region sized to the region values. It returns false when f
// asks a value the index has never seen, which matches nothing.
func (st *indexState) resolve(m *matcher, own string, f MatchFilter) bool {
	m.ownSlot, m.today = -1, int32(unixDay(f.Today))
	m.freeAsked, m.from, m.to = !f.From.IsZero() || !f.To.IsZero(), -1<<62, 1<<62
	m.within, m.compSets, m.compWords, m.word = f.Within, make([]bitmap, len(f.Competencies)), make([]uint64, len(f.Competencies)), -1
	for i, c := range f.Competencies {
		if id, ok := st.facetIDs[FacetCompetency][c]; ok {
			m.compBit[id] |= 1 << i
			m.compSets[i] = st.facetBits[FacetCompetency][id]
		}
	}
	for i, id := range f.Marked {
		if slot, ok := st.slotOf[id]; ok {
			m.marks = append(m.marks, markAt{slot, int32(i + 1)})
		}
	}
	slices.SortFunc(m.marks, func(a, b markAt) int { return cmp.Or(cmp.Compare(a.slot, b.slot), cmp.Compare(a.mark, b.mark)) })
	single := func(facet int, v string) (want int, ok bool) {
		if v == "" {
			return -1, true
		}
		id, ok := st.facetIDs[facet][v]
		return int(id), ok
	}
	var okC, okI, okS bool
	m.country, okC = single(FacetCountry, f.Country)
	m.industry, okI = single(FacetIndustry, f.Industry)
	m.size, okS = single(FacetSize, f.Size)
	if !okC || !okI || !okS {
		return false
	}
	if f.Region != nil {
		for id, v := range st.facetVal[FacetRegion] {
			m.region[id] = f.Region(v)
		}
	}
	if slot, ok := st.slotOf[own]; ok && own != "" {
		m.ownSlot = slot
	}
	if !f.From.IsZero() {
		m.from = unixDay(f.From.Time)
	}
	if !f.To.IsZero() {
		m.to = unixDay(f.To.Time)
	}
	return true
}

// fact reports whether the partner in slot matches and, when it does,
// writes over fact what scoring needs (see MatchFact.Complete). Slots are
// asked in increasing order. A slot fromSet comes from matchSet, which
// has checked that it is listed and in the country, industry, size and
// region asked. The slot's other data are read from columns in slot
// order, not from its document.
func (st *indexState) fact(slot int32, m *matcher, sc *matchScratch, fact *MatchFact, fromSet bool) bool {
	if slot == m.ownSlot {
		return false
	}
	if !fromSet && !st.inFilter(slot, m) {
		return false
	}
	// The topic first: it rules out most partners.
	if w := int(slot >> 6); w != m.word {
		m.word = w
		for i, set := range m.compSets {
			m.compWords[i] = 0
			if w < len(set) {
				m.compWords[i] = set[w]
			}
		}
	}
	bit := slot & 63
	var comps uint64
	for i, cw := range m.compWords {
		comps |= (cw >> bit & 1) << i
	}
	e := sc.masks[slot]
	refs, certs, res, mentions := e.refs, e.certs, e.res, e.mentions
	if comps == 0 && refs|certs|res == 0 && !mentions {
		return false
	}
	p := st.coords[slot]
	located := !math.IsNaN(float64(p.lat))
	if b := m.within; b != nil && (!located || float64(p.lat) < b.MinLat || float64(p.lat) > b.MaxLat ||
		float64(p.lon) < b.MinLon || float64(p.lon) > b.MaxLon) {
		return false
	}
	// The fact is written field by field: only one that was completed
	// holds more (its names), which go.
	if fact.lazy.src == nil {
		*fact = MatchFact{}
	}
	fact.Order, fact.Mark, fact.Competencies, fact.References, fact.Mentions = st.nameRank[slot], 0, comps, popcount(refs), mentions
	fact.lazy = lazyFact{src: st, slot: slot, certs: certs, today: m.today}
	fact.Located, fact.Lat, fact.Lon = false, 0, 0
	if located {
		fact.Located, fact.Lat, fact.Lon = true, float64(p.lat), float64(p.lon)
	}
	fact.Certified, fact.Certification.Relevant = false, false
	if certs == 0 {
		// No certification mentions the topic: the one named is the one
		// valid longest, if it is valid still.
		fact.Certified = st.longest[slot] >= m.today
	} else if i, relevant := st.bestCert(slot, certs, m.today); i >= 0 {
		fact.Certified, fact.Certification.Relevant = true, relevant
	}
	fact.FreeTopicDays, fact.FreeTopicFTE, fact.FreeOtherDays, fact.FreeOtherFTE = 0, 0, 0, 0
	if m.freeAsked && st.withFree.has(slot) {
		st.freeFact(slot, res, m.from, m.to, fact)
	}
	for m.next < len(m.marks) && m.marks[m.next].slot < slot {
		m.next++
	}
	if m.next < len(m.marks) && m.marks[m.next].slot == slot {
		fact.Mark = int(m.marks[m.next].mark)
	}
	return true
}

// inFilter reports whether slot is live, listed and in the country,
// industry, size and region asked, from its columns.
func (st *indexState) inFilter(slot int32, m *matcher) bool {
	if !st.live.has(slot) || !st.listed[slot] {
		return false
	}
	b := int(slot) * numFacets
	pos := st.fpos[b : b+numFacets+1 : b+numFacets+1]
	for _, want := range [...]struct{ facet, id int }{{FacetCountry, m.country}, {FacetIndustry, m.industry}, {FacetSize, m.size}} {
		if want.id >= 0 && !slices.Contains(st.fvals[pos[want.facet]:pos[want.facet+1]], uint16(want.id)) {
			return false
		}
	}
	return m.region == nil || anyIn(st.fvals[pos[FacetRegion]:pos[FacetRegion+1]], m.region)
}

// bestCert returns the position among slot's certifications of the valid
// one to show, -1 for none: one that mentions the topic (bit i of
// relevantBits for the i-th), else any; of those the one valid longest.
func (st *indexState) bestCert(slot int32, relevantBits uint8, today int32) (best int, relevant bool) {
	best, bestUntil := -1, int32(0)
	for i, until := range st.certUntil[st.certPos[slot]:st.certPos[slot+1]] {
		r := relevantBits&entryBit(i) != 0
		if until < today || (relevant && !r) {
			continue
		}
		if best < 0 || r && !relevant || until > bestUntil {
			best, bestUntil, relevant = i, until, r
		}
	}
	return best, relevant
}

// freeFact adds up the free resources of slot on some day from from to to,
// by unit, those whose skill mentions the topic (bit i of relevantBits for
// the i-th) apart.
func (st *indexState) freeFact(slot int32, relevantBits uint8, from, to int64, fact *MatchFact) {
	for i, p := range st.freeList[st.freePos[slot]:st.freePos[slot+1]] {
		if p.from > to || p.to < from {
			continue
		}
		relevant := relevantBits&entryBit(i) != 0
		switch {
		case relevant && p.fte:
			fact.FreeTopicFTE += int(p.tenths)
		case relevant:
			fact.FreeTopicDays += int(p.tenths)
		case p.fte:
			fact.FreeOtherFTE += int(p.tenths)
		default:
			fact.FreeOtherDays += int(p.tenths)
		}
	}
}

// popcount counts the bits set in b.
func popcount(b uint8) int {
	n := 0
	for ; b != 0; b &= b - 1 {
		n++
	}
	return n
}

// Whereabouts returns the country and city of an organisation the actor
// may see, and false when there is none.
func (ix *Index) Whereabouts(a *auth.Actor, id string) (country, city string, ok bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := ix.st
	slot, ok := st.slotOf[id]
	if !ok || !st.visible(a, slot) {
		return "", "", false
	}
	d := &st.docs[slot]
	return d.country, d.city, true
}
