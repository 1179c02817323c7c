package demo

// The word lists the generator builds organisations from. They are written
// for this demo; names of persons and companies are invented combinations of
// common family names and words.

// Name styles: which family names and name words a country's companies use.
const (
	styleGerman = iota
	styleDutch
	styleFrench
	stylePolish
	styleEnglish
)

type city struct {
	name string
	area string // telephone area code without the leading zero
}

type region struct {
	name   string
	weight int
	places []string // landscape and river words for company names
	cities []city
}

// legalForm is a legal form with the company sizes (indexes into
// partner.Sizes) it suits.
type legalForm struct {
	name             string
	weight           int
	minSize, maxSize int
	person           bool // only after one person's name, as e.K.
}

type country struct {
	code    string
	weight  int
	dial    string
	tlds    []string // first is the usual one
	german  bool     // descriptions mostly in German
	style   int
	forms   []legalForm
	regions []region
}

var countries = []country{
	{code: "DE", weight: 760, dial: "+49", tlds: []string{"de", "com"}, german: true, style: styleGerman,
		forms: []legalForm{
			{"GmbH", 45, 0, 4, false},
			{"GmbH & Co. KG", 15, 1, 4, false},
			{"AG", 8, 2, 4, false},
			{"UG (haftungsbeschränkt)", 8, 0, 1, false},
			{"e.K.", 6, 0, 1, true},
			{"KG", 7, 0, 3, false},
			{"SE", 3, 3, 4, false},
		},
		regions: []region{
			{"Bayern", 17, []string{"Isar", "Franken", "Allgäu", "Alpen", "Donau", "Chiemgau"}, []city{
				{"München", "89"}, {"Nürnberg", "911"}, {"Augsburg", "821"}, {"Regensburg", "941"}, {"Würzburg", "931"}, {"Ingolstadt", "841"}}},
			{"Baden-Württemberg", 15, []string{"Neckar", "Schwarzwald", "Bodensee", "Schwaben", "Kurpfalz"}, []city{
				{"Stuttgart", "711"}, {"Karlsruhe", "721"}, {"Mannheim", "621"}, {"Freiburg im Breisgau", "761"}, {"Ulm", "731"}, {"Heidelberg", "6221"}}},
			{"Nordrhein-Westfalen", 20, []string{"Rhein", "Ruhr", "Westfalen", "Sauerland", "Münsterland", "Niederrhein"}, []city{
				{"Köln", "221"}, {"Düsseldorf", "211"}, {"Dortmund", "231"}, {"Essen", "201"}, {"Bonn", "228"}, {"Münster", "251"}, {"Aachen", "241"}, {"Bielefeld", "521"}, {"Paderborn", "5251"}}},
			{"Hessen", 8, []string{"Rhein-Main", "Taunus", "Main", "Vogelsberg"}, []city{
				{"Frankfurt am Main", "69"}, {"Wiesbaden", "611"}, {"Darmstadt", "6151"}, {"Kassel", "561"}, {"Gießen", "641"}}},
			{"Berlin", 7, []string{"Spree", "Havel", "Spreeufer"}, []city{{"Berlin", "30"}}},
			{"Hamburg", 4, []string{"Hanse", "Elbe", "Alster"}, []city{{"Hamburg", "40"}}},
			{"Bremen", 1, []string{"Weser", "Hanse"}, []city{{"Bremen", "421"}}},
			{"Niedersachsen", 8, []string{"Weser", "Harz", "Heide", "Ems", "Leine"}, []city{
				{"Hannover", "511"}, {"Braunschweig", "531"}, {"Osnabrück", "541"}, {"Oldenburg", "441"}, {"Göttingen", "551"}, {"Wolfsburg", "5361"}}},
			{"Sachsen", 5, []string{"Elbe", "Elbtal", "Erzgebirge", "Lausitz"}, []city{
				{"Dresden", "351"}, {"Leipzig", "341"}, {"Chemnitz", "371"}}},
			{"Sachsen-Anhalt", 2, []string{"Saale", "Harz", "Altmark"}, []city{{"Magdeburg", "391"}, {"Halle (Saale)", "345"}}},
			{"Thüringen", 2, []string{"Saale", "Wartburg", "Rennsteig"}, []city{{"Erfurt", "361"}, {"Jena", "3641"}, {"Weimar", "3643"}}},
			{"Brandenburg", 2, []string{"Havel", "Spreewald", "Uckermark"}, []city{{"Potsdam", "331"}, {"Cottbus", "355"}}},
			{"Mecklenburg-Vorpommern", 1, []string{"Ostsee", "Küste", "Seenplatte"}, []city{{"Rostock", "381"}, {"Schwerin", "385"}}},
			{"Schleswig-Holstein", 3, []string{"Förde", "Nordsee", "Ostsee", "Holstein"}, []city{{"Kiel", "431"}, {"Lübeck", "451"}, {"Flensburg", "461"}}},
			{"Rheinland-Pfalz", 4, []string{"Mosel", "Pfalz", "Eifel", "Westerwald"}, []city{
				{"Mainz", "6131"}, {"Koblenz", "261"}, {"Trier", "651"}, {"Kaiserslautern", "631"}}},
			{"Saarland", 1, []string{"Saar", "Saarland"}, []city{{"Saarbrücken", "681"}}},
		}},
	{code: "AT", weight: 70, dial: "+43", tlds: []string{"at", "com"}, german: true, style: styleGerman,
		forms: []legalForm{
			{"GmbH", 60, 0, 4, false},
			{"AG", 12, 2, 4, false},
			{"KG", 10, 0, 3, false},
			{"GmbH & Co. KG", 8, 1, 4, false},
		},
		regions: []region{
			{"Wien", 6, []string{"Donau", "Wienerwald", "Prater"}, []city{{"Wien", "1"}}},
			{"Steiermark", 2, []string{"Mur", "Steirer"}, []city{{"Graz", "316"}}},
			{"Oberösterreich", 2, []string{"Donau", "Traun", "Mühlviertel"}, []city{{"Linz", "732"}, {"Wels", "7242"}}},
			{"Salzburg", 1, []string{"Salzach", "Tauern"}, []city{{"Salzburg", "662"}}},
			{"Tirol", 1, []string{"Inntal", "Alpen", "Karwendel"}, []city{{"Innsbruck", "512"}}},
			{"Kärnten", 1, []string{"Wörthersee", "Drau"}, []city{{"Klagenfurt am Wörthersee", "463"}, {"Villach", "4242"}}},
			{"Niederösterreich", 1, []string{"Wachau", "Donau"}, []city{{"St. Pölten", "2742"}}},
			{"Vorarlberg", 1, []string{"Bodensee", "Ländle"}, []city{{"Bregenz", "5574"}, {"Dornbirn", "5572"}}},
		}},
	{code: "CH", weight: 50, dial: "+41", tlds: []string{"ch", "com"}, german: true, style: styleGerman,
		forms: []legalForm{
			{"AG", 55, 0, 4, false},
			{"GmbH", 45, 0, 3, false},
		},
		regions: []region{
			{"Zürich", 5, []string{"Limmat", "Zürisee", "Glatt"}, []city{{"Zürich", "44"}, {"Winterthur", "52"}}},
			{"Bern", 2, []string{"Aare", "Emme", "Oberland"}, []city{{"Bern", "31"}, {"Biel/Bienne", "32"}}},
			{"Basel-Stadt", 2, []string{"Rhein", "Dreiland"}, []city{{"Basel", "61"}}},
			{"Luzern", 1, []string{"Pilatus", "Vierwaldstätter"}, []city{{"Luzern", "41"}}},
			{"St. Gallen", 1, []string{"Säntis", "Bodensee"}, []city{{"St. Gallen", "71"}}},
			{"Zug", 1, []string{"Zugersee", "Rigi"}, []city{{"Zug", "41"}}},
			{"Waadt", 1, []string{"Léman", "Jura"}, []city{{"Lausanne", "21"}}},
		}},
	{code: "NL", weight: 30, dial: "+31", tlds: []string{"nl"}, style: styleDutch,
		forms: []legalForm{{"B.V.", 1, 0, 4, false}},
		regions: []region{
			{"Noord-Holland", 3, nil, []city{{"Amsterdam", "20"}, {"Haarlem", "23"}}},
			{"Zuid-Holland", 3, nil, []city{{"Rotterdam", "10"}, {"Den Haag", "70"}}},
			{"Utrecht", 2, nil, []city{{"Utrecht", "30"}}},
			{"Noord-Brabant", 2, nil, []city{{"Eindhoven", "40"}}},
		}},
	{code: "FR", weight: 25, dial: "+33", tlds: []string{"fr"}, style: styleFrench,
		forms: []legalForm{{"S.A.S.", 85, 0, 4, false}, {"S.A.", 15, 3, 4, false}},
		regions: []region{
			{"Île-de-France", 4, nil, []city{{"Paris", "1"}}},
			{"Auvergne-Rhône-Alpes", 2, nil, []city{{"Lyon", "4"}, {"Grenoble", "4"}}},
			{"Grand Est", 2, nil, []city{{"Strasbourg", "3"}, {"Metz", "3"}}},
			{"Occitanie", 1, nil, []city{{"Toulouse", "5"}}},
			{"Hauts-de-France", 1, nil, []city{{"Lille", "3"}}},
		}},
	{code: "PL", weight: 20, dial: "+48", tlds: []string{"pl"}, style: stylePolish,
		forms: []legalForm{{"Sp. z o.o.", 85, 0, 4, false}, {"S.A.", 15, 3, 4, false}},
		regions: []region{
			{"Mazowieckie", 3, nil, []city{{"Warszawa", "22"}}},
			{"Małopolskie", 2, nil, []city{{"Kraków", "12"}}},
			{"Dolnośląskie", 2, nil, []city{{"Wrocław", "71"}}},
			{"Wielkopolskie", 1, nil, []city{{"Poznań", "61"}}},
			{"Pomorskie", 1, nil, []city{{"Gdańsk", "58"}}},
		}},
	{code: "GB", weight: 25, dial: "+44", tlds: []string{"co.uk"}, style: styleEnglish,
		forms: []legalForm{{"Ltd", 85, 0, 4, false}, {"PLC", 15, 3, 4, false}},
		regions: []region{
			{"England", 6, nil, []city{{"London", "20"}, {"Manchester", "161"}, {"Birmingham", "121"}, {"Bristol", "117"}, {"Leeds", "113"}}},
			{"Scotland", 2, nil, []city{{"Edinburgh", "131"}, {"Glasgow", "141"}}},
		}},
	{code: "US", weight: 20, dial: "+1", tlds: []string{"com"}, style: styleEnglish,
		forms: []legalForm{{"Inc.", 60, 0, 4, false}, {"LLC", 40, 0, 3, false}},
		regions: []region{
			{"New York", 2, nil, []city{{"New York", "212"}}},
			{"Massachusetts", 1, nil, []city{{"Boston", "617"}}},
			{"Illinois", 1, nil, []city{{"Chicago", "312"}}},
			{"Texas", 1, nil, []city{{"Austin", "512"}}},
			{"Washington", 1, nil, []city{{"Seattle", "206"}}},
		}},
}

