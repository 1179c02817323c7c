package portfolio

import (
	"slices"
	"testing"

	"pakt/internal/apperr"
)

func TestWeightOf(t *testing.T) {
	t.Parallel()
	c := &Criterion{ID: "c1", Weight: 25}
	for _, tc := range []struct {
		name    string
		weights map[string]int
		want    int
	}{
		{"the profile's own weight", map[string]int{"c1": 40}, 40},
		{"the profile weighs it 0", map[string]int{"c1": 0}, 0},
		{"a criterion the profile does not know weighs its own", map[string]int{"c2": 40}, 25},
		{"no weights at all", nil, 25},
	} {
		if got := WeightOf(c, tc.weights); got != tc.want {
			t.Errorf("%s: WeightOf = %d, want %d", tc.name, got, tc.want)
		}
	}
}

// With the default thresholds (50/50) the bands are those of before
// profiles: mid from 50 points, high from 70.
func TestFitBand(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		fit       int
		can, will int
		want      Band
	}{
		{"default thresholds, high", 700, 50, 50, BandHigh},
		{"default thresholds, just below high", 699, 50, 50, BandMid},
		{"default thresholds, mid", 500, 50, 50, BandMid},
		{"default thresholds, low", 499, 50, 50, BandLow},
		{"a demanding profile: 65 is only mid", 650, 60, 70, BandMid},
		{"a demanding profile: high from 85", 850, 60, 70, BandHigh},
		{"a demanding profile: 60 is low", 600, 60, 70, BandLow},
		{"the mean rounds up", 530, 50, 55, BandMid},
		{"the mean rounds up, below", 520, 50, 55, BandLow},
		{"high never above 100", 1000, 95, 95, BandHigh},
		{"thresholds of 0: everything at least mid", 0, 0, 0, BandMid},
	} {
		if got := fitBand(tc.fit, tc.can, tc.will); got != tc.want {
			t.Errorf("%s: fitBand(%d, %d, %d) = %s, want %s", tc.name, tc.fit, tc.can, tc.will, got, tc.want)
		}
	}
}

func TestProfileOffered(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		public, archived, want bool
	}{
		{true, false, true},
		{true, true, false},
		{false, false, false},
		{false, true, false},
	} {
		p := &Profile{Public: tc.public, Archived: tc.archived}
		if got := p.Offered(); got != tc.want {
			t.Errorf("public %v, archived %v: offered %v, want %v", tc.public, tc.archived, got, tc.want)
		}
	}
}

func TestProfileInputApply(t *testing.T) {
	t.Parallel()
	criteria := []*Criterion{{ID: "c1", Weight: 10}}
	for _, tc := range []struct {
		name    string
		profile Profile
		in      ProfileInput
		field   string // the refused field, "" when accepted
	}{
		{"a new profile", Profile{}, ProfileInput{NameDE: ptr("Cloud"), NameEN: ptr("Cloud")}, ""},
		{"a name is required", Profile{}, ProfileInput{NameDE: ptr(""), NameEN: ptr("Cloud")}, "name_de"},
		{"thresholds within 0–100", Profile{NameDE: "a", NameEN: "a"}, ProfileInput{CanThreshold: ptr(101)}, "can_threshold"},
		{"weights within 0–100", Profile{NameDE: "a", NameEN: "a"}, ProfileInput{Weights: map[string]int{"c1": -1}}, "weights.c1"},
		{"weights of known criteria only", Profile{NameDE: "a", NameEN: "a"}, ProfileInput{Weights: map[string]int{"c9": 5}}, "weights.c9"},
		{"the default is not archived", Profile{ID: DefaultProfile, Slug: DefaultProfile, Default: true, NameDE: "a", NameEN: "a"}, ProfileInput{Archived: ptr(true)}, "archived"},
		{"the default keeps its slug", Profile{ID: DefaultProfile, Slug: DefaultProfile, Default: true, NameDE: "a", NameEN: "a"}, ProfileInput{Slug: ptr("other")}, "slug"},
		{"a slug of letters, digits and dashes", Profile{NameDE: "a", NameEN: "a"}, ProfileInput{Slug: ptr("Cloud Partner")}, "slug"},
	} {
		p := tc.profile
		p.Weights = map[string]int{}
		err := tc.in.apply(&p, criteria, tc.profile.ID == "")
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: refused: %v", tc.name, err)
			}
			continue
		}
		e, ok := apperr.As(err)
		if !ok || !slices.ContainsFunc(e.Fields, func(f apperr.FieldError) bool { return f.Field == tc.field }) {
			t.Errorf("%s: %v, want %s refused", tc.name, err, tc.field)
		}
	}
}

func ptr[T any](v T) *T { return &v }
