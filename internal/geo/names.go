package geo

import "sync"

// cityAliases are other names of places: English and German exonyms,
// local names where GeoNames has an English one, and short forms. name is
// the place's name in the embedded file.
var cityAliases = []struct {
	country, name string
	aliases       []string
}{
	{"DE", "München", []string{"Munich", "Monaco di Baviera"}},
	{"DE", "Köln", []string{"Cologne"}},
	{"DE", "Nürnberg", []string{"Nuremberg"}},
	{"DE", "Hannover", []string{"Hanover"}},
	{"DE", "Braunschweig", []string{"Brunswick"}},
	{"DE", "Aachen", []string{"Aix-la-Chapelle"}},
	{"AT", "Wien", []string{"Vienna", "Vienne"}},
	{"CH", "Zürich", []string{"Zurich", "Zurigo"}},
	{"CH", "Genève", []string{"Geneva", "Genf", "Ginevra"}},
	{"CH", "Luzern", []string{"Lucerne"}},
	{"CH", "Basel", []string{"Basle", "Bâle"}},
	{"CH", "Bern", []string{"Berne"}},
	{"CH", "Biel/Bienne", []string{"Bienne"}},
	{"CH", "Neuchâtel", []string{"Neuenburg"}},
	{"LU", "Luxembourg", []string{"Luxemburg", "Lëtzebuerg"}},
	{"NL", "Den Haag", []string{"The Hague", "'s-Gravenhage"}},
	{"NL", "'s-Hertogenbosch", []string{"Den Bosch"}},
	{"BE", "Brussels", []string{"Brüssel", "Bruxelles", "Brussel"}},
	{"BE", "Antwerpen", []string{"Antwerp", "Anvers"}},
	{"BE", "Gent", []string{"Ghent", "Gand"}},
	{"BE", "Brugge", []string{"Bruges", "Brügge"}},
	{"BE", "Liège", []string{"Lüttich", "Luik"}},
	{"FR", "Strasbourg", []string{"Straßburg"}},
	{"FR", "Nice", []string{"Nizza"}},
	{"FR", "Marseille", []string{"Marseilles"}},
	{"IT", "Rome", []string{"Rom", "Roma"}},
	{"IT", "Milan", []string{"Mailand", "Milano"}},
	{"IT", "Naples", []string{"Neapel", "Napoli"}},
	{"IT", "Turin", []string{"Torino"}},
	{"IT", "Florence", []string{"Florenz", "Firenze"}},
	{"IT", "Venice", []string{"Venedig", "Venezia"}},
	{"IT", "Genoa", []string{"Genua", "Genova"}},
	{"PL", "Warszawa", []string{"Warsaw", "Warschau"}},
	{"PL", "Kraków", []string{"Cracow", "Krakau"}},
	{"PL", "Wrocław", []string{"Breslau"}},
	{"PL", "Poznań", []string{"Posen"}},
	{"PL", "Gdańsk", []string{"Danzig"}},
	{"PL", "Szczecin", []string{"Stettin"}},
	{"CZ", "Prague", []string{"Prag", "Praha"}},
	{"CZ", "Brno", []string{"Brünn"}},
	{"SK", "Bratislava", []string{"Pressburg"}},
	{"PT", "Lisbon", []string{"Lissabon", "Lisboa"}},
	{"DK", "Copenhagen", []string{"Kopenhagen", "København"}},
	{"SE", "Göteborg", []string{"Gothenburg"}},
	{"GR", "Athens", []string{"Athen"}},
	{"RO", "Bucharest", []string{"Bukarest", "București"}},
	{"ES", "Sevilla", []string{"Seville"}},
	{"RU", "Moscow", []string{"Moskau", "Moskva"}},
	{"GB", "Kingston upon Hull", []string{"Hull"}},
	{"US", "New York City", []string{"New York", "NYC"}},
}

// countryNameList names countries in German, English and their own
// language, for queries such as "Bern, Schweiz".
var countryNameList = map[string][]string{
	"DE": {"Deutschland", "Germany", "Allemagne", "BRD"},
	"AT": {"Österreich", "Austria", "Autriche"},
	"CH": {"Schweiz", "Switzerland", "Suisse", "Svizzera"},
	"LI": {"Liechtenstein"},
	"LU": {"Luxemburg", "Luxembourg", "Lëtzebuerg"},
	"NL": {"Niederlande", "Netherlands", "Nederland", "Holland"},
	"BE": {"Belgien", "Belgium", "België", "Belgique"},
	"FR": {"Frankreich", "France"},
	"IT": {"Italien", "Italy", "Italia"},
	"ES": {"Spanien", "Spain", "España"},
	"PT": {"Portugal"},
	"PL": {"Polen", "Poland", "Polska"},
	"CZ": {"Tschechien", "Czechia", "Czech Republic", "Česko", "Tschechische Republik"},
	"SK": {"Slowakei", "Slovakia", "Slovensko"},
	"HU": {"Ungarn", "Hungary", "Magyarország"},
	"SI": {"Slowenien", "Slovenia", "Slovenija"},
	"HR": {"Kroatien", "Croatia", "Hrvatska"},
	"DK": {"Dänemark", "Denmark", "Danmark"},
	"SE": {"Schweden", "Sweden", "Sverige"},
	"NO": {"Norwegen", "Norway", "Norge"},
	"FI": {"Finnland", "Finland", "Suomi"},
	"IS": {"Island", "Iceland", "Ísland"},
	"IE": {"Irland", "Ireland", "Éire"},
	"GB": {"Großbritannien", "Vereinigtes Königreich", "United Kingdom", "Great Britain", "UK", "England", "Scotland", "Schottland", "Wales"},
	"EE": {"Estland", "Estonia", "Eesti"},
	"LV": {"Lettland", "Latvia", "Latvija"},
	"LT": {"Litauen", "Lithuania", "Lietuva"},
	"RO": {"Rumänien", "Romania", "România"},
	"BG": {"Bulgarien", "Bulgaria"},
	"GR": {"Griechenland", "Greece"},
	"CY": {"Zypern", "Cyprus"},
	"MT": {"Malta"},
	"US": {"USA", "Vereinigte Staaten", "United States", "United States of America", "US"},
	"CA": {"Kanada", "Canada"},
	"IN": {"Indien", "India"},
	"IL": {"Israel"},
	"AE": {"Vereinigte Arabische Emirate", "United Arab Emirates", "UAE", "VAE"},
	"SG": {"Singapur", "Singapore"},
	"AU": {"Australien", "Australia"},
}

// countryNames maps the keys of countryNameList's names to their codes.
var countryNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for code, names := range countryNameList {
		for _, n := range names {
			m[umlautKey(n)] = code
			m[plainKey(n)] = code
		}
	}
	return m
})