// Family names by style. The German list includes Austrian, Swiss and
// names of families who came to Germany from abroad.
var families = [...][]string{
	styleGerman: {"Müller", "Schäfer", "Größer", "Bäcker", "Jürgens", "Weiß", "Schmidt", "Schneider", "Fischer", "Meyer",
		"Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz",
		"Zimmermann", "Braun", "Krüger", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Lehmann", "Köhler",
		"Herrmann", "König", "Walter", "Huber", "Kaiser", "Fuchs", "Peters", "Scholz", "Möller", "Weber", "Jäger",
		"Günther", "Lorenz", "Böhm", "Vogel", "Baumann", "Brandt", "Haas", "Schubert", "Roth", "Sommer", "Voigt",
		"Engel", "Kühn", "Pohl", "Förster", "Brückner", "Gruber", "Pichler", "Steiner", "Hofer", "Leitner", "Keller",
		"Brunner", "Gerber", "Baumgartner", "Öztürk", "Yılmaz", "Nowak", "Petrović", "Dörr", "Nägele", "Wöhler"},
	styleDutch: {"de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos",
		"Vos", "Hendriks", "van Dijk", "van den Berg", "Dekker", "Kok"},
	styleFrench: {"Dubois", "Lefèvre", "Moreau", "Girard", "Laurent", "Bernard", "Rousseau", "Fontaine", "Chevalier",
		"Mercier", "Blanc", "Garnier", "Faure", "Roux", "Bonnet", "Lambert"},
	stylePolish: {"Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański",
		"Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Krawczyk"},
	styleEnglish: {"Smith", "Clarke", "Harris", "Bennett", "Walker", "Turner", "Hughes", "Wright", "Cooper", "Morgan",
		"Foster", "Hayes", "Mitchell", "Palmer", "Reed", "Sullivan", "Carter", "Brooks", "Parker", "Ellis"},
}

