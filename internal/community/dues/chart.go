package dues

import (
	"html/template"
	"strconv"
	"strings"

	"pakt/internal/i18n"
)

// HistoryYears is how many years the members over time look back.
const HistoryYears = 6

// chart draws the members at the end of each quarter as SVG: a bar per
// quarter, the ordinary members below and the supporting ones hatched on
// top, the years written beneath and a scale at the left. Its title and
// description say the figures, and the page shows them as a table too.
func chart(lang string, points []Point) template.HTML {
	if len(points) == 0 {
		return ""
	}
	t := func(key string, args ...any) string { return template.HTMLEscapeString(i18n.T(lang, key, args...)) }
	num := strconv.Itoa
	const left, top, plotH, barW, gap = 40, 24, 200, 18, 8
	peak := 1
	for _, p := range points {
		peak = max(peak, p.Total())
	}
	step := scaleStep(peak)
	scaleTop := (peak + step - 1) / step * step
	y := func(n int) int { return top + plotH - n*plotH/scaleTop }
	width := left + len(points)*(barW+gap) + 10
	height := top + plotH + 40
	var b strings.Builder
	w := b.WriteString
	w(`<svg class="dues-chart" viewBox="0 0 ` + num(width) + ` ` + num(height) + `" role="img" aria-labelledby="dues-chart-title dues-chart-desc" xmlns="http://www.w3.org/2000/svg">` + "\n")
	w(`<title id="dues-chart-title">` + t("dues.chart_title", points[0].Label, points[len(points)-1].Label) + "</title>\n")
	var desc []string
	for _, p := range points {
		desc = append(desc, i18n.T(lang, "dues.chart_point", p.Label, p.Ordinary, p.Supporting))
	}
	w(`<desc id="dues-chart-desc">` + template.HTMLEscapeString(strings.Join(desc, " ")) + "</desc>\n")
	w(`<defs><pattern id="dues-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#8fb3d9"/><line x1="0" y1="0" x2="0" y2="6" stroke="#35608f" stroke-width="2"/></pattern></defs>` + "\n")
	for n := 0; n <= scaleTop; n += step {
		w(`<line x1="` + num(left) + `" x2="` + num(width-10) + `" y1="` + num(y(n)) + `" y2="` + num(y(n)) + `" stroke="#d0d4da"/>`)
		w(`<text x="` + num(left-6) + `" y="` + num(y(n)+4) + `" font-size="11" text-anchor="end">` + i18n.Number(lang, n) + "</text>\n")
	}
	for i, p := range points {
		x := left + gap/2 + i*(barW+gap)
		w(`<g class="dues-bar">`)
		w(`<rect x="` + num(x) + `" y="` + num(y(p.Ordinary)) + `" width="` + num(barW) + `" height="` + num(y(0)-y(p.Ordinary)) + `" fill="#35608f"/>`)
		if p.Supporting > 0 {
			w(`<rect x="` + num(x) + `" y="` + num(y(p.Total())) + `" width="` + num(barW) + `" height="` + num(y(p.Ordinary)-y(p.Total())) + `" fill="url(#dues-hatch)" stroke="#35608f"/>`)
		}
		w(`</g>`)
		if strings.HasSuffix(p.Label, "Q1") || i == 0 {
			w(`<text x="` + num(x) + `" y="` + num(top+plotH+16) + `" font-size="11">` + template.HTMLEscapeString(p.Label[:4]) + `</text>`)
		}
		w("\n")
	}
	// The legend: colour is not the only sign, the supporting members are hatched.
	ly := top + plotH + 32
	w(`<rect x="` + num(left) + `" y="` + num(ly-9) + `" width="10" height="10" fill="#35608f"/><text x="` + num(left+14) + `" y="` + num(ly) + `" font-size="11">` + t("dues.col_ordinary") + `</text>`)
	w(`<rect x="` + num(left+120) + `" y="` + num(ly-9) + `" width="10" height="10" fill="url(#dues-hatch)" stroke="#35608f"/><text x="` + num(left+134) + `" y="` + num(ly) + `" font-size="11">` + t("dues.col_supporting") + `</text>`)
	w("\n</svg>")
	return template.HTML(b.String())
}

// scaleStep is the step of a scale up to peak in at most five round
// steps: 1, 2, 5, 10, 20, 50 …
func scaleStep(peak int) int {
	for unit := 1; ; unit *= 10 {
		for _, m := range []int{1, 2, 5} {
			if peak <= 5*m*unit {
				return m * unit
			}
		}
	}
}
