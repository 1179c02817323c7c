package demo

import "pakt/internal/partner"

// competency is one entry of the demo taxonomy.
type competency struct {
	slug, nameDE, nameEN, descDE, descEN string
}

// taxonomy is the demo's competency list. VR comes first: the demo's
// showcase partner, Müller IT, is the VR specialist.
var taxonomy = []competency{
	{"vr", "Virtuelle Realität", "Virtual Reality",
		"Immersive 3D-Umgebungen für Schulung, Vertrieb und Planung, erlebt mit VR-Brillen.",
		"Immersive 3D environments for training, sales and planning, experienced through VR headsets."},
	{"ar", "Augmentierte Realität", "Augmented Reality",
		"Digitale Informationen, die auf Tablet oder Datenbrille über die reale Umgebung gelegt werden, etwa für Wartung und Montage.",
		"Digital information laid over the real world on a tablet or smart glasses, for example in maintenance and assembly."},
	{"3d-visualisation", "3D-Visualisierung", "3D Visualisation",
		"Fotorealistische Darstellungen und interaktive Konfiguratoren für Produkte, Gebäude und Anlagen.",
		"Photorealistic renderings and interactive configurators for products, buildings and plants."},
	{"cad", "CAD-Konstruktion", "Computer-Aided Design",
		"Einführung, Anpassung und Betreuung von CAD-Software für Konstruktion und Entwicklung.",
		"Introducing, tailoring and supporting CAD software for design and engineering teams."},
	{"plm", "Produktlebenszyklus-Management", "Product Lifecycle Management",
		"Durchgängige Verwaltung von Produktdaten von der Idee über die Fertigung bis zum Service.",
		"Managing product data end to end, from the first idea through manufacturing to service."},
	{"azure", "Microsoft Azure", "Microsoft Azure",
		"Planung, Aufbau und Betrieb von Infrastruktur und Anwendungen in der Azure-Cloud.",
		"Planning, building and running infrastructure and applications in the Azure cloud."},
	{"m365", "Microsoft 365", "Microsoft 365",
		"Einführung und Betrieb von Microsoft 365 mit Exchange, Teams, SharePoint und der passenden Sicherheitskonfiguration.",
		"Rolling out and running Microsoft 365 with Exchange, Teams, SharePoint and a sound security configuration."},
	{"cloud-migration", "Cloud-Migration", "Cloud Migration",
		"Bewertung, Planung und Umzug bestehender Anwendungen und Daten in die Cloud.",
		"Assessing, planning and moving existing applications and data to the cloud."},
	{"hybrid-cloud", "Hybrid Cloud", "Hybrid Cloud",
		"Betriebsmodelle, die eigene Rechenzentren und öffentliche Clouds sicher und wirtschaftlich verbinden.",
		"Operating models that join on-premises data centres and public clouds securely and economically."},
	{"kubernetes", "Kubernetes und Container", "Kubernetes and Containers",
		"Container-Plattformen auf Kubernetes-Basis, von der Architektur bis zum täglichen Betrieb.",
		"Container platforms built on Kubernetes, from the architecture to day-to-day operations."},
	{"devops", "DevOps", "DevOps",
		"Automatisierte Build-, Test- und Auslieferungsprozesse, die Entwicklung und Betrieb zusammenbringen.",
		"Automated build, test and delivery pipelines that bring development and operations together."},
	{"software-development", "Individualsoftware", "Custom Software Development",
		"Entwicklung maßgeschneiderter Anwendungen und Schnittstellen für besondere fachliche Anforderungen.",
		"Building tailor-made applications and interfaces for specific business requirements."},
	{"low-code", "Low-Code-Entwicklung", "Low-Code Development",
		"Fachanwendungen und Workflows, die mit Low-Code-Plattformen schnell und wartbar entstehen.",
		"Business apps and workflows built quickly and maintainably on low-code platforms."},
	{"security", "IT-Sicherheit", "IT Security",
		"Schutz von Netzen, Endgeräten und Daten durch Analyse, Technik und Schulung.",
		"Protecting networks, devices and data through assessment, technology and training."},
	{"gdpr", "Datenschutz (DSGVO)", "Data Protection (GDPR)",
		"Beratung und technische Umsetzung, damit Verarbeitungen personenbezogener Daten der DSGVO entsprechen.",
		"Advice and technical measures that keep the processing of personal data compliant with the GDPR."},
	{"backup", "Datensicherung und Wiederherstellung", "Backup and Recovery",
		"Sicherungskonzepte und Notfallpläne, mit denen Daten nach Ausfall oder Angriff schnell zurückkommen.",
		"Backup strategies and recovery plans that bring data back quickly after an outage or an attack."},
	{"networking", "Netzwerktechnik", "Networking",
		"Planung, Aufbau und Betrieb von LAN, WLAN und Rechenzentrumsnetzen.",
		"Designing, building and running LAN, Wi-Fi and data centre networks."},
	{"sd-wan", "SD-WAN", "SD-WAN",
		"Softwaregesteuerte Vernetzung vieler Standorte mit zentraler Verwaltung und Priorisierung.",
		"Software-defined networking of many sites with central management and traffic prioritisation."},
	{"voip", "IP-Telefonie", "VoIP Telephony",
		"Telefonanlagen und Unified Communications auf IP-Basis, lokal oder aus der Cloud.",
		"IP-based telephone systems and unified communications, on premises or from the cloud."},
	{"digital-workplace", "Digitaler Arbeitsplatz", "Digital Workplace",
		"Moderne Arbeitsplätze mit sicheren Endgeräten, Zusammenarbeit im Team und mobilem Zugriff.",
		"Modern workplaces with secure devices, team collaboration and mobile access."},
	{"managed-services", "Managed Services", "Managed Services",
		"Dauerhafter Betrieb und Überwachung von IT-Systemen zu vereinbarten Service-Levels.",
		"Ongoing operation and monitoring of IT systems at agreed service levels."},
	{"itsm", "IT-Service-Management", "IT Service Management",
		"Service-Desk, Prozesse und Werkzeuge nach bewährten Rahmenwerken wie ITIL.",
		"Service desk, processes and tools following proven frameworks such as ITIL."},
	{"erp", "ERP-Systeme", "ERP Systems",
		"Auswahl, Einführung und Anpassung von Systemen für Warenwirtschaft, Finanzen und Produktion.",
		"Selecting, implementing and tailoring systems for inventory, finance and production."},
	{"sap", "SAP", "SAP",
		"Beratung, Einführung und Betrieb von SAP-Lösungen einschließlich der Umstellung auf S/4HANA.",
		"Consulting, implementation and operation of SAP solutions, including the move to S/4HANA."},
	{"crm", "Kundenbeziehungsmanagement (CRM)", "Customer Relationship Management",
		"CRM-Systeme, die Vertrieb, Marketing und Service mit einer gemeinsamen Sicht auf den Kunden verbinden.",
		"CRM systems that give sales, marketing and service one shared view of the customer."},
	{"e-commerce", "E-Commerce", "E-Commerce",
		"Onlineshops und Marktplatzanbindungen mit Verbindung zu Warenwirtschaft und Zahlungsdiensten.",
		"Online shops and marketplace integrations connected to inventory and payment services."},
	{"dms", "Dokumentenmanagement", "Document Management",
		"Digitale Akten, revisionssichere Archivierung und automatisierte Freigabeprozesse.",
		"Digital files, audit-proof archiving and automated approval workflows."},
	{"data-analytics", "Datenanalyse", "Data Analytics",
		"Datenplattformen und Analysen, die aus Unternehmensdaten belastbare Erkenntnisse machen.",
		"Data platforms and analyses that turn company data into reliable insight."},
	{"bi", "Business Intelligence", "Business Intelligence",
		"Kennzahlen, Berichte und Dashboards für Entscheidungen in Management und Fachbereichen.",
		"Key figures, reports and dashboards for decisions in management and business units."},
	{"ai", "Künstliche Intelligenz", "Artificial Intelligence",
		"Maschinelles Lernen und Sprachmodelle im praktischen Einsatz, von der Idee bis zum Betrieb.",
		"Machine learning and language models put to practical use, from the first idea to production."},
	{"iot", "Internet der Dinge", "Internet of Things",
		"Vernetzte Sensoren und Maschinen, deren Daten Wartung, Logistik und Produktion verbessern.",
		"Connected sensors and machines whose data improves maintenance, logistics and production."},
}

// Competencies returns the demo's taxonomy of IT-channel competencies, each
// named and described in German and English. The first is "vr".
func Competencies() []partner.CompetencyInput {
	out := make([]partner.CompetencyInput, len(taxonomy))
	for i := range taxonomy {
		c := taxonomy[i] // a copy: callers may change what the pointers point to
		out[i] = partner.CompetencyInput{Slug: &c.slug, NameDE: &c.nameDE, NameEN: &c.nameEN,
			DescriptionDE: &c.descDE, DescriptionEN: &c.descEN}
	}
	return out
}
