package directory

import (
	"bytes"
	"context"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"pakt/internal/auth"
	"pakt/internal/db"
)

// Index is the partner directory's search index. It lives in memory and is
// kept current from the organisations' change numbers: before each search
// it reads the counters' marks and loads what changed since, so several pakt
// processes on one PostgreSQL database answer alike.
type Index struct {
	src Source

	refreshMu sync.Mutex  // one loader at a time
	reloading atomic.Bool // a full reload is being built
	mu        sync.RWMutex
	st        *indexState  // nil until the first load
	ready     readiness    // whether the first load is done (see ready.go)
	lastLoad  atomic.Int64 // nanoseconds the last full load took
	snap      *snapshots   // where the index keeps its snapshot; nil: nowhere (see snapshot.go)
}

// Stats is what the index holds and how long its last full load took, for
// the metrics.
type Stats struct {
	Ready         bool
	Organisations int // live ones
	Terms         int
	LastLoad      time.Duration
}

// Stats returns the index's figures now.
func (ix *Index) Stats() Stats {
	st := Stats{Ready: ix.Ready(), LastLoad: time.Duration(ix.lastLoad.Load())}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.st != nil {
		st.Organisations, st.Terms = len(ix.st.slotOf), len(ix.st.termText)
	}
	return st
}

// indexState is the content of the index. Small changes are applied to it
// in place under the write lock; a full reload builds a new one without the
// lock and swaps it in, so searches go on meanwhile.
type indexState struct {
	seq     db.Mark // organisation changes applied
	compSeq db.Mark // competency taxonomy version applied

	docs   []doc            // slot → document; zero once replaced or deleted
	slotOf map[string]int32 // organisation id → live slot
	dead   int
	// nListed counts the live slots that are listed.
	nListed int

	terms    map[string]int32 // term → term id
	termText []string         // term id → term
	postings [][]posting      // term id → documents containing it (dead ones too, until the next full reload)
	byLen    map[int][]int32  // term length → term ids, for typo matching
	sorted   []int32          // term ids in term order, for prefix matching
	byName   []int32          // live slots in name order
	nameRank []int32          // slot → position in byName
	building bool             // a full load: sorted and order are made once at the end
	tz       tokenizer        // splits the texts of the document being added
	// The terms of the competencies' names and of the countries' names,
	// split once: every organisation has some.
	compTerms    map[string][]int32
	countryTerms map[string][]int32

	comps    map[string]Competency
	facetIDs [numFacets]map[string]uint16
	facetVal [numFacets][]string

	// Columns by slot for the scan over every match, which a query
	// without text makes over the whole directory: small contiguous
	// arrays instead of a pointer chase to each doc and its slices, so
	// that the scan is not bound by cache misses.
	listed []bool // slot → Listed: other partners see it
	// Sets of live slots: every one, the listed ones, those with free
	// resources, and by facet and value id those with the value. A query
	// without words filters and counts with them, word by word.
	live, listedLive, withFree bitmap
	facetBits                  [numFacets][]bitmap
	fpos                       []uint32 // facet f of slot s is fvals[fpos[s*numFacets+f]:fpos[s*numFacets+f+1]]
	fvals                      []uint16 // facet value ids, slot by slot, facet by facet
	freePos                    []uint32 // the free periods of slot s are freeList[freePos[s]:freePos[s+1]]
	freeList                   []period
	certPos                    []uint32 // the certifications of slot s are certName[certPos[s]:certPos[s+1]], and so certUntil
	certName                   []string
	certUntil                  []int32           // their last valid day (unix days; noExpiry when none; minDay, never valid, when not verified), apart: matching reads only these
	longest                    []int32           // slot → the last valid day of its certification valid longest; minDay for none
	interned                   map[string]string // certification names, kept once
	coords                     []point           // slot → where its city is
	places                     map[string]point  // country and city → where, looked up once
}

// posting is one document a term occurs in. Besides the fields, it says
// which of the document's first eight references, certifications and
// resources (bit i: the i-th) hold the term, for the concierge's matching;
// the masks fit in the struct's padding.
type posting struct {
	slot   int32
	fields uint8
	refs   uint8
	certs  uint8
	res    uint8
}