// Given names by style, female and male.
var givenNames = [...][2][]string{
	styleGerman: {
		{"Anna", "Katrin", "Julia", "Sabine", "Miriam", "Lea", "Sophie", "Laura", "Hannah", "Jana", "Ines", "Claudia",
			"Birgit", "Özlem", "Bärbel", "Annika", "Franziska", "Nicole", "Petra", "Stefanie", "Jördis", "Maren"},
		{"Lukas", "Jonas", "Felix", "Maximilian", "Paul", "Tobias", "Stefan", "Jörg", "Jürgen", "Björn", "Günther",
			"Sören", "Till", "Nils", "Andreas", "Michael", "Thomas", "Matthias", "Florian", "Emre", "Uwe", "Jan"},
	},
	styleDutch:   {{"Sanne", "Lieke", "Femke", "Anouk", "Eva", "Marloes"}, {"Daan", "Bram", "Joost", "Sander", "Thijs", "Ruben"}},
	styleFrench:  {{"Camille", "Léa", "Élodie", "Manon", "Chloé", "Céline"}, {"Hugo", "Mathieu", "Julien", "Étienne", "Nicolas", "Théo"}},
	stylePolish:  {{"Katarzyna", "Agnieszka", "Małgorzata", "Joanna", "Magdalena", "Zofia"}, {"Piotr", "Tomasz", "Paweł", "Krzysztof", "Michał", "Jakub"}},
	styleEnglish: {{"Emily", "Charlotte", "Grace", "Olivia", "Sarah", "Megan", "Chloe"}, {"James", "Oliver", "Daniel", "George", "Ethan", "Ryan", "Samuel"}},
}

