package geo

import (
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"slices"
	"strconv"
	"testing"
)

type demoCity struct{ country, region, name string }

// demoCities reads the cities of the demo data from internal/demo/words.go:
// every organisation the demo makes must be placeable on a map.
func demoCities(t *testing.T) []demoCity {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "../demo/words.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	str := func(e ast.Expr) string {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return ""
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	var out []demoCity
	ast.Inspect(f, func(n ast.Node) bool {
		c, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		var code string
		var regions *ast.CompositeLit
		for _, e := range c.Elts {
			kv, ok := e.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			switch id, _ := kv.Key.(*ast.Ident); {
			case id == nil:
			case id.Name == "code":
				code = str(kv.Value)
			case id.Name == "regions":
				regions, _ = kv.Value.(*ast.CompositeLit)
			}
		}
		if code == "" || regions == nil {
			return true
		}
		// region{name, weight, places, cities}; city{name, area}
		for _, r := range regions.Elts {
			r := r.(*ast.CompositeLit)
			region := str(r.Elts[0])
			for _, ct := range r.Elts[3].(*ast.CompositeLit).Elts {
				out = append(out, demoCity{code, region, str(ct.(*ast.CompositeLit).Elts[0])})
			}
		}
		return false
	})
	if len(out) < 80 {
		t.Fatalf("found %d demo cities in words.go, want at least 80: has its layout changed?", len(out))
	}
	return out
}

