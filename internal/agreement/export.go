package agreement

import (
	"bytes"
	"fmt"
	"strings"
	"time"

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
// language.
func (e *Export) Markdown() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", oneLine(e.Version.Content.Title))
	fmt.Fprintf(&b, "%s\n\n", e.t("agreement.export.kind"))
	for _, h := range e.header() {
		fmt.Fprintf(&b, "- **%s:** %s\n", h[0], oneLine(orDash(h[1])))
	}
	for _, s := range e.sections() {
		fmt.Fprintf(&b, "\n## %s\n\n", e.t("agreement.section."+s.Name))
		for _, f := range s.Fields {
			value := orDash(f.Value)
			if strings.Contains(value, "\n") {
				// Hard line breaks keep the lines of a text apart.
				fmt.Fprintf(&b, "**%s:**  \n%s\n\n", f.Label, strings.ReplaceAll(strings.TrimSpace(value), "\n", "  \n"))
			} else {
				fmt.Fprintf(&b, "**%s:** %s\n\n", f.Label, value)
			}
		}
	}
	fmt.Fprintf(&b, "\n## %s\n\n", e.t("agreement.acceptances"))
	for _, line := range e.acceptances() {
		fmt.Fprintf(&b, "- %s\n", line)
	}
	return []byte(b.String())
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

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
