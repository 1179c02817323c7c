package agreement

import (
	"bytes"
	"strings"
	"testing"

	"pakt/internal/pdf/pdftext"
	"time"
)

func sampleExport(lang string) *Export {
	parties := []string{"org-a", "org-b"}
	c := DefaultContent("Großprojekt Überlingen", "Stadtwerke Überlingen", parties, "", []int{6000, 4000})
	c.Understanding.Goals = "Gemeinsame Lösung für Wärmepumpen-Monitoring.\nZweite Zeile mit ß."
	c.Disputes.Steps = []string{"Projektleitungen", "Geschäftsführungen"}
	c.Disputes.Contacts[0].Text = "Jürgen Müller"
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	ag := &Agreement{ID: "ag-1", Title: c.Title, Customer: c.Customer, LeadOrgID: "org-a", Status: StatusNegotiation, CurrentVersion: 3,
		Parties: []*Party{{OrgID: "org-a", Name: "Müller IT GmbH & Co. KG", Lead: true, AcceptedVersion: 3, AcceptedAt: &at, AcceptedBy: "Jürgen Müller"},
			{OrgID: "org-b", Name: "Beta Systemhaus AG", AcceptedVersion: 2, AcceptedAt: &at, AcceptedBy: "Bea Beta"}},
		Content: c}
	return &Export{Agreement: ag, Version: &Version{Version: 3, CreatedAt: at, Content: c}, Lang: lang}
}

// The Markdown export has one heading per rule of the code of conduct, the
// checklist and the acceptances, in the language asked for, with umlauts
// as they are.
func TestMarkdownExport(t *testing.T) {
	want := map[string][]string{
		"de": {"# Großprojekt Überlingen", "## 1. Verständnis der Partnerschaft", "## 2. Kommunikation", "## 3. Verantwortlichkeiten",
			"## 4. Mitarbeitende", "## 5. Kosten und Erlöse", "## 6. Verhalten bei Konflikten", "## 7. Vertraulichkeit",
			"## Checkliste für das erste Sondierungsgespräch", "## Jour fixe", "## Annahme durch die Parteien"},
		"en": {"# Großprojekt Überlingen", "## 1. Understanding of the partnership", "## 2. Communication", "## 3. Responsibilities",
			"## 4. Employees", "## 5. Costs and revenue", "## 6. Disputes", "## 7. Confidentiality",
			"## Checklist for the first exploratory talk", "## Jour fixe", "## Acceptance by the parties"},
	}
	lines := map[string][]string{
		"de": {"- **Kunde:** Stadtwerke Überlingen", "- **Parteien:** Müller IT GmbH & Co. KG (federführend), Beta Systemhaus AG",
			"- **Status:** In Verhandlung", "**Anteil von Müller IT GmbH & Co. KG:** 60 %", "**Anteil von Beta Systemhaus AG:** 40 %",
			"**Ziele der Partnerschaft:**  \nGemeinsame Lösung für Wärmepumpen-Monitoring.  \nZweite Zeile mit ß.",
			"**Eskalationsstufen:**  \n1. Projektleitungen  \n2. Geschäftsführungen",
			"- Müller IT GmbH & Co. KG: Version 3 angenommen am 23.11.2026 11:00 MEZ von Jürgen Müller",
			"- Beta Systemhaus AG: Version 2 angenommen am"},
		"en": {"- **Customer:** Stadtwerke Überlingen", "- **Status:** In negotiation", "**Share of Müller IT GmbH & Co. KG:** 60%",
			"**Contact in disputes for Müller IT GmbH & Co. KG:** Jürgen Müller", "**Reward split:** open"},
	}
	for lang, heads := range want {
		md := string(sampleExport(lang).Markdown())
		var got []string
		for _, l := range strings.Split(md, "\n") {
			if strings.HasPrefix(l, "#") {
				got = append(got, l)
			}
		}
		if strings.Join(got, "\n") != strings.Join(heads, "\n") {
			t.Errorf("%s headings:\n%s\nwant:\n%s", lang, strings.Join(got, "\n"), strings.Join(heads, "\n"))
		}
		for _, l := range lines[lang] {
			if !strings.Contains(md, l) {
				t.Errorf("%s: no %q in\n%s", lang, l, md)
			}
		}
	}
}

// The PDF keeps umlauts: its text says "Müller", not "M?ller".
func TestPDFExport(t *testing.T) {
	for _, c := range []struct{ lang, heading string }{{"de", "Verständnis der Partnerschaft"}, {"en", "Understanding of the partnership"}} {
		b, err := sampleExport(c.lang).PDF()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Fatalf("%s: not a PDF: %.20q", c.lang, b)
		}
		text := pdftext.Extract(b)
		for _, want := range []string{"Müller IT GmbH & Co. KG", "Großprojekt Überlingen", "Jürgen Müller", "Geschäftsführungen", c.heading} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the PDF's text lacks %q:\n%.2000s", c.lang, want, text)
			}
		}
	}
}

// German and English typography survives into the PDF: quotes, dashes, the
// ellipsis and the euro sign are printed as typed, the characters the font
// lacks (a non-breaking hyphen, a narrow no-break space) as their nearest
// printable form, and no character of the text lacks its glyph.
func TestPDFTypography(t *testing.T) {
	e := sampleExport("de")
	e.Version.Content.Title = "„Wärme\u2011Pumpen“ – Monitoring"
	e.Version.Content.Understanding.Goals = "Sie sagte: „Das ‚Monitoring‘ kostet 5\u202f000 €“ — und dann… “quoted” ‘single’ Mess\u00adwerte"
	b, err := e.PDF()
	if err != nil {
		t.Fatal(err)
	}
	text := pdftext.Extract(b)
	for _, want := range []string{"„Wärme-Pumpen“ – Monitoring", "Sie sagte: „Das ‚Monitoring‘ kostet 5\u00a0000 €“ — und dann… “quoted” ‘single’ Messwerte",
		"Seite 1 · „Wärme-Pumpen“ – Monitoring"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%.3000s", want, text)
		}
	}
	if bad := pdftext.Unprintable(b); len(bad) > 0 {
		t.Errorf("the PDF prints no glyph for %q", string(bad))
	}
}
