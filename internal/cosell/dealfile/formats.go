package dealfile

import (
	"slices"
	"strings"
)

// The fields of Row a column can fill, by their Go names.
const (
	fieldPartner       = "Partner"
	fieldCustomer      = "Customer"
	fieldDomain        = "Domain"
	fieldCountry       = "Country"
	fieldPostcode      = "Postcode"
	fieldCity          = "City"
	fieldIndustry      = "Industry"
	fieldSize          = "Size"
	fieldSolution      = "Solution"
	fieldCompetencies  = "Competencies"
	fieldValue         = "Value"
	fieldCurrency      = "Currency"
	fieldExpectedClose = "ExpectedClose"
	fieldDescription   = "Description"
	fieldState         = "State"
	fieldStage         = "Stage"
	fieldReason        = "Reason"
	fieldExternalID    = "ExternalID"
)

// layout is how a format lays out its columns.
type layout struct {
	format Format
	// columns maps a field to the headers that hold it, the header the
	// tool writes first; where a field has several headers, the first
	// one the file has is read.
	columns map[string][]string
	// required are the fields whose column the file must have.
	required []string
	// signature are headers only this format has: a header row with all
	// of them is of this format.
	signature []string
	// strict refuses columns the format does not know (pakt's own); the
	// exports of other tools hold many columns pakt does not need.
	strict bool
	// footer reports whether a record starts what follows the data.
	footer func(cells []string) bool
	// state maps the state, stage and reason columns of a row to a State
	// and Stage, or reports false for a value it does not know.
	state func(state, stage, reason string) (string, string, bool)
	// states lists the values state understands, for the error.
	states string
	// industries maps the tool's industries to pakt's (nil: pakt's own
	// only, and an unknown one is an error).
	industries map[string]string
}

// paktColumns are the columns of pakt's own format, in the order Write
// writes them, with the field each holds.
var paktColumns = []struct{ header, field string }{
	{"partner", fieldPartner}, {"customer", fieldCustomer}, {"domain", fieldDomain}, {"country", fieldCountry},
	{"postcode", fieldPostcode}, {"city", fieldCity}, {"industry", fieldIndustry}, {"size", fieldSize},
	{"solution", fieldSolution}, {"competencies", fieldCompetencies}, {"value", fieldValue}, {"currency", fieldCurrency},
	{"expected_close", fieldExpectedClose}, {"description", fieldDescription}, {"state", fieldState},
	{"stage", fieldStage}, {"reason", fieldReason}, {"external_id", fieldExternalID},
}

var layouts = []*layout{
	{
		format: Pakt,
		columns: func() map[string][]string {
			m := map[string][]string{}
			for _, c := range paktColumns {
				m[c.field] = []string{c.header}
			}
			return m
		}(),
		required:  []string{fieldPartner, fieldCustomer, fieldExpectedClose},
		signature: []string{"partner", "customer", "expected_close"},
		strict:    true,
		state:     paktState,
		states:    strings.Join(States, ", "),
	},
	{
		format: Salesforce,
		columns: map[string][]string{
			fieldPartner:       {"Partner Account", "Partner"},
			fieldCustomer:      {"Account Name"},
			fieldDomain:        {"Website"},
			fieldCountry:       {"Billing Country"},
			fieldPostcode:      {"Billing Zip/Postal Code"},
			fieldCity:          {"Billing City"},
			fieldIndustry:      {"Industry"},
			fieldSize:          {"Employees"},
			fieldSolution:      {"Opportunity Name"},
			fieldValue:         {"Amount"},
			fieldCurrency:      {"Opportunity Currency", "Amount Currency"},
			fieldExpectedClose: {"Close Date"},
			fieldDescription:   {"Description"},
			fieldState:         {"Stage"},
			fieldReason:        {"Loss Reason"},
			fieldExternalID:    {"Opportunity ID"},
		},
		required:   []string{fieldPartner, fieldCustomer, fieldExpectedClose, fieldState},
		signature:  []string{"Opportunity Name", "Account Name", "Stage"},
		footer:     salesforceFooter,
		state:      salesforceState,
		states:     "Prospecting, Qualification, Needs Analysis, Value Proposition, Id. Decision Makers, Perception Analysis, Proposal/Price Quote, Negotiation/Review, Closed Won, Closed Lost",
		industries: salesforceIndustries,
	},
	{
		format: PartnerCenter,
		columns: map[string][]string{
			fieldPartner:       {"Partner Name"},
			fieldCustomer:      {"Customer Name"},
			fieldCountry:       {"Customer Country"},
			fieldCity:          {"Customer City"},
			fieldSolution:      {"Solution Name", "Registered deal solution name"},
			fieldValue:         {"Estimated Deal value"},
			fieldCurrency:      {"Deal currency"},
			fieldExpectedClose: {"Estimated Close Date", "Contract Sign Date"},
			fieldState:         {"Status"},
			fieldReason:        {"Status Reason"},
			fieldExternalID:    {"Referral ID"},
		},
		required:  []string{fieldPartner, fieldCustomer, fieldExpectedClose, fieldState},
		signature: []string{"Referral ID", "Customer Name", "Deal Type"},
		state:     partnerCenterState,
		states:    "New, Pending, Received, Active, Accepted, Engaged, Declined, Error, Won, Lost, Closed, Expired",
	},
}