// Fields a term can occur in, and their weight in ranking.
const (
	fName uint8 = 1 << iota
	fCompetency
	fDomain
	fPlace
	fCertification
	fReference
	fResource
	fDescription
)

var fieldWeights = []struct {
	field  uint8
	weight float32
}{{fName, 10}, {fCompetency, 6}, {fDomain, 5}, {fPlace, 4}, {fCertification, 3}, {fReference, 3}, {fResource, 2}, {fDescription, 1}}

func weightOf(fields uint8) float32 {
	for _, fw := range fieldWeights {
		if fields&fw.field != 0 {
			return fw.weight
		}
	}
	return 0
}

// The facets of the directory.
const (
	FacetCompetency = iota
	FacetRegion
	FacetCountry
	FacetIndustry
	FacetTier
	FacetSize
	FacetKind
	FacetStatus
	numFacets
)

// FacetNames are the query parameter names of the facets, by facet number.
var FacetNames = [numFacets]string{"competency", "region", "country", "industry", "tier", "size", "kind", "status"}

// StaffFacet reports whether facet f is the programme's own business
// (an organisation's kind and status): staff filter and count by it,
// partners get neither its values, nor its counts, nor its filter.
func StaffFacet(f int) bool { return f == FacetKind || f == FacetStatus }

// doc is what the index keeps of an organisation: with the columns of its
// slot (facets, free periods, listing), enough to filter, count facets,
// rank and show a hit without reading the database, but for its snippet:
// 240 characters of every description would be a sixth of the index, for
// the twenty a page shows (Index.Search's caller reads them).
type doc struct {
	// The short fields repeat from organisation to organisation and are
	// kept once per index; the competencies are the slot's column.
	id, name, city, region, country, tier, kind string
	published                                   bool
	updated                                     int64
}

// period is a free resource: its days (unix days) and amount.
type period struct {
	from, to int64
	tenths   int32
	fte      bool
}

const noExpiry = int32(1<<31 - 1)

// minDay is before every day.
const minDay = int32(-1 << 31)

// NewIndex returns an empty index over src; it loads on first use.
func NewIndex(src Source) *Index {
	return &Index{src: src, st: newState(nil, true)}
}

func newState(comps []Competency, building bool) *indexState {
	st := &indexState{slotOf: map[string]int32{}, terms: map[string]int32{}, byLen: map[int][]int32{},
		comps: map[string]Competency{}, fpos: []uint32{0}, freePos: []uint32{0}, certPos: []uint32{0}, interned: map[string]string{},
		places: map[string]point{}, building: building, compTerms: map[string][]int32{}, countryTerms: map[string][]int32{}}
	for f := range st.facetIDs {
		st.facetIDs[f] = map[string]uint16{}
	}
	for _, c := range comps {
		st.comps[c.ID] = c
	}
	return st
}

// current returns the loaded state and whether it has been loaded at all.
func (ix *Index) current() (seq, compSeq db.Mark, dead, size int, loaded bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.st.seq, ix.st.compSeq, ix.st.dead, len(ix.st.docs), !ix.st.building
}

