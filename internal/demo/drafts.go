package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode"

	"pakt/internal/partner"
)

// Showcase names the organisation every demo starts with; the demo logins
// and the first steps of a tour refer to it.
const (
	ShowcaseName   = "Müller IT GmbH & Co. KG"
	ShowcaseDomain = "mueller-it.de"
)

// pcgStream is the second PCG word; with the seed it fixes the sequence.
const pcgStream = 0x70616b74 // "pakt"

// maxSlug keeps the slug, and so the domain's first label, well under the 63
// characters a DNS label may have, leaving room for a distinguishing suffix.
const maxSlug = 40

// Drafts returns n organisations generated from seed: the same seed gives
// the same drafts. The first is always the showcase partner Müller IT GmbH &
// Co. KG in München, published, with competencyIDs[0] among its
// competencies; the others are German, Austrian, Swiss and some
// international IT companies with unique names and domains. Competencies are
// drawn from competencyIDs; none are set when it is empty. Drafts touches no
// database.
func Drafts(seed int64, n int, competencyIDs []string) []partner.Draft {
	return NewGenerator(seed, competencyIDs).Next(n)
}

// Generator makes the drafts of Drafts part by part, for demos too large to
// hold at once: Next(m) and then Next(n) give what Drafts(seed, m+n, …)
// gives.
type Generator struct {
	g    *generator
	made int
}

// NewGenerator returns a Generator of the drafts Drafts(seed, …,
// competencyIDs) gives.
func NewGenerator(seed int64, competencyIDs []string) *Generator {
	return &Generator{g: &generator{
		r:     rand.New(rand.NewPCG(uint64(seed), pcgStream)),
		ids:   competencyIDs,
		taken: map[string]bool{},
	}}
}

// Next returns the next n drafts.
func (gen *Generator) Next(n int) []partner.Draft {
	out := make([]partner.Draft, max(n, 0))
	for i := range out {
		if gen.made == 0 {
			out[i] = gen.g.showcase()
		} else {
			out[i] = gen.g.draft()
		}
		gen.made++
	}
	return out
}

type generator struct {
	r     *rand.Rand
	ids   []string
	taken map[string]bool // slugs of the names given out so far
}

