package match

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Customer is what the matcher compares.
type Customer struct{ Name, Domain, Country string }

// Key is a customer's normalised form, computed once and stored with the
// record.
type Key struct {
	// Name is the canonical name: lower case, transliterated (ä → ae,
	// ö → oe, ü → ue, ß → ss; other accents dropped: é → e, ø → o …),
	// legal forms and punctuation removed, words sorted and separated by
	// single spaces.
	Name string
	// Domain is the host in lower case, without scheme, "www.", port,
	// path, query and trailing dot; "" when the input holds no domain.
	Domain string
	// Country is the ISO 3166-1 alpha-2 code in upper case, or "".
	Country string
	// Blocks are the blocking keys of the candidate search (see the
	// package comment), sorted; none when Name is empty.
	Blocks []string
}

// Threshold is the similarity from which two names in the same country
// match (Evidence.Fuzzy). Similarity is that of the least similar pair of
// words, so 0.8 lets one edit through in a word of five letters or more
// ("Grössel" for "Größl", "Mayer" for "Meier"), two in ten letters, and
// none in a shorter word, where one letter makes another word ("Bau" and
// "Bad"). The table tests show both sides: every typo and transliteration
// of TestCompare matches, and no pair of companies that share a generic
// word does ("Bäckerei Schmidt" and "Bäckerei Schulz" have 0.43).
const Threshold = 0.8

// Evidence says why two keys match, or that they do not.
type Evidence struct {
	// Domain: the same non-empty domain (in any country).
	Domain bool
	// Name: the same non-empty canonical name and the same country.
	Name bool
	// Similarity of the canonical names, 0 to 1 (1 for equal names).
	Similarity float64
	// Fuzzy: the same country, not Name, and Similarity >= Threshold.
	Fuzzy bool
}

// Match reports whether the evidence makes the two the same customer.
func (e Evidence) Match() bool { return e.Domain || e.Name || e.Fuzzy }

// Version numbers the rules by which Normalize makes a key. It goes up
// whenever a key it makes for some name changes, so that keys stored under
// older rules are made again (cosell.Service.Rekey); 2: a canonical name is
// its own canonical name, and letters a decomposition leaves are spelled.
const Version = 2

// Normalize computes the key of a customer.
func Normalize(c Customer) Key {
	k := Key{Name: CanonicalName(c.Name), Domain: NormalizeDomain(c.Domain), Country: CountryCode(c.Country)}
	k.Blocks = blocks(k.Name, k.Country)
	return k
}

// Compare gives the evidence for a and b being the same customer.
func Compare(a, b Key) Evidence {
	e := Evidence{Domain: a.Domain != "" && a.Domain == b.Domain}
	e.Similarity = Similarity(a.Name, b.Name)
	if a.Name != "" && a.Country == b.Country {
		e.Name = a.Name == b.Name
		e.Fuzzy = !e.Name && e.Similarity >= Threshold
	}
	return e
}

// SharesBlock reports whether a candidate search for k finds o by its
// blocks: the two have a block in common.
func (k Key) SharesBlock(o Key) bool {
	for _, b := range k.Blocks {
		if _, ok := slices.BinarySearch(o.Blocks, b); ok {
			return true
		}
	}
	return false
}

