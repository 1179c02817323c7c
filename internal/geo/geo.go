// Package geo finds places by name and measures distances between them,
// offline, from an embedded extract of the GeoNames gazetteer (see
// ATTRIBUTION.md): every place of 1 000 inhabitants or more in Germany,
// Austria, Switzerland, Liechtenstein and Luxembourg, towns of 10 000 or
// more elsewhere in Europe and cities of 50 000 or more in the rest of the
// world.
//
// Names match whatever their case, accents and spelling of umlauts
// ("Muenchen", "münchen", "MÜNCHEN"), common English and German exonyms
// ("Munich", "Mailand"), and without the part that tells places of the same
// name apart ("Frankfurt" for "Frankfurt am Main"). Where a name fits
// several places, the most populous wins.
package geo

//go:generate go run gen/main.go -o places.tsv.gz

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Place is a city, town or village.
type Place struct {
	Name    string // as written locally: "München", "Genève"
	Country string // ISO 3166-1 alpha-2 code
	// Region is the state, province or canton as GeoNames names it, mostly
	// in English ("Bavaria"); RegionOf gives the name users write.
	Region     string
	Lat, Lon   float64 // degrees
	Population int     // 0 where unknown
}

//go:embed places.tsv.gz
var placesGz []byte

// span is a run of postings: the places one key names.
type span struct{ off, n uint32 }

// index holds the places, most populous first, and the keys that find them.
type index struct {
	places    []Place
	keys      map[string]span
	postings  []int32  // place indexes, ascending within a span
	sorted    []string // the keys in order, for prefix search
	countries map[string]bool
}

var loaded = sync.OnceValue(func() *index {
	ix, err := build(placesGz)
	if err != nil {
		// The file is part of the program; a broken one is a broken build.
		panic(err)
	}
	return ix
})

func build(gz []byte) (*index, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("geo: places: %w", err)
	}
	ix := &index{countries: map[string]bool{}}
	intern := map[string]string{}
	str := func(s string) string {
		if v, ok := intern[s]; ok {
			return v
		}
		intern[s] = s
		return s
	}
	sc := bufio.NewScanner(zr)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if t == "" || t[0] == '#' {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) != 6 {
			return nil, fmt.Errorf("geo: places line %d: %d fields, want 6", line, len(f))
		}
		lat, err1 := strconv.ParseFloat(f[3], 64)
		lon, err2 := strconv.ParseFloat(f[4], 64)
		pop, err3 := strconv.Atoi(f[5])
		if err1 != nil || err2 != nil || err3 != nil {
			return nil, fmt.Errorf("geo: places line %d: bad number in %q", line, t)
		}
		c := str(f[1])
		ix.countries[c] = true
		ix.places = append(ix.places, Place{Name: f[0], Country: c, Region: str(f[2]), Lat: lat, Lon: lon, Population: pop})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("geo: places: %w", err)
	}
	if err := zr.Close(); err != nil {
		return nil, fmt.Errorf("geo: places: %w", err)
	}

	post := make(map[string][]int32, len(ix.places)*2)
	add := func(k string, i int32) {
		if k == "" {
			return
		}
		l := post[k]
		if !slices.Contains(l, i) {
			post[k] = append(l, i)
		}
	}
	for i, p := range ix.places {
		for _, k := range nameKeys(p.Name) {
			add(k, int32(i))
		}
	}
	for _, a := range cityAliases {
		target := -1
		for _, i := range post[umlautKey(a.name)] {
			if ix.places[i].Country == a.country {
				target = int(i)
				break
			}
		}
		if target < 0 {
			// Tested: every alias names a place in the file.
			continue
		}
		for _, alias := range a.aliases {
			add(umlautKey(alias), int32(target))
			add(plainKey(alias), int32(target))
		}
	}

	ix.keys = make(map[string]span, len(post))
	ix.sorted = make([]string, 0, len(post))
	for k, l := range post {
		// Place indexes are population ranks: sorted, the first place of a
		// key is its most populous.
		slices.Sort(l)
		ix.keys[k] = span{uint32(len(ix.postings)), uint32(len(l))}
		ix.postings = append(ix.postings, l...)
		ix.sorted = append(ix.sorted, k)
	}
	slices.Sort(ix.sorted)
	return ix, nil
}

