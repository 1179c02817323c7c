package geo

import (
	"slices"
	"sync"
)

// regionNames are names of states, provinces and cantons. The first name
// is the one RegionOf gives: German for Germany, Austria and Switzerland,
// the local name for the Netherlands, Poland and France (as partners there
// write it); the others include GeoNames' name.
var regionNames = []struct {
	country string
	names   []string
}{
	{"DE", []string{"Baden-Württemberg", "Baden-Wurttemberg"}},
	{"DE", []string{"Bayern", "Bavaria", "Freistaat Bayern"}},
	{"DE", []string{"Berlin", "State of Berlin", "Land Berlin"}},
	{"DE", []string{"Brandenburg"}},
	{"DE", []string{"Bremen", "Freie Hansestadt Bremen", "Free Hanseatic City of Bremen"}},
	{"DE", []string{"Hamburg", "Freie und Hansestadt Hamburg"}},
	{"DE", []string{"Hessen", "Hesse"}},
	{"DE", []string{"Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania"}},
	{"DE", []string{"Niedersachsen", "Lower Saxony"}},
	{"DE", []string{"Nordrhein-Westfalen", "North Rhine-Westphalia", "NRW"}},
	{"DE", []string{"Rheinland-Pfalz", "Rhineland-Palatinate"}},
	{"DE", []string{"Saarland"}},
	{"DE", []string{"Sachsen", "Saxony", "Freistaat Sachsen"}},
	{"DE", []string{"Sachsen-Anhalt", "Saxony-Anhalt"}},
	{"DE", []string{"Schleswig-Holstein"}},
	{"DE", []string{"Thüringen", "Thuringia", "Freistaat Thüringen"}},

	{"AT", []string{"Burgenland"}},
	{"AT", []string{"Kärnten", "Carinthia"}},
	{"AT", []string{"Niederösterreich", "Lower Austria"}},
	{"AT", []string{"Oberösterreich", "Upper Austria"}},
	{"AT", []string{"Salzburg"}},
	{"AT", []string{"Steiermark", "Styria"}},
	{"AT", []string{"Tirol", "Tyrol"}},
	{"AT", []string{"Vorarlberg"}},
	{"AT", []string{"Wien", "Vienna"}},

	{"CH", []string{"Aargau", "Argovie"}},
	{"CH", []string{"Appenzell Ausserrhoden"}},
	{"CH", []string{"Appenzell Innerrhoden"}},
	{"CH", []string{"Basel-Landschaft", "Basel-Country", "Basel-Land"}},
	{"CH", []string{"Basel-Stadt", "Basel-City"}},
	{"CH", []string{"Bern", "Berne"}},
	{"CH", []string{"Freiburg", "Fribourg"}},
	{"CH", []string{"Genf", "Geneva", "Genève"}},
	{"CH", []string{"Glarus"}},
	{"CH", []string{"Graubünden", "Grisons", "Grigioni", "Grischun"}},
	{"CH", []string{"Jura"}},
	{"CH", []string{"Luzern", "Lucerne"}},
	{"CH", []string{"Neuenburg", "Neuchâtel"}},
	{"CH", []string{"Nidwalden"}},
	{"CH", []string{"Obwalden"}},
	{"CH", []string{"Schaffhausen"}},
	{"CH", []string{"Schwyz"}},
	{"CH", []string{"Solothurn"}},
	{"CH", []string{"St. Gallen", "Saint Gallen"}},
	{"CH", []string{"Tessin", "Ticino"}},
	{"CH", []string{"Thurgau"}},
	{"CH", []string{"Uri"}},
	{"CH", []string{"Waadt", "Vaud"}},
	{"CH", []string{"Wallis", "Valais"}},
	{"CH", []string{"Zug"}},
	{"CH", []string{"Zürich", "Zurich"}},

	{"NL", []string{"Drenthe"}},
	{"NL", []string{"Flevoland"}},
	{"NL", []string{"Friesland", "Fryslân"}},
	{"NL", []string{"Gelderland"}},
	{"NL", []string{"Groningen"}},
	{"NL", []string{"Limburg"}},
	{"NL", []string{"Noord-Brabant", "North Brabant", "Nordbrabant"}},
	{"NL", []string{"Noord-Holland", "North Holland", "Nordholland"}},
	{"NL", []string{"Overijssel"}},
	{"NL", []string{"Utrecht"}},
	{"NL", []string{"Zeeland"}},
	{"NL", []string{"Zuid-Holland", "South Holland", "Südholland"}},

	{"PL", []string{"Dolnośląskie", "Lower Silesia", "Niederschlesien"}},
	{"PL", []string{"Kujawsko-Pomorskie", "Kuyavia-Pomerania"}},
	{"PL", []string{"Łódzkie", "Łódź Voivodeship"}},
	{"PL", []string{"Lubelskie", "Lublin"}},
	{"PL", []string{"Lubuskie", "Lubusz"}},
	{"PL", []string{"Małopolskie", "Lesser Poland", "Kleinpolen"}},
	{"PL", []string{"Mazowieckie", "Mazovia", "Masowien"}},
	{"PL", []string{"Opolskie", "Opole Voivodeship"}},
	{"PL", []string{"Podkarpackie", "Subcarpathia", "Karpatenvorland"}},
	{"PL", []string{"Podlaskie", "Podlasie"}},
	{"PL", []string{"Pomorskie", "Pomerania", "Pommern"}},
	{"PL", []string{"Śląskie", "Silesia", "Schlesien"}},
	{"PL", []string{"Świętokrzyskie", "Holy Cross"}},
	{"PL", []string{"Warmińsko-Mazurskie", "Warmia-Masuria", "Ermland-Masuren"}},
	{"PL", []string{"Wielkopolskie", "Greater Poland", "Großpolen"}},
	{"PL", []string{"Zachodniopomorskie", "West Pomerania", "Westpommern"}},

	{"FR", []string{"Bretagne", "Brittany"}},
	{"FR", []string{"Corse", "Corsica", "Korsika"}},
	{"FR", []string{"Normandie", "Normandy"}},
	{"FR", []string{"Nouvelle-Aquitaine", "New Aquitaine"}},
}

