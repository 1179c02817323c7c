package apperr

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// TextKind says which characters a text field takes. Every text a user
// types goes through one of them (Validation.Text), so that a line break
// cannot become an injected line in a mail, a NUL cannot reach the
// database, and a name cannot pretend to read differently.
type TextKind int

const (
	// Line is a single-line field: a city, an e-mail address, a phone
	// number, a label. It refuses control characters (C0 including tab,
	// DEL, C1) and the Unicode line and paragraph separators.
	Line TextKind = iota + 1
	// Name is a Line that names an organisation, a person or a document.
	// It also refuses the bidirectional overrides and isolates (U+202A to
	// U+202E, U+2066 to U+2069), with which a name shows other text than
	// it holds.
	Name
	// Paragraphs is free text over several lines: a description, a note,
	// a message. Its line breaks in any form (CRLF, CR, NEL, U+2028,
	// U+2029) become LF, tabs stay, and every other control character is
	// removed rather than refused, as text pasted from documents carries
	// them unseen.
	Paragraphs
)

// CleanText returns s trimmed and normalised for kind, and the translation
// key of what is wrong with it, or "" when nothing is. Invalid UTF-8 is
// wrong for every kind.
func CleanText(kind TextKind, s string) (string, string) {
	if !utf8.ValidString(s) {
		return s, "validation.utf8"
	}
	if kind == Paragraphs {
		return strings.TrimSpace(strings.Map(paragraphRune, lineBreaks.Replace(s))), ""
	}
	s = strings.TrimSpace(s)
	for _, r := range s {
		switch {
		case breaksLine(r):
			return s, "validation.control_chars"
		case kind == Name && isBidiControl(r):
			return s, "validation.bidi"
		}
	}
	return s, ""
}

// breaksLine reports whether a Line refuses r: a control character or a
// line or paragraph separator.
func breaksLine(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029'
}

// OneLine returns s with every character a Line refuses replaced by a
// space. It is for text that did not pass these rules (stored before them)
// where one line is expected, such as a name in the subject of a mail.
func OneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if breaksLine(r) {
			return ' '
		}
		return r
	}, s)
}

// lineBreaks turns every form of line break into LF.
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u0085", "\n", "\u2028", "\n", "\u2029", "\n")

// paragraphRune keeps line feeds and tabs and drops every other control
// character.
func paragraphRune(r rune) rune {
	if unicode.IsControl(r) && r != '\n' && r != '\t' {
		return -1
	}
	return r
}

// isBidiControl reports whether r is a bidirectional embedding, override
// or isolate.
func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// Clean trims *s and normalises it for kind, recording an error for field
// when it holds what kind refuses. It reports whether *s is fine.
func (v *Validation) Clean(s *string, kind TextKind, field string) bool {
	var key string
	*s, key = CleanText(kind, *s)
	if key != "" {
		v.Add(field, key)
	}
	return key == ""
}

// Text cleans *s as Clean does and checks it: a required field must not
// be empty, and no field may have more than max characters.
func (v *Validation) Text(s *string, kind TextKind, field string, max int, required bool) {
	if !v.Clean(s, kind, field) {
		return
	}
	switch {
	case *s == "" && required:
		v.Add(field, "validation.required")
	case utf8.RuneCountInString(*s) > max:
		v.Add(field, "validation.too_long", max)
	}
}

// TextInput applies an optional input to *dst: a given src replaces it,
// and the result is checked as Text does when src was given or when the
// object is new.
func (v *Validation) TextInput(dst, src *string, kind TextKind, field string, max int, required, creating bool) {
	if src != nil {
		*dst = *src
	}
	if src != nil || creating {
		v.Text(dst, kind, field, max, required)
	}
}