// refresh brings the index up to date with the database (see Refresh).
// While a full reload is being built (after a change of the competency
// taxonomy, or when many documents were replaced), searches answer from the
// previous state.
//
// Many searches arriving while others change the directory must not each
// load the changes: a search that finds a load under way waits for it and
// is done when the loaded state holds every change it saw committed; only
// otherwise does it load itself.
func (ix *Index) refresh(ctx context.Context) error {
	orgSeq, compSeq, err := ix.src.Counters(ctx)
	if err != nil {
		return err
	}
	seq, cseq, _, _, loaded := ix.current()
	if loaded && seq.AtLeast(orgSeq) && cseq.AtLeast(compSeq) {
		return nil
	}
	if !ix.refreshMu.TryLock() {
		if loaded && ix.reloading.Load() {
			return nil
		}
		ix.refreshMu.Lock()
		seq, cseq, _, _, loaded = ix.current()
		if loaded && seq.AtLeast(orgSeq) && cseq.AtLeast(compSeq) {
			ix.refreshMu.Unlock()
			return nil
		}
	}
	defer ix.refreshMu.Unlock()
	// Load up to the counters as they are now: at least as new as what
	// the caller saw, and what the searches waiting meanwhile saw.
	if orgSeq, compSeq, err = ix.src.Counters(ctx); err != nil {
		return err
	}
	seq, cseq, dead, size, loaded := ix.current()
	if loaded && seq == orgSeq && cseq == compSeq {
		return nil
	}
	full := !loaded || compSeq != cseq || dead > size/3+1000
	if full {
		return ix.reload(ctx, orgSeq, compSeq)
	}
	// Changes committed after the counter was read have higher numbers in
	// their shards: they are left out now and loaded next time.
	orgs, deleted, err := ix.src.Changed(ctx, seq, orgSeq)
	if err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, id := range deleted {
		ix.st.remove(id)
	}
	for i := range orgs {
		ix.st.remove(orgs[i].ID)
		ix.st.add(&orgs[i])
	}
	ix.st.seq = orgSeq
	return nil
}

// reload builds a whole new state and swaps it in.
func (ix *Index) reload(ctx context.Context, orgSeq, compSeq db.Mark) error {
	ix.reloading.Store(true)
	defer ix.reloading.Store(false)
	start := time.Now()
	comps, err := ix.src.Competencies(ctx)
	if err != nil {
		return err
	}
	var st *indexState
	if ix.snap != nil && !ix.Ready() {
		st = ix.restore(ctx, comps, orgSeq, compSeq)
	}
	restored := st != nil
	if !restored {
		st = newState(comps, true)
		err = ix.src.Each(ctx, orgSeq, func(p *Profile) error {
			st.add(p)
			return nil
		})
		if err != nil {
			return err
		}
		st.sortAll()
		st.seq, st.compSeq = orgSeq, compSeq
	}
	ix.mu.Lock()
	ix.st = st
	ix.mu.Unlock()
	ix.lastLoad.Store(int64(time.Since(start)))
	if ix.snap != nil && !restored {
		ix.saveSnapshot()
	}
	// A full load leaves behind several times the index in garbage (the
	// rows read, the previous state), which the runtime would hand back
	// to the system only slowly: at 100 000 organisations some 180 MB of
	// resident memory. One collection now returns it at once.
	debug.FreeOSMemory()
	return nil
}

// remove takes an organisation out of the name order; its postings stay
// until the next full reload and are skipped by searches.
func (st *indexState) remove(id string) {
	slot, ok := st.slotOf[id]
	if !ok {
		return
	}
	st.docs[slot] = doc{}
	if st.listed[slot] {
		st.nListed--
	}
	st.live.unset(slot)
	st.listedLive.unset(slot)
	st.withFree.unset(slot)
	for f := range numFacets {
		b := int(slot)*numFacets + f
		for _, v := range st.fvals[st.fpos[b]:st.fpos[b+1]] {
			st.facetBits[f][v].unset(slot)
		}
	}
	delete(st.slotOf, id)
	st.dead++
	if !st.building {
		pos := int(st.nameRank[slot])
		st.byName = slices.Delete(st.byName, pos, pos+1)
		st.renumber(pos)
	}
}

// renumber sets the name rank of every slot from order position pos on.
func (st *indexState) renumber(pos int) {
	for i := pos; i < len(st.byName); i++ {
		st.nameRank[st.byName[i]] = int32(i)
	}
}

// nameCompare orders slots a and b by name, whose sort keys are keyA and
// keyB.
func (st *indexState) nameCompare(a, b int32, keyA, keyB string) int {
	if c := strings.Compare(keyA, keyB); c != 0 {
		return c
	}
	return strings.Compare(st.docs[a].id, st.docs[b].id)
}