// pick returns a random element of list.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// weighted returns an index into weights, chosen in proportion to them.
func weighted(r *rand.Rand, weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// distinct returns k distinct indexes below n in random order.
func distinct(r *rand.Rand, k, n int) []int {
	k = min(k, n)
	out := make([]int, 0, k)
	for len(out) < k {
		i := r.IntN(n)
		dup := false
		for _, j := range out {
			if i == j {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, i)
		}
	}
	return out
}

func day(y int, m time.Month, d int) partner.Date {
	return partner.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// dayBetween returns a random day in [from, to].
func (g *generator) dayBetween(from, to partner.Date) partner.Date {
	days := int(to.Sub(from.Time).Hours()/24) + 1
	return partner.Date{Time: from.AddDate(0, 0, g.r.IntN(days))}
}

func (g *generator) showcase() partner.Draft {
	comps := []string{}
	if len(g.ids) > 0 {
		comps = append(comps, g.ids[0])
		for _, i := range distinct(g.r, 3, len(g.ids)-1) {
			comps = append(comps, g.ids[i+1])
		}
	}
	g.taken["mueller-it"] = true
	return partner.Draft{
		Input: partner.Input{
			Kind:      new(partner.KindPartner),
			LegalName: new(ShowcaseName),
			Domain:    new(ShowcaseDomain),
			Description: new("Müller IT ist ein inhabergeführtes Systemhaus aus München mit rund 85 Mitarbeitenden. " +
				"Seit 2004 entwickeln wir Virtual-Reality- und 3D-Lösungen für Schulung, Vertrieb und Service, vor allem für Maschinenbau und Automobilindustrie. " +
				"Für gemeinsame Projekte suchen wir Partner mit Erfahrung in Cloud und IT-Sicherheit."),
			Country:      new("DE"),
			Region:       new("Bayern"),
			City:         new("München"),
			Size:         new("medium"),
			Industries:   &[]string{"automotive", "manufacturing"},
			Status:       new("active"),
			Tier:         new("gold"),
			Published:    new(true),
			Competencies: &comps,
		},
		Certifications: []partner.Certification{
			{Name: "Lumen XR Integration Partner – Gold", Issuer: "Lumen XR", ValidUntil: day(2027, 9, 30)},
			{Name: "Lumen XR Certified Developer", Issuer: "Lumen XR", ValidUntil: day(2028, 3, 31)},
			{Name: "Nimbus Cloud Partner – Silver", Issuer: "Nimbus Cloud", ValidUntil: day(2026, 6, 30)},
		},
		References: []partner.Reference{
			{Title: "VR-Schulungsumgebung für Servicetechniker", Customer: "Mittelständischer Maschinenbauer", Industry: "manufacturing", Year: 2024,
				Description: "Servicetechniker üben Wartungseinsätze an einem virtuellen Modell der Anlage, bevor sie zum Kunden fahren; die Einarbeitung dauert seither halb so lang."},
			{Title: "Digitaler Zwilling einer Montagelinie", Customer: "Automobilzulieferer mit drei Werken", Industry: "automotive", Year: 2025,
				Description: "Umbauten der Linie werden in VR geplant und abgenommen, bevor das erste Teil bewegt wird."},
		},
		Resources: []partner.Resource{
			{Skill: "VR-Entwicklung", AmountTenths: 200, Unit: "days", From: day(2026, 12, 1), To: day(2027, 3, 31)},
		},
		Contacts: []partner.Contact{
			{Name: "Katrin Müller", Position: "Geschäftsführerin", Email: "katrin.mueller@" + ShowcaseDomain, Phone: "+49 89 2154870", DecisionMaker: true, CLevel: true},
			{Name: "Jonas Weiß", Position: "Vertriebsleiter", Email: "jonas.weiss@" + ShowcaseDomain, Phone: "+49 89 2154872"},
			{Name: "Lea Bäcker", Position: "Technische Leiterin", Email: "lea.baecker@" + ShowcaseDomain, Phone: "+49 89 2154875"},
		},
	}
}

func (g *generator) draft() partner.Draft {
	r := g.r
	ci := weighted(r, countryWeights...)
	c := &countries[ci]
	reg := &c.regions[weighted(r, regionWeights[ci]...)]
	ct := pick(r, reg.cities)
	size := weighted(r, 15, 35, 30, 15, 5)
	legal, short, slug := g.name(c, reg, ct, size)
	tld := c.tlds[0]
	if len(c.tlds) > 1 && r.IntN(100) < 12 {
		tld = c.tlds[1]
	}
	domain := slug + "." + tld
	german := c.german && r.IntN(100) < 88

	kind := partner.KindPartner
	if r.IntN(100) < 6 {
		kind = partner.KindMember
	}
	status := [...]string{"active", "onboarding", "paused"}[weighted(r, 82, 11, 7)]
	tier := partner.Tiers[weighted(r, 48, 30, 16, 6)]
	switch {
	case status == "onboarding":
		tier = partner.Tiers[0]
	case size == 0 && tier == "platinum":
		tier = "gold"
	}
	publishedPct := 90
	switch status {
	case "onboarding":
		publishedPct = 50
	case "paused":
		publishedPct = 70
	}
	published := r.IntN(100) < publishedPct

	industries := make([]string, 0, 3)
	for _, i := range distinct(r, 1+weighted(r, 40, 40, 20), len(partner.Industries)) {
		industries = append(industries, partner.Industries[i])
	}
	comps := make([]string, 0, 5)
	if len(g.ids) > 0 {
		for _, i := range distinct(r, 1+weighted(r, 15, 25, 30, 20, 10), len(g.ids)) {
			comps = append(comps, g.ids[i])
		}
	}

	return partner.Draft{
		Input: partner.Input{
			Kind:         new(kind),
			LegalName:    new(legal),
			Domain:       new(domain),
			Description:  new(g.description(short, reg.name, ct.name, size, legal, industries, german)),
			Country:      new(c.code),
			Region:       new(reg.name),
			City:         new(ct.name),
			Size:         new(partner.Sizes[size]),
			Industries:   &industries,
			Status:       new(status),
			Tier:         new(tier),
			Published:    new(published),
			Competencies: &comps,
		},
		Certifications: g.certifications(),
		References:     g.references(german),
		Resources:      g.resources(german),
		Contacts:       g.contacts(c, ct, legal, domain),
	}
}

var countryWeights, regionWeights = func() ([]int, [][]int) {
	cw := make([]int, len(countries))
	rw := make([][]int, len(countries))
	for i, c := range countries {
		cw[i] = c.weight
		for _, r := range c.regions {
			rw[i] = append(rw[i], r.weight)
		}
	}
	return cw, rw
}()

// name returns a company name that is new in this run, the name without its
// legal form, and the name's slug for the domain.
func (g *generator) name(c *country, reg *region, ct city, size int) (legal, short, slug string) {
	var person bool
	// Most names are new on the first try; a few attempts keep the
	// distinguishing suffixes below rare.
	for try := 0; ; try++ {
		short, person = g.core(c, reg)
		slug = slugify(short)
		if len(slug) > maxSlug || reserved(short) {
			continue
		}
		if !g.taken[slug] {
			break
		}
		if try >= 4 {
			short, slug = g.distinguish(c, short, ct)
			person = false
			break
		}
	}
	g.taken[slug] = true
	return short + " " + g.form(c, size, person), short, slug
}

// distinguish appends the city, a compass word or a number to a name in use.
func (g *generator) distinguish(c *country, base string, ct city) (string, string) {
	words := []string{cityWord(ct.name)}
	if c.style == styleGerman {
		words = append(words, "Nord", "Süd", "West", "Ost", "Mitte")
	} else {
		words = append(words, "North", "South", "West", "East", "Central")
	}
	for k := 0; ; k++ {
		w := strconv.Itoa(k - len(words) + 2)
		if k < len(words) {
			w = words[k]
		}
		name := base + " " + w
		if s := slugify(name); !g.taken[s] {
			return name, s
		}
	}
}

// cityWord shortens a city's name for use in a company name:
// "Frankfurt am Main" becomes "Frankfurt".
func cityWord(name string) string {
	for _, sep := range []string{" (", " am ", " im ", "/"} {
		if i := strings.Index(name, sep); i > 0 {
			name = name[:i]
		}
	}
	return name
}

// reserved reports whether a name would compete with the showcase partner
// in a search for "Müller IT".
func reserved(name string) bool {
	if !strings.Contains(name, "Müller") {
		return false
	}
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if strings.EqualFold(w, "IT") {
			return true
		}
	}
	return false
}

// core returns a company name without legal form, and whether it is one
// person's name with a trade word (which may be an e.K.).
func (g *generator) core(c *country, reg *region) (string, bool) {
	r := g.r
	fams := families[c.style]
	words := nameWords[c.style]
	if c.style == styleGerman {
		switch weighted(r, 34, 12, 14, 22, 6, 12) {
		case 0:
			return pick(r, fams) + " " + pick(r, words), true
		case 1:
			a, b := pick(r, fams), pick(r, fams)
			if a == b {
				b = pick(r, fams)
			}
			if r.IntN(100) < 60 {
				return a + " & " + b + " " + pick(r, words), false
			}
			return a + " & " + b, false
		case 2:
			if len(reg.places) > 0 {
				return pick(r, reg.places) + " " + pick(r, words), false
			}
			return g.brandDE() + " " + pick(r, words), false
		case 3:
			return g.brandDE() + " " + pick(r, words), false
		case 4:
			return g.brandDE(), false
		default:
			return g.brandEN() + " " + pick(r, nameWords[styleEnglish]), false
		}
	}
	switch weighted(r, 40, 12, 48) {
	case 0:
		return capFirst(pick(r, fams)) + " " + pick(r, words), false
	case 1:
		a, b := capFirst(pick(r, fams)), capFirst(pick(r, fams))
		if a == b {
			b = capFirst(pick(r, fams))
		}
		if r.IntN(100) < 50 {
			return a + " & " + b + " " + pick(r, words), false
		}
		return a + " & " + b, false
	default:
		if r.IntN(2) == 0 {
			words = nameWords[styleEnglish]
		}
		return g.brandEN() + " " + pick(r, words), false
	}
}

func (g *generator) brandDE() string {
	for {
		h, t := pick(g.r, brandHeadsDE), pick(g.r, brandTailsDE)
		lh := strings.ToLower(h)
		if !strings.Contains(lh, t) && !strings.Contains(t, lh) {
			return h + t
		}
	}
}

func (g *generator) brandEN() string {
	h, t := pick(g.r, brandHeadsEN), pick(g.r, brandTailsEN)
	if g.r.IntN(100) < 40 {
		return h + capFirst(t)
	}
	return h + t
}

// form chooses a legal form that suits the company's size.
func (g *generator) form(c *country, size int, person bool) string {
	weights := make([]int, len(c.forms))
	for i, f := range c.forms {
		if size >= f.minSize && size <= f.maxSize && (person || !f.person) {
			weights[i] = f.weight
		}
	}
	return c.forms[weighted(g.r, weights...)].name
}

func capFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// ascii spells s in lower-case ASCII letters, digits and the rest as they
// are: "Größer" becomes "groesser", "Łódź" "lodz".
func ascii(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	for _, r := range strings.ToLower(s) {
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		switch r {
		case 'ä':
			b.WriteString("ae")
		case 'ö':
			b.WriteString("oe")
		case 'ü':
			b.WriteString("ue")
		case 'ß':
			b.WriteString("ss")
		case 'à', 'á', 'â', 'ą':
			b.WriteByte('a')
		case 'ç', 'ć':
			b.WriteByte('c')
		case 'è', 'é', 'ê', 'ë', 'ę':
			b.WriteByte('e')
		case 'î', 'ï', 'ı':
			b.WriteByte('i')
		case 'ł':
			b.WriteByte('l')
		case 'ń':
			b.WriteByte('n')
		case 'ó', 'ô':
			b.WriteByte('o')
		case 'ś':
			b.WriteByte('s')
		case 'ù', 'û':
			b.WriteByte('u')
		case 'ź', 'ż':
			b.WriteByte('z')
		case 'ğ':
			b.WriteByte('g')
		case 'ş':
			b.WriteByte('s')
		}
	}
	return b.String()
}

// slugify makes a domain label from a name: "Bäcker & Jürgens Consulting"
// becomes "baecker-juergens-consulting".
func slugify(name string) string {
	s := ascii(name)
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteByte(ch)
		} else if ch != '.' {
			dash = true
		}
	}
	return b.String()
}

