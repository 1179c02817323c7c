package events

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"pakt/internal/community"
)

func TestSees(t *testing.T) {
	for _, c := range []struct {
		st             community.Standing
		public, secret bool
	}{
		{community.Admin, true, true},
		{community.Board, true, true},
		{community.Member, true, true},
		{community.Liaison, true, false},
		{community.Outsider, false, false},
	} {
		if got := sees(c.st, true); got != c.public {
			t.Errorf("%q sees a public event: got %v, want %v", c.st, got, c.public)
		}
		if got := sees(c.st, false); got != c.secret {
			t.Errorf("%q sees a members-only event: got %v, want %v", c.st, got, c.secret)
		}
	}
}

// regs makes registrations from "id:status:minute" items; the minute is
// when each was asked for.
func regs(spec string) []*Registration {
	var out []*Registration
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, item := range strings.Fields(spec) {
		p := strings.Split(item, ":")
		m := 0
		for _, c := range p[2] {
			m = m*10 + int(c-'0')
		}
		status := map[string]string{"c": StatusConfirmed, "w": StatusWaiting, "x": StatusCancelled}[p[1]]
		out = append(out, &Registration{ID: p[0], Status: status, Requested: t0.Add(time.Duration(m) * time.Minute)})
	}
	return out
}

// describe writes registrations back as "id:status" with the waiting
// position, in their order.
func describe(rs []*Registration) string {
	var b []string
	for _, r := range rs {
		s := r.ID + ":" + map[string]string{StatusConfirmed: "c", StatusWaiting: "w", StatusCancelled: "x"}[r.Status]
		if r.Position > 0 {
			s += strconv.Itoa(r.Position)
		}
		b = append(b, s)
	}
	return strings.Join(b, " ")
}

func TestSettle(t *testing.T) {
	for _, c := range []struct {
		name     string
		capacity int
		in       string
		want     string
		promoted string
	}{
		{"first come, first served", 2, "a:w:3 b:w:1 c:w:2", "b:c c:c a:w1", "b c"},
		{"no limit confirms everyone", 0, "a:w:1 b:w:2 c:w:3", "a:c b:c c:c", "a b c"},
		{"a cancellation moves the first waiting up", 2, "a:x:1 b:c:2 c:w:3 d:w:4", "a:x b:c c:c d:w1", "c"},
		{"the same moment: by id", 1, "z:w:5 y:w:5", "y:c z:w1", "y"},
		{"full: the newcomer waits behind the others", 2, "a:c:1 b:c:2 d:w:9 c:w:3", "a:c b:c c:w1 d:w2", ""},
		{"a lowered capacity takes no place back", 1, "a:c:1 b:c:2 c:w:3", "a:c b:c c:w1", ""},
		{"a raised capacity moves several up", 4, "a:c:1 b:w:2 c:w:3 d:w:4", "a:c b:c c:c d:c", "b c d"},
		{"cancelled ones keep no place", 1, "a:c:1 b:x:2 c:w:3", "a:c b:x c:w1", ""},
		{"nobody registered", 3, "", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			rs := regs(c.in)
			var ids []string
			for _, r := range Settle(c.capacity, rs) {
				ids = append(ids, r.ID)
			}
			if got := describe(rs); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
			if got := strings.Join(ids, " "); got != c.promoted {
				t.Errorf("promoted %q, want %q", got, c.promoted)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	for _, c := range []struct {
		name   string
		mine   []string
		others map[string][]string
		want   []Suggestion
	}{
		{"no competencies of mine", nil, map[string][]string{"b": {"ha"}}, nil},
		{"nothing shared", []string{"ha"}, map[string][]string{"b": {"sec"}}, nil},
		{"the most shared first", []string{"ha", "sec", "cloud"},
			map[string][]string{"b": {"cloud"}, "c": {"sec", "ha"}, "d": {"sap"}},
			[]Suggestion{{OrgID: "c", CompetencyID: "ha", Shared: []string{"ha", "sec"}}, {OrgID: "b", CompetencyID: "cloud", Shared: []string{"cloud"}}}},
		{"ties by id", []string{"ha"}, map[string][]string{"z": {"ha"}, "a": {"ha"}},
			[]Suggestion{{OrgID: "a", CompetencyID: "ha", Shared: []string{"ha"}}, {OrgID: "z", CompetencyID: "ha", Shared: []string{"ha"}}}},
		{"a competency named twice counts once", []string{"ha", "ha"}, map[string][]string{"b": {"ha"}},
			[]Suggestion{{OrgID: "b", CompetencyID: "ha", Shared: []string{"ha"}}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Match(c.mine, c.others); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}