// Words that follow a family, place or brand in a company name.
var nameWords = [...][]string{
	styleGerman: {"IT", "IT-Systemhaus", "Systemhaus", "Digital", "IT-Consulting", "Consulting", "Solutions",
		"IT Solutions", "Data", "Datentechnik", "Netzwerke", "Netzwerktechnik", "Informatik", "Software", "Softwarehaus",
		"Cloud Services", "IT-Service", "Business Solutions", "Technologies", "Computer", "Systeme",
		"Kommunikationstechnik", "Datensysteme", "Security", "IT-Sicherheit", "Engineering", "Medientechnik",
		"Visualisierung", "Automation", "Managed Services", "Digital Consulting", "Data Consulting",
		"Netzwerke & Sicherheit", "Informationstechnik", "EDV-Service", "Bürotechnik", "Cloud Consulting", "Digitalagentur"},
	styleDutch:   {"ICT", "Automatisering", "IT Solutions", "Consultancy", "Netwerken", "Software", "Digital", "Data"},
	styleFrench:  {"Informatique", "Conseil", "Numérique", "Systèmes", "Solutions", "Réseaux", "Digital", "Data"},
	stylePolish:  {"IT", "Systemy", "Informatyka", "Software", "Consulting", "Solutions", "Technologie", "Sieci"},
	styleEnglish: {"Solutions", "Consulting", "Technologies", "Systems", "Digital", "IT Services", "Networks", "Data", "Software", "Partners", "Group", "Labs", "Cloud", "Security", "Analytics", "Engineering", "Integration", "Tech"},
}