func (st *indexState) facetID(f int, v string) uint16 {
	id, ok := st.facetIDs[f][v]
	if !ok {
		id = uint16(len(st.facetVal[f]))
		st.facetIDs[f][v] = id
		st.facetVal[f] = append(st.facetVal[f], v)
		st.facetBits[f] = append(st.facetBits[f], nil)
	}
	return id
}

// visible is CanView for the organisation in slot, from the index: staff
// see every one, partner users their own and the listed ones.
func (st *indexState) visible(a *auth.Actor, slot int32) bool {
	return a.IsStaff() || (a.IsPartner() && (st.docs[slot].id == a.OrgID || st.listed[slot]))
}

var countryNamers = []display.Namer{display.Regions(language.German), display.Regions(language.English)}

// add puts o in a new slot: its document, its columns, its place in the
// name order and the postings of its terms.
func (st *indexState) add(o *Profile) {
	slot := int32(len(st.docs))
	st.docs = append(st.docs, doc{id: o.ID, name: o.LegalName, city: st.intern(o.City), region: st.intern(o.Region),
		country: st.intern(o.Country), tier: st.intern(o.Tier), kind: st.intern(o.Kind), published: o.Published,
		updated: o.UpdatedAt.Unix()})
	st.addColumns(slot, o)
	st.nameRank = append(st.nameRank, 0)
	st.slotOf[o.ID] = slot
	if !st.building {
		// The sort keys are folded as the search goes: some twenty
		// names, not kept for every document.
		key := SortKey(o.LegalName)
		pos, _ := slices.BinarySearchFunc(st.byName, slot, func(x, slot int32) int {
			return st.nameCompare(x, slot, SortKey(st.docs[x].name), key)
		})
		st.byName = slices.Insert(st.byName, pos, slot)
		st.renumber(pos)
	}
	st.profileTerms(slot, o)
}

// addColumns appends o's free periods, certifications, listing, place and
// facet values to the columns by slot and adds slot to the sets it is in.
func (st *indexState) addColumns(slot int32, o *Profile) {
	st.live.set(slot)
	if len(o.Resources) > 0 {
		st.withFree.set(slot)
	}
	for _, r := range o.Resources {
		st.freeList = append(st.freeList, period{unixDay(r.From.Time), unixDay(r.To.Time), int32(r.AmountTenths), r.FTE})
	}
	st.freePos = append(st.freePos, uint32(len(st.freeList)))
	longest := minDay
	for _, c := range o.Certifications {
		until := noExpiry
		switch {
		case !c.Verified:
			// Declared by the partner and not checked: found by its
			// name, never valid, so that it certifies nothing.
			until = minDay
		case !c.ValidUntil.IsZero():
			until = int32(unixDay(c.ValidUntil.Time))
		}
		st.certName = append(st.certName, st.intern(c.Name))
		st.certUntil = append(st.certUntil, until)
		longest = max(longest, until)
	}
	st.certPos = append(st.certPos, uint32(len(st.certName)))
	st.longest = append(st.longest, longest)
	st.listed = append(st.listed, o.Listed)
	if o.Listed {
		st.nListed++
		st.listedLive.set(slot)
	}
	st.coords = append(st.coords, st.place(o.Country, o.City))
	var facets [numFacets][]uint16
	for _, c := range o.Competencies {
		facets[FacetCompetency] = append(facets[FacetCompetency], st.facetID(FacetCompetency, c))
	}
	for _, i := range o.Industries {
		facets[FacetIndustry] = append(facets[FacetIndustry], st.facetID(FacetIndustry, i))
	}
	single := []struct {
		f int
		v string
	}{{FacetRegion, o.Region}, {FacetCountry, o.Country}, {FacetTier, o.Tier}, {FacetSize, o.Size}, {FacetKind, o.Kind}, {FacetStatus, o.Status}}
	for _, s := range single {
		if s.v != "" {
			facets[s.f] = []uint16{st.facetID(s.f, s.v)}
		}
	}
	for f, vals := range facets {
		for _, v := range vals {
			st.facetBits[f][v].set(slot)
		}
		st.fvals = append(st.fvals, vals...)
		st.fpos = append(st.fpos, uint32(len(st.fvals)))
	}
}

