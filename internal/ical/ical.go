// Package ical writes iCalendar (RFC 5545) documents: the private calendar
// feeds (each person's "My calendar", the jour fixe series') and the
// downloads of single appointments (events). Source is the extension point
// of the personal feed: a feature that has appointments of a user adds
// them to that user's feed through one (filled in internal/app's connect),
// so that pakt keeps one kind of feed. The feeds' tokens are auth's
// secrets (auth.NewSecret: only the hash is kept), shown once (NewFeed)
// and served alike (Serve).
package ical

import (
	"bufio"
	"bytes"
	"context"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"pakt/internal/auth"
)

// Calendar is an iCalendar (RFC 5545) document that publishes
// appointments.
type Calendar struct {
	// Name is shown by calendar applications (X-WR-CALNAME).
	Name   string
	Events []Event
}

// Event is one appointment in a calendar.
type Event struct {
	// UID stays the same for the appointment whatever changes, so that
	// calendars update it instead of adding another.
	UID         string
	Start, End  time.Time
	Summary     string
	Description string
	URL         string
	// Cancelled events are kept so that calendars remove them.
	Cancelled    bool
	Sequence     int
	LastModified time.Time
}

// ProdID names pakt as the calendar's producer.
const ProdID = "-//pakt//Calendar//EN"

// NewFeed is a private calendar feed just made: its URL carries the token
// and is shown this once.
type NewFeed struct {
	Token     string    `json:"-"`
	URL       string    `json:"url" doc:"the private feed URL; shown only now"`
	WebcalURL string    `json:"webcal_url" doc:"the same feed for calendar applications that subscribe to webcal:// links"`
	CreatedAt time.Time `json:"created_at"`
}

// Made returns the feed made at that moment whose URL is path (which holds
// token) below baseURL.
func Made(token, baseURL, path string, at time.Time) *NewFeed {
	u := strings.TrimSuffix(baseURL, "/") + path
	webcal := u
	if _, rest, ok := strings.Cut(u, "://"); ok {
		webcal = "webcal://" + rest
	}
	return &NewFeed{Token: token, URL: u, WebcalURL: webcal, CreatedAt: at}
}

// Subscribe is the feed's webcal:// link, which calendar applications open
// as a subscription ("" without one); html/template would refuse the
// scheme.
func (f *NewFeed) Subscribe() template.URL {
	if f == nil || !strings.HasPrefix(f.WebcalURL, "webcal://") {
		return ""
	}
	return template.URL(f.WebcalURL)
}

// Serve answers a calendar application with the calendar as a feed named
// filename, made at stamp: private to the one who asked, not indexed.
// Nothing is written when making it fails.
func (c *Calendar) Serve(w http.ResponseWriter, stamp time.Time, filename string) error {
	var buf bytes.Buffer
	if err := c.Write(&buf, stamp); err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/calendar; charset=utf-8")
	hd.Set("Content-Disposition", `inline; filename="`+filename+`"`)
	hd.Set("Cache-Control", "private, max-age=300")
	hd.Set("X-Robots-Tag", "noindex")
	w.WriteHeader(http.StatusOK)
	// A client that went away now is past any answer.
	buf.WriteTo(w)
	return nil
}

// Source returns the appointments of one feature for the private feed of
// a, the feed's owner, in lang, with links made absolute by baseURL. The
// owner may no longer see everything they once did: a source applies its
// feature's own rule of what a sees now.
type Source func(ctx context.Context, a *auth.Actor, lang, baseURL string) ([]Event, error)

// maxLine is the longest line RFC 5545 allows, in octets without the CRLF.
const maxLine = 75

// icalTime formats a moment as an iCalendar UTC date-time.
func icalTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// EscapeText escapes an iCalendar TEXT value: backslash, semicolon, comma
// and line breaks.
func EscapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				continue
			}
			b.WriteString(`\n`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// writeLine writes one content line, folded so that no line is longer than
// 75 octets: a continuation line starts with a space, and a line is never
// cut inside a UTF-8 character.
func writeLine(w *bufio.Writer, line string) {
	limit := maxLine
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		w.WriteString(line[:cut])
		w.WriteString("\r\n ")
		line = line[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	w.WriteString(line)
	w.WriteString("\r\n")
}

// Write writes the calendar to w; stamp is the moment it is made (DTSTAMP).
func (c *Calendar) Write(w io.Writer, stamp time.Time) error {
	b := bufio.NewWriter(w)
	line := func(s string) { writeLine(b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:" + ProdID)
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + EscapeText(c.Name))
	line("REFRESH-INTERVAL;VALUE=DURATION:PT1H")
	line("X-PUBLISHED-TTL:PT1H")
	for _, e := range c.Events {
		line("BEGIN:VEVENT")
		line("UID:" + e.UID)
		line("DTSTAMP:" + icalTime(stamp))
		line("DTSTART:" + icalTime(e.Start))
		line("DTEND:" + icalTime(e.End))
		line("SUMMARY:" + EscapeText(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION:" + EscapeText(e.Description))
		}
		if e.URL != "" {
			line("URL:" + e.URL)
		}
		status := "CONFIRMED"
		if e.Cancelled {
			status = "CANCELLED"
		}
		line("STATUS:" + status)
		line("SEQUENCE:" + strconv.Itoa(e.Sequence))
		if !e.LastModified.IsZero() {
			line("LAST-MODIFIED:" + icalTime(e.LastModified))
		}
		line("TRANSP:OPAQUE")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.Flush()
}