// staffCount returns a plausible number of employees for a size band.
func (g *generator) staffCount(size int) int {
	switch size {
	case 0:
		return 3 + g.r.IntN(7)
	case 1:
		return 10 + g.r.IntN(40)
	case 2:
		return 5 * (10 + g.r.IntN(40))
	case 3:
		return 10 * (25 + g.r.IntN(75))
	default:
		return 100 * (10 + g.r.IntN(40))
	}
}

func (g *generator) description(short, region, city string, size int, legal string, industries []string, german bool) string {
	r := g.r
	founded := 1985 + r.IntN(37)
	if strings.HasPrefix(legal[len(short):], " UG") {
		founded = 2010 + r.IntN(14)
	}
	staff := g.staffCount(size)
	names := make([]string, len(industries))
	lang := 1
	if german {
		lang = 0
	}
	for i, code := range industries {
		names[i] = industryNames[code][lang]
	}
	var b strings.Builder
	if german {
		fmt.Fprintf(&b, pick(r, introDE), short, city, staff, founded, region)
		list := "der Branche " + names[0]
		if len(names) > 1 {
			list = "den Branchen " + join(names, "und")
		}
		b.WriteByte(' ')
		fmt.Fprintf(&b, pick(r, focusDE), list)
		if r.IntN(100) < 60 {
			b.WriteByte(' ')
			b.WriteString(pick(r, closingDE))
		}
	} else {
		fmt.Fprintf(&b, pick(r, introEN), short, city, staff, founded, region)
		b.WriteByte(' ')
		fmt.Fprintf(&b, pick(r, focusEN), join(names, "and"))
		if r.IntN(100) < 60 {
			b.WriteByte(' ')
			b.WriteString(pick(r, closingEN))
		}
	}
	return b.String()
}

