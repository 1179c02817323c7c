package portfolio

// defaultCriterion is a criterion a new installation starts with.
type defaultCriterion struct {
	slug, axis     string
	weight         int
	nameDE, nameEN string
	descDE, descEN string
	anchorsDE      [6]string
	anchorsEN      [6]string
	// The question of the public self-assessment, in the second person.
	selfQuestionDE string
	selfQuestionEN string
}

// publicByDefault are the criteria a company can judge about itself; the
// public self-assessment asks them in a new installation.
var publicByDefault = map[string]bool{"customer-base": true, "staff-competence": true, "decision-makers": true,
	"strategic-fit": true, "timing": true, "commitment": true}

// DefaultThreshold is the threshold of each axis in a new installation.
const DefaultThreshold = 50

var defaultCriteria = []defaultCriterion{
	{"customer-base", AxisCan, 25, "Kundenbasis im Zielsegment", "Customer base in the target segment",
		"Hat der Partner Kunden in dem Segment, für das unser Angebot gemacht ist?", "Does the partner have customers in the segment our offering is made for?",
		[6]string{"keine", "einzelne Kontakte", "wenige Kunden", "solide Basis", "starke Basis", "marktführend im Segment"},
		[6]string{"none", "single contacts", "a few customers", "a solid base", "a strong base", "leading in the segment"},
		"Haben Sie Kunden in dem Segment, für das unser Angebot gemacht ist?",
		"Do you have customers in the segment our offering is made for?"},
	{"staff-competence", AxisCan, 20, "Personal und Kompetenz", "Staff and competence",
		"Hat der Partner die Leute und das Wissen, um das Angebot zu verkaufen und umzusetzen?", "Does the partner have the people and the know-how to sell and deliver the offering?",
		[6]string{"keine", "erst aufzubauen", "einzelne Personen", "ein kleines Team", "ein erfahrenes Team", "Spezialisten mit Zertifizierung"},
		[6]string{"none", "to be built", "single people", "a small team", "an experienced team", "certified specialists"},
		"Haben Sie die Leute und das Wissen, um unser Angebot zu verkaufen und umzusetzen?",
		"Do you have the people and the know-how to sell and deliver our offering?"},
	{"reputation", AxisCan, 15, "Reputation", "Reputation",
		"Wie ist der Ruf des Partners bei Kunden und im Markt?", "How do customers and the market see the partner?",
		[6]string{"schlecht", "umstritten", "unbekannt", "ordentlich", "gut", "hervorragend"},
		[6]string{"poor", "disputed", "unknown", "decent", "good", "excellent"},
		"Wie sehen Ihre Kunden und der Markt Ihr Unternehmen?",
		"How do your customers and the market see your company?"},
	{"decision-makers", AxisCan, 15, "Zugang zu Entscheidern", "Access to decision makers",
		"Erreicht der Partner die Geschäftsführung seiner Kunden?", "Does the partner reach its customers' management?",
		[6]string{"keiner", "nur operative Ebene", "gelegentlich", "bei einigen Kunden", "bei vielen Kunden", "vertrauter Berater der Geschäftsführung"},
		[6]string{"none", "operational level only", "occasionally", "at some customers", "at many customers", "trusted adviser of the board"},
		"Erreichen Sie die Geschäftsführung Ihrer Kunden?",
		"Do you reach your customers' management?"},
	{BusinessCaseSlug, AxisCan, 25, "Business Case", "Business case",
		"Rechnet sich die Partnerschaft für den Partner: überschaubare Investition, schneller Start, Break-even binnen 12 Monaten?", "Does the partnership pay off for the partner: modest investment, fast start, break-even within 12 months?",
		// The levels of the business case follow BreakEvenLevels.
		[6]string{}, [6]string{},
		"Würde sich die Partnerschaft für Sie rechnen: überschaubare Investition, schneller Start, Break-even binnen 12 Monaten?",
		"Would the partnership pay off for you: a modest investment, a fast start, break-even within 12 months?"},
	{"strategic-fit", AxisWill, 30, "Strategische Passung", "Strategic fit",
		"Passt die Partnerschaft zur Strategie des Partners?", "Does the partnership fit the partner's strategy?",
		[6]string{"widerspricht ihr", "kaum", "teilweise", "gut", "sehr gut", "ist Kern der Strategie"},
		[6]string{"contradicts it", "barely", "partly", "well", "very well", "is the core of the strategy"},
		"Passt eine Partnerschaft mit uns zu Ihrer Strategie?",
		"Does a partnership with us fit your strategy?"},
	{"timing", AxisWill, 20, "Zeitpunkt", "Timing",
		"Ist jetzt der richtige Zeitpunkt für den Partner?", "Is now the right time for the partner?",
		[6]string{"ausgeschlossen", "frühestens in einem Jahr", "in einigen Monaten", "passt", "passt gut", "genau jetzt"},
		[6]string{"out of the question", "in a year at the earliest", "in a few months", "fits", "fits well", "right now"},
		"Ist jetzt der richtige Zeitpunkt für Sie?",
		"Is now the right time for you?"},
	{"commitment", AxisWill, 30, "Engagement der Geschäftsführung", "Management commitment",
		"Steht die Geschäftsführung des Partners sichtbar hinter der Partnerschaft?", "Does the partner's management visibly back the partnership?",
		[6]string{"ablehnend", "desinteressiert", "abwartend", "unterstützend", "treibend", "persönlich verantwortlich"},
		[6]string{"opposed", "uninterested", "waiting", "supportive", "driving", "personally accountable"},
		"Steht Ihre Geschäftsführung sichtbar hinter einer solchen Partnerschaft?",
		"Does your management visibly back such a partnership?"},
	{"attractiveness", AxisWill, 20, "Anerkannte Attraktivität", "Recognised attractiveness",
		"Sieht der Partner selbst, dass die Partnerschaft für ihn attraktiv ist?", "Does the partner itself see that the partnership is attractive for it?",
		[6]string{"sieht keinen Nutzen", "skeptisch", "neutral", "interessiert", "überzeugt", "begeistert"},
		[6]string{"sees no benefit", "sceptical", "neutral", "interested", "convinced", "enthusiastic"},
		"Sehen Sie selbst, dass eine Partnerschaft für Sie attraktiv wäre?",
		"Do you see for yourself that a partnership would be attractive for you?"},
}
