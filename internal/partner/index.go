package partner

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"pakt/internal/auth"
	"pakt/internal/db"
)

// Index is the partner directory's search index. It lives in memory and is
// kept current from the organisations' change sequence: before each search
// it reads one counter and loads what changed since, so several pakt
// processes on one PostgreSQL database answer alike.
type Index struct {
	db *db.DB

	refreshMu sync.Mutex // one loader at a time
	mu        sync.RWMutex
	seq       int64 // last organisation change applied
	compSeq   int64 // competency taxonomy version applied
	loaded    bool

	docs   []*doc           // slot → document; nil once replaced or deleted
	slotOf map[string]int32 // organisation id → live slot
	dead   int

	terms    map[string]int32 // term → term id
	termText []string         // term id → term
	postings [][]posting      // term id → documents containing it
	byLen    map[int][]int32  // term length → term ids, for typo matching
	sorted   []int32          // term ids in term order, for prefix matching
	nameRank []int32          // slot → position in name order
	dirty    bool             // sorted and nameRank need rebuilding

	comps    map[string]*Competency
	facetIDs [numFacets]map[string]uint16
	facetVal [numFacets][]string

	// Columns by slot for the scan over every match, which a query
	// without text makes over the whole directory: small contiguous
	// arrays instead of a pointer chase to each doc and its slices, so
	// that the scan is not bound by cache misses.
	listed   []bool   // slot → published and not a prospect
	fpos     []uint32 // facet f of slot s is fvals[fpos[s*numFacets+f]:fpos[s*numFacets+f+1]]
	fvals    []uint16 // facet value ids, slot by slot, facet by facet
	freePos  []uint32 // the free periods of slot s are freeList[freePos[s]:freePos[s+1]]
	freeList []period
}

type posting struct {
	slot   int32
	fields uint8
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

// doc is what the index keeps of an organisation: with the columns of its
// slot (facets, free periods, listing), enough to filter, count facets,
// rank and show a hit without reading the database.
type doc struct {
	id, name, city, region, country, tier, kind, snippet string
	// sortKey is SortKey(name), kept so that re-sorting after a change
	// does not fold every name again.
	sortKey      string
	published    bool
	updated      int64
	competencies []string
}

type period struct{ from, to int64 } // unix days

// NewIndex returns an empty index over d; it loads on first use.
func NewIndex(d *db.DB) *Index {
	return &Index{db: d}
}

func readCounters(ctx context.Context, q db.Querier) (orgs, comps int64, err error) {
	rows, err := q.QueryContext(ctx, `SELECT name, value FROM counters WHERE name IN ('organisations', 'competencies')`)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var v int64
		if err := rows.Scan(&name, &v); err != nil {
			return 0, 0, err
		}
		if name == "organisations" {
			orgs = v
		} else {
			comps = v
		}
	}
	return orgs, comps, rows.Err()
}

// Refresh brings the index up to date with the database.
func (ix *Index) Refresh(ctx context.Context) error {
	orgSeq, compSeq, err := readCounters(ctx, ix.db)
	if err != nil {
		return err
	}
	ix.mu.RLock()
	fresh := ix.loaded && orgSeq == ix.seq && compSeq == ix.compSeq && !ix.dirty
	ix.mu.RUnlock()
	if fresh {
		return nil
	}
	ix.refreshMu.Lock()
	defer ix.refreshMu.Unlock()
	ix.mu.RLock()
	full := !ix.loaded || compSeq != ix.compSeq || ix.dead > len(ix.docs)/3+1000
	since := ix.seq
	ix.mu.RUnlock()
	if full {
		since = 0
	}
	// The counters are read again inside the load so that a change committed
	// meanwhile is either loaded now or seen next time.
	var orgs []*Organisation
	var deleted []string
	var comps []*Competency
	err = ix.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if orgSeq, compSeq, err = readCounters(ctx, tx); err != nil {
			return err
		}
		if comps, err = listCompetencies(ctx, tx); err != nil {
			return err
		}
		orgs, deleted, err = loadChanged(ctx, tx, since, orgSeq)
		return err
	})
	if err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if full {
		ix.reset()
	}
	ix.comps = make(map[string]*Competency, len(comps))
	for _, c := range comps {
		ix.comps[c.ID] = c
	}
	for _, id := range deleted {
		ix.remove(id)
	}
	for _, o := range orgs {
		ix.remove(o.ID)
		ix.add(o)
	}
	ix.seq, ix.compSeq, ix.loaded = orgSeq, compSeq, true
	ix.rebuildOrder()
	return nil
}

func (ix *Index) reset() {
	ix.docs, ix.slotOf, ix.dead = nil, map[string]int32{}, 0
	ix.terms, ix.termText, ix.postings, ix.byLen = map[string]int32{}, nil, nil, map[int][]int32{}
	for f := range ix.facetIDs {
		ix.facetIDs[f], ix.facetVal[f] = map[string]uint16{}, nil
	}
	ix.listed, ix.fpos, ix.fvals, ix.freePos, ix.freeList = nil, []uint32{0}, nil, []uint32{0}, nil
}

func (ix *Index) remove(id string) {
	if slot, ok := ix.slotOf[id]; ok {
		ix.docs[slot] = nil
		delete(ix.slotOf, id)
		ix.dead++
		ix.dirty = true
	}
}

func (ix *Index) facetID(f int, v string) uint16 {
	id, ok := ix.facetIDs[f][v]
	if !ok {
		id = uint16(len(ix.facetVal[f]))
		ix.facetIDs[f][v] = id
		ix.facetVal[f] = append(ix.facetVal[f], v)
	}
	return id
}

