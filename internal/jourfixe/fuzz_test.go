package jourfixe

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// FuzzCalendar: whatever a series' title and agenda hold, the calendar
// feed keeps RFC 5545's form (CRLF, lines of at most 75 octets, none cut
// inside a character) and a calendar application reads the texts back as
// they were (line breaks as "\n").
func FuzzCalendar(f *testing.F) {
	f.Add("Jour fixe Müller IT × Beta", "Agenda; Punkt 1, Punkt 2\\Ende\r\nZweite Zeile", "Kalender")
	f.Add(strings.Repeat("ä", 80), strings.Repeat("€", 60)+"\n", "")
	f.Add("", "x", strings.Repeat("a", 74)+"ü")
	f.Fuzz(func(t *testing.T, summary, description, name string) {
		for _, s := range []string{summary, description, name} {
			if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }) {
				t.Skip() // the forms refuse such text
			}
		}
		start := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
		c := Calendar{Name: name, Events: []Event{{UID: "jf-1@pakt", Start: start, End: start.Add(time.Hour), Summary: summary,
			Description: description, URL: "https://pakt.example/jourfixe/1", Sequence: 2}}}
		var b bytes.Buffer
		if err := c.Write(&b, start); err != nil {
			t.Fatal(err)
		}
		cal, events := parseICS(t, b.String())
		asRead := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n") }
		if cal["X-WR-CALNAME"] != asRead(name) {
			t.Fatalf("calendar name %q, want %q", cal["X-WR-CALNAME"], asRead(name))
		}
		if len(events) != 1 || events[0]["SUMMARY"] != asRead(summary) || events[0]["DESCRIPTION"] != asRead(description) {
			t.Fatalf("events %q, want summary %q and description %q", events, asRead(summary), asRead(description))
		}
	})
}