// profileTerms adds the postings of o's terms for slot, each with the
// fields it occurs in and which of the entries hold it. A document's
// postings are the last of their terms' lists while it is added, so a
// term met again is merged into its posting there.
func (st *indexState) profileTerms(slot int32, o *Profile) {
	// post records that term id occurs in field f and, with masks, which
	// entries of a kind hold it.
	post := func(id int32, f, refs, certs, res uint8) {
		ps := st.postings[id]
		if n := len(ps); n > 0 && ps[n-1].slot == slot {
			p := &ps[n-1]
			p.fields |= f
			p.refs |= refs
			p.certs |= certs
			p.res |= res
			return
		}
		st.postings[id] = append(ps, posting{slot: slot, fields: f, refs: refs, certs: certs, res: res})
	}
	// text posts the indexed tokens of s.
	text := func(s string, f, refs, certs, res uint8) {
		st.tz.each(s, func(tok []byte) {
			if indexed(tok) {
				post(st.termID(tok), f, refs, certs, res)
			}
		})
	}
	st.tz.each(o.LegalName, func(tok []byte) {
		if indexed(tok) && !legalForms[string(tok)] {
			post(st.termID(tok), fName, 0, 0, 0)
		}
	})
	if o.Domain != "" {
		host := o.Domain
		if i := strings.LastIndexByte(host, '.'); i > 0 {
			host = host[:i]
		}
		// The dots of the host separate its words.
		for part := range strings.SplitSeq(host, ".") {
			text(part, fDomain, 0, 0, 0)
		}
	}
	for _, id := range o.Competencies {
		for _, t := range st.competencyTerms(id) {
			post(t, fCompetency, 0, 0, 0)
		}
	}
	text(o.City, fPlace, 0, 0, 0)
	text(o.Region, fPlace, 0, 0, 0)
	for _, t := range st.countryTermsOf(o.Country) {
		post(t, fPlace, 0, 0, 0)
	}
	for i, c := range o.Certifications {
		bit := entryBit(i)
		text(c.Name, fCertification, 0, bit, 0)
		text(c.Issuer, fCertification, 0, bit, 0)
	}
	for i, r := range o.References {
		bit := entryBit(i)
		text(r.Title, fReference, bit, 0, 0)
		text(r.Customer, fReference, bit, 0, 0)
		text(r.Description, fReference, bit, 0, 0)
	}
	for i, r := range o.Resources {
		text(r.Skill, fResource, 0, 0, entryBit(i))
	}
	text(o.Description, fDescription, 0, 0, 0)
}

// indexed reports whether a token is indexed: words of two letters or
// more, and single digits.
func indexed(tok []byte) bool {
	return len(tok) >= 2 || (len(tok) == 1 && '0' <= tok[0] && tok[0] <= '9')
}

// competencyTerms returns the ids of the indexed terms of the competency
// with the given id (its names and the words of its slug); none for an
// unknown one.
func (st *indexState) competencyTerms(id string) []int32 {
	ids, ok := st.compTerms[id]
	if !ok {
		if c, ok := st.comps[id]; ok {
			ids = st.termIDs(c.NameDE + " " + c.NameEN + " " + strings.ReplaceAll(c.Slug, "-", " "))
		}
		st.compTerms[id] = ids
	}
	return ids
}

// countryTermsOf returns the ids of the indexed terms of a country's
// names in German and English; none for an unknown code.
func (st *indexState) countryTermsOf(country string) []int32 {
	ids, ok := st.countryTerms[country]
	if !ok {
		if r, err := language.ParseRegion(country); err == nil && country != "" {
			names := ""
			for _, n := range countryNamers {
				names += " " + n.Name(r)
			}
			ids = st.termIDs(names)
		}
		st.countryTerms[country] = ids
	}
	return ids
}

// termIDs returns the ids of the indexed terms of s, adding new ones.
func (st *indexState) termIDs(s string) []int32 {
	var ids []int32
	st.tz.each(s, func(tok []byte) {
		if indexed(tok) {
			ids = append(ids, st.termID(tok))
		}
	})
	return ids
}

