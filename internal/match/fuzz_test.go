package match

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzNormalize: whatever a partner types as a customer, Normalize answers
// without a panic, in valid UTF-8; the canonical name is its words sorted
// and separated by single spaces, and the canonical name of it is the same
// name (word order alone is not promised to be free: legal forms are only
// dropped at the end, so "Foo Bar AB" loses its "ab"); the domain and the country
// stay what they are when normalised again; the blocks are sorted, one
// pair per word, in the key's country; and two names that differ by one
// edit in one word and match share a block, as the search relies on.
func FuzzNormalize(f *testing.F) {
	f.Add("Bäckerei Größl GmbH", "https://www.Baeckerei-Groessl.de:443/kontakt?x=1", "Deutschland", uint8(3), uint8('x'))
	f.Add("Foo A Bar B", "info@foo.example", "DE", uint8(0), uint8('-'))
	f.Add("Se Alpha", "n/a", "Schweiz", uint8(200), uint8('a'))
	f.Add("I.B.M. Deutschland GmbH & Co. KG", "mailto:x@gmail.com", "DEU", uint8(9), uint8(0))
	f.Fuzz(func(t *testing.T, name, domain, country string, at, letter uint8) {
		k := Normalize(Customer{Name: name, Domain: domain, Country: country})
		for _, s := range append([]string{k.Name, k.Domain, k.Country}, k.Blocks...) {
			if !utf8.ValidString(s) {
				t.Fatalf("%q: not UTF-8: %q", name, s)
			}
		}
		words := strings.Fields(k.Name)
		if strings.Join(words, " ") != k.Name || !slices.IsSorted(words) {
			t.Fatalf("%q: canonical name %q is not sorted words", name, k.Name)
		}
		if again := CanonicalName(k.Name); again != k.Name {
			t.Fatalf("%q: canonical name %q, of that %q", name, k.Name, again)
		}
		if again := NormalizeDomain(k.Domain); again != k.Domain {
			t.Fatalf("%q: domain %q, normalised again %q", domain, k.Domain, again)
		}
		if again := CountryCode(k.Country); again != k.Country {
			t.Fatalf("%q: country %q, again %q", country, k.Country, again)
		}
		if !slices.IsSorted(k.Blocks) || len(k.Blocks) > 2*len(words) || (len(k.Blocks) == 0) != (k.Name == "") {
			t.Fatalf("%q: blocks %q of %q", name, k.Blocks, k.Name)
		}
		for _, b := range k.Blocks {
			if !strings.HasPrefix(b, k.Country+"|") {
				t.Fatalf("%q: block %q outside the country %q", name, b, k.Country)
			}
		}
		if len(words) == 0 {
			return
		}
		// One edit in one word of the canonical name, as the package
		// comment promises: the edit a letter in the word.
		w := []rune(words[int(at)%len(words)])
		i := int(at) % (len(w) + 1)
		r := rune('a' + letter%26)
		var edited string
		switch letter % 4 {
		case 0:
			edited = string(w[:i]) + string(r) + string(w[i:])
		case 1:
			if i == len(w) {
				return
			}
			edited = string(w[:i]) + string(r) + string(w[i+1:])
		case 2:
			if i == len(w) || len(w) == 1 {
				return
			}
			edited = string(w[:i]) + string(w[i+1:])
		default:
			if i+1 >= len(w) {
				return
			}
			edited = string(w[:i]) + string(w[i+1]) + string(w[i]) + string(w[i+2:])
		}
		changed := slices.Clone(words)
		changed[int(at)%len(words)] = edited
		v := Normalize(Customer{Name: strings.Join(changed, " "), Country: country})
		if len(strings.Fields(v.Name)) != len(words) {
			return // the edit made a word a legal form or an initial: not one in a word
		}
		if e := Compare(k, v); (e.Name || e.Fuzzy) && (!k.SharesBlock(v) || !v.SharesBlock(k)) {
			t.Fatalf("%q and %q match (%+v) but share no block: %q, %q", k.Name, v.Name, e, k.Blocks, v.Blocks)
		}
	})
}
