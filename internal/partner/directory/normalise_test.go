package directory

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestFoldMakesGermanSpellingsEqual(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Müller", "muller"},
		{"Mueller", "muller"},
		{"Muller", "muller"},
		{"MÜLLER", "muller"},
		{"Straße", "strasse"},
		{"Österreich", "osterreich"},
		{"Oesterreich", "osterreich"},
		{"Café Société", "cafe societe"},
		{"Jürgen Bäcker", "jurgen backer"},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFoldGermanFoldsAsAReplacer(t *testing.T) {
	t.Parallel()
	want := strings.NewReplacer("ae", "a", "oe", "o", "ue", "u")
	for _, s := range []string{"", "e", "a", "ae", "aee", "aeae", "oue", "uee", "mueller", "xyzae", "eae", "queue", "größe", "öe", "baeume"} {
		if got := foldGerman(s); got != want.Replace(s) {
			t.Errorf("foldGerman(%q) = %q, want %q", s, got, want.Replace(s))
		}
	}
}

func TestNameTokensDropLegalForms(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Müller IT GmbH & Co. KG", []string{"muller", "it"}},
		{"Schmidt e.K.", []string{"schmidt"}},
		{"Weber Systeme UG (haftungsbeschränkt)", []string{"weber", "systeme"}},
		{"Acme Ltd.", []string{"acme"}},
		{"Nordlicht AG", []string{"nordlicht"}},
	} {
		if got := NameTokens(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("NameTokens(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		max  int
		want int
	}{
		{"muller", "muller", 2, 0},
		{"mulller", "muller", 2, 1},
		{"mulelr", "muller", 2, 1}, // neighbours swapped
		{"miller", "muller", 2, 1},
		{"mxyler", "muller", 1, 2}, // beyond max reports max+1
		{"", "abc", 5, 3},
		{"security", "secruity", 2, 1},
	} {
		if got := editDistance(tc.a, tc.b, tc.max); got != tc.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.max, got, tc.want)
		}
	}
}

func TestAcronyms(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		names []string
		want  []string
	}{
		{[]string{"Virtuelle Realität", "Virtual Reality"}, []string{"vr"}},
		{[]string{"Künstliche Intelligenz", "Artificial Intelligence"}, []string{"ki", "ai"}},
		{[]string{"Internet of Things"}, []string{"iot"}},
		{[]string{"Datenschutz", "Data protection under the GDPR rules"}, nil},
	} {
		if got := acronyms(c.names...); !slices.Equal(got, c.want) {
			t.Errorf("acronyms(%q) = %q, want %q", c.names, got, c.want)
		}
	}
}

// tokensAsFolded is Tokens as its doc comment says: Fold, dots dropped,
// split at everything but letters and digits.
func tokensAsFolded(s string) []string {
	s = strings.ReplaceAll(Fold(s), ".", "")
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func TestTokensAreTheFoldedTextSplit(t *testing.T) {
	t.Parallel()
	texts := []string{"", ".", "...", "a.e", "Müller IT GmbH & Co. KG", "e.K.", "Mueller-Lüdenscheidt", "Straße 5a",
		"Æsir Øresund Łódź Đakovo", "Café Société „Zürich“ – 3,5 Mio. € …", "İstanbul ǅemal ﬁne ẞ", "Ｍüller", "a\u0301e",
		"e\u0301\u0323 o\u0308e", "ua\u0308e", "\xff\xfeab\xc3", "ΑΘΗΝΑ Москва 東京 서울", "1.000,50 EUR", "O'Brien & Söhne",
		"a\u034fe", "x\U0001D165\U0001D166y", "AE OE UE Ae Äe"}
	texts = append(texts, randomTexts(1, "aeouAEOUäöüÄÖÜßéèê. -_'\u0301\u0308\u0323ǅİıØæ1„“–…€Ω\uFFFD\xff", 12)...)
	for _, s := range texts {
		if got, want := Tokens(s), tokensAsFolded(s); !slices.Equal(got, want) {
			t.Fatalf("Tokens(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Müller IT GmbH & Co. KG", "a.e", "e\u0301\u0323", "ﬁ ẞ İ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Tokens(s), tokensAsFolded(s); !slices.Equal(got, want) {
			t.Fatalf("Tokens(%q) = %q, want %q", s, got, want)
		}
	})
}

// snippetAsDocumented is snippet as its doc comment says.
func snippetAsDocumented(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

func TestSnippetCutsAtAWord(t *testing.T) {
	t.Parallel()
	if got, want := snippet("  Cloud-Beratung\tund   Schulung für Behörden  ", 24), "Cloud-Beratung und…"; got != want {
		t.Errorf("snippet = %q, want %q", got, want)
	}
	for i, s := range randomTexts(3, "ab cdé\t\n\u00a0\u0085ü.„\xff", 30) {
		n := i % 12
		if got, want := snippet(s, n), snippetAsDocumented(s, n); got != want {
			t.Fatalf("snippet(%q, %d) = %q, want %q", s, n, got, want)
		}
	}
}

// randomTexts returns 20 000 texts of up to maxLen pieces of alphabet: its
// characters, or its bytes that are not UTF-8.
func randomTexts(seed uint64, alphabet string, maxLen int) []string {
	var pieces []string
	for rest := alphabet; rest != ""; {
		_, n := utf8.DecodeRuneInString(rest)
		pieces, rest = append(pieces, rest[:n]), rest[n:]
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	texts := make([]string, 20000)
	for i := range texts {
		var b strings.Builder
		for range rng.IntN(maxLen + 1) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts[i] = b.String()
	}
	return texts
}
