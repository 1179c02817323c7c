package directory

import (
	"strings"
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
	s = strings.ReplaceAll(Fold(s), ".", "")
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
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
