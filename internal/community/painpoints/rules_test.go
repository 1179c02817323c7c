package painpoints

import (
	"reflect"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/community"
)

// field returns the field an invalid error names, the code of another
// error, "" for none.
func field(err error) string {
	if err == nil {
		return ""
	}
	x, ok := apperr.As(err)
	if !ok {
		return "?"
	}
	if x.Code == apperr.Invalid && len(x.Fields) > 0 {
		return x.Fields[0].Field
	}
	return string(x.Code)
}

// The board moves a point along new → under review → raised → resolved,
// or declines it with a reason; answered comes only from the vendor's
// answer, and a merged duplicate moves no more.
func TestMove(t *testing.T) {
	t.Parallel()
	conflict := string(apperr.Conflict)
	for _, c := range []struct {
		from, to, reason string
		want             string // the field refused, or the error code
	}{
		{StatusNew, StatusReview, "", ""},
		{StatusNew, StatusDeclined, "Kein Thema für den Hersteller", ""},
		{StatusNew, StatusDeclined, "", "reason"},
		{StatusNew, StatusRaised, "", "status"},
		{StatusNew, StatusResolved, "", "status"},
		{StatusReview, StatusRaised, "", ""},
		{StatusReview, StatusNew, "", ""},
		{StatusReview, StatusDeclined, "Doppelt", ""},
		{StatusRaised, StatusAnswered, "", "status"},
		{StatusRaised, StatusResolved, "", ""},
		{StatusRaised, StatusReview, "", "status"},
		{StatusRaised, StatusDeclined, "Zurückgezogen", ""},
		{StatusAnswered, StatusResolved, "", ""},
		{StatusAnswered, StatusRaised, "", ""},
		{StatusResolved, StatusAnswered, "", "status"},
		{StatusResolved, StatusRaised, "", ""},
		{StatusResolved, StatusNew, "", "status"},
		{StatusDeclined, StatusReview, "", ""},
		{StatusDeclined, StatusRaised, "", "status"},
		{StatusNew, StatusMerged, "", "status"},
		{StatusNew, "erledigt", "", "status"},
		{StatusMerged, StatusReview, "", conflict},
		{StatusNew, StatusNew, "", "status"},
	} {
		if got := field(Move(c.from, c.to, c.reason)); got != c.want {
			t.Errorf("Move(%s → %s, %q): got %q, want %q", c.from, c.to, c.reason, got, c.want)
		}
	}
}

// Votes carry over to the kept point: an organisation that supported both
// counts once, keeps its consent on the kept point and its earlier date.
func TestMergeVotes(t *testing.T) {
	t.Parallel()
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
	vote := func(org string, named bool, d int) Supporter { return Supporter{OrgID: org, Named: named, At: day(d)} }
	for _, c := range []struct {
		name      string
		kept, dup []Supporter
		want      []Supporter
	}{
		{"both empty", nil, nil, []Supporter{}},
		{"only the duplicate's", nil, []Supporter{vote("b", true, 2), vote("a", false, 3)}, []Supporter{vote("a", false, 3), vote("b", true, 2)}},
		{"only the kept one's", []Supporter{vote("a", false, 3)}, nil, []Supporter{vote("a", false, 3)}},
		{"disjoint", []Supporter{vote("a", false, 3)}, []Supporter{vote("c", true, 1)}, []Supporter{vote("a", false, 3), vote("c", true, 1)}},
		{"one org supported both: counted once, kept consent, earlier date",
			[]Supporter{vote("a", false, 5), vote("b", true, 1)}, []Supporter{vote("a", true, 2), vote("b", false, 4)},
			[]Supporter{vote("a", false, 2), vote("b", true, 1)}},
		{"all supported both", []Supporter{vote("a", true, 1), vote("b", true, 1)}, []Supporter{vote("b", false, 1), vote("a", false, 1)},
			[]Supporter{vote("a", true, 1), vote("b", true, 1)}},
	} {
		if got := MergeVotes(c.kept, c.dup); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

// A duplicate merges into another open point; not into itself, not into a
// declined one, and a merged point neither merges nor keeps duplicates.
func TestCheckMerge(t *testing.T) {
	t.Parallel()
	p := func(id, status string) *Point { return &Point{ID: id, Status: status} }
	for _, c := range []struct {
		dup, kept *Point
		want      string
	}{
		{p("a", StatusNew), p("b", StatusRaised), ""},
		{p("a", StatusAnswered), p("b", StatusResolved), ""},
		{p("a", StatusNew), p("a", StatusNew), string(apperr.Invalid)},
		{p("a", StatusNew), p("b", StatusDeclined), string(apperr.Conflict)},
		{p("a", StatusMerged), p("b", StatusNew), string(apperr.Conflict)},
		{p("a", StatusNew), p("b", StatusMerged), string(apperr.Conflict)},
	} {
		got := ""
		if x, ok := apperr.As(CheckMerge(c.dup, c.kept)); ok {
			got = string(x.Code)
		}
		if got != c.want {
			t.Errorf("merge %s (%s) into %s (%s): got %q, want %q", c.dup.ID, c.dup.Status, c.kept.ID, c.kept.Status, got, c.want)
		}
	}
}

// Inside the association everyone sees every point and every supporter;
// the vendor's liaison sees raised points and later, and only the names of
// supporters that agreed; outsiders see nothing.
func TestVisibility(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		st     community.Standing
		status string
		sees   bool
	}{
		{community.Member, StatusNew, true},
		{community.Board, StatusMerged, true},
		{community.Admin, StatusDeclined, true},
		{community.Liaison, StatusNew, false},
		{community.Liaison, StatusReview, false},
		{community.Liaison, StatusRaised, true},
		{community.Liaison, StatusAnswered, true},
		{community.Liaison, StatusResolved, true},
		{community.Liaison, StatusDeclined, false},
		{community.Liaison, StatusMerged, false},
		{community.Outsider, StatusRaised, false},
	} {
		if got := Sees(c.st, c.status); got != c.sees {
			t.Errorf("%q sees %s: got %v, want %v", c.st, c.status, got, c.sees)
		}
	}
	for _, c := range []struct {
		st    community.Standing
		named bool
		want  bool
	}{
		{community.Liaison, false, false},
		{community.Liaison, true, true},
		{community.Member, false, true},
		{community.Board, false, true},
		{community.Outsider, true, false},
	} {
		if got := Names(c.st, Supporter{Named: c.named}); got != c.want {
			t.Errorf("%q names a supporter (agreed %v): got %v, want %v", c.st, c.named, got, c.want)
		}
	}
}
