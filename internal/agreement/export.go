package agreement

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"pakt/internal/i18n"
	"pakt/internal/pdf"
)

// Export is what an export of a version of an agreement shows.
type Export struct {
	Agreement *Agreement
	Version   *Version
	Lang      string
	// Zone is the programme time zone the export shows moments in.
	Zone *time.Location
}

func (e *Export) t(key string, args ...any) string { return i18n.T(e.Lang, key, args...) }

// header returns the lines above the sections: customer, parties, version
// and status.
func (e *Export) header() [][2]string {
	ag, v := e.Agreement, e.Version
	var parties []string
	for _, p := range ag.Parties {
		name := p.Name
		if p.OrgID == v.Content.Responsibilities.LeadOrgID {
			name += " (" + e.t("agreement.lead_mark") + ")"
		}
		parties = append(parties, name)
	}
	version := e.t("agreement.export.version_of", v.Version, i18n.DateTime(e.Lang, e.Zone, v.CreatedAt))
	if v.Version != ag.CurrentVersion {
		version += " – " + e.t("agreement.export.not_current", ag.CurrentVersion)
	}
	return [][2]string{
		{e.t("agreement.f.customer"), v.Content.Customer},
		{e.t("agreement.parties"), strings.Join(parties, ", ")},
		{e.t("agreement.version"), version},
		{e.t("agreement.status"), e.t("agreement.status." + ag.Status)},
	}
}

// sections returns the version's sections without the general one, whose
// title and customer the header shows.
func (e *Export) sections() []Section {
	var out []Section
	for _, s := range Group(Fields(e.Version.Content, e.Agreement.PartyIDs(), e.Agreement.Names(), e.Lang, e.Zone)) {
		if s.Name != "general" {
			out = append(out, s)
		}
	}
	return out
}

// acceptances returns a line per party on what it accepted.
func (e *Export) acceptances() []string {
	var out []string
	for _, p := range e.Agreement.Parties {
		line := p.Name + ": "
		if p.AcceptedVersion > 0 && p.AcceptedAt != nil {
			line += e.t("agreement.accepted_line", p.AcceptedVersion, i18n.DateTime(e.Lang, e.Zone, *p.AcceptedAt), p.AcceptedBy)
		} else {
			line += e.t("agreement.not_accepted")
		}
		out = append(out, line)
	}
	return out
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return s
}

// Markdown writes the version as a Markdown document in the export's
// language. Every text of the agreement goes through mdLine or mdLines, so
// that what a party typed reads as typed and never as structure: a line
// "# Kündigung" in the goals is no heading of the document, "---" under a
// line makes none either, and "*", "[…](…)" or "<b>" are no emphasis, link
// or HTML.
func (e *Export) Markdown() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", mdLine(e.Version.Content.Title))
	fmt.Fprintf(&b, "%s\n\n", e.t("agreement.export.kind"))
	for _, h := range e.header() {
		fmt.Fprintf(&b, "- **%s:** %s\n", h[0], mdLine(orDash(h[1])))
	}
	for _, s := range e.sections() {
		fmt.Fprintf(&b, "\n## %s\n\n", e.t("agreement.section."+s.Name))
		for _, f := range s.Fields {
			var lines []string
			if f.Key == "disputes.steps" {
				// The numbers are the export's own list; the steps
				// are the parties' text.
				for i, step := range e.Version.Content.Disputes.Steps {
					lines = append(lines, fmt.Sprintf("%d. %s", i+1, mdLine(step)))
				}
			} else {
				lines = mdLines(f.Value)
			}
			switch len(lines) {
			case 0:
				fmt.Fprintf(&b, "**%s:** %s\n\n", mdLine(f.Label), orDash(""))
			case 1:
				fmt.Fprintf(&b, "**%s:** %s\n\n", mdLine(f.Label), lines[0])
			default:
				// Hard line breaks keep the lines of a text apart.
				fmt.Fprintf(&b, "**%s:**  \n%s\n\n", mdLine(f.Label), strings.Join(lines, "  \n"))
			}
		}
	}
	fmt.Fprintf(&b, "\n## %s\n\n", e.t("agreement.acceptances"))
	for _, line := range e.acceptances() {
		fmt.Fprintf(&b, "- %s\n", mdLine(line))
	}
	return []byte(b.String())
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// mdLine writes a text on one line of Markdown: its spaces and line breaks
// collapsed to single spaces, and escaped by mdEscape.
func mdLine(s string) string { return mdEscape(oneLine(printable(s))) }

