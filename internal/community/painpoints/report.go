package painpoints

import (
	"context"
	"fmt"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/i18n"
	"pakt/internal/pdf"
)

// Report is the board's report for the meeting with the vendor: the points
// raised with the vendor and later, ranked by support, with their status
// and answers, naming only the supporters that agreed.
type Report struct {
	Made   time.Time
	Points []*Point
}

// Report returns the report for the meeting with the vendor (the board
// and the admins).
func (s *Service) Report(ctx context.Context, a *auth.Actor) (*Report, error) {
	st, err := s.standing(ctx, a)
	if err != nil {
		return nil, err
	}
	if !st.Runs() {
		return nil, apperr.ErrNotFound
	}
	points, err := rankedAll(ctx, s.DB, vendorSees)
	if err != nil {
		return nil, err
	}
	named, err := namedVotes(ctx, s.DB, vendorSees)
	if err != nil {
		return nil, err
	}
	for _, p := range points {
		// The report goes to the vendor: it sees what the liaison sees.
		shown(community.Liaison, p, named[p.ID])
	}
	return &Report{Made: s.now(), Points: points}, nil
}

// SortSupporters sorts p's supporters by name in lang.
func SortSupporters(lang string, p *Point) {
	i18n.SortBy(lang, p.Supporters, func(s Supporter) string { return s.OrgName })
}

// supporters is a point's line of supporters in lang: the count, and the
// names of those that agreed, sorted in lang.
func supporters(lang string, p *Point) string {
	line := i18n.T(lang, "painpoints.report.support", p.Support)
	if len(p.Supporters) > 0 {
		SortSupporters(lang, p)
		names := make([]string, len(p.Supporters))
		for i, s := range p.Supporters {
			names[i] = s.OrgName
		}
		line += " — " + i18n.T(lang, "painpoints.report.named", strings.Join(names, ", "))
	}
	return line
}

// Markdown returns the report as Markdown in lang.
func (r *Report) Markdown(lang string) []byte {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n\n", t("painpoints.report.title"), t("painpoints.report.made", i18n.Date(lang, r.Made)))
	if len(r.Points) == 0 {
		fmt.Fprintf(&b, "%s\n", t("painpoints.report.none"))
	}
	for i, p := range r.Points {
		fmt.Fprintf(&b, "## %d. %s\n\n", i+1, markdownLine(p.Title))
		fmt.Fprintf(&b, "- %s: %s\n- %s: %s\n", t("painpoints.status"), t("painpoints.status."+p.Status), t("painpoints.topic"), t("painpoints.topic."+p.Topic))
		if p.Area != "" {
			fmt.Fprintf(&b, "- %s: %s\n", t("painpoints.area"), markdownLine(p.Area))
		}
		fmt.Fprintf(&b, "- %s\n\n%s\n\n", supporters(lang, p), quoteless(p.Description))
		if p.Answer != "" {
			fmt.Fprintf(&b, "### %s\n\n%s\n\n", t("painpoints.answer"), quoteless(p.Answer))
		}
	}
	return []byte(b.String())
}

// markdownLine keeps a one-line text from starting Markdown of its own.
func markdownLine(s string) string {
	return strings.NewReplacer("#", `\#`, "*", `\*`, "_", `\_`, "[", `\[`, "`", "\\`").Replace(s)
}

// quoteless indents nothing and escapes a paragraph text's lines that
// would read as headings.
func quoteless(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			lines[i] = `\` + strings.TrimSpace(l)
		}
	}
	return strings.Join(lines, "\n")
}

// PDF returns the report as a PDF on A4 in lang.
func (r *Report) PDF(lang string) ([]byte, error) {
	t := func(key string, args ...any) string { return pdf.Printable(i18n.T(lang, key, args...)) }
	p := pdf.Document{Title: i18n.T(lang, "painpoints.report.title"), At: r.Made, Margin: 18,
		Page: func(n int) string { return i18n.T(lang, "painpoints.report.page", n) }}.Start()
	p.MultiCell(0, 6, t("painpoints.report.made", i18n.Date(lang, r.Made)), "", "L", false)
	p.Ln(4)
	if len(r.Points) == 0 {
		p.MultiCell(0, 6, t("painpoints.report.none"), "", "L", false)
	}
	for i, x := range r.Points {
		p.SetFont(pdf.Font, "B", 12)
		p.MultiCell(0, 7, pdf.Printable(fmt.Sprintf("%d. %s", i+1, x.Title)), "", "L", false)
		p.SetFont(pdf.Font, "", 9)
		p.SetTextColor(90, 100, 120)
		meta := t("painpoints.status."+x.Status) + " · " + t("painpoints.topic."+x.Topic)
		if x.Area != "" {
			meta += " · " + pdf.Printable(x.Area)
		}
		p.MultiCell(0, 5, meta, "", "L", false)
		p.MultiCell(0, 5, pdf.Printable(supporters(lang, x)), "", "L", false)
		p.SetTextColor(29, 36, 48)
		p.SetFont(pdf.Font, "", 10)
		p.Ln(1)
		p.MultiCell(0, 5, pdf.Printable(x.Description), "", "L", false)
		if x.Answer != "" {
			p.Ln(2)
			p.SetFont(pdf.Font, "B", 10)
			p.MultiCell(0, 5, t("painpoints.answer"), "", "L", false)
			p.SetFont(pdf.Font, "", 10)
			p.MultiCell(0, 5, pdf.Printable(x.Answer), "", "L", false)
		}
		p.Ln(5)
	}
	var buf strings.Builder
	err := p.Output(&buf)
	return []byte(buf.String()), err
}