// detect returns the layout of a header row, or nil.
func detect(header []string) *layout {
	have := map[string]bool{}
	for _, h := range header {
		have[normHeader(h)] = true
	}
	for _, l := range layouts {
		if !slices.ContainsFunc(l.signature, func(h string) bool { return !have[normHeader(h)] }) {
			return l
		}
	}
	return nil
}

// salesforceFooter reports whether a record starts the lines Salesforce
// writes below a report: its copyright, "Confidential Information - Do Not
// Distribute", who generated it and the company, each in a row of one cell.
func salesforceFooter(cells []string) bool {
	return len(cells) == 1 && strings.HasPrefix(strings.TrimSpace(cells[0]), "Copyright (c)")
}

// paktStates maps the states in English and German to their codes.
var paktStates = map[string]string{
	"registriert": StateRegistered, "freigegeben": StateApproved, "genehmigt": StateApproved,
	"abgelehnt": StateRejected, "gewonnen": StateWon, "verloren": StateLost, "abgelaufen": StateExpired,
}

// paktState reads the state and stage columns of pakt's format; an empty
// state is registered.
func paktState(state, stage, _ string) (string, string, bool) {
	s := strings.ToLower(strings.TrimSpace(state))
	if s == "" {
		s = StateRegistered
	} else if c, ok := paktStates[s]; ok {
		s = c
	}
	g := strings.ToLower(strings.TrimSpace(stage))
	return s, g, slices.Contains(States, s) && (g == "" || slices.Contains(Stages, g))
}

// salesforceStages maps Salesforce's standard opportunity stages to a state
// and a stage: the first two stages are a registration still to approve,
// the later open ones approved deals at their stage.
var salesforceStages = map[string][2]string{
	"prospecting":         {StateRegistered, "qualify"},
	"qualification":       {StateRegistered, "qualify"},
	"needsanalysis":       {StateApproved, "develop"},
	"valueproposition":    {StateApproved, "develop"},
	"iddecisionmakers":    {StateApproved, "develop"},
	"perceptionanalysis":  {StateApproved, "propose"},
	"proposalpricequote":  {StateApproved, "propose"},
	"negotiationreview":   {StateApproved, "negotiate"},
	"closedwon":           {StateWon, ""},
	"closedlost":          {StateLost, ""},
	"geschlossengewonnen": {StateWon, ""},
	"geschlossenverloren": {StateLost, ""},
}

// salesforceState maps a Salesforce stage; a stage of its own that says
// won or lost ("Closed - Won", "Geschlossen und gewonnen") counts as that.
func salesforceState(stage, _, _ string) (string, string, bool) {
	n := normHeader(stage)
	if m, ok := salesforceStages[n]; ok {
		return m[0], m[1], true
	}
	switch {
	case strings.Contains(n, "won") || strings.Contains(n, "gewonnen"):
		return StateWon, "", true
	case strings.Contains(n, "lost") || strings.Contains(n, "verloren"):
		return StateLost, "", true
	}
	return "", "", false
}

// partnerCenterStatuses maps the statuses and substatuses of Partner
// Center's referrals to states.
var partnerCenterStatuses = map[string]string{
	"new": StateRegistered, "pending": StateRegistered, "received": StateRegistered,
	"active": StateApproved, "accepted": StateApproved, "engaged": StateApproved,
	"declined": StateRejected, "error": StateRejected,
	"won": StateWon, "lost": StateLost, "expired": StateExpired,
}

// partnerCenterState maps a Partner Center status. "Closed" is won when its
// reason says so and lost otherwise.
func partnerCenterState(status, _, reason string) (string, string, bool) {
	n := normHeader(status)
	if s, ok := partnerCenterStatuses[n]; ok {
		return s, "", true
	}
	if n == "closed" {
		if strings.Contains(strings.ToLower(reason), "won") {
			return StateWon, "", true
		}
		return StateLost, "", true
	}
	return "", "", false
}

// salesforceIndustries maps the values of Salesforce's standard Industry
// picklist to pakt's industries; the others (Agriculture, Not For Profit,
// Other …) are left out of the row.
var salesforceIndustries = map[string]string{
	"banking": "finance", "biotechnology": "healthcare", "chemicals": "manufacturing",
	"communications": "telecom", "construction": "construction", "consulting": "professional_services",
	"education": "education", "electronics": "manufacturing", "energy": "energy", "entertainment": "media",
	"finance": "finance", "government": "public", "healthcare": "healthcare", "hospitality": "tourism",
	"insurance": "insurance", "machinery": "manufacturing", "manufacturing": "manufacturing", "media": "media",
	"recreation": "tourism", "retail": "retail", "shipping": "logistics", "technology": "it",
	"telecommunications": "telecom", "transportation": "logistics", "utilities": "energy",
}