// German brand names are made of two parts: "Klar" + "blick".
var (
	brandHeadsDE = []string{"Nord", "Blau", "Hoch", "Klar", "Fels", "Licht", "Stern", "Berg", "Bit", "Daten", "Netz",
		"Kern", "Linden", "Eichen", "Falken", "Adler", "Quell", "Weit", "Grün", "Silber", "Wolken", "Funken", "Brücken"}
	brandTailsDE = []string{"werk", "blick", "stein", "feld", "brücke", "punkt", "wert", "hafen", "logik", "sicht", "turm",
		"weg", "licht", "kraft", "quelle", "bau", "zeit", "kompass"}
	brandHeadsEN = []string{"Bright", "Blue", "Cloud", "Data", "Net", "Smart", "Core", "Peak", "Clear", "Swift", "Nova",
		"Ever", "True", "Open", "Iron", "Silver", "North", "Pixel"}
	brandTailsEN = []string{"wave", "bridge", "point", "stack", "line", "gate", "works", "field", "logic", "path", "sight",
		"forge", "scale", "spring", "beam", "shift"}
)

// Industry names for descriptions, by code: German, English.
var industryNames = map[string][2]string{
	"automotive":            {"Automobilindustrie", "automotive"},
	"construction":          {"Bauwirtschaft", "construction"},
	"education":             {"Bildung", "education"},
	"energy":                {"Energiewirtschaft", "energy"},
	"finance":               {"Finanzdienstleistung", "financial services"},
	"healthcare":            {"Gesundheitswesen", "healthcare"},
	"insurance":             {"Versicherungen", "insurance"},
	"it":                    {"IT", "IT"},
	"logistics":             {"Logistik", "logistics"},
	"manufacturing":         {"Fertigungsindustrie", "manufacturing"},
	"media":                 {"Medien", "media"},
	"professional_services": {"Unternehmensdienstleistungen", "professional services"},
	"public":                {"öffentliche Verwaltung", "the public sector"},
	"retail":                {"Handel", "retail"},
	"telecom":               {"Telekommunikation", "telecommunications"},
	"tourism":               {"Tourismus", "tourism"},
}

