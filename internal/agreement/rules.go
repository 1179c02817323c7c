package agreement

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"pakt/internal/apperr"
	"pakt/internal/i18n"
)

// Limits of the texts of an agreement.
const (
	maxShort = 200
	maxLong  = 4000
	maxNote  = 1000
	maxSteps = 10
	maxStep  = 500
	// MaxMonthsAfter bounds the no-poaching period after the project.
	MaxMonthsAfter = 60
	// MaxConfidentialMonths bounds the confidentiality period.
	MaxConfidentialMonths = 120
)

// EqualShares splits 100 % among n parties in basis points; the first
// parties get the rest of the division, so the shares sum to FullShare.
func EqualShares(n int) []int {
	if n <= 0 {
		return nil
	}
	out := make([]int, n)
	for i := range out {
		out[i] = FullShare / n
		if i < FullShare%n {
			out[i]++
		}
	}
	return out
}

// DefaultContent is the content of a new agreement between parties (the
// first leads unless lead is given): shares split equally unless given, no
// poaching for 12 months, references and press releases only with every
// party's consent, confidentiality for 36 months, every checklist item
// open and no jour fixe.
func DefaultContent(title, customer string, parties []string, lead string, shares []int) *Content {
	if lead == "" && len(parties) > 0 {
		lead = parties[0]
	}
	if len(shares) != len(parties) {
		shares = EqualShares(len(parties))
	}
	c := &Content{Title: title, Customer: customer,
		Communication:    Communication{PressConsent: true, ReferenceConsent: true},
		Responsibilities: Responsibilities{LeadOrgID: lead},
		Employees:        Employees{NoPoaching: true, MonthsAfter: 12},
		Confidentiality:  Confidentiality{Months: 36},
		JourFixe:         JourFixe{Cadence: "none"},
	}
	for i, p := range parties {
		c.Responsibilities.Parties = append(c.Responsibilities.Parties, PartyRole{OrgID: p})
		c.Costs.Shares = append(c.Costs.Shares, Share{OrgID: p, BP: shares[i]})
		c.Disputes.Contacts = append(c.Disputes.Contacts, PartyText{OrgID: p})
	}
	for _, item := range ChecklistItems {
		c.Checklist = append(c.Checklist, ChecklistEntry{Item: item, Status: ItemOpen})
	}
	return c
}

