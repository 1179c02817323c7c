package geo

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzPlaceNames: whatever a user types as a place, the keys are valid
// UTF-8, lower case words separated by single spaces and the same when
// made again from themselves; Lookup, Find, Suggest and SameRegion answer
// without a panic, Suggest with at most as many places as asked; and a
// place found by a name is found again, the same place, by the first of
// that name's keys that finds anything, as a form that stored the keys
// would look it up.
func FuzzPlaceNames(f *testing.F) {
	for _, s := range []string{"München", "Frankfurt am Main", "St. Gallen", "80331 München", "Wien AT", "Neustadt, Hessen", "Zu\u0308rich", ""} {
		f.Add(s, "DE", uint8(5))
	}
	loaded()
	f.Fuzz(func(t *testing.T, name, country string, n uint8) {
		for _, k := range []string{umlautKey(name), plainKey(name)} {
			if !utf8.ValidString(k) || strings.Join(strings.Fields(k), " ") != k || strings.ToLower(k) != k {
				t.Fatalf("%q: key %q is not lower case words", name, k)
			}
		}
		if k := umlautKey(name); umlautKey(k) != k {
			t.Fatalf("%q: umlaut key %q, made again %q", name, k, umlautKey(k))
		}
		if k := plainKey(name); plainKey(k) != k {
			t.Fatalf("%q: plain key %q, made again %q", name, k, plainKey(k))
		}
		if got := Suggest(name, int(n%20)); len(got) > int(n%20) {
			t.Fatalf("Suggest(%q, %d) gave %d places", name, n%20, len(got))
		}
		Find(name + ", " + country)
		SameRegion(name, country)
		p, ok := Lookup(country, name)
		if !ok {
			return
		}
		if !utf8.ValidString(p.Name) {
			t.Fatalf("%q: found %q", name, p.Name)
		}
		// The name's keys in the order Lookup tries them: with umlauts
		// spelled out, then without their dots ("Büch" is Buch), then the
		// same of the short name ("Neustadt" of "Neustadt (Hessen)"). The
		// first key that finds a place finds this one.
		for _, k := range nameKeys(name) {
			again, ok := Lookup(country, k)
			if !ok {
				continue
			}
			if again != p {
				t.Fatalf("%q in %q is %+v, by its key %q %+v", name, country, p, k, again)
			}
			return
		}
		t.Fatalf("%q in %q is %+v, by none of its keys %q", name, country, p, nameKeys(name))
	})
}