// Description sentences. %[1]s is the short name, %[2]s the city, %[3]d the
// number of staff, %[4]d the founding year, %[5]s the region.
var (
	introDE = []string{
		"%[1]s ist ein inhabergeführtes IT-Unternehmen aus %[2]s mit rund %[3]d Mitarbeitenden.",
		"Seit %[4]d unterstützt %[1]s Unternehmen in %[5]s bei Planung, Aufbau und Betrieb ihrer IT.",
		"Wir sind ein IT-Dienstleister mit Sitz in %[2]s und betreuen mit %[3]d Beschäftigten Kunden in der ganzen Region.",
		"%[1]s wurde %[4]d in %[2]s gegründet und beschäftigt heute etwa %[3]d Menschen.",
		"Als unabhängiges Beratungshaus aus %[2]s verbindet %[1]s technisches Können mit Verständnis für die Abläufe unserer Kunden.",
		"Mit %[3]d Fachleuten an unserem Standort %[2]s begleiten wir seit %[4]d die digitale Entwicklung des Mittelstands.",
	}
	introEN = []string{
		"%[1]s is an owner-managed IT company based in %[2]s with around %[3]d employees.",
		"Since %[4]d, %[1]s has helped organisations in %[5]s plan, build and run their IT.",
		"We are an IT service provider in %[2]s; our %[3]d people look after customers across the region.",
		"%[1]s was founded in %[2]s in %[4]d and now employs about %[3]d people.",
		"As an independent consultancy from %[2]s, %[1]s combines technical skill with a clear view of how our customers work.",
		"With %[3]d specialists in %[2]s, we have supported mid-sized businesses on their digital journey since %[4]d.",
	}
	// %s is a list of industries.
	focusDE = []string{
		"Unser Schwerpunkt liegt auf Kunden aus %s.",
		"Besonders gefragt ist unsere Erfahrung in %s.",
		"Zu unseren Kunden zählen vor allem Unternehmen aus %s.",
		"Viele unserer Projekte entstehen in %s.",
	}
	focusEN = []string{
		"Our focus is on customers in %s.",
		"Our experience in %s is particularly in demand.",
		"Most of our customers work in %s.",
		"Many of our projects come from %s.",
	}
	closingDE = []string{
		"Wir begleiten Projekte von der ersten Analyse bis zum laufenden Betrieb.",
		"Kurze Wege, feste Ansprechpartner und ein eigener Service-Desk zeichnen uns aus.",
		"Gemeinsam mit Partnern setzen wir auch größere Vorhaben termingerecht um.",
		"Unsere Teams arbeiten agil und legen Wert auf Lösungen, die lange tragen.",
		"Für gemeinsame Kundenprojekte suchen wir regelmäßig Kooperationspartner.",
		"Ausbildung ist uns wichtig: Jedes Jahr starten bei uns neue Auszubildende.",
	}
	closingEN = []string{
		"We take projects from the first analysis through to day-to-day operations.",
		"Short lines of communication, named contacts and our own service desk set us apart.",
		"Together with partners we deliver larger projects on time as well.",
		"Our teams work in an agile way and build solutions that last.",
		"We regularly look for partners to work with on joint customer projects.",
		"We invest in people: every year we train a new group of apprentices.",
	}
)

// Reference titles: German, English; %d, if present, is filled with a number
// from the range.
type refTitle struct {
	de, en   string
	min, max int
}

var refTitles = []refTitle{
	{"Migration von %d Arbeitsplätzen nach Microsoft 365", "Migration of %d workplaces to Microsoft 365", 40, 2000},
	{"SD-WAN für %d Standorte", "SD-WAN for %d sites", 5, 80},
	{"VR-Schulungsumgebung für Servicetechniker", "VR training environment for service technicians", 0, 0},
	{"AR-gestützte Fernwartung in der Produktion", "AR-assisted remote maintenance on the shop floor", 0, 0},
	{"Einführung eines ISMS nach ISO/IEC 27001", "Introducing an ISMS under ISO/IEC 27001", 0, 0},
	{"Backup-Konzept mit georedundanter Sicherung", "Backup concept with geo-redundant copies", 0, 0},
	{"Predictive Maintenance mit IoT-Sensorik", "Predictive maintenance with IoT sensors", 0, 0},
	{"Kubernetes-Plattform für interne Anwendungen", "Kubernetes platform for internal applications", 0, 0},
	{"Relaunch des Onlineshops mit ERP-Anbindung", "Online shop relaunch with ERP integration", 0, 0},
	{"Vertriebs-Dashboards auf Basis eines Data Warehouse", "Sales dashboards on a data warehouse", 0, 0},
	{"Umstellung auf SAP S/4HANA", "Conversion to SAP S/4HANA", 0, 0},
	{"Umzug des Rechenzentrums nach Azure", "Moving the data centre to Azure", 0, 0},
	{"CRM-Einführung für %d Vertriebsmitarbeitende", "CRM roll-out for %d sales staff", 10, 400},
	{"IP-Telefonie für %d Nutzer", "VoIP telephony for %d users", 30, 3000},
	{"3D-Produktkonfigurator für den Vertrieb", "3D product configurator for sales", 0, 0},
	{"PLM-Einführung in der Konstruktion", "PLM roll-out in engineering", 0, 0},
	{"KI-gestützte Belegerkennung in der Buchhaltung", "AI-based invoice recognition in accounting", 0, 0},
	{"DSGVO-Audit und Löschkonzept", "GDPR audit and data deletion policy", 0, 0},
	{"Service-Desk nach ITIL für %d Anwender", "ITIL service desk for %d users", 50, 5000},
	{"Low-Code-Apps für die Instandhaltung", "Low-code apps for maintenance teams", 0, 0},
	{"Managed Firewall für %d Standorte", "Managed firewall for %d sites", 3, 60},
	{"CI/CD-Pipeline für die Produktentwicklung", "CI/CD pipeline for product development", 0, 0},
	{"Digitale Personalakte mit revisionssicherem Archiv", "Digital personnel files with audit-proof archive", 0, 0},
	{"WLAN-Ausleuchtung und Neuaufbau in %d Gebäuden", "Wi-Fi survey and rebuild in %d buildings", 2, 40},
}

