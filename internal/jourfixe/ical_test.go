package jourfixe

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// parsedEvent is a VEVENT read back: property name → value, unescaped.
type parsedEvent map[string]string

// parseICS checks the form of an iCalendar document (CRLF line ends, no
// line over 75 octets, no line cut inside a UTF-8 character) and reads it
// back: the calendar's properties and its events.
func parseICS(t *testing.T, doc string) (map[string]string, []parsedEvent) {
	t.Helper()
	if !strings.HasSuffix(doc, "\r\n") {
		t.Fatalf("the document does not end with CRLF")
	}
	physical := strings.Split(strings.TrimSuffix(doc, "\r\n"), "\r\n")
	for i, l := range physical {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d is cut inside a UTF-8 character: %q", i+1, l)
		}
	}
	// Unfold: a line starting with a space continues the previous one.
	var lines []string
	for _, l := range physical {
		if strings.HasPrefix(l, " ") && len(lines) > 0 {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	cal := map[string]string{}
	var events []parsedEvent
	var cur parsedEvent
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("no colon in %q", l)
		}
		name, _, _ = strings.Cut(name, ";")
		switch {
		case name == "BEGIN" && value == "VEVENT":
			cur = parsedEvent{}
		case name == "END" && value == "VEVENT":
			events = append(events, cur)
			cur = nil
		case cur != nil:
			cur[name] = unescapeText(value)
		default:
			cal[name] = unescapeText(value)
		}
	}
	return cal, events
}

func unescapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func TestEscapeText(t *testing.T) {
	for in, want := range map[string]string{
		"Müller IT GmbH & Co. KG":  "Müller IT GmbH & Co. KG",
		"a, b; c\\d":               `a\, b\; c\\d`,
		"Zeile 1\nZeile 2\r\nDrei": `Zeile 1\nZeile 2\nDrei`,
	} {
		if got := EscapeText(in); got != want {
			t.Errorf("EscapeText(%q) = %q, want %q", in, got, want)
		}
	}
}

// Long lines full of umlauts are folded at 75 octets, never inside a
// character, and read back to what was written.
func TestCalendarFoldsAndEscapes(t *testing.T) {
	start := time.Date(2027, 3, 1, 9, 30, 0, 0, time.UTC)
	title := "Jour fixe: Müller IT GmbH & Co. KG × Größenwahn Ökosysteme, Überlingen; Jahresplanung \\ Q1"
	desc := strings.Repeat("Äöüß€ ", 40) + "\nParteien: Müller IT GmbH & Co. KG, Schön AG\nhttps://pakt.example/jour-fixe/s/meetings/m"
	// Every offset of a multi-octet character against the fold points.
	var pads []Event
	for i := range 4 {
		pads = append(pads, Event{UID: fmt.Sprintf("pad-%d@pakt", i), Start: start, End: start.Add(time.Hour),
			Summary: strings.Repeat("x", i) + strings.Repeat("ü€", 60)})
	}
	cal := &Calendar{Name: title, Events: append([]Event{
		{UID: "m1@pakt", Start: start, End: start.Add(90 * time.Minute), Summary: title, Description: desc, URL: "https://pakt.example/jour-fixe/s/meetings/m1", Sequence: 2, LastModified: start.Add(-time.Hour)},
		{UID: "m2@pakt", Start: start.AddDate(0, 0, 7), End: start.AddDate(0, 0, 7).Add(90 * time.Minute), Summary: title, Cancelled: true},
	}, pads...)}
	var buf bytes.Buffer
	if err := cal.Write(&buf, time.Date(2027, 2, 1, 8, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	doc := buf.String()
	head, events := parseICS(t, doc)
	if !strings.HasPrefix(doc, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") || !strings.HasSuffix(doc, "END:VCALENDAR\r\n") {
		t.Errorf("not a VCALENDAR:\n%s", doc)
	}
	for name, want := range map[string]string{"PRODID": ProdID, "CALSCALE": "GREGORIAN", "METHOD": "PUBLISH", "X-WR-CALNAME": title} {
		if head[name] != want {
			t.Errorf("%s = %q, want %q", name, head[name], want)
		}
	}
	if len(events) != 6 {
		t.Fatalf("%d events, want 6", len(events))
	}
	e := events[0]
	for name, want := range map[string]string{"UID": "m1@pakt", "DTSTAMP": "20270201T080000Z", "DTSTART": "20270301T093000Z", "DTEND": "20270301T110000Z",
		"SUMMARY": title, "DESCRIPTION": desc, "URL": "https://pakt.example/jour-fixe/s/meetings/m1", "STATUS": "CONFIRMED", "SEQUENCE": "2",
		"LAST-MODIFIED": "20270301T083000Z"} {
		if e[name] != want {
			t.Errorf("event 1 %s = %q, want %q", name, e[name], want)
		}
	}
	if events[1]["STATUS"] != "CANCELLED" || events[1]["DTSTART"] != "20270308T093000Z" {
		t.Errorf("cancelled event: %v", events[1])
	}
	for i, p := range pads {
		if got := events[2+i]["SUMMARY"]; got != p.Summary {
			t.Errorf("pad %d: summary %q, want %q", i, got, p.Summary)
		}
	}
	// The folding really happened (the description is far over 75 octets).
	if !strings.Contains(doc, "\r\n ") {
		t.Error("nothing was folded")
	}
}
