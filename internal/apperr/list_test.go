package apperr_test

import (
	"slices"
	"testing"

	"pakt/internal/apperr"
)

func TestUniqueSorted(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{nil, []string{}},
		{[]string{" ", ""}, []string{}},
		{[]string{"Security", " cloud ", "Security", "cloud"}, []string{"Security", "cloud"}},
		{[]string{"b", "a", "b"}, []string{"a", "b"}},
	} {
		if got := apperr.UniqueSorted(c.in); !slices.Equal(got, c.want) || got == nil {
			t.Errorf("UniqueSorted(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
