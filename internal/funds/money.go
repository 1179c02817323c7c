package funds

import (
	"context"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/i18n"
)

// Unassessed is the quadrant key of partners without a current assessment.
const Unassessed = "unassessed"

// vampire is the quadrant whose funding the view warns about.
const vampire = "vampire"

// MoneyFigures are what went to and came back from a partner or a quadrant
// in a period, in minor units of Currency.
type MoneyFigures struct {
	Paid      int64  `json:"paid_minor"`
	Given     int    `json:"leads_given"`
	Converted int    `json:"leads_converted"`
	Won       int64  `json:"won_minor"`
	Return    Return `json:"return"`
}

func (f *MoneyFigures) add(g MoneyFigures) {
	f.Paid += g.Paid
	f.Given += g.Given
	f.Converted += g.Converted
	f.Won += g.Won
}

// MoneyPartner is one partner's line of the money view.
type MoneyPartner struct {
	OrgID    string `json:"org_id"`
	Name     string `json:"name"`
	Quadrant string `json:"quadrant"`
	MoneyFigures
}

// MoneyQuadrant is one quadrant's line of the money view.
type MoneyQuadrant struct {
	Quadrant string `json:"quadrant"`
	Partners int    `json:"partners"`
	MoneyFigures
}

// MoneyView is "where does the money go": per quadrant and per partner,
// the funds paid in the period, the leads given and converted, the won
// revenue and the return per euro.
type MoneyView struct {
	Period    string          `json:"period"`
	Quadrants []MoneyQuadrant `json:"quadrants"`
	Total     MoneyFigures    `json:"total"`
	// Partners are those with any figure, the most paid first.
	Partners []MoneyPartner `json:"partners"`
}

// Money returns the money view of the period (a quarter or a year), for
// staff only. It aggregates in one query and the hooks' maps, never per
// partner.
func (s *Service) Money(ctx context.Context, a *auth.Actor, period string) (*MoneyView, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	p, ok := ParsePeriod(period)
	if !ok {
		var v apperr.Validation
		v.Add("period", "funds.error.period")
		return nil, v.Err()
	}
	paid, err := paidPerOrg(ctx, s.DB, p.From, p.To)
	if err != nil {
		return nil, err
	}
	var leads map[string]OrgLeads
	if s.LeadsPerOrg != nil {
		if leads, err = s.LeadsPerOrg(ctx, p.From, p.To); err != nil {
			return nil, err
		}
	}
	var won map[string]map[string]int64
	if s.WonPerOrg != nil {
		if won, err = s.WonPerOrg(ctx, p.From, p.To); err != nil {
			return nil, err
		}
	}
	var quadrant map[string]string
	if s.QuadrantOf != nil {
		if quadrant, err = s.QuadrantOf(ctx, a); err != nil {
			return nil, err
		}
	}
	names, err := s.orgNames(ctx)
	if err != nil {
		return nil, err
	}
	// One line per partner with any figure, allocated at once.
	rows := make(map[string]*MoneyPartner, max(len(paid), len(leads), len(won)))
	lines := make([]MoneyPartner, 0, max(len(paid), len(leads), len(won)))
	row := func(org string) *MoneyPartner {
		r := rows[org]
		if r == nil {
			q := quadrant[org]
			if q == "" {
				q = Unassessed
			}
			if len(lines) < cap(lines) {
				lines = append(lines, MoneyPartner{OrgID: org, Name: names[org], Quadrant: q})
				r = &lines[len(lines)-1]
			} else {
				r = &MoneyPartner{OrgID: org, Name: names[org], Quadrant: q}
			}
			rows[org] = r
		}
		return r
	}
	for org, v := range paid {
		row(org).Paid = v
	}
	for org, l := range leads {
		if l.Given == 0 && l.Converted == 0 {
			continue
		}
		r := row(org)
		r.Given, r.Converted = l.Given, l.Converted
	}
	for org, m := range won {
		if m[Currency] != 0 {
			row(org).Won = m[Currency]
		}
	}
	return s.summarise(p.Name, rows), nil
}

// orgNames returns every organisation's name by id, from the cache when
// the service has one.
func (s *Service) orgNames(ctx context.Context) (map[string]string, error) {
	load := func(ctx context.Context) (map[string]string, error) { return orgNames(ctx, s.DB) }
	if s.names == nil {
		return load(ctx)
	}
	return s.names.Get(ctx, s.DB, load, db.Organisations)
}

// summarise puts the partners' lines in order and adds them up per
// quadrant.
func (s *Service) summarise(period string, rows map[string]*MoneyPartner) *MoneyView {
	order := append(slices.Clone(s.Quadrants), Unassessed)
	byQuadrant := make(map[string]*MoneyQuadrant, len(order))
	v := &MoneyView{Period: period, Quadrants: make([]MoneyQuadrant, len(order)), Partners: make([]MoneyPartner, 0, len(rows))}
	for i, q := range order {
		v.Quadrants[i].Quadrant = q
		byQuadrant[q] = &v.Quadrants[i]
	}
	for _, r := range rows {
		if r.Name == "" {
			continue // an organisation deleted since
		}
		r.Return = ReturnOf(r.Paid, r.Won)
		q := byQuadrant[r.Quadrant]
		if q == nil {
			q = byQuadrant[Unassessed]
		}
		q.Partners++
		q.add(r.MoneyFigures)
		v.Total.add(r.MoneyFigures)
		v.Partners = append(v.Partners, *r)
	}
	for i := range v.Quadrants {
		v.Quadrants[i].Return = ReturnOf(v.Quadrants[i].Paid, v.Quadrants[i].Won)
	}
	v.Total.Return = ReturnOf(v.Total.Paid, v.Total.Won)
	slices.SortFunc(v.Partners, func(a, b MoneyPartner) int {
		switch {
		case a.Paid != b.Paid:
			return compare(b.Paid, a.Paid)
		case a.Won != b.Won:
			return compare(b.Won, a.Won)
		}
		return strings.Compare(a.OrgID, b.OrgID)
	})
	return v
}