func unixDay(t time.Time) int64 { return t.Unix() / 86400 }

var countryNamers = []display.Namer{display.Regions(language.German), display.Regions(language.English)}

func (ix *Index) add(o *Organisation) {
	slot := int32(len(ix.docs))
	d := &doc{id: o.ID, name: o.LegalName, city: o.City, region: o.Region, country: o.Country, tier: o.Tier, kind: o.Kind,
		sortKey: SortKey(o.LegalName), published: o.Published, updated: o.UpdatedAt.Unix(), competencies: o.Competencies,
		snippet: snippet(o.Description, 240)}
	for _, r := range o.Resources {
		ix.freeList = append(ix.freeList, period{unixDay(r.From.Time), unixDay(r.To.Time)})
	}
	ix.freePos = append(ix.freePos, uint32(len(ix.freeList)))
	ix.listed = append(ix.listed, o.Published && o.Kind != KindProspect)
	var facets [numFacets][]uint16
	for _, c := range o.Competencies {
		facets[FacetCompetency] = append(facets[FacetCompetency], ix.facetID(FacetCompetency, c))
	}
	for _, i := range o.Industries {
		facets[FacetIndustry] = append(facets[FacetIndustry], ix.facetID(FacetIndustry, i))
	}
	single := []struct {
		f int
		v string
	}{{FacetRegion, o.Region}, {FacetCountry, o.Country}, {FacetTier, o.Tier}, {FacetSize, o.Size}, {FacetKind, o.Kind}, {FacetStatus, o.Status}}
	for _, s := range single {
		if s.v != "" {
			facets[s.f] = []uint16{ix.facetID(s.f, s.v)}
		}
	}
	for _, vals := range facets {
		ix.fvals = append(ix.fvals, vals...)
		ix.fpos = append(ix.fpos, uint32(len(ix.fvals)))
	}
	ix.docs = append(ix.docs, d)
	ix.slotOf[o.ID] = slot
	ix.dirty = true

	fields := map[string]uint8{}
	put := func(f uint8, toks []string) {
		for _, t := range toks {
			if len(t) >= 2 || (t >= "0" && t <= "9") {
				fields[t] |= f
			}
		}
	}
	put(fName, NameTokens(o.LegalName))
	if o.Domain != "" {
		host := o.Domain
		if i := strings.LastIndexByte(host, '.'); i > 0 {
			host = host[:i]
		}
		put(fDomain, Tokens(strings.ReplaceAll(host, ".", " ")))
	}
	for _, id := range o.Competencies {
		if c := ix.comps[id]; c != nil {
			put(fCompetency, Tokens(c.NameDE+" "+c.NameEN+" "+strings.ReplaceAll(c.Slug, "-", " ")))
		}
	}
	place := o.City + " " + o.Region
	if r, err := language.ParseRegion(o.Country); err == nil && o.Country != "" {
		for _, n := range countryNamers {
			place += " " + n.Name(r)
		}
	}
	put(fPlace, Tokens(place))
	for _, c := range o.Certifications {
		put(fCertification, Tokens(c.Name+" "+c.Issuer))
	}
	for _, r := range o.References {
		put(fReference, Tokens(r.Title+" "+r.Customer+" "+r.Description))
	}
	for _, r := range o.Resources {
		put(fResource, Tokens(r.Skill))
	}
	put(fDescription, Tokens(o.Description))
	for t, f := range fields {
		id, ok := ix.terms[t]
		if !ok {
			id = int32(len(ix.termText))
			ix.terms[t] = id
			ix.termText = append(ix.termText, t)
			ix.postings = append(ix.postings, nil)
			n := len([]rune(t))
			ix.byLen[n] = append(ix.byLen[n], id)
		}
		ix.postings[id] = append(ix.postings[id], posting{slot, f})
	}
}

// rebuildOrder re-sorts the term list and the name order after changes, and
// compacts posting lists when many documents were replaced.
func (ix *Index) rebuildOrder() {
	if !ix.dirty {
		return
	}
	if ix.dead > 0 {
		for t, ps := range ix.postings {
			live := ps[:0]
			for _, p := range ps {
				if ix.docs[p.slot] != nil {
					live = append(live, p)
				}
			}
			ix.postings[t] = live
		}
	}
	ix.sorted = ix.sorted[:0]
	for id := range ix.termText {
		if len(ix.postings[id]) > 0 {
			ix.sorted = append(ix.sorted, int32(id))
		}
	}
	slices.SortFunc(ix.sorted, func(a, b int32) int { return strings.Compare(ix.termText[a], ix.termText[b]) })
	order := make([]int32, 0, len(ix.docs))
	for slot, d := range ix.docs {
		if d != nil {
			order = append(order, int32(slot))
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		x, y := ix.docs[a], ix.docs[b]
		if c := strings.Compare(x.sortKey, y.sortKey); c != 0 {
			return c
		}
		return strings.Compare(x.id, y.id)
	})
	ix.nameRank = make([]int32, len(ix.docs))
	for rank, slot := range order {
		ix.nameRank[slot] = int32(rank)
	}
	ix.dirty = false
}

func snippet(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// visibleTo is the directory's read rule, the same as CanView.
func visibleTo(a *auth.Actor, id, kind string, published bool) bool {
	switch {
	case a == nil:
		return false
	case a.IsStaff():
		return true
	case a.Role.IsPartnerRole():
		return id == a.OrgID || (published && kind != KindProspect)
	}
	return false
}