// Reference customers, described without naming them: German, English,
// industry code.
var refCustomers = [][3]string{
	{"Mittelständischer Maschinenbauer", "Mid-sized machine builder", "manufacturing"},
	{"Chemieunternehmen mit zwei Werken", "Chemicals company with two plants", "manufacturing"},
	{"Möbelhersteller", "Furniture manufacturer", "manufacturing"},
	{"Automobilzulieferer mit drei Werken", "Automotive supplier with three plants", "automotive"},
	{"Autohausgruppe", "Car dealership group", "automotive"},
	{"Regionaler Energieversorger", "Regional energy supplier", "energy"},
	{"Stadtwerke einer Kreisstadt", "Municipal utility", "energy"},
	{"Kommunalverwaltung", "Local authority", "public"},
	{"Landesbehörde", "State agency", "public"},
	{"Privatklinik mit 300 Betten", "Private hospital with 300 beds", "healthcare"},
	{"Pflegedienst mit 20 Standorten", "Care provider with 20 locations", "healthcare"},
	{"Lebensmittel-Filialist", "Grocery chain", "retail"},
	{"Modehändler mit Onlineshop", "Fashion retailer with an online shop", "retail"},
	{"Logistikdienstleister", "Logistics provider", "logistics"},
	{"Speditionsunternehmen", "Freight forwarder", "logistics"},
	{"Regionalbank", "Regional bank", "finance"},
	{"Versicherungsmakler", "Insurance broker", "insurance"},
	{"Bauunternehmen", "Construction company", "construction"},
	{"Hochschule für angewandte Wissenschaften", "University of applied sciences", "education"},
	{"Berufsschulzentrum", "Vocational school", "education"},
	{"Verlagshaus", "Publishing house", "media"},
	{"Steuerberatungskanzlei", "Tax advisory firm", "professional_services"},
	{"Ingenieurbüro", "Engineering consultancy", "professional_services"},
	{"Hotelgruppe", "Hotel group", "tourism"},
	{"Telekommunikationsanbieter", "Telecoms provider", "telecom"},
	{"Softwarehersteller", "Software vendor", "it"},
}

// Reference descriptions: %[1]d months, %[2]d people.
var (
	refTextsDE = []string{
		"Umsetzung in %[1]d Monaten mit einem Team von %[2]d Personen; den Betrieb haben wir anschließend übernommen.",
		"Das Projekt wurde nach %[1]d Monaten termingerecht und im Budget abgeschlossen.",
		"Wir haben Konzept, Umsetzung und die Schulung der Anwender übernommen, mit %[2]d Beteiligten über %[1]d Monate.",
		"Nach einer Pilotphase an einem Standort folgte in %[1]d Monaten der Rollout auf alle Niederlassungen.",
		"Gemeinsam mit einem Partner aus dem Netzwerk haben %[2]d Fachleute das Vorhaben in %[1]d Monaten umgesetzt.",
	}
	refTextsEN = []string{
		"Delivered in %[1]d months by a team of %[2]d; we have run the service ever since.",
		"The project finished on time and on budget after %[1]d months.",
		"We handled design, delivery and user training, with %[2]d people over %[1]d months.",
		"A pilot at one site was followed by the roll-out to every branch within %[1]d months.",
		"Together with a partner from the network, %[2]d specialists delivered the project in %[1]d months.",
	}
)

