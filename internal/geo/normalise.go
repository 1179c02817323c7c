package geo

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Place names are compared by key: lower case, without accents, words
// separated by single spaces. German umlauts have two keys, "muenchen"
// (umlautKey) and "munchen" (plainKey), because users type both.

// umlautKey writes ä, ö, ü as ae, oe, ue.
func umlautKey(s string) string { return key(s, true) }

// plainKey drops the dots of ä, ö, ü like any other accent.
func plainKey(s string) string { return key(s, false) }

// spelled are letters that no Unicode decomposition turns into ASCII.
var spelled = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d",
	'ð': "d", 'þ': "th", 'ı': "i", 'ħ': "h",
}

// sameWord are words written in several ways that mean the same in a
// place name.
var sameWord = map[string]string{"sankt": "st", "saint": "st", "sainte": "ste"}

func key(s string, umlauts bool) string {
	var b strings.Builder
	b.Grow(len(s))
	ascii := true
	for _, r := range s {
		if r >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		s = norm.NFC.String(s)
		var m strings.Builder
		m.Grow(len(s) + 4)
		for _, r := range s {
			r = unicode.ToLower(r)
			switch {
			case umlauts && r == 'ä':
				m.WriteString("ae")
			case umlauts && r == 'ö':
				m.WriteString("oe")
			case umlauts && r == 'ü':
				m.WriteString("ue")
			case spelled[r] != "":
				m.WriteString(spelled[r])
			default:
				m.WriteRune(r)
			}
		}
		s = norm.NFD.String(m.String())
	}
	// Letters and digits make words; everything else separates them, and
	// combining marks (the accents NFD split off) vanish.
	space := false
	for _, r := range s {
		switch {
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case unicode.Is(unicode.Mn, r):
			continue
		case r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			r = unicode.ToLower(r)
		default:
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if t := spelled[r]; t != "" {
			// A letter NFD made of another ("ǽ" is "æ" and an
			// accent) is spelled like that one.
			b.WriteString(t)
			continue
		}
		b.WriteRune(r)
	}
	k := b.String()
	if strings.Contains(k, "sa") {
		words := strings.Split(k, " ")
		changed := false
		for i, w := range words {
			if v, ok := sameWord[w]; ok {
				words[i], changed = v, true
			}
		}
		if changed {
			k = strings.Join(words, " ")
		}
	}
	return k
}

// joiners begin the part of a German, Dutch, English or French place name
// that tells which of several places of the name is meant: "Frankfurt am
// Main", "Freiburg im Breisgau", "Bergen op Zoom", "Newcastle upon Tyne",
// "Boulogne-sur-Mer", "Ústí nad Labem".
var joiners = map[string]bool{
	"am": true, "an": true, "a": true, "ad": true, "im": true, "in": true, "i": true,
	"ob": true, "o": true, "bei": true, "b": true, "vor": true, "aan": true,
	"op": true, "upon": true, "on": true, "under": true, "sur": true, "sous": true,
	"nad": true, "pod": true,
}

// shortName is the name without what tells it apart from others of the same
// name: "Frankfurt" for "Frankfurt am Main" and "Frankfurt (Oder)", "Biel"
// for "Biel/Bienne". It returns "" when there is nothing to cut.
func shortName(name string) string {
	s := name
	if i := strings.IndexAny(s, "/("); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' })
	for i := 1; i < len(words); i++ {
		// "a.d." and "a.M." abbreviate "an der" and "am Main".
		w, _, _ := strings.Cut(words[i], ".")
		if joiners[strings.ToLower(w)] {
			s = strings.Join(words[:i], " ")
			break
		}
	}
	if s == name {
		return ""
	}
	return s
}
