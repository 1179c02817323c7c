package directory

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold makes text comparable the forgiving way a directory search needs:
// lower case, accents removed (é→e, ü→u), ß→ss, and the German
// transliterations ae/oe/ue folded to a/o/u, so that "Müller", "Mueller"
// and "Muller" all become "muller".
func Fold(s string) string {
	s = strings.ToLower(s)
	if !isASCII(s) {
		s = letterFolder.Replace(s)
		// Decomposed, an accented letter is its base letter followed by
		// combining marks, which are dropped.
		var b strings.Builder
		b.Grow(len(s))
		for _, r := range norm.NFD.String(s) {
			if !unicode.Is(unicode.Mn, r) {
				b.WriteRune(r)
			}
		}
		s = b.String()
	}
	return foldGerman(s)
}

// foldGerman folds the transliterations ae, oe and ue to a, o and u, left
// to right, in one pass: the load of the index folds every text.
func foldGerman(s string) string {
	var b []byte // nil while s needs no change
	for i := 0; i < len(s); i++ {
		if i+1 < len(s) && s[i+1] == 'e' && (s[i] == 'a' || s[i] == 'o' || s[i] == 'u') {
			if b == nil {
				b = append(make([]byte, 0, len(s)), s[:i]...)
			}
			b = append(b, s[i])
			i++ // the e
			continue
		}
		if b != nil {
			b = append(b, s[i])
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

var (
	// letterFolder spells out letters that do not decompose.
	letterFolder = strings.NewReplacer("ß", "ss", "æ", "ae", "ø", "o", "ł", "l", "đ", "d")
)

// legalForms are the tokens of company legal forms. They are left out of the
// search index and of queries so that "Müller IT" finds
// "Müller IT GmbH & Co. KG". Entries are folded.
var legalForms = map[string]bool{}

func init() {
	for _, f := range strings.Fields(`gmbh mbh ag kg co kgaa ug haftungsbeschrankt ohg gbr ek ev eg se
		ltd limited inc llc plc corp corporation sa sarl sas bv nv spa srl ab as oy kft sro spzoo gesmbh
		partg mbb llp lp gmbhcokg`) {
		legalForms[Fold(f)] = true
	}
}

// IsLegalForm reports whether a folded token is a company legal form.
func IsLegalForm(tok string) bool { return legalForms[tok] }

// Tokens splits text into folded search tokens. Dots inside words are
// dropped first, so "e.K." and "Co." become "ek" and "co".
func Tokens(s string) []string {
	var out []string
	var tz tokenizer
	tz.each(s, func(tok []byte) { out = append(out, string(tok)) })
	return out
}

// tokenizer splits text into tokens as Tokens does, without allocating
// for each token: the load of the index splits every text of every
// profile. Its zero value is ready; it is not safe for concurrent use.
type tokenizer struct {
	buf []byte // the token being read, with its dots
}

// each hands yield the tokens of s, in order, each in a buffer that the
// next token overwrites.
//
// It is Fold, the removal of dots and the split at everything but letters
// and digits in one pass: Fold is the same rune by rune (lower case,
// letterFolder, decomposition without combining marks; see foldRune)
// except for the transliterations ae, oe and ue, which never span a
// separator and are folded token by token, before the dots go, as Fold
// folds them in the text with its dots.
func (tz *tokenizer) each(s string, yield func(tok []byte)) {
	tok := tz.buf[:0]
	flush := func() {
		if len(tok) > 0 {
			if t := dropDots(foldGermanBytes(tok)); len(t) > 0 {
				yield(t)
			}
			tok = tok[:0]
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '.':
				tok = append(tok, c)
			case 'A' <= c && c <= 'Z':
				tok = append(tok, c+'a'-'A')
			default:
				flush()
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		for _, r := range foldRune(r) {
			if r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r) {
				tok = utf8.AppendRune(tok, r)
			} else {
				flush()
			}
		}
	}
	flush()
	tz.buf = tok
}

// foldGermanBytes is foldGerman in place.
func foldGermanBytes(b []byte) []byte {
	w := 0
	for i := 0; i < len(b); i++ {
		b[w] = b[i]
		w++
		if i+1 < len(b) && b[i+1] == 'e' && (b[i] == 'a' || b[i] == 'o' || b[i] == 'u') {
			i++ // the e
		}
	}
	return b[:w]
}

// dropDots removes the dots of b in place.
func dropDots(b []byte) []byte {
	w := 0
	for _, c := range b {
		if c != '.' {
			b[w] = c
			w++
		}
	}
	return b[:w]
}

// foldedRunes holds foldRune of the runes below its length, which cover
// the Latin alphabets.
var foldedRunes [0x250]string

func init() {
	for r := range foldedRunes {
		foldedRunes[r] = foldRuneSlow(rune(r))
	}
}

// foldRune is what Fold makes of the rune r, but for the
// transliterations ae, oe and ue: its lower case, with letterFolder
// applied, decomposed, without combining marks. (Fold decomposes the
// whole text, which also reorders combining marks; they are dropped, and
// the few that are not nonspacing marks are separators either way.)
func foldRune(r rune) string {
	if r >= 0 && int(r) < len(foldedRunes) {
		return foldedRunes[r]
	}
	// Punctuation such as „ “ – … comes from beyond the table in
	// almost every text.
	if r >= 0x10000 {
		return foldRuneSlow(r)
	}
	if f, ok := foldedMore.Load(r); ok {
		return f.(string)
	}
	f := foldRuneSlow(r)
	foldedMore.Store(r, f)
	return f
}

// foldedMore holds foldRune of the runes of the basic multilingual plane
// beyond foldedRunes met so far.
var foldedMore sync.Map

func foldRuneSlow(r rune) string {
	s := letterFolder.Replace(string(unicode.ToLower(r)))
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// NameTokens returns the tokens of an organisation name without legal forms.
func NameTokens(name string) []string {
	toks := Tokens(name)
	out := toks[:0]
	for _, t := range toks {
		if !legalForms[t] {
			out = append(out, t)
		}
	}
	return out
}

// SortKey is the key that orders names alphabetically regardless of case and
// accents.
func SortKey(name string) string { return strings.Join(Tokens(name), " ") }

// maxTypos is how many edits a query token of n letters may be from an
// indexed word and still match: none for short words, where one edit makes
// another word, one for medium and two for long words.
func maxTypos(n int) int {
	switch {
	case n < 4:
		return 0
	case n < 8:
		return 1
	default:
		return 2
	}
}

// editDistance returns the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours), or max+1
// once it is known to exceed max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
