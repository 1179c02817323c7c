// Package i18n is pakt's translation catalogue (German and English) with
// language negotiation and per-language formatting of numbers and dates;
// moments are shown in the programme time zone, which the caller passes in
// from its configuration.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
	"time"

	// The programme time zone works on machines without /usr/share/zoneinfo.
	_ "time/tzdata"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed *.json
var files embed.FS

// Languages are the supported languages; the first is the default.
var Languages = []string{"de", "en"}

var (
	catalogue = map[string]map[string]string{}
	matcher   = language.NewMatcher([]language.Tag{language.German, language.English})
	printers  = map[string]*message.Printer{}
)

func init() {
	for _, l := range Languages {
		catalogue[l] = map[string]string{}
		printers[l] = message.NewPrinter(language.MustParse(l))
	}
	MustAdd(files, ".")
}

// MustAdd adds the texts in dir/de.json and dir/en.json of fsys to the
// catalogue: the kernel's own and each feature's, which a feature adds when
// its package loads. It panics, so that every test of the package fails,
// when a file is missing or malformed, when the languages do not have the
// same keys, when a text is empty, or when a key is already taken.
func MustAdd(fsys fs.FS, dir string) {
	texts := map[string]map[string]string{}
	for _, l := range Languages {
		b, err := fs.ReadFile(fsys, path.Join(dir, l+".json"))
		if err != nil {
			panic(fmt.Sprintf("i18n: %v", err))
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("i18n %s/%s.json: %v", dir, l, err))
		}
		texts[l] = m
	}
	for _, l := range Languages {
		for k, v := range texts[l] {
			for _, other := range Languages {
				if _, ok := texts[other][k]; !ok {
					panic(fmt.Sprintf("i18n %s: key %q has no %s text", dir, k, other))
				}
			}
			if v == "" {
				panic(fmt.Sprintf("i18n %s: key %q has an empty %s text", dir, k, l))
			}
			if _, taken := catalogue[l][k]; taken {
				panic(fmt.Sprintf("i18n %s: key %q is defined twice", dir, k))
			}
		}
	}
	for _, l := range Languages {
		for k, v := range texts[l] {
			catalogue[l][k] = v
		}
	}
}

// Supported reports whether lang is one of the languages.
func Supported(lang string) bool { return lang == "de" || lang == "en" }

// Negotiate picks the language from an Accept-Language header value.
func Negotiate(accept string) string {
	tags, _, _ := language.ParseAcceptLanguage(accept)
	if len(tags) == 0 {
		return Languages[0]
	}
	_, i, _ := matcher.Match(tags...)
	return Languages[i]
}

// FromRequest picks the language of a request: the user's stored choice,
// else the pakt_lang cookie, else the browser's Accept-Language.
func FromRequest(r *http.Request, userLang string) string {
	if Supported(userLang) {
		return userLang
	}
	if c, err := r.Cookie("pakt_lang"); err == nil && Supported(c.Value) {
		return c.Value
	}
	return Negotiate(r.Header.Get("Accept-Language"))
}

// T translates key into lang, filling placeholders with args. An unknown key
// is returned as it is, so that a missing translation shows and a test finds
// it.
func T(lang, key string, args ...any) string {
	m := catalogue[lang]
	if m == nil {
		m = catalogue[Languages[0]]
	}
	s, ok := m[key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		p := printers[lang]
		if p == nil {
			p = printers[Languages[0]]
		}
		return p.Sprintf(s, args...)
	}
	return s
}

// Has reports whether key exists in lang.
func Has(lang, key string) bool {
	_, ok := catalogue[lang][key]
	return ok
}

// Keys returns every key of lang, sorted.
func Keys(lang string) []string {
	var out []string
	for k := range catalogue[lang] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Number formats n with the language's digit grouping.
func Number(lang string, n any) string {
	p := printers[lang]
	if p == nil {
		p = printers[Languages[0]]
	}
	return p.Sprintf("%v", n)
}

// Decimal formats tenths (e.g. 15 → "1,5" in German, "1.5" in English).
func Decimal(lang string, tenths int) string {
	s := fmt.Sprintf("%d", tenths/10)
	if tenths%10 != 0 {
		sep := "."
		if lang == "de" {
			sep = ","
		}
		s += sep + fmt.Sprintf("%d", abs(tenths%10))
	}
	return s
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// Date formats a calendar day for lang.
func Date(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if lang == "de" {
		return t.Format("02.01.2006")
	}
	return t.Format("2 Jan 2006")
}

// DefaultZone is the programme time zone unless the configuration names
// another.
const DefaultZone = "Europe/Berlin"

// defaultZone is DefaultZone, loaded once; it never changes.
var defaultZone = mustLoadZone(DefaultZone)

func mustLoadZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("i18n: time zone %s: %v", name, err))
	}
	return loc
}

// ZoneOr returns the programme time zone zone, or the default one
// (DefaultZone) when zone is nil, so that a configuration without a zone
// shows and reads times as the programme always has.
func ZoneOr(zone *time.Location) *time.Location {
	if zone == nil {
		return defaultZone
	}
	return zone
}

// Day returns the calendar day of t in zone (the programme zone when nil),
// at midnight UTC: the day a programme's users call it, comparable with
// the days read from forms and DATE columns.
func Day(t time.Time, zone *time.Location) time.Time {
	y, m, d := t.In(ZoneOr(zone)).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// LocalTime returns hour:minute of t's day in zone (the programme zone
// when nil), in UTC: a time set on the clock the users read.
func LocalTime(zone *time.Location, t time.Time, hour, minute int) time.Time {
	zone = ZoneOr(zone)
	y, m, d := t.In(zone).Date()
	return time.Date(y, m, d, hour, minute, 0, 0, zone).UTC()
}

// germanZones are the German abbreviations of the time zones Go names in
// English.
var germanZones = map[string]string{"CET": "MEZ", "CEST": "MESZ"}

// DateTime formats a moment for lang as the wall-clock time of the
// programme time zone zone (nil: the default) with the zone's abbreviation
// ("07.03.2026 15:05 MEZ", "7 Mar 2026 15:05 CET").
func DateTime(lang string, zone *time.Location, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(ZoneOr(zone))
	abbr, _ := t.Zone()
	if lang == "de" {
		if de, ok := germanZones[abbr]; ok {
			abbr = de
		}
		return t.Format("02.01.2006 15:04") + " " + abbr
	}
	return t.Format("2 Jan 2006 15:04") + " " + abbr
}

// Join lists words in lang ("A, B und C").
func Join(lang string, words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	and := " and "
	if lang == "de" {
		and = " und "
	}
	return strings.Join(words[:len(words)-1], ", ") + and + words[len(words)-1]
}