func compare(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Money formats an amount in minor units of Currency in lang: whole euros,
// with cents when there are any.
func Money(lang string, minor int64) string {
	s := i18n.Number(lang, minor/100)
	if c := abs64(minor % 100); c != 0 {
		sep := "."
		if lang == "de" {
			sep = ","
		}
		s += sep + strconv.FormatInt(100+c, 10)[1:]
	}
	return s + " €"
}

// PerEuro formats a return on funds: "2.50 €" per euro paid, or "–" when
// nothing was paid.
func PerEuro(lang string, r Return) string {
	if r.PerEuroHundredths < 0 {
		return "–"
	}
	return Money(lang, r.PerEuroHundredths)
}

// Chart draws the money view's quadrants as SVG: per quadrant a bar of
// the funds paid and one of the won revenue, on one scale, each with its
// amount written out; the Vampires' bars are hatched and their label says
// why they stand out, so that colour is never the only sign.
func (v *MoneyView) Chart(lang string) template.HTML {
	t := func(key string, args ...any) string { return template.HTMLEscapeString(i18n.T(lang, key, args...)) }
	num := strconv.Itoa
	const labelW, barW, rowH, barH = 185, 420, 64, 20
	var top int64 = 1
	for _, q := range v.Quadrants {
		top = max(top, q.Paid, q.Won)
	}
	width := func(x int64) int {
		if x <= 0 {
			return 0
		}
		return max(1, int(x*barW/top))
	}
	height := len(v.Quadrants)*rowH + 30
	var b strings.Builder
	w := b.WriteString
	w(`<svg class="funds-chart" viewBox="0 0 ` + num(labelW+barW+150) + ` ` + num(height) + `" role="img" aria-labelledby="money-chart-title money-chart-desc" xmlns="http://www.w3.org/2000/svg">` + "\n")
	w(`<title id="money-chart-title">` + t("funds.chart_title", v.Period) + "</title>\n")
	var desc []string
	for _, q := range v.Quadrants {
		desc = append(desc, i18n.T(lang, "funds.chart_line", i18n.T(lang, "funds.quadrant."+q.Quadrant), Money(lang, q.Paid), Money(lang, q.Won)))
	}
	w(`<desc id="money-chart-desc">` + template.HTMLEscapeString(strings.Join(desc, " ")) + "</desc>\n")
	w(`<defs><pattern id="money-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#9b2226"/><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern></defs>` + "\n")
	for i, q := range v.Quadrants {
		y := 10 + i*rowH
		cls, weight := "quadrant-row", "normal"
		if q.Quadrant == vampire {
			cls, weight = cls+" vampire", "bold"
		}
		w(`<g class="` + cls + `">`)
		w(`<text x="0" y="` + num(y+barH) + `" font-weight="` + weight + `">` + t("funds.quadrant."+q.Quadrant) + `</text>`)
		if q.Quadrant == vampire && q.Paid > 0 {
			// Below the name, within the label's column: the bars start
			// right of it.
			w(`<text x="0" y="` + num(y+barH+19) + `" font-size="11" font-weight="bold" fill="#9b2226">` + t("funds.chart_vampire") + `</text>`)
		}
		fill := `fill="#35608f"`
		if q.Quadrant == vampire {
			fill = `fill="url(#money-hatch)" stroke="#9b2226"`
		}
		w(`<rect x="` + num(labelW) + `" y="` + num(y) + `" width="` + num(width(q.Paid)) + `" height="` + num(barH) + `" ` + fill + `/>`)
		w(`<text x="` + num(labelW+width(q.Paid)+6) + `" y="` + num(y+15) + `" font-size="13">` + t("funds.chart_paid", Money(lang, q.Paid)) + `</text>`)
		w(`<rect x="` + num(labelW) + `" y="` + num(y+barH+4) + `" width="` + num(width(q.Won)) + `" height="` + num(barH) + `" fill="#2f7a3d"/>`)
		w(`<text x="` + num(labelW+width(q.Won)+6) + `" y="` + num(y+barH+19) + `" font-size="13">` + t("funds.chart_won", Money(lang, q.Won)) + `</text>`)
		w("</g>\n")
	}
	w("</svg>")
	return template.HTML(b.String())
}

// PaidPerOrg returns the funds paid in [from, to) per organisation, in
// minor units of Currency, for a feature's report; it does not ask who
// wants to know: the caller checked its reader.
func (s *Service) PaidPerOrg(ctx context.Context, from, to time.Time) (map[string]int64, error) {
	return paidPerOrg(ctx, s.DB, from, to)
}
