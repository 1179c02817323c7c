package directory

import (
	"slices"
	"strings"
	"testing"
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