// blocks returns the blocking keys of a canonical name in a country: for
// each word, the country, the other words, and the word's first two
// letters; and the same with its last two letters.
func blocks(name, country string) []string {
	words := strings.Fields(name)
	out := make([]string, 0, 2*len(words))
	for i, w := range words {
		rest := strings.Join(append(slices.Clone(words[:i]), words[i+1:]...), " ")
		r := []rune(w)
		n := min(2, len(r))
		out = append(out, country+"|"+rest+"|p|"+string(r[:n]), country+"|"+rest+"|s|"+string(r[len(r)-n:]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// spelled are letters that no Unicode decomposition turns into ASCII, and
// the German umlauts, which are transliterated rather than stripped.
var spelled = map[rune]string{
	'ä': "ae", 'ö': "oe", 'ü': "ue", 'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o",
	'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i", 'ħ': "h", 'ŀ': "l",
}

// legalForms are the legal forms, and the words that go with them ("co",
// "haftungsbeschraenkt"), as words or as their letters run together
// ("e.K." is "ek", "sp. z o.o." is "spzoo").
var legalForms = map[string]bool{}

func init() {
	for f := range strings.FieldsSeq(`gmbh ggmbh mbh gesmbh ug haftungsbeschraenkt ag kg ohg gbr ek ekfm ekfr ekfrau
		ev eg se kgaa partg partgmbb mbb co cokg ltd limited llc llp lp inc incorporated corp corporation plc
		sa sarl sas spa srl bv nv ab as asa aps oy oyj spzoo sro`) {
		legalForms[f] = true
	}
}

// conjunctions are left out between words: "Müller & Söhne" is "Müller und
// Söhne" and "Müller and Söhne".
var conjunctions = map[string]bool{"und": true, "and": true}

// CanonicalName is Key.Name of a company name. The canonical name of a
// canonical name is that name: sorting can bring one-letter words together
// ("Foo A Bar B" gives "a b bar foo") or a legal form to the end ("Se
// Alpha" gives "alpha se"), so initials are joined and legal forms dropped
// again until the words stay as they are.
func CanonicalName(s string) string {
	words := splitWords(s)
	for typed := true; ; typed = false {
		n := len(words)
		words = slices.DeleteFunc(joinInitials(words), func(w string) bool { return conjunctions[w] })
		words = dropLegalForms(words)
		slices.Sort(words)
		if !typed && len(words) == n {
			return strings.Join(words, " ")
		}
	}
}

// splitWords writes s in lower case ASCII (where a transliteration exists)
// and splits it into words at everything that is neither a letter nor a
// digit; apostrophes vanish without splitting ("McDonald's").
func splitWords(s string) []string {
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, r := range s {
		r = unicode.ToLower(r)
		if t, ok := spelled[r]; ok {
			b.WriteString(t)
			continue
		}
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		// Decomposing splits an accent from its letter; the accent,
		// a combining mark, is dropped below. The letter left may be one
		// to spell ("ǽ" is "æ" and an accent).
		for _, d := range norm.NFD.String(string(r)) {
			if t, ok := spelled[d]; ok {
				b.WriteString(t)
			} else {
				b.WriteRune(d)
			}
		}
	}
	var words []string
	var w strings.Builder
	for _, r := range b.String() {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’', r == '´', r == '`':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w.WriteRune(r)
		case w.Len() > 0:
			words = append(words, w.String())
			w.Reset()
		}
	}
	if w.Len() > 0 {
		words = append(words, w.String())
	}
	return words
}

// joinInitials runs neighbouring one-letter words together: "I.B.M." is
// "ibm", "S.A." is "sa".
func joinInitials(words []string) []string {
	out := words[:0]
	for i := 0; i < len(words); i++ {
		j := i
		for j < len(words) && utf8.RuneCountInString(words[j]) == 1 {
			j++
		}
		if j-i >= 2 {
			out = append(out, strings.Join(words[i:j], ""))
			i = j - 1
			continue
		}
		out = append(out, words[i])
	}
	return out
}

// dropLegalForms removes legal forms from the end of a name, as long as a
// word remains: a legal form is one word ("gmbh") or up to four short
// words whose letters run together make one ("e kfm", "sp zoo").
func dropLegalForms(words []string) []string {
	for len(words) > 1 {
		cut := 0
		for n := min(4, len(words)-1); n >= 1 && cut == 0; n-- {
			tail := words[len(words)-n:]
			if n > 1 && slices.ContainsFunc(tail, func(w string) bool { return len(w) > 3 }) {
				continue
			}
			if legalForms[strings.Join(tail, "")] {
				cut = n
			}
		}
		if cut == 0 {
			break
		}
		words = words[:len(words)-cut]
	}
	return words
}

// Similarity compares two canonical names word by word: equal words pair
// up, the others pair up most similar first, and the result is the
// similarity of the least similar pair, where a pair's similarity is one
// less the share of edits (insert, delete, substitute, swap two neighbours)
// in its longer word. A word without a partner makes it 0, so that "Müller"
// and "Müller Bau" do not match. Equal names have 1, an empty name 0.
func Similarity(a, b string) float64 {
	if a == b {
		if a == "" {
			return 0
		}
		return 1
	}
	if a == "" || b == "" {
		return 0
	}
	wa, wb := strings.Fields(a), strings.Fields(b)
	// Both are sorted: drop the words they have in common.
	var ra, rb [][]rune
	i, j := 0, 0
	for i < len(wa) || j < len(wb) {
		switch {
		case j == len(wb) || i < len(wa) && wa[i] < wb[j]:
			ra = append(ra, []rune(wa[i]))
			i++
		case i == len(wa) || wb[j] < wa[i]:
			rb = append(rb, []rune(wb[j]))
			j++
		default:
			i++
			j++
		}
	}
	if len(ra) != len(rb) {
		return 0
	}
	if len(ra) == 1 {
		return wordSimilarity(ra[0], rb[0])
	}
	type pair struct {
		i, j int
		sim  float64
	}
	pairs := make([]pair, 0, len(ra)*len(rb))
	for i := range ra {
		for j := range rb {
			pairs = append(pairs, pair{i, j, wordSimilarity(ra[i], rb[j])})
		}
	}
	slices.SortStableFunc(pairs, func(x, y pair) int {
		switch {
		case x.sim > y.sim:
			return -1
		case x.sim < y.sim:
			return 1
		}
		return 0
	})
	usedA, usedB := make([]bool, len(ra)), make([]bool, len(rb))
	least, paired := 1.0, 0
	for _, p := range pairs {
		if usedA[p.i] || usedB[p.j] {
			continue
		}
		usedA[p.i], usedB[p.j] = true, true
		least = min(least, p.sim)
		if paired++; paired == len(ra) {
			break
		}
	}
	return least
}

// wordSimilarity is 1 less the edit distance of a and b over the length of
// the longer.
func wordSimilarity(a, b []rune) float64 {
	return 1 - float64(editDistance(a, b))/float64(max(len(a), len(b)))
}

// editDistance counts the inserts, deletes, substitutions and swaps of two
// neighbours that turn a into b (the optimal string alignment distance).
func editDistance(a, b []rune) int {
	// Three rows of the matrix suffice: a swap looks two rows back.
	prev2, prev, cur := make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