// mdLines writes a text of several lines as Markdown lines: each trimmed
// and escaped by mdEscape, empty lines left out (they would end the
// paragraph). A carriage return is a line end in Markdown, so it ends a
// line here too.
func mdLines(s string) []string {
	s = strings.ReplaceAll(strings.ReplaceAll(printable(s), "\r\n", "\n"), "\r", "\n")
	var out []string
	for line := range strings.SplitSeq(s, "\n") {
		if line = oneLine(line); line != "" {
			out = append(out, mdEscape(line))
		}
	}
	return out
}

// printable makes s valid UTF-8 and drops the control characters but line
// ends and tabs, which no reader of the document sees.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\r' && r != '\t' && (r < ' ' || r == 0x7f) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// mdEscape puts a backslash before the characters that would make a line of
// text Markdown structure: everywhere before \ ` * _ [ ] < | ~ # and an &
// that could start an entity; at the start of the line before > - + = : and
// the dot or parenthesis of "1." or "1)". A reader of the rendered document
// sees the text as typed; ordinary German text ("Müller GmbH & Co. KG",
// "5 % – ca. 3 Tage") stays as it is.
func mdEscape(line string) string {
	var b strings.Builder
	b.Grow(len(line) + 8)
	if line != "" && strings.ContainsRune(">-+=:", rune(line[0])) {
		b.WriteByte('\\')
	} else if n := len(line) - len(strings.TrimLeft(line, "0123456789")); n > 0 && n < len(line) && (line[n] == '.' || line[n] == ')') {
		b.WriteString(line[:n])
		b.WriteByte('\\')
		line = line[n:]
	}
	for i, r := range line {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '|', '~', '#':
			b.WriteByte('\\')
		case '&':
			if i+1 < len(line) && (line[i+1] == '#' || line[i+1] < utf8.RuneSelf && unicode.IsLetter(rune(line[i+1]))) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// PDF writes the version as an A4 PDF in the export's language, in a
// Unicode font so that umlauts, accents, typographic quotes and dashes
// print as they are; every text goes through pdf.Printable, so that a
// character the font lacks prints as its nearest form, not as a box.
func (e *Export) PDF() ([]byte, error) {
	const font = pdf.Font
	p := pdf.New()
	title := pdf.Printable(oneLine(e.Version.Content.Title))
	p.SetTitle(title, true)
	p.SetSubject(pdf.Printable(e.t("agreement.export.kind")), true)
	p.SetCreator("pakt", true)
	p.SetCreationDate(e.Version.CreatedAt)
	p.SetModificationDate(e.Version.CreatedAt)
	p.SetMargins(20, 20, 20)
	p.SetAutoPageBreak(true, 20)
	p.SetFooterFunc(func() {
		p.SetY(-15)
		p.SetFont(font, "", 8)
		p.SetTextColor(90, 100, 120)
		p.CellFormat(0, 8, pdf.Printable(e.t("agreement.export.page", p.PageNo()))+" · "+title, "", 0, "C", false, 0, "")
	})
	p.AddPage()
	p.SetTextColor(29, 36, 48)
	p.SetFont(font, "B", 17)
	p.MultiCell(0, 8, title, "", "L", false)
	p.SetFont(font, "", 10)
	p.MultiCell(0, 6, pdf.Printable(e.t("agreement.export.kind")), "", "L", false)
	p.Ln(2)
	for _, h := range e.header() {
		p.SetFont(font, "B", 10)
		p.CellFormat(35, 6, pdf.Printable(h[0])+":", "", 0, "L", false, 0, "")
		p.SetFont(font, "", 10)
		p.MultiCell(0, 6, pdf.Printable(orDash(h[1])), "", "L", false)
	}
	heading := func(s string) {
		p.Ln(4)
		p.SetFont(font, "B", 13)
		p.MultiCell(0, 7, pdf.Printable(s), "B", "L", false)
		p.Ln(1)
	}
	for _, s := range e.sections() {
		heading(e.t("agreement.section." + s.Name))
		for _, f := range s.Fields {
			p.SetFont(font, "B", 10)
			p.MultiCell(0, 5.5, pdf.Printable(f.Label), "", "L", false)
			p.SetFont(font, "", 10)
			p.MultiCell(0, 5.5, pdf.Printable(orDash(f.Value)), "", "L", false)
			p.Ln(1.5)
		}
	}
	heading(e.t("agreement.acceptances"))
	p.SetFont(font, "", 10)
	for _, line := range e.acceptances() {
		p.MultiCell(0, 5.5, "• "+pdf.Printable(line), "", "L", false)
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, fmt.Errorf("agreement pdf: %w", err)
	}
	return buf.Bytes(), nil
}
