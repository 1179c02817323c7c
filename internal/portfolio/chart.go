package portfolio

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"pakt/internal/i18n"
)

// The matrix is drawn in SVG units: the plot spans 0–100 on both axes
// (CAN to the right, WILL upwards), with room around it for the quadrant
// names, the axis ticks and the axis names, so that no point ever covers
// a label.
const (
	chartLeft, chartTop, chartWidth, chartHeight = -15, -9, 121, 125
	tickStep                                     = 25
	// A tick closer than this to a threshold gives way to the threshold's
	// own label.
	tickGap = 8
)

// chartGroup is the organisations with the same scores: one point on the
// matrix, with their count.
type chartGroup struct {
	points []Point
}

// groups puts points with identical scores together, in the order of
// their first point.
func groups(points []Point) []chartGroup {
	at := map[[2]int]int{}
	var out []chartGroup
	for _, p := range points {
		k := [2]int{p.CanTenths, p.WillTenths}
		if i, ok := at[k]; ok {
			out[i].points = append(out[i].points, p)
			continue
		}
		at[k] = len(out)
		out = append(out, chartGroup{points: []Point{p}})
	}
	return out
}

// Chart renders the CAN × WILL matrix as SVG: the four quadrants, each a
// link to the list of its partners (keeping the page's filters); the
// threshold lines with their values on the axes; ticks; and one point per
// score, a link with the partner's name and scores as its accessible name
// (shown as a tooltip by tooltip.js), or, for several partners with the same scores, a larger
// point with their count that lists them. It is written in Go rather than
// as a template, which costs many times more at ten thousand points;
// every text from the database is escaped.
func (d *portfolioData) Chart() template.HTML {
	var b strings.Builder
	b.Grow(2048 + len(d.Portfolio.Points)*320)
	tx, ty := d.ThresholdX(), d.ThresholdY()
	t := func(key string, args ...any) string { return template.HTMLEscapeString(i18n.T(d.Lang, key, args...)) }
	num := strconv.Itoa
	w := b.WriteString

	w(`<svg viewBox="` + num(chartLeft) + ` ` + num(chartTop) + ` ` + num(chartWidth) + ` ` + num(chartHeight) +
		`" role="group" aria-labelledby="matrix-title" xmlns="http://www.w3.org/2000/svg">` + "\n")
	w(`<title id="matrix-title">` + t("portfolio.matrix_title", d.Portfolio.Thresholds.Can, d.Portfolio.Thresholds.Will) + "</title>\n")

	// The quadrants, each a link to its list of partners.
	areas := []struct {
		q          Quadrant
		x, y, w, h int
	}{
		{Vampire, 0, 0, tx, ty}, {Hero, tx, 0, 100 - tx, ty},
		{Shadow, 0, ty, tx, 100 - ty}, {Candidate, tx, ty, 100 - tx, 100 - ty},
	}
	for _, a := range areas {
		q := string(a.q)
		w(`<a href="` + template.HTMLEscapeString(d.QuadrantLink(a.q)) + `" class="quadrant" aria-label="` +
			t("portfolio.show_quadrant", i18n.T(d.Lang, "quadrant."+q), d.Portfolio.Counts[a.q]) + `">`)
		w(`<rect class="q q-` + q + `" x="` + num(a.x) + `" y="` + num(a.y) + `" width="` + num(a.w) + `" height="` + num(a.h) + `"/></a>` + "\n")
	}

	// Threshold lines, ticks and the axes' names.
	w(`<line class="threshold" x1="` + num(tx) + `" y1="0" x2="` + num(tx) + `" y2="100"/>` + "\n")
	w(`<line class="threshold" x1="0" y1="` + num(ty) + `" x2="100" y2="` + num(ty) + `"/>` + "\n")
	w(`<rect class="frame" x="0" y="0" width="100" height="100"/>` + "\n")
	for v := 0; v <= 100; v += tickStep {
		if abs(v-d.Portfolio.Thresholds.Can) >= tickGap {
			w(`<text class="tick" x="` + num(v) + `" y="105" text-anchor="middle">` + num(v) + "</text>\n")
		}
		if abs(v-d.Portfolio.Thresholds.Will) >= tickGap {
			w(`<text class="tick" x="-2" y="` + num(100-v+1) + `" text-anchor="end">` + num(v) + "</text>\n")
		}
	}
	w(`<text class="tick threshold-value" x="` + num(tx) + `" y="105" text-anchor="middle">` + num(d.Portfolio.Thresholds.Can) + "</text>\n")
	w(`<text class="tick threshold-value" x="-2" y="` + num(ty+1) + `" text-anchor="end">` + num(d.Portfolio.Thresholds.Will) + "</text>\n")
	w(`<text class="axis" x="50" y="112" text-anchor="middle">` + t("axis.can") + " →" + "</text>\n")
	w(`<text class="axis" x="-11" y="50" text-anchor="middle" transform="rotate(-90 -11 50)">` + t("axis.will") + " →" + "</text>\n")

	// The quadrants' names, outside the plot: the upper ones above it, the
	// lower ones below it.
	w(`<text class="qlabel" x="0" y="-3">` + t("quadrant.vampire") + "</text>\n")
	w(`<text class="qlabel" x="100" y="-3" text-anchor="end">` + t("quadrant.hero") + "</text>\n")
	w(`<text class="qlabel" x="0" y="112">` + t("quadrant.shadow") + "</text>\n")
	w(`<text class="qlabel" x="100" y="112" text-anchor="end">` + t("quadrant.candidate") + "</text>\n")

	// The points, one per score.
	for _, g := range groups(d.Portfolio.Points) {
		d.writePoint(&b, g)
	}
	w("</svg>")
	return template.HTML(b.String())
}

