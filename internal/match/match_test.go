package match

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestCanonicalName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Bäckerei Größl GmbH", "baeckerei groessl"},
		{"Baeckerei Groessl", "baeckerei groessl"},
		{"Groessl, Bäckerei", "baeckerei groessl"},
		{"BÄCKEREI GRÖSSL G.m.b.H.", "baeckerei groessl"},
		{"Müller GmbH & Co. KG", "mueller"},
		{"Müller GmbH&Co.KG", "mueller"},
		{"Mueller Gmbh & Co KG", "mueller"},
		{"Müller & Co.", "mueller"},
		{"Schmidt UG (haftungsbeschränkt)", "schmidt"},
		{"Schmidt UG (haftungsbeschraenkt)", "schmidt"},
		{"Lebenshilfe gGmbH", "lebenshilfe"},
		{"Sportverein Musterstadt e.V.", "musterstadt sportverein"},
		{"Blumen Weber e.K.", "blumen weber"},
		{"Blumen Weber e. Kfm.", "blumen weber"},
		{"Blumen Weber eK", "blumen weber"},
		{"Volksbank Mittelhessen eG", "mittelhessen volksbank"},
		{"Allianz SE", "allianz"},
		{"Merck KGaA", "merck"},
		// Sorted, the words are canonical again: no neighbouring initials,
		// no legal form at the end (found by FuzzNormalize).
		{"Foo A Bar B", "ab bar foo"},
		{"Se Alpha", "alpha"},
		{"Ǽrø GmbH", "aero"}, // ǽ is æ and an accent
		{"Siemens AG", "siemens"},
		{"Hansen OHG", "hansen"},
		{"Hansen GbR", "hansen"},
		{"Acme Ltd.", "acme"},
		{"Acme Limited", "acme"},
		{"ACME, LLC", "acme"},
		{"Acme Inc.", "acme"},
		{"Acme Corp", "acme"},
		{"Acme plc", "acme"},
		{"Lumière S.A.", "lumiere"},
		{"Lumière SARL", "lumiere"},
		{"Pasta Fresca S.r.l.", "fresca pasta"},
		{"Tulp B.V.", "tulp"},
		{"Tulp N.V.", "tulp"},
		{"Nordvik AB", "nordvik"},
		{"Østergaard A/S", "ostergaard"},
		{"Järvinen Oy", "jaervinen"},
		{"Kowalski sp. z o.o.", "kowalski"},
		{"Kowalski Sp. z o. o.", "kowalski"},
		{"Dvořák s.r.o.", "dvorak"},
		{"Müller & Söhne", "mueller soehne"},
		{"Müller und Söhne", "mueller soehne"},
		{"Müller and Söhne", "mueller soehne"},
		{"McDonald's", "mcdonalds"},
		{"I.B.M.", "ibm"},
		{"Café Zoë", "cafe zoe"},
		{"Straße der Einheit 1", "1 der einheit strasse"},
		{"AG", "ag"},              // a name that is only a legal form keeps it
		{"GmbH & Co. KG", "gmbh"}, // and keeps its first word
		{"", ""},
		{"  ,.- ", ""},
	} {
		if got := CanonicalName(c.in); got != c.want {
			t.Errorf("CanonicalName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNormalizeDomain(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"baeckerei-groessl.de", "baeckerei-groessl.de"},
		{"https://www.Baeckerei-Groessl.de:443/kontakt?x=1#top", "baeckerei-groessl.de"},
		{"http://baeckerei-groessl.de/", "baeckerei-groessl.de"},
		{"www.baeckerei-groessl.de.", "baeckerei-groessl.de"},
		{"info@baeckerei-groessl.de", "baeckerei-groessl.de"},
		{"Anna Größl <anna.groessl@Baeckerei-Groessl.DE>", ""}, // not a host after the @
		{"mailto:anna@baeckerei-groessl.de", "baeckerei-groessl.de"},
		{"shop.baeckerei-groessl.de", "shop.baeckerei-groessl.de"},
		{"bäckerei-größl.de", "bäckerei-größl.de"},
		{"max.mustermann@gmail.com", ""},
		{"web.de", ""},
		{"Bäckerei Größl", ""},
		{"n/a", ""},
		{"localhost", ""},
		{"127.0.0.1", ""},
		{"-x.de", ""},
		{"", ""},
	} {
		if got := NormalizeDomain(c.in); got != c.want {
			t.Errorf("NormalizeDomain(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCountryCode(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"DE", "DE"}, {"de", "DE"}, {" at ", "AT"}, {"DEU", "DE"}, {"Deutschland", "DE"}, {"Germany", "DE"},
		{"Österreich", "AT"}, {"Oesterreich", "AT"}, {"Austria", "AT"}, {"Schweiz", "CH"}, {"Switzerland", "CH"},
		{"Vereinigtes Königreich", "GB"}, {"United Kingdom", "GB"}, {"UK", "GB"}, {"USA", "US"},
		{"Vereinigte Staaten", "US"}, {"Niederlande", "NL"}, {"Frankreich", "FR"}, {"France", "FR"},
		{"Polen", "PL"}, {"Dänemark", "DK"}, {"Luxemburg", "LU"}, {"Luxembourg", "LU"},
		{"", ""}, {"Atlantis", ""}, {"XX", ""}, {"EU", ""},
	} {
		if got := CountryCode(c.in); got != c.want {
			t.Errorf("CountryCode(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCompare(t *testing.T) {
	de := func(name string) Customer { return Customer{Name: name, Country: "DE"} }
	for _, c := range []struct {
		why  string
		a, b Customer
		want string // "domain", "name", "fuzzy" or "" for none
	}{
		{"legal form and transliteration", de("Bäckerei Größl GmbH"), de("Baeckerei Groessl"), "name"},
		{"word order", de("Bäckerei Größl GmbH"), de("Groessl Bäckerei"), "name"},
		{"punctuation", de("Bäckerei Größl GmbH"), de("Bäckerei-Größl, G.m.b.H."), "name"},
		{"country by name", de("Bäckerei Größl GmbH"), Customer{Name: "Größl Bäckerei", Country: "Deutschland"}, "name"},
		{"typo: an inserted letter", de("Bäckerei Größl GmbH"), de("Baeckerei Grössel"), "fuzzy"},
		{"typo: a dropped letter", de("Schneider Elektrotechnik GmbH"), de("Schneider Elektrotchnik"), "fuzzy"},
		{"typo: two letters swapped", de("Schneider Elektrotechnik GmbH"), de("Schnieder Elektrotechnik"), "fuzzy"},
		{"typo: a wrong letter", de("Hofmann Logistik AG"), de("Hofmann Logistic AG"), "fuzzy"},
		{"umlaut without e", de("Müller Maschinenbau GmbH"), de("Muller Maschinenbau"), "fuzzy"},
		{"another legal form", de("Hofmann Logistik AG"), de("Hofmann Logistik GmbH & Co. KG"), "name"},
		{"same domain, other name", Customer{Name: "Größl Backwaren", Domain: "https://www.groessl.de/", Country: "DE"},
			Customer{Name: "Bäckerei Größl", Domain: "info@groessl.de", Country: "AT"}, "domain"},
		{"same name, other country", de("Bäckerei Größl GmbH"), Customer{Name: "Bäckerei Größl GmbH", Country: "AT"}, ""},
		{"typo, other country", de("Bäckerei Größl GmbH"), Customer{Name: "Baeckerei Grössel", Country: "AT"}, ""},
		{"generic word, other baker", de("Bäckerei Schmidt"), de("Bäckerei Schulz"), ""},
		{"generic word, other trade", de("Müller IT GmbH"), de("Müller Bau GmbH"), ""},
		{"generic word, other car dealer", de("Autohaus Weber GmbH"), de("Autohaus Becker GmbH"), ""},
		{"generic words, other family", de("Bäckerei und Konditorei Schmidt"), de("Bäckerei und Konditorei Schulz"), ""},
		{"a word more", de("Müller"), de("Müller Bau"), ""},
		{"short words differ", de("ABC Software"), de("ABD Software"), ""},
		{"different numbers", de("Haus 1 Immobilien"), de("Haus 2 Immobilien"), ""},
		{"free mail is no domain", Customer{Name: "Bäckerei Größl", Domain: "a@gmail.com"}, Customer{Name: "Metzgerei Huber", Domain: "b@gmail.com"}, ""},
		{"empty names", de(""), de(""), ""},
		{"empty against a name", de(""), de("Bäckerei Größl"), ""},
		{"empty domains", Customer{Name: "A"}, Customer{Name: "B"}, ""},
	} {
		e := Compare(Normalize(c.a), Normalize(c.b))
		got := ""
		switch {
		case e.Domain:
			got = "domain"
		case e.Name:
			got = "name"
		case e.Fuzzy:
			got = "fuzzy"
		}
		if got != c.want || e.Match() != (c.want != "") {
			t.Errorf("%s: Compare(%q, %q) = %+v (%q), want %q", c.why, c.a.Name, c.b.Name, e, got, c.want)
		}
		if back := Compare(Normalize(c.b), Normalize(c.a)); back != e {
			t.Errorf("%s: Compare is not symmetric: %+v and %+v", c.why, e, back)
		}
	}
}

func TestSimilarity(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"baeckerei groessl", "baeckerei groessl", 1},
		{"baeckerei groessl", "baeckerei groessel", 1 - 1.0/8},
		{"baeckerei schmidt", "baeckerei schulz", 1 - 4.0/7},
		{"bau mueller", "it mueller", 0},
		{"mueller", "bau mueller", 0},
		{"", "", 0},
		{"a", "", 0},
	} {
		if got := Similarity(c.a, c.b); fmt.Sprintf("%.4f", got) != fmt.Sprintf("%.4f", c.want) {
			t.Errorf("Similarity(%q, %q) = %.4f, want %.4f", c.a, c.b, got, c.want)
		}
	}
}

// companies is a corpus of realistic company names for the property test.
var companies = []string{
	"Bäckerei Größl GmbH", "Müller Maschinenbau GmbH & Co. KG", "Schneider Elektrotechnik e.K.",
	"Hofmann Logistik AG", "Weber & Söhne Holzbau GmbH", "Autohaus Becker GmbH", "Stadtwerke Musterstadt GmbH",
	"Fischer Steuerberatung", "Zahnarztpraxis Dr. Krüger", "Brauerei Rothaus AG", "Sanitär Wagner UG (haftungsbeschränkt)",
	"Kanzlei Schäfer und Partner", "Nordlicht Software GmbH", "Alpenblick Hotel KG", "Bergmann Metallbau OHG",
	"Jäger Landtechnik GmbH", "Öko-Energie Süd eG", "Volksbank Rhein-Ruhr eG", "Acme Widgets Ltd",
	"Northwind Traders Inc.", "Contoso Pharmaceuticals plc", "Fabrikam Industries LLC", "Brightside Analytics Limited",
	"Blue Harbour Consulting Corp", "Lumière Éditions SARL", "Tulpen Import B.V.", "Kowalski Budownictwo sp. z o.o.",
	"Dvořák Stavby s.r.o.", "Nordvik Marin AB", "IT", "Sportverein Grün-Weiß e.V.", "Bio Hof Lämmle",
}

// edits returns every single edit of s within a word: each letter deleted,
// swapped with its neighbour, replaced by and preceded by each letter of
// alphabet, and each letter of alphabet added at the end. What separates
// words stays: an edit that joins or splits words is not one in a word.
func edits(s string, alphabet string) []string {
	r := []rune(s)
	var out []string
	for i := range r {
		if !inWord(r[i]) {
			continue
		}
		out = append(out, string(r[:i])+string(r[i+1:]))
		if i+1 < len(r) && inWord(r[i+1]) {
			out = append(out, string(r[:i])+string(r[i+1])+string(r[i])+string(r[i+2:]))
		}
		for _, x := range alphabet {
			out = append(out, string(r[:i])+string(x)+string(r[i+1:]), string(r[:i])+string(x)+string(r[i:]))
		}
	}
	for _, x := range alphabet {
		out = append(out, s+string(x))
	}
	return out
}

func inWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// TestBlocksOfMatchingNames checks the promise of the blocking keys: two
// keys that match by name share a block whenever their names differ by one
// edit in one word, or by the order of the words. The edits are made both
// to the name as typed and to its canonical form.
func TestBlocksOfMatchingNames(t *testing.T) {
	const alphabet = "aeiorstnlüößz1-"
	checked, matched := 0, 0
	check := func(orig Key, variant string) {
		k := Normalize(Customer{Name: variant, Country: "DE"})
		e := Compare(orig, k)
		checked++
		if !e.Name && !e.Fuzzy {
			return
		}
		matched++
		if !orig.SharesBlock(k) || !k.SharesBlock(orig) {
			t.Errorf("%q and %q match (%+v) but share no block: %q, %q", orig.Name, k.Name, e, orig.Blocks, k.Blocks)
		}
	}
	for _, name := range companies {
		orig := Normalize(Customer{Name: name, Country: "DE"})
		for _, v := range edits(name, alphabet) {
			check(orig, v)
		}
		words := strings.Fields(orig.Name)
		for i, w := range words {
			for _, v := range edits(w, alphabet[:len(alphabet)-1]) {
				changed := append(append(append([]string{}, words[:i]...), v), words[i+1:]...)
				check(orig, strings.Join(changed, " "))
			}
		}
		reversed := strings.Fields(name)
		for i, j := 0, len(reversed)-1; i < j; i, j = i+1, j-1 {
			reversed[i], reversed[j] = reversed[j], reversed[i]
		}
		check(orig, strings.Join(reversed, " "))
	}
	if matched < checked/4 {
		t.Errorf("only %d of %d variants match: the corpus tests too little", matched, checked)
	}
}

func TestBlocks(t *testing.T) {
	k := Normalize(Customer{Name: "Bäckerei Größl GmbH", Country: "de"})
	if want := []string{"DE|baeckerei|p|gr", "DE|baeckerei|s|sl", "DE|groessl|p|ba", "DE|groessl|s|ei"}; !slices.Equal(k.Blocks, want) {
		t.Errorf("Blocks = %q", k.Blocks)
	}
	if other := Normalize(Customer{Name: "Bäckerei Größl GmbH", Country: "AT"}); k.SharesBlock(other) {
		t.Errorf("keys of different countries share a block: %q, %q", k.Blocks, other.Blocks)
	}
	if e := Normalize(Customer{Domain: "groessl.de"}); len(e.Blocks) != 0 || e.SharesBlock(e) {
		t.Errorf("a key without a name has blocks %q", e.Blocks)
	}
}

func BenchmarkNormalize(b *testing.B) {
	c := Customer{Name: "Bäckerei Größl GmbH & Co. KG", Domain: "https://www.baeckerei-groessl.de/", Country: "Deutschland"}
	for b.Loop() {
		Normalize(c)
	}
}

func BenchmarkCompare(b *testing.B) {
	x := Normalize(Customer{Name: "Schneider Elektrotechnik und Gebäudeautomation GmbH", Country: "DE"})
	y := Normalize(Customer{Name: "Schnieder Gebaeudeautomation & Elektrotechnik", Country: "DE"})
	for b.Loop() {
		Compare(x, y)
	}
}