// termID returns the id of term t, which it adds to the term structures
// when new.
func (st *indexState) termID(tok []byte) int32 {
	id, ok := st.terms[string(tok)]
	if ok {
		return id
	}
	t := string(tok)
	id = int32(len(st.termText))
	st.terms[t] = id
	st.termText = append(st.termText, t)
	st.postings = append(st.postings, nil)
	n := utf8.RuneCountInString(t)
	st.byLen[n] = append(st.byLen[n], id)
	if !st.building {
		pos, _ := slices.BinarySearchFunc(st.sorted, t, func(id int32, t string) int { return strings.Compare(st.termText[id], t) })
		st.sorted = slices.Insert(st.sorted, pos, id)
	}
	return id
}

// sortAll sorts the term list and the name order once, at the end of a
// full load; afterwards add and remove keep them sorted.
func (st *indexState) sortAll() {
	st.sorted = make([]int32, len(st.termText))
	for id := range st.sorted {
		st.sorted[id] = int32(id)
	}
	slices.SortFunc(st.sorted, func(a, b int32) int { return strings.Compare(st.termText[a], st.termText[b]) })
	st.byName = make([]int32, 0, len(st.docs))
	keys := make([]string, len(st.docs))
	for slot := range st.live.slots() {
		st.byName = append(st.byName, slot)
		keys[slot] = SortKey(st.docs[slot].name)
	}
	slices.SortFunc(st.byName, func(a, b int32) int { return st.nameCompare(a, b, keys[a], keys[b]) })
	st.packPostings()
	st.renumber(0)
	if st.building {
		// The columns grew by appending: give back the room left.
		st.docs, st.nameRank, st.listed, st.coords = exact(st.docs), exact(st.nameRank), exact(st.listed), exact(st.coords)
		st.fpos, st.fvals, st.freePos, st.freeList = exact(st.fpos), exact(st.fvals), exact(st.freePos), exact(st.freeList)
		st.certPos, st.certName, st.certUntil, st.longest = exact(st.certPos), exact(st.certName), exact(st.certUntil), exact(st.longest)
	}
	st.building = false
}

// exact returns s in an array of its length when appending left much room.
func exact[T any](s []T) []T {
	if cap(s)-len(s) <= len(s)/32 {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}

// packChunk is how many postings packPostings moves into one array.
const packChunk = 1 << 20

// packPostings moves the postings of the terms into arrays shared by many
// terms, without the room appending left and the cost of an allocation
// each. The arrays hold packChunk postings (or a longer term's), so that
// the old lists are freed as the move goes. A term that gains a posting
// later moves out to its own list.
func (st *indexState) packPostings() {
	left := 0
	for _, ps := range st.postings {
		left += len(ps)
	}
	var chunk []posting
	for id, ps := range st.postings {
		if len(ps) > cap(chunk)-len(chunk) {
			chunk = make([]posting, 0, max(min(packChunk, left), len(ps)))
		}
		left -= len(ps)
		start := len(chunk)
		chunk = append(chunk, ps...)
		st.postings[id] = chunk[start:len(chunk):len(chunk)]
	}
}

// snippet returns the first n characters of s with its runs of white
// space made one space, cut back to the last space when that is beyond
// the middle, and an ellipsis when something was cut; characters that
// are not UTF-8 become U+FFFD.
func snippet(s string, n int) string {
	b := make([]byte, 0, min(len(s), 4*n)+len("…"))
	runes := 0
	space := false // a space is due before the next word
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		if unicode.IsSpace(r) {
			space = len(b) > 0
			continue
		}
		if space {
			if runes == n {
				return snippetCut(b, n)
			}
			b = append(b, ' ')
			runes++
			space = false
		}
		if runes == n {
			return snippetCut(b, n)
		}
		b = utf8.AppendRune(b, r)
		runes++
	}
	return string(b)
}

// snippetCut ends snippet's first n characters b, of a longer text.
func snippetCut(b []byte, n int) string {
	if i := bytes.LastIndexByte(b, ' '); i > n/2 {
		b = b[:i]
	}
	return string(b) + "…"
}