// join lists words as "a, b and c".
func join(words []string, and string) string {
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + and + " " + words[len(words)-1]
}

func (g *generator) certifications() []partner.Certification {
	r := g.r
	n := weighted(r, 30, 35, 25, 10)
	out := make([]partner.Certification, 0, n)
	for _, i := range distinct(r, n, len(certPrograms)) {
		p := certPrograms[i]
		name := p.name
		if p.levelled {
			name += " – " + pick(r, certLevels)
		}
		// A quarter has run out, the rest is valid for up to two more years.
		var until partner.Date
		if r.IntN(100) < 25 {
			until = g.dayBetween(day(2025, 1, 1), day(2026, 10, 31))
		} else {
			until = g.dayBetween(day(2026, 12, 1), day(2028, 12, 31))
		}
		// Certificates run to the end of a month.
		until = partner.Date{Time: time.Date(until.Year(), until.Month()+1, 0, 0, 0, 0, 0, time.UTC)}
		out = append(out, partner.Certification{Name: name, Issuer: p.issuer, ValidUntil: until})
	}
	return out
}

func (g *generator) references(german bool) []partner.Reference {
	r := g.r
	n := weighted(r, 20, 30, 25, 15, 10)
	out := make([]partner.Reference, 0, n)
	for _, i := range distinct(r, n, len(refTitles)) {
		t := refTitles[i]
		cu := pick(r, refCustomers)
		title, customer, text := t.en, cu[1], pick(r, refTextsEN)
		if german {
			title, customer, text = t.de, cu[0], pick(r, refTextsDE)
		}
		if t.max > 0 {
			title = fmt.Sprintf(title, t.min+r.IntN(t.max-t.min+1))
		}
		out = append(out, partner.Reference{
			Title:       title,
			Customer:    customer,
			Industry:    cu[2],
			Year:        2018 + r.IntN(9),
			Description: fmt.Sprintf(text, 2+r.IntN(16), 2+r.IntN(12)),
		})
	}
	return out
}