// nameKeys are the keys a place's name is found by, and the keys a query
// tries, in this order.
func nameKeys(name string) []string {
	keys := []string{umlautKey(name), plainKey(name)}
	if s := shortName(name); s != "" {
		keys = append(keys, umlautKey(s), plainKey(s))
	}
	return keys
}

func (ix *index) at(k string) []int32 {
	s, ok := ix.keys[k]
	if !ok {
		return nil
	}
	return ix.postings[s.off : s.off+s.n]
}

// find returns the index of the place called name in country (any country
// if ""), preferring one in region if given, or -1. The full name is
// tried before its short name, and the most populous place of a key wins.
func (ix *index) find(country, region, name string) int {
	name = strings.TrimSpace(name)
	if name == "" {
		return -1
	}
	fallback := -1
	for _, k := range nameKeys(name) {
		for _, i := range ix.at(k) {
			p := &ix.places[i]
			if country != "" && p.Country != country {
				continue
			}
			if region == "" || SameRegion(region, RegionOf(*p)) || SameRegion(region, p.Region) {
				return int(i)
			}
			if fallback < 0 {
				fallback = int(i)
			}
		}
	}
	return fallback
}

// Lookup finds the place called name in country (an ISO code; "" for any
// country). Of several places of the name the most populous wins, so
// "Frankfurt" is Frankfurt am Main.
func Lookup(country, name string) (Place, bool) {
	ix := loaded()
	i := ix.find(strings.ToUpper(strings.TrimSpace(country)), "", name)
	if i < 0 {
		return Place{}, false
	}
	return ix.places[i], true
}

// Find finds the place a user means by a query such as "Nürnberg",
// "Munich, DE", "Wien AT", "80331 München" or "Neustadt, Hessen": a name
// optionally followed by a country (code or name) and a region.
func Find(query string) (Place, bool) {
	ix := loaded()
	parts := strings.Split(query, ",")
	name := withoutPostcode(parts[0])
	var country, region string
	for _, p := range parts[1:] {
		p = withoutPostcode(p)
		if p == "" {
			continue
		}
		if c := ix.countryCode(p); c != "" && country == "" {
			country = c
		} else if region == "" {
			region = p
		}
	}
	if len(parts) == 1 {
		// Without a comma a country may still end the query: "Wien AT",
		// "Bern Schweiz", "Portland United States".
		words := strings.Fields(name)
		for n := 1; n <= 3 && n < len(words); n++ {
			c := ix.countryCode(strings.Join(words[len(words)-n:], " "))
			if c == "" {
				continue
			}
			if i := ix.find(c, "", strings.Join(words[:len(words)-n], " ")); i >= 0 {
				return ix.places[i], true
			}
		}
	}
	i := ix.find(country, region, name)
	if i < 0 {
		return Place{}, false
	}
	return ix.places[i], true
}

// withoutPostcode drops leading and trailing words with digits, as in
// "80331 München" or "CH-8001 Zürich", unless nothing else is left.
func withoutPostcode(s string) string {
	words := strings.Fields(s)
	digits := func(w string) bool { return strings.ContainsAny(w, "0123456789") }
	for len(words) > 1 && digits(words[0]) {
		words = words[1:]
	}
	for len(words) > 1 && digits(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// countryCode is the ISO code s is or names, or "".
func (ix *index) countryCode(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 2 {
		if c := strings.ToUpper(s); ix.countries[c] {
			return c
		}
	}
	return countryNames()[umlautKey(s)]
}

// Suggest returns up to n places whose name (or an alias) begins with
// prefix, most populous first, for a form's list of suggestions. Names
// spelled as typed come first: "Nür" lists Nürnberg and Nürtingen before
// Nur-Sultan.
func Suggest(prefix string, n int) []Place {
	if n <= 0 {
		return nil
	}
	ix := loaded()
	var found []int32
	for _, k := range []string{umlautKey(prefix), plainKey(prefix)} {
		if k == "" || len(found) >= n {
			break
		}
		var more []int32
		i, _ := slices.BinarySearch(ix.sorted, k)
		for ; i < len(ix.sorted) && strings.HasPrefix(ix.sorted[i], k); i++ {
			more = append(more, ix.at(ix.sorted[i])...)
		}
		slices.Sort(more)
		for _, p := range slices.Compact(more) {
			if !slices.Contains(found, p) {
				found = append(found, p)
			}
			if len(found) == n {
				break
			}
		}
	}
	out := make([]Place, len(found))
	for j, i := range found {
		out[j] = ix.places[i]
	}
	return out
}
