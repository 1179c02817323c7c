package portfolio

import "testing"

func score(n int) *int { return &n }

func TestAxisScore(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		ratings []Rating
		want    int
		ok      bool
	}{
		{"all top", []Rating{{AxisCan, 10, score(5)}, {AxisCan, 30, score(5)}}, 1000, true},
		{"all zero", []Rating{{AxisCan, 10, score(0)}}, 0, true},
		{"weighted mean", []Rating{{AxisCan, 1, score(5)}, {AxisCan, 3, score(1)}}, 400, true}, // (5+3)/(4×5) = 40 %
		{"other axis ignored", []Rating{{AxisCan, 1, score(4)}, {AxisWill, 9, score(0)}}, 800, true},
		{"unrated does not count as zero", []Rating{{AxisCan, 1, score(4)}, {AxisCan, 5, nil}}, 800, true},
		{"zero weight does not count", []Rating{{AxisCan, 0, score(0)}, {AxisCan, 2, score(3)}}, 600, true},
		{"nothing rated", []Rating{{AxisCan, 2, nil}}, 0, false},
		{"only zero weights", []Rating{{AxisCan, 0, score(5)}}, 0, false},
		{"no criteria", nil, 0, false},
		{"rounds half up", []Rating{{AxisCan, 3, score(1)}, {AxisCan, 5, score(0)}}, 75, true},                                  // 3/40 = 7.5 % = 75 tenths
		{"rounds down below half", []Rating{{AxisCan, 3, score(2)}, {AxisCan, 0, score(1)}, {AxisCan, 4, score(0)}}, 171, true}, // 6/35 = 17.14 %
	} {
		got, ok := AxisScore(tc.ratings, AxisCan)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: AxisScore = %d, %v; want %d, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestPlace(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		can, will, canT, willT int
		want                   Quadrant
	}{
		{800, 800, 50, 50, Hero},
		{800, 200, 50, 50, Candidate},
		{200, 800, 50, 50, Vampire},
		{200, 200, 50, 50, Shadow},
		{500, 500, 50, 50, Hero},      // exactly at both thresholds is high
		{499, 500, 50, 50, Vampire},   // a tenth below is low
		{500, 499, 50, 50, Candidate}, // on either axis
		{0, 0, 0, 0, Hero},            // a threshold of 0 makes everyone high
		{1000, 1000, 100, 100, Hero},  // only full marks reach 100
		{990, 1000, 100, 100, Vampire},
		{700, 700, 75, 60, Vampire}, // thresholds per axis
	} {
		if got := Place(tc.can, tc.will, tc.canT, tc.willT); got != tc.want {
			t.Errorf("Place(%d, %d, %d, %d) = %s, want %s", tc.can, tc.will, tc.canT, tc.willT, got, tc.want)
		}
	}
}
