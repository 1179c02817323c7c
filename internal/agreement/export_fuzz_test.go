package agreement

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"pakt/internal/i18n"
)

// The Markdown structure a line can start: an ATX heading, a setext
// underline, a block quote, HTML, a fence, a table row or an indented code
// block; and a list item.
var (
	mdHeading   = regexp.MustCompile(`^ {0,3}#{1,6}([ \t]|$)`)
	mdUnderline = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	mdBlock     = regexp.MustCompile("^( {0,3}(>|<|```|~~~|\\|)|    |\t)")
	mdListItem  = regexp.MustCompile(`^ {0,3}([-+*]|[0-9]{1,9}[.)])([ \t]|$)`)
)

// mdUnescape is what a reader of the rendered document sees of an escaped
// text: a backslash before ASCII punctuation shows the punctuation.
func mdUnescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// fuzzExport is the sample export with the texts a party types replaced.
func fuzzExport(lang, title, customer, text, partyA, partyB, step, note string) *Export {
	e := sampleExport(lang)
	c := e.Version.Content
	c.Title, c.Customer = title, customer
	c.Understanding.Goals, c.Understanding.Scope = text, note
	c.Communication.Public = text
	c.Responsibilities.Parties[0].Contribution = text
	c.Disputes.Steps = []string{step, note}
	c.Disputes.Contacts[1].Text = partyA
	c.Confidentiality.Scope = step
	c.Checklist[0].Note = note
	e.Agreement.Parties[0].Name, e.Agreement.Parties[1].Name = partyA, partyB
	e.Agreement.Parties[0].AcceptedBy = partyB
	return e
}

// FuzzMarkdownExport: whatever the parties type into an agreement, its
// Markdown export is valid UTF-8, the same every time, has exactly the
// headings and list items the export writes (no text makes another
// heading, underline, quote, table, code block, HTML or list item), and
// shows every text as typed once the reader's Markdown drops the escapes.
func FuzzMarkdownExport(f *testing.F) {
	f.Add("Großprojekt Überlingen", "Stadtwerke Überlingen", "Ziele:\n# Kündigung\nZweite Zeile", "Müller IT GmbH & Co. KG", "Beta AG", "Projektleitungen", "", true)
	f.Add("# Titel #", "> Zitat", "Zeile\n===\n- Punkt\n1. Erstens\n    Code\n```go\n| a | b |\n|---|---|", "*Fett* _kursiv_", "[Link](javascript:x)", "<script>alert(1)</script>", "&amp; &#x41;", false)
	f.Add("", " ", "\r# Wagenrücklauf\r\n## Zwei", "\u200f\u202eRTL GmbH", "e\u0301\u0308", "\\", "a\x00b\x1b[31m", true)
	f.Fuzz(func(t *testing.T, title, customer, text, partyA, partyB, step, note string, german bool) {
		lang := "en"
		if german {
			lang = "de"
		}
		md := fuzzExport(lang, title, customer, text, partyA, partyB, step, note).Markdown()
		if !utf8.Valid(md) {
			t.Fatalf("not UTF-8:\n%q", md)
		}
		if again := fuzzExport(lang, title, customer, text, partyA, partyB, step, note).Markdown(); !bytes.Equal(md, again) {
			t.Fatalf("two exports differ:\n%s\n%s", md, again)
		}
		headings := []string{"# " + mdLine(title), "## " + i18n.T(lang, "agreement.acceptances")}
		for _, s := range Sections {
			headings = append(headings, "## "+i18n.T(lang, "agreement.section."+s))
		}
		lines := strings.Split(string(md), "\n")
		items := 0
		for i, l := range lines {
			switch {
			case mdHeading.MatchString(l) && (i == 0 && l == headings[0] || i > 0 && slices.Contains(headings[1:], l)):
			case mdHeading.MatchString(l), mdUnderline.MatchString(l), mdBlock.MatchString(l):
				t.Fatalf("line %d %q is structure the export did not write:\n%s", i+1, l, md)
			case mdListItem.MatchString(l):
				items++
			}
		}
		// The header's four lines, the two steps and an acceptance line per
		// party.
		if want := 4 + 2 + 2; items != want {
			t.Fatalf("%d list items, want %d:\n%s", items, want, md)
		}
		for _, s := range []string{title, customer, partyA, partyB, step, note} {
			if !bytes.Contains(md, []byte(mdLine(s))) {
				t.Fatalf("%q not in the export as %q:\n%s", s, mdLine(s), md)
			}
			if got, want := mdUnescape(mdLine(s)), oneLine(printable(s)); got != want {
				t.Fatalf("%q reads as %q, want %q", s, got, want)
			}
		}
		for _, l := range mdLines(text) {
			if !bytes.Contains(md, []byte(l)) {
				t.Fatalf("line %q of the text not in the export:\n%s", l, md)
			}
		}
	})
}

// A line of a text that looks like a heading, an underline or a quote is
// shown as typed, not as structure of the document.
func TestMarkdownShowsForgedHeadingsAsText(t *testing.T) {
	e := sampleExport("de")
	e.Version.Content.Understanding.Goals = "Gemeinsame Lösung\n# Kündigung ohne Frist\nWichtig\n---\n> Zitat"
	e.Agreement.Parties[1].Name = "Beta\n## Annahme durch die Parteien"
	md := string(e.Markdown())
	want := "**Ziele der Partnerschaft:**  \nGemeinsame Lösung  \n\\# Kündigung ohne Frist  \nWichtig  \n\\---  \n\\> Zitat\n"
	if !strings.Contains(md, want) {
		t.Errorf("no %q in\n%s", want, md)
	}
	if !strings.Contains(md, "- Beta \\#\\# Annahme durch die Parteien: Version 2 angenommen am") {
		t.Errorf("the party's name is not on its acceptance line:\n%s", md)
	}
	var headings []string
	for _, l := range strings.Split(md, "\n") {
		if mdHeading.MatchString(l) {
			headings = append(headings, l)
		}
	}
	if len(headings) != 11 || slices.Contains(headings, "# Kündigung ohne Frist") {
		t.Errorf("headings %q, want the export's 11", headings)
	}
}