// Skills offered as free resources: German, English.
var skills = [][2]string{
	{"VR-Entwicklung", "VR development"},
	{"Cloud-Architektur", "Cloud architecture"},
	{"Penetrationstests", "Penetration testing"},
	{"SAP-Beratung FI/CO", "SAP FI/CO consulting"},
	{"Netzwerkplanung", "Network design"},
	{"Kubernetes-Betrieb", "Kubernetes operations"},
	{"Projektleitung", "Project management"},
	{"Datenanalyse", "Data analysis"},
	{"Service-Desk", "Service desk"},
	{"Low-Code-Entwicklung", "Low-code development"},
	{"3D-Modellierung", "3D modelling"},
	{"Migration nach Microsoft 365", "Microsoft 365 migration"},
	{"Anwenderschulungen", "User training"},
	{"Backend-Entwicklung (Go, Java)", "Backend development (Go, Java)"},
	{"Datenschutzberatung", "Data protection consulting"},
	{"ERP-Einführung", "ERP implementation"},
}

// Certification programmes of invented vendors: name, issuer, and whether
// the name takes a partner level.
var certPrograms = []struct {
	name, issuer string
	levelled     bool
}{
	{"Nimbus Cloud Partner", "Nimbus Cloud", true},
	{"Nimbus Certified Architect", "Nimbus Cloud", false},
	{"Fortis Security Partner", "Fortis Security", true},
	{"Fortis Certified Engineer", "Fortis Security", false},
	{"Vireo Networks Partner", "Vireo Networks", true},
	{"Vireo Certified Network Professional", "Vireo Networks", false},
	{"Orbis ERP Partner", "Orbis Software", true},
	{"Orbis Certified Consultant", "Orbis Software", false},
	{"Lumen XR Integration Partner", "Lumen XR", true},
	{"Lumen XR Certified Developer", "Lumen XR", false},
	{"Kestrel Analytics Partner", "Kestrel Data", true},
	{"Helix Backup Partner", "Helix Storage", true},
	{"Atlas Workplace Partner", "Atlas Collaboration", true},
	{"ISO/IEC 27001", "Qualitas Zertifizierung", false},
	{"ISO 9001", "Qualitas Zertifizierung", false},
	{"ISO/IEC 20000-1", "Qualitas Zertifizierung", false},
}

var certLevels = []string{"Silver", "Gold", "Platinum", "Advanced", "Expert"}

// Positions: the first is the head of the company (a decision maker).
type position struct {
	female, male string
	decides      bool
}

var (
	headsDE = map[string]position{
		"":     {"Geschäftsführerin", "Geschäftsführer", true},
		"AG":   {"Vorstandsvorsitzende", "Vorstandsvorsitzender", true},
		"SE":   {"Vorstandsvorsitzende", "Vorstandsvorsitzender", true},
		"e.K.": {"Inhaberin", "Inhaber", true},
	}
	staffDE = []position{
		{"Vertriebsleiterin", "Vertriebsleiter", false},
		{"Technische Leiterin", "Technischer Leiter", false},
		{"Partnermanagerin", "Partnermanager", false},
		{"Leiterin Marketing", "Leiter Marketing", false},
		{"Key Account Managerin", "Key Account Manager", false},
		{"Technische Geschäftsführerin", "Technischer Geschäftsführer", true},
		{"Teamleiterin Consulting", "Teamleiter Consulting", false},
	}
	headsEN = []string{"CEO", "Managing Director", "Founder & CEO"}
	staffEN = []position{
		{"Head of Sales", "Head of Sales", false},
		{"CTO", "CTO", true},
		{"Partner Manager", "Partner Manager", false},
		{"Sales Director", "Sales Director", false},
		{"Head of Marketing", "Head of Marketing", false},
		{"Head of Professional Services", "Head of Professional Services", false},
	}
)