// ParsePercent reads a percentage with up to two decimals, with a decimal
// comma or point and an optional % sign ("60", "33,33", "12.5 %"), as basis
// points.
func ParsePercent(s string) (int, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	whole, frac, hasFrac := strings.Cut(strings.ReplaceAll(s, ",", "."), ".")
	if whole == "" || len(whole) > 3 || !digits(whole) || (hasFrac && (frac == "" || len(frac) > 2 || !digits(frac))) {
		return 0, false
	}
	w, _ := strconv.Atoi(whole)
	f := 0
	if hasFrac {
		f, _ = strconv.Atoi(frac)
		if len(frac) == 1 {
			f *= 10
		}
	}
	bp := w*100 + f
	if bp > FullShare {
		return 0, false
	}
	return bp, true
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// FormatPercent writes basis points as a percentage number for lang,
// without the sign: 6000 → "60", 3333 → "33,33" (de) or "33.33" (en).
func FormatPercent(lang string, bp int) string {
	s := strconv.Itoa(bp / 100)
	if f := bp % 100; f != 0 {
		sep := "."
		if lang == "de" {
			sep = ","
		}
		s += sep + strings.TrimRight(fmt.Sprintf("%02d", f), "0")
	}
	return s
}

// PercentLabel writes basis points as a percentage with its sign, as lang
// writes it: "60 %" in German, "60%" in English.
func PercentLabel(lang string, bp int) string {
	if lang == "de" {
		return FormatPercent(lang, bp) + " %"
	}
	return FormatPercent(lang, bp) + "%"
}

// StatusOf is the status of an agreement whose current version is current:
// in force when every party accepted it; in negotiation once any party has
// accepted any version; a draft before that.
func StatusOf(parties []*Party, current int) string {
	all, any := len(parties) > 0, false
	for _, p := range parties {
		if p.AcceptedVersion != current {
			all = false
		}
		if p.AcceptedVersion > 0 {
			any = true
		}
	}
	switch {
	case all:
		return StatusInForce
	case any:
		return StatusNegotiation
	}
	return StatusDraft
}

// Check validates c for an agreement between parties and brings it into
// its normal form: texts trimmed, the per-party lists in the parties' order
// with an entry for each, the checklist complete in its order, a jour fixe
// without cadence without time. Errors name the field, e.g. "costs.shares"
// when the shares do not sum to 100 %.
func Check(c *Content, parties []string) error {
	var v apperr.Validation
	v.Text(&c.Title, apperr.Name, "title", maxShort, true)
	v.Text(&c.Customer, apperr.Name, "customer", maxShort, true)
	v.Text(&c.Understanding.Goals, apperr.Paragraphs, "understanding.goals", maxLong, false)
	v.Text(&c.Understanding.Scope, apperr.Paragraphs, "understanding.scope", maxLong, false)
	v.Text(&c.Communication.Bilateral, apperr.Paragraphs, "communication.bilateral", maxLong, false)
	v.Text(&c.Communication.ToCustomer, apperr.Paragraphs, "communication.to_customer", maxLong, false)
	v.Text(&c.Communication.Public, apperr.Paragraphs, "communication.public", maxLong, false)

	r := &c.Responsibilities
	if !slices.Contains(parties, r.LeadOrgID) {
		v.Add("responsibilities.lead_org_id", "agreement.lead_not_party")
	}
	roles := map[string]PartyRole{}
	for _, p := range r.Parties {
		if !slices.Contains(parties, p.OrgID) {
			v.Add("responsibilities.parties", "agreement.unknown_party")
			continue
		}
		roles[p.OrgID] = p
	}
	r.Parties = nil
	for _, org := range parties {
		p := roles[org]
		p.OrgID = org
		v.Text(&p.Role, apperr.Line, "responsibilities.role."+org, maxShort, false)
		v.Text(&p.Contribution, apperr.Paragraphs, "responsibilities.contribution."+org, maxLong, false)
		r.Parties = append(r.Parties, p)
	}

	if c.Employees.MonthsAfter < 0 || c.Employees.MonthsAfter > MaxMonthsAfter {
		v.Add("employees.months_after", "validation.range", 0, MaxMonthsAfter)
	}

	c.Costs.Shares = checkShares(&v, c.Costs.Shares, parties, "costs.shares", "costs.share.", true)
	v.Text(&c.Costs.FollowUp, apperr.Paragraphs, "costs.follow_up", maxLong, false)
	c.Costs.FollowUpShares = checkShares(&v, c.Costs.FollowUpShares, parties, "costs.follow_up_shares", "costs.follow_up_share.", false)

	var steps []string
	for _, s := range c.Disputes.Steps {
		if v.Has("disputes.steps") {
			break // one error for the list is enough
		}
		if v.Text(&s, apperr.Line, "disputes.steps", maxStep, false); s != "" {
			steps = append(steps, s)
		}
	}
	if len(steps) > maxSteps {
		v.Add("disputes.steps", "agreement.too_many_steps", maxSteps)
	}
	c.Disputes.Steps = steps
	contacts := map[string]string{}
	for _, t := range c.Disputes.Contacts {
		if !slices.Contains(parties, t.OrgID) {
			v.Add("disputes.contacts", "agreement.unknown_party")
			continue
		}
		contacts[t.OrgID] = t.Text
	}
	c.Disputes.Contacts = nil
	for _, org := range parties {
		t := PartyText{OrgID: org, Text: contacts[org]}
		v.Text(&t.Text, apperr.Line, "disputes.contact."+org, maxShort, false)
		c.Disputes.Contacts = append(c.Disputes.Contacts, t)
	}

	v.Text(&c.Confidentiality.Scope, apperr.Paragraphs, "confidentiality.scope", maxLong, false)
	if c.Confidentiality.Months < 0 || c.Confidentiality.Months > MaxConfidentialMonths {
		v.Add("confidentiality.months", "validation.range", 0, MaxConfidentialMonths)
	}

	items := map[string]ChecklistEntry{}
	for _, e := range c.Checklist {
		if !slices.Contains(ChecklistItems, e.Item) {
			v.Add("checklist", "agreement.unknown_item")
			continue
		}
		items[e.Item] = e
	}
	c.Checklist = nil
	for _, item := range ChecklistItems {
		e := items[item]
		e.Item = item
		if e.Status == "" {
			e.Status = ItemOpen
		}
		if !slices.Contains(ItemStates, e.Status) {
			v.Add("checklist."+item+".status", "validation.choice")
		}
		v.Text(&e.Note, apperr.Paragraphs, "checklist."+item+".note", maxNote, false)
		c.Checklist = append(c.Checklist, e)
	}

	j := &c.JourFixe
	if j.Cadence == "" {
		j.Cadence = "none"
	}
	switch {
	case !slices.Contains(Cadences, j.Cadence):
		v.Add("jour_fixe.cadence", "validation.choice")
	case j.Cadence == "none":
		j.First, j.Minutes = nil, 0
	default:
		if j.First == nil {
			v.Add("jour_fixe.first", "agreement.first_required")
		} else {
			t := j.First.UTC().Truncate(time.Minute)
			j.First = &t
		}
		if j.Minutes == 0 {
			j.Minutes = 60
		}
		if j.Minutes < 15 || j.Minutes > 480 {
			v.Add("jour_fixe.minutes", "validation.range", 15, 480)
		}
	}
	return v.Err()
}

// checkShares brings shares into the parties' order and checks that each is
// between 0 and 100 % and that they sum to 100 %. Optional shares that are
// all zero (or absent) are no shares at all.
func checkShares(v *apperr.Validation, shares []Share, parties []string, field, prefix string, required bool) []Share {
	by := map[string]int{}
	for _, s := range shares {
		if !slices.Contains(parties, s.OrgID) {
			v.Add(field, "agreement.unknown_party")
			continue
		}
		by[s.OrgID] = s.BP
	}
	sum := 0
	out := []Share{}
	for _, org := range parties {
		bp := by[org]
		if bp < 0 || bp > FullShare {
			v.Add(prefix+org, "agreement.share_range")
		}
		sum += bp
		out = append(out, Share{OrgID: org, BP: bp})
	}
	if !required && sum == 0 {
		return nil
	}
	if sum != FullShare {
		// A float prints with the reader's decimal separator.
		v.Add(field, "agreement.shares_sum", float64(sum)/100)
	}
	return out
}

// Same reports whether two contents say the same.
func Same(a, b *Content) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// Clone returns a deep copy of c.
func Clone(c *Content) *Content {
	b, err := json.Marshal(c)
	if err != nil {
		panic(err) // a Content always marshals
	}
	var out Content
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return &out
}

// Field is one line of an agreement as it is shown, compared and exported:
// the section it belongs to, a key that is the same in every version, its
// label and its value, both in the reader's language.
type Field struct {
	Section string `json:"section"`
	Key     string `json:"key"`
	Label   string `json:"label"`
	Value   string `json:"value"`
}

// Fields lists what c says, section by section, in lang; names gives the
// parties' names by organisation id, parties their order.
func Fields(c *Content, parties []string, names map[string]string, lang string, zone *time.Location) []Field {
	var out []Field
	add := func(section, key, label, value string) {
		out = append(out, Field{Section: section, Key: key, Label: label, Value: value})
	}
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	yesNo := func(b bool) string {
		if b {
			return t("form.yes")
		}
		return t("form.no")
	}
	name := func(org string) string {
		if n := names[org]; n != "" {
			return n
		}
		return org
	}
	add("general", "title", t("agreement.f.title"), c.Title)
	add("general", "customer", t("agreement.f.customer"), c.Customer)
	add("understanding", "understanding.goals", t("agreement.f.goals"), c.Understanding.Goals)
	add("understanding", "understanding.scope", t("agreement.f.scope"), c.Understanding.Scope)
	add("communication", "communication.bilateral", t("agreement.f.bilateral"), c.Communication.Bilateral)
	add("communication", "communication.to_customer", t("agreement.f.to_customer"), c.Communication.ToCustomer)
	add("communication", "communication.press_consent", t("agreement.f.press_consent"), yesNo(c.Communication.PressConsent))
	add("communication", "communication.reference_consent", t("agreement.f.reference_consent"), yesNo(c.Communication.ReferenceConsent))
	add("communication", "communication.public", t("agreement.f.public"), c.Communication.Public)
	add("responsibilities", "responsibilities.lead_org_id", t("agreement.f.lead"), name(c.Responsibilities.LeadOrgID))
	for _, org := range parties {
		r := c.Role(org)
		add("responsibilities", "responsibilities.role."+org, t("agreement.f.role", name(org)), r.Role)
		add("responsibilities", "responsibilities.contribution."+org, t("agreement.f.contribution", name(org)), r.Contribution)
	}
	add("employees", "employees.no_poaching", t("agreement.f.no_poaching"), yesNo(c.Employees.NoPoaching))
	months := ""
	if c.Employees.NoPoaching {
		months = t("agreement.months", c.Employees.MonthsAfter)
	}
	add("employees", "employees.months_after", t("agreement.f.months_after"), months)
	for _, org := range parties {
		add("costs", "costs.share."+org, t("agreement.f.share", name(org)), PercentLabel(lang, c.Share(org)))
	}
	add("costs", "costs.follow_up", t("agreement.f.follow_up"), c.Costs.FollowUp)
	for _, org := range parties {
		if bp, set := c.FollowUpShare(org); set {
			add("costs", "costs.follow_up_share."+org, t("agreement.f.follow_up_share", name(org)), PercentLabel(lang, bp))
		}
	}
	var steps []string
	for i, s := range c.Disputes.Steps {
		steps = append(steps, fmt.Sprintf("%d. %s", i+1, s))
	}
	add("disputes", "disputes.steps", t("agreement.f.steps"), strings.Join(steps, "\n"))
	for _, org := range parties {
		add("disputes", "disputes.contact."+org, t("agreement.f.contact", name(org)), c.Contact(org))
	}
	add("confidentiality", "confidentiality.scope", t("agreement.f.conf_scope"), c.Confidentiality.Scope)
	duration := t("agreement.unlimited")
	if c.Confidentiality.Months > 0 {
		duration = t("agreement.months", c.Confidentiality.Months)
	}
	add("confidentiality", "confidentiality.months", t("agreement.f.conf_months"), duration)
	for _, item := range ChecklistItems {
		e := c.Item(item)
		val := t("agreement.state." + e.Status)
		if e.Note != "" {
			val += " – " + e.Note
		}
		add("checklist", "checklist."+item, t("agreement.item."+item), val)
	}
	add("jour_fixe", "jour_fixe.cadence", t("agreement.f.cadence"), t("agreement.cadence."+c.JourFixe.Cadence))
	if c.JourFixe.Active() {
		first := ""
		if c.JourFixe.First != nil {
			first = i18n.DateTime(lang, zone, *c.JourFixe.First)
		}
		add("jour_fixe", "jour_fixe.first", t("agreement.f.first"), first)
		add("jour_fixe", "jour_fixe.minutes", t("agreement.f.minutes"), t("agreement.minutes_value", c.JourFixe.Minutes))
	}
	return out
}

// Section is the fields of one section, for display.
type Section struct {
	Name   string  `json:"name"`
	Fields []Field `json:"fields"`
}

// Group collects fields by section, in the order of Sections.
func Group(fields []Field) []Section {
	var out []Section
	for _, name := range Sections {
		s := Section{Name: name}
		for _, f := range fields {
			if f.Section == name {
				s.Fields = append(s.Fields, f)
			}
		}
		if len(s.Fields) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// Diff is one field of two versions side by side.
type Diff struct {
	Section string `json:"section"`
	Key     string `json:"key"`
	Label   string `json:"label"`
	A       string `json:"a"`
	B       string `json:"b"`
	Changed bool   `json:"changed"`
}

// Compare puts the fields of two versions side by side, in b's order with
// the fields only a has after them, and marks the ones that differ.
func Compare(a, b []Field) []Diff {
	inA := map[string]Field{}
	for _, f := range a {
		inA[f.Key] = f
	}
	seen := map[string]bool{}
	var out []Diff
	for _, f := range b {
		old := inA[f.Key]
		seen[f.Key] = true
		out = append(out, Diff{Section: f.Section, Key: f.Key, Label: f.Label, A: old.Value, B: f.Value, Changed: old.Value != f.Value})
	}
	for _, f := range a {
		if !seen[f.Key] {
			out = append(out, Diff{Section: f.Section, Key: f.Key, Label: f.Label, A: f.Value, Changed: f.Value != ""})
		}
	}
	// Keep the sections together, in their order.
	slices.SortStableFunc(out, func(x, y Diff) int {
		return slices.Index(Sections, x.Section) - slices.Index(Sections, y.Section)
	})
	return out
}

// Filename makes an ASCII file name from a title: umlauts transliterated
// (ä → ae, ß → ss), other accents dropped, everything else but letters and
// digits a hyphen; then the version and the extension.
func Filename(title string, version int, ext string) string {
	r := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue", "ß", "ss")
	var b strings.Builder
	dash := false
	for _, c := range norm.NFD.String(r.Replace(title)) {
		switch {
		case unicode.Is(unicode.Mn, c):
			continue
		case c < 128 && (unicode.IsLetter(c) || unicode.IsDigit(c)):
			b.WriteRune(c)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 80 {
			break
		}
	}
	name := strings.Trim(b.String(), "-")
	if name == "" {
		name = "agreement"
	}
	return fmt.Sprintf("%s-v%d.%s", name, version, ext)
}