func TestDemoCitiesResolve(t *testing.T) {
	for _, c := range demoCities(t) {
		p, ok := Lookup(c.country, c.name)
		if !ok {
			t.Errorf("Lookup(%q, %q): not found", c.country, c.name)
			continue
		}
		if p.Country != c.country {
			t.Errorf("Lookup(%q, %q).Country = %q", c.country, c.name, p.Country)
		}
		if got := RegionOf(p); got != c.region {
			t.Errorf("RegionOf(%s %s) = %q, want %q as in the demo data", c.country, c.name, got, c.region)
		}
		if p.Population < 5000 {
			t.Errorf("Lookup(%q, %q) = %s with %d inhabitants: the wrong place", c.country, c.name, p.Name, p.Population)
		}
		// Without the country the demo's cities are the best known of
		// their name, except where a bigger namesake exists elsewhere.
		if q, ok := Find(c.name + ", " + c.country); !ok || q != p {
			t.Errorf("Find(%q) = %+v, %v; want %+v", c.name+", "+c.country, q, ok, p)
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		country, name string
		want          string // name; "" for none
		wantCountry   string
	}{
		// Case, accents and umlauts.
		{"DE", "München", "München", "DE"},
		{"DE", "münchen", "München", "DE"},
		{"DE", "MÜNCHEN", "München", "DE"},
		{"DE", "Muenchen", "München", "DE"},
		{"DE", "Munchen", "München", "DE"},
		{"de", " nürnberg ", "Nürnberg", "DE"},
		{"DE", "Nuernberg", "Nürnberg", "DE"},
		{"DE", "Koeln", "Köln", "DE"},
		{"DE", "Düsseldorf", "Düsseldorf", "DE"},
		{"DE", "Duesseldorf", "Düsseldorf", "DE"},
		{"DE", "GIESSEN", "Gießen", "DE"},
		{"DE", "Giessen", "Gießen", "DE"},
		{"CH", "Zuerich", "Zürich", "CH"},
		{"CH", "Geneve", "Genève", "CH"},
		{"PL", "Krakow", "Kraków", "PL"},
		{"PL", "Lodz", "Łódź", "PL"},
		{"AT", "St. Pölten", "Sankt Pölten", "AT"},
		{"AT", "St Poelten", "Sankt Pölten", "AT"},
		{"CH", "St.Gallen", "Sankt Gallen", "CH"},
		{"FR", "St-Etienne", "Saint-Étienne", "FR"},
		// Exonyms and other names.
		{"", "Munich", "München", "DE"},
		{"", "Cologne", "Köln", "DE"},
		{"", "Nuremberg", "Nürnberg", "DE"},
		{"", "Vienna", "Wien", "AT"},
		{"", "Zurich", "Zürich", "CH"},
		{"", "Geneva", "Genève", "CH"},
		{"", "Genf", "Genève", "CH"},
		{"", "Mailand", "Milan", "IT"},
		{"", "Warschau", "Warszawa", "PL"},
		{"", "The Hague", "Den Haag", "NL"},
		{"", "Bienne", "Biel/Bienne", "CH"},
		// Names with and without what tells namesakes apart.
		{"DE", "Frankfurt", "Frankfurt am Main", "DE"},
		{"DE", "Frankfurt (Oder)", "Frankfurt (Oder)", "DE"},
		{"DE", "Halle", "Halle (Saale)", "DE"},
		{"DE", "Freiburg im Breisgau", "Freiburg", "DE"},
		{"DE", "Mülheim an der Ruhr", "Mülheim", "DE"},
		{"DE", "Brandenburg", "Brandenburg an der Havel", "DE"},
		{"", "Biel", "Biel/Bienne", "CH"},
		// Ambiguous names: the most populous, or the one in the country.
		{"", "Frankfurt", "Frankfurt am Main", "DE"},
		{"", "Birmingham", "Birmingham", "GB"},
		{"US", "Birmingham", "Birmingham", "US"},
		{"", "Sankt Gallen", "Sankt Gallen", "CH"},
		{"AT", "Sankt Gallen", "Sankt Gallen", "AT"},
		{"", "Athens", "Athens", "GR"},
		{"US", "Athens", "Athens", "US"},
		{"", "Luxembourg", "Luxembourg", "LU"},
		{"LI", "Vaduz", "Vaduz", "LI"},
		// Unknown.
		{"DE", "Atlantis", "", ""},
		{"", "", "", ""},
		{"DE", "Wien", "", ""},
		{"AT", "Munich", "", ""},
		{"XX", "Berlin", "", ""},
	}
	for _, tt := range tests {
		p, ok := Lookup(tt.country, tt.name)
		if tt.want == "" {
			if ok {
				t.Errorf("Lookup(%q, %q) = %s (%s), want not found", tt.country, tt.name, p.Name, p.Country)
			}
			continue
		}
		if !ok || p.Name != tt.want || p.Country != tt.wantCountry {
			t.Errorf("Lookup(%q, %q) = %q (%s), %v; want %q (%s)", tt.country, tt.name, p.Name, p.Country, ok, tt.want, tt.wantCountry)
		}
	}
}

func TestFind(t *testing.T) {
	tests := []struct {
		query, want, wantCountry, wantRegion string
	}{
		{"Nürnberg", "Nürnberg", "DE", "Bayern"},
		{"Munich, DE", "München", "DE", "Bayern"},
		{"Wien AT", "Wien", "AT", "Wien"},
		{"Wien, Österreich", "Wien", "AT", "Wien"},
		{"Bern Schweiz", "Bern", "CH", "Bern"},
		{"Zürich, Switzerland", "Zürich", "CH", "Zürich"},
		{"80331 München", "München", "DE", "Bayern"},
		{"CH-1003 Lausanne", "Lausanne", "CH", "Waadt"},
		{"Frankfurt am Main, Deutschland", "Frankfurt am Main", "DE", "Hessen"},
		{"Sankt Gallen, AT", "Sankt Gallen", "AT", "Steiermark"},
		{"Birmingham, United States", "Birmingham", "US", "Alabama"},
		{"Neustadt", "Neustadt", "DE", "Rheinland-Pfalz"},
		{"Neustadt, Hessen", "Neustadt (Hessen)", "DE", "Hessen"},
		{"Neustadt, Hesse, DE", "Neustadt (Hessen)", "DE", "Hessen"},
		{"Halle, Nordrhein-Westfalen", "Halle", "DE", "Nordrhein-Westfalen"},
		{"Luxemburg", "Luxembourg", "LU", "Luxembourg"},
	}
	for _, tt := range tests {
		p, ok := Find(tt.query)
		if !ok || p.Name != tt.want || p.Country != tt.wantCountry || RegionOf(p) != tt.wantRegion {
			t.Errorf("Find(%q) = %q (%s, %s), %v; want %q (%s, %s)", tt.query, p.Name, p.Country, RegionOf(p), ok, tt.want, tt.wantCountry, tt.wantRegion)
		}
	}
	for _, q := range []string{"", "  ", ",", "Xyzzy", "Xyzzy, DE", "München, AT", "12345"} {
		if p, ok := Find(q); ok {
			t.Errorf("Find(%q) = %s (%s), want not found", q, p.Name, p.Country)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b       string
		km, within float64
	}{
		{"München", "Nürnberg", 150, 10},
		{"Berlin", "Hamburg", 255, 10},
		{"Wien", "Zürich", 594, 10},
		{"London", "New York City", 5570, 30},
		{"Köln", "Köln", 0, 0},
	}
	for _, tt := range tests {
		a, okA := Lookup("", tt.a)
		b, okB := Lookup("", tt.b)
		if !okA || !okB {
			t.Fatalf("Lookup %q or %q failed", tt.a, tt.b)
		}
		if got := Distance(a, b); math.Abs(got-tt.km) > tt.within {
			t.Errorf("Distance(%s, %s) = %.1f km, want %.0f ± %.0f", tt.a, tt.b, got, tt.km, tt.within)
		}
		if ab, ba := Distance(a, b), Distance(b, a); ab != ba {
			t.Errorf("Distance(%s, %s) = %v but the other way %v", tt.a, tt.b, ab, ba)
		}
	}
	// A quarter of the equator, and antipodes.
	if got := DistanceKm(0, 0, 0, 90); math.Abs(got-10007.5) > 1 {
		t.Errorf("DistanceKm(0,0,0,90) = %.1f, want 10007.5", got)
	}
	if got := DistanceKm(52, 13, -52, -167); math.Abs(got-20015.1) > 1 {
		t.Errorf("DistanceKm to the antipode = %.1f, want 20015.1", got)
	}
}

func TestSuggest(t *testing.T) {
	names := func(ps []Place) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Name)
		}
		return out
	}
	for _, prefix := range []string{"Nür", "nür", "NUER", "Nuern", "Nürnb"} {
		got := Suggest(prefix, 5)
		if len(got) == 0 || got[0].Name != "Nürnberg" {
			t.Errorf("Suggest(%q, 5) = %v, want Nürnberg first", prefix, names(got))
		}
	}
	got := Suggest("Nür", 5)
	if len(got) != 5 {
		t.Fatalf("Suggest(Nür, 5) gave %d places, want 5", len(got))
	}
	if !slices.Contains(names(got), "Nürtingen") {
		t.Errorf("Suggest(Nür, 5) = %v, want Nürtingen among them", names(got))
	}
	// Typed with an umlaut, umlaut names come first; the rest by size.
	if got[1].Name != "Nürtingen" {
		t.Errorf("Suggest(Nür, 5) = %v, want Nürtingen second", names(got))
	}
	got = Suggest("Frank", 20)
	for i := 1; i < len(got); i++ {
		if got[i].Population > got[i-1].Population {
			t.Errorf("Suggest(Frank) not most populous first: %v", names(got))
			break
		}
	}
	if len(got) == 0 || got[0].Name != "Frankfurt am Main" {
		t.Errorf("Suggest(Frank, 20) = %v, want Frankfurt am Main first", names(got))
	}
	if got := Suggest("Munic", 3); len(got) == 0 || got[0].Name != "München" {
		t.Errorf("Suggest(Munic, 3) = %v, want München by its English name", names(got))
	}
	for _, tt := range []struct {
		prefix string
		n      int
	}{{"", 5}, {"  ", 5}, {"Nür", 0}, {"Nür", -1}, {"Qqqxz", 5}} {
		if got := Suggest(tt.prefix, tt.n); len(got) != 0 {
			t.Errorf("Suggest(%q, %d) = %v, want none", tt.prefix, tt.n, names(got))
		}
	}
}