// regionIndex finds regionNames entries by country and key, and by key in
// any country.
type regionIndex struct {
	inCountry map[string]int   // country + "\t" + key → entry
	byKey     map[string][]int // key → entries
}

var regions = sync.OnceValue(func() *regionIndex {
	ri := &regionIndex{inCountry: map[string]int{}, byKey: map[string][]int{}}
	for i, r := range regionNames {
		for _, n := range r.names {
			for _, k := range []string{umlautKey(n), plainKey(n)} {
				ri.inCountry[r.country+"\t"+k] = i
				if !slices.Contains(ri.byKey[k], i) {
					ri.byKey[k] = append(ri.byKey[k], i)
				}
			}
		}
	}
	return ri
})

// RegionOf is the name of p's state, province or canton as partners in
// its country write it ("Bayern", "Waadt", "Mazowieckie"); where this
// package knows no other name, GeoNames' one ("England", "Texas").
func RegionOf(p Place) string {
	if i, ok := regions().inCountry[p.Country+"\t"+umlautKey(p.Region)]; ok {
		return regionNames[i].names[0]
	}
	return p.Region
}

// SameRegion reports whether a and b name the same state, province or
// canton, in any language or spelling this package knows: "Bavaria" and
// "Bayern", "Vaud" and "Waadt". Empty names are never the same.
func SameRegion(a, b string) bool {
	ka, kb := umlautKey(a), umlautKey(b)
	if ka == "" || kb == "" {
		return false
	}
	if ka == kb || plainKey(a) == plainKey(b) {
		return true
	}
	ri := regions()
	for _, i := range ri.byKey[ka] {
		if slices.Contains(ri.byKey[kb], i) {
			return true
		}
	}
	return false
}