// writePoint writes one point of the matrix.
func (d *portfolioData) writePoint(b *strings.Builder, g chartGroup) {
	p := g.points[0]
	q := template.HTMLEscapeString(string(p.Quadrant))
	quadrant := i18n.T(d.Lang, "quadrant."+string(p.Quadrant))
	scores := i18n.T(d.Lang, "portfolio.scores", Points(d.Lang, p.CanTenths), Points(d.Lang, p.WillTenths), quadrant)
	var href, label, data string
	if len(g.points) == 1 {
		href = d.AssessmentsLink(p.OrgID)
		label = p.LegalName + ": " + scores
		data = ` data-org="` + template.HTMLEscapeString(p.OrgID) + `"`
	} else {
		href = d.QuadrantLink(p.Quadrant)
		names := make([]string, 0, 3)
		ids := make([]string, len(g.points))
		for i, o := range g.points {
			if i < 3 {
				names = append(names, o.LegalName)
			}
			ids[i] = o.OrgID
		}
		label = i18n.T(d.Lang, "portfolio.same_scores", len(g.points), scores, strings.Join(names, ", "))
		if len(g.points) > 3 {
			label += " " + i18n.T(d.Lang, "portfolio.and_more", len(g.points)-3)
		}
		data = ` data-orgs="` + template.HTMLEscapeString(strings.Join(ids, " ")) + `"`
	}
	label = template.HTMLEscapeString(label)
	r := "1.4"
	if len(g.points) > 1 {
		r = "2.8"
	}
	b.WriteString(`<a href="` + template.HTMLEscapeString(href) + `" class="point" aria-label="` + label + `">`)
	b.WriteString(`<circle class="dot dot-` + q + `" cx="` + p.X() + `" cy="` + p.Y() + `" r="` + r + `"` + data + ` data-quadrant="` + q + `"/>`)
	if len(g.points) > 1 {
		b.WriteString(`<text class="count" x="` + p.X() + `" y="` + p.Y() + `" dy="1" text-anchor="middle" aria-hidden="true">` + strconv.Itoa(len(g.points)) + `</text>`)
	}
	b.WriteString("</a>\n")
}

// quadrantLink is the page with the list of a quadrant's partners, with
// the page's filters kept.
func (d *portfolioData) QuadrantLink(q Quadrant) string {
	v := url.Values{}
	for k, vals := range d.Query {
		if k != "quadrant" {
			v[k] = vals
		}
	}
	v.Set("quadrant", string(q))
	return "/portfolio?" + v.Encode() + "#quadrant-list"
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}