func TestSameRegion(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Bavaria", "Bayern", true},
		{"Bayern", "BAYERN", true},
		{"bayern", "Freistaat Bayern", true},
		{"Baden-Wurttemberg", "Baden-Württemberg", true},
		{"Baden-Wuerttemberg", "Baden-Württemberg", true},
		{"North Rhine-Westphalia", "Nordrhein-Westfalen", true},
		{"NRW", "Nordrhein-Westfalen", true},
		{"Hesse", "Hessen", true},
		{"Thuringia", "Thüringen", true},
		{"Lower Saxony", "Niedersachsen", true},
		{"State of Berlin", "Berlin", true},
		{"Tyrol", "Tirol", true},
		{"Carinthia", "Kärnten", true},
		{"Vienna", "Wien", true},
		{"Vaud", "Waadt", true},
		{"Geneva", "Genf", true},
		{"Grisons", "Graubünden", true},
		{"Saint Gallen", "St. Gallen", true},
		{"Mazovia", "Mazowieckie", true},
		{"South Holland", "Zuid-Holland", true},
		{"Texas", "texas", true},
		{"Bayern", "Hessen", false},
		{"Lower Austria", "Upper Austria", false},
		{"Sachsen", "Sachsen-Anhalt", false},
		{"Bavaria", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got := SameRegion(tt.a, tt.b); got != tt.want {
			t.Errorf("SameRegion(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := SameRegion(tt.b, tt.a); got != tt.want {
			t.Errorf("SameRegion(%q, %q) = %v, want %v", tt.b, tt.a, got, tt.want)
		}
	}
}

// TestRegionTablesCover checks that every state of Germany and Austria and
// every canton in the data has a German name, so RegionOf never answers
// in English there.
func TestRegionTablesCover(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range loaded().places {
		switch p.Country {
		case "DE", "AT", "CH", "NL", "PL":
		default:
			continue
		}
		k := p.Country + "\t" + p.Region
		if seen[k] {
			continue
		}
		seen[k] = true
		if _, ok := regions().inCountry[p.Country+"\t"+umlautKey(p.Region)]; !ok {
			t.Errorf("%s region %q of %s has no entry in regionNames", p.Country, p.Region, p.Name)
		}
	}
	if len(seen) < 16+9+26 {
		t.Errorf("saw %d regions in DE, AT, CH, NL and PL, want all of them", len(seen))
	}
}

func TestAliasesNamePlaces(t *testing.T) {
	for _, a := range cityAliases {
		want, ok := Lookup(a.country, a.name)
		if !ok || want.Name != a.name {
			t.Errorf("alias target %s %q is not in the data", a.country, a.name)
			continue
		}
		for _, alias := range a.aliases {
			if got, ok := Lookup(a.country, alias); !ok || got != want {
				t.Errorf("Lookup(%q, %q) = %q, %v; want %q", a.country, alias, got.Name, ok, want.Name)
			}
		}
	}
}

func TestKeys(t *testing.T) {
	tests := []struct{ in, umlaut, plain string }{
		{"MÜNCHEN", "muenchen", "munchen"},
		{"Muenchen", "muenchen", "muenchen"},
		{"Gießen", "giessen", "giessen"},
		{"St. Pölten", "st poelten", "st polten"},
		{"Sankt Pölten", "st poelten", "st polten"},
		{"Saint-Étienne", "st etienne", "st etienne"},
		{"Łódź", "lodz", "lodz"},
		{"Halle (Saale)", "halle saale", "halle saale"},
		{"Biel/Bienne", "biel bienne", "biel bienne"},
		{"  Frankfurt  am   Main ", "frankfurt am main", "frankfurt am main"},
		{"Ærøskøbing", "aeroskobing", "aeroskobing"},
		{"'s-Hertogenbosch", "s hertogenbosch", "s hertogenbosch"},
		{"Mu\u0308nchen", "muenchen", "munchen"}, // decomposed ü
		{"Ǽrø", "aero", "aero"},                  // ǽ is æ and an accent (found by FuzzPlaceNames)
		{"", "", ""},
		{"--", "", ""},
	}
	for _, tt := range tests {
		if got := umlautKey(tt.in); got != tt.umlaut {
			t.Errorf("umlautKey(%q) = %q, want %q", tt.in, got, tt.umlaut)
		}
		if got := plainKey(tt.in); got != tt.plain {
			t.Errorf("plainKey(%q) = %q, want %q", tt.in, got, tt.plain)
		}
	}
	short := []struct{ in, want string }{
		{"Frankfurt am Main", "Frankfurt"},
		{"Frankfurt (Oder)", "Frankfurt"},
		{"Frankfurt a.M.", "Frankfurt"},
		{"Neustadt a.d. Weinstraße", "Neustadt"},
		{"Freiburg i. Br.", "Freiburg"},
		{"Biel/Bienne", "Biel"},
		{"Boulogne-sur-Mer", "Boulogne"},
		{"Bergen op Zoom", "Bergen"},
		{"Berlin", ""},
		{"Baden-Baden", ""},
		{"A Coruña", ""},
	}
	for _, tt := range short {
		if got := shortName(tt.in); got != tt.want {
			t.Errorf("shortName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	loaded()
	queries := [][2]string{{"DE", "Muenchen"}, {"", "Frankfurt"}, {"CH", "Zürich"}, {"", "Vienna"}, {"DE", "Nowhere"}}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		q := queries[i%len(queries)]
		Lookup(q[0], q[1])
	}
}

func BenchmarkFind(b *testing.B) {
	loaded()
	b.ReportAllocs()
	for b.Loop() {
		Find("Munich, DE")
	}
}

func BenchmarkSuggest(b *testing.B) {
	loaded()
	b.ReportAllocs()
	for b.Loop() {
		Suggest("Nür", 10)
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := build(placesGz); err != nil {
			b.Fatal(err)
		}
	}
}