func (g *generator) resources(german bool) []partner.Resource {
	r := g.r
	n := weighted(r, 50, 35, 15)
	out := make([]partner.Resource, 0, n)
	for _, i := range distinct(r, n, len(skills)) {
		skill := skills[i][1]
		if german {
			skill = skills[i][0]
		}
		res := partner.Resource{Skill: skill, Unit: "days", AmountTenths: 10 * (5 + r.IntN(56))}
		if r.IntN(100) < 30 {
			res.Unit, res.AmountTenths = "fte", pick(r, []int{5, 10, 10, 15, 20, 30})
		}
		res.From = g.dayBetween(day(2026, 1, 1), day(2027, 9, 30))
		to := res.From.AddDate(0, 0, 14+r.IntN(167))
		if last := time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC); to.After(last) {
			to = last
		}
		res.To = partner.Date{Time: to}
		out = append(out, res)
	}
	return out
}

func (g *generator) contacts(c *country, ct city, legal, domain string) []partner.Contact {
	r := g.r
	n := 1 + weighted(r, 25, 45, 30)
	out := make([]partner.Contact, 0, n)
	form := ""
	for _, f := range []string{"e.K.", "AG", "SE"} {
		if strings.HasSuffix(legal, " "+f) {
			form = f
		}
	}
	staff := distinct(r, n-1, len(staffDE))
	if !c.german {
		staff = distinct(r, n-1, len(staffEN))
	}
	for k := 0; k < n; k++ {
		style := c.style
		if r.IntN(100) < 12 {
			style = pick(r, []int{styleEnglish, stylePolish, styleFrench, styleGerman})
		}
		sex := r.IntN(2) // 0 female, 1 male, as in givenNames
		female := sex == 0
		given := pick(r, givenNames[style][sex])
		family := pick(r, families[style])
		if female && style == stylePolish && strings.HasSuffix(family, "ski") {
			family = strings.TrimSuffix(family, "i") + "a"
		}
		email := ascii(given) + "." + strings.ReplaceAll(ascii(family), " ", "") + "@" + domain
		dup := false
		for _, o := range out {
			if o.Email == email {
				dup = true
			}
		}
		if dup {
			continue // one contact fewer rather than two of the same name
		}
		var pos position
		switch {
		case k == 0 && c.german:
			pos = headsDE[form]
		case k == 0:
			h := pick(r, headsEN)
			pos = position{h, h, true}
		case c.german:
			pos = staffDE[staff[k-1]]
		default:
			pos = staffEN[staff[k-1]]
		}
		title := pos.male
		if female {
			title = pos.female
		}
		out = append(out, partner.Contact{Name: given + " " + family, Position: title, Email: email,
			Phone: g.phone(c, ct), DecisionMaker: pos.decides, CLevel: k == 0})
	}
	return out
}

// digits returns n random decimal digits; the first is not zero.
func (g *generator) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	if b[0] == '0' {
		b[0] = '1' + byte(g.r.IntN(9))
	}
	return string(b)
}

// phone returns a telephone number written the way the country writes it.
// British and American numbers come from the ranges reserved for fiction.
func (g *generator) phone(c *country, ct city) string {
	switch c.code {
	case "GB":
		if ct.area == "20" {
			return fmt.Sprintf("+44 20 7946 0%03d", g.r.IntN(1000))
		}
		return fmt.Sprintf("+44 %s 496 0%03d", ct.area, g.r.IntN(1000))
	case "US":
		return fmt.Sprintf("+1 %s 555 01%02d", ct.area, g.r.IntN(100))
	case "FR":
		d := g.digits(8)
		return "+33 " + ct.area + " " + d[0:2] + " " + d[2:4] + " " + d[4:6] + " " + d[6:8]
	case "CH", "PL":
		d := g.digits(7)
		return c.dial + " " + ct.area + " " + d[0:3] + " " + d[3:5] + " " + d[5:7]
	case "NL":
		d := g.digits(7)
		return "+31 " + ct.area + " " + d[0:3] + " " + d[3:7]
	}
	// Germany and Austria: shorter subscriber numbers after longer area codes.
	return c.dial + " " + ct.area + " " + g.digits(max(5, 9-len(ct.area)))
}
