package lifecycle

import (
	"testing"
	"time"
)

func TestFunnel(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	d := func(n int) time.Time { return t0.AddDate(0, 0, n) }
	ch := func(org, to string, at time.Time) Change { return Change{OrgID: org, To: to, At: at} }
	type row struct {
		entered, movedOn int
		conv, days       float64 // -1: nil
	}
	f := func(x *float64) float64 {
		if x == nil {
			return -1
		}
		return *x
	}
	tests := []struct {
		name    string
		changes []Change
		now     time.Time
		want    map[string]row
	}{
		{"no prospects", nil, d(10), map[string]row{
			Identified: {0, 0, -1, -1}, Won: {0, 0, -1, -1},
		}},
		{"all lost in the first stage", []Change{
			ch("a", Identified, d(0)), ch("a", Lost, d(2)),
			ch("b", Identified, d(0)), ch("b", Lost, d(4)),
		}, d(30), map[string]row{
			Identified: {2, 0, 0, 3}, Qualified: {0, 0, -1, -1},
		}},
		{"skipping stages passes them", []Change{
			ch("a", Identified, d(0)), ch("a", CLevelMeeting, d(1)), ch("a", Won, d(11)),
		}, d(30), map[string]row{
			Identified: {1, 1, 100, 1}, Qualified: {1, 1, 100, -1}, FirstContact: {1, 1, 100, -1},
			CLevelMeeting: {1, 1, 100, 10}, Onboarding: {1, 1, 100, -1}, Won: {1, 0, -1, -1},
		}},
		{"median of an even count", []Change{
			ch("a", Identified, d(0)), ch("a", Qualified, d(1)),
			ch("b", Identified, d(0)), ch("b", Qualified, d(2)),
			ch("c", Identified, d(0)), ch("c", Qualified, d(4)),
			ch("d", Identified, d(0)), ch("d", Qualified, d(8)),
		}, d(8), map[string]row{
			Identified: {4, 4, 100, 3}, Qualified: {4, 0, 0, 5}, // stays of 7, 6, 4 and 0 days,
		}},
		{"a stage never left is measured up to now", []Change{
			ch("a", Identified, d(0)), ch("a", Qualified, d(5)),
		}, d(12), map[string]row{
			Identified: {1, 1, 100, 5}, Qualified: {1, 0, 0, 7},
		}},
		{"moving back keeps the furthest stage and adds the stays", []Change{
			ch("a", Identified, d(0)), ch("a", Contract, d(1)), ch("a", Identified, d(3)), ch("a", Lost, d(5)),
		}, d(20), map[string]row{
			Identified: {1, 1, 100, 3}, Contract: {1, 0, 0, 2},
		}},
		{"one of three moves on", []Change{
			ch("a", Identified, d(0)), ch("a", Qualified, d(1)), ch("a", Lost, d(2)),
			ch("b", Identified, d(0)), ch("b", Lost, d(1)),
			ch("c", Identified, d(0)), ch("c", Lost, d(1)),
		}, d(20), map[string]row{
			Identified: {3, 1, 33.3, 1}, Qualified: {1, 0, 0, 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Funnel(tt.changes, tt.now)
			if len(got) != 8 {
				t.Fatalf("got %d stages, want 8 (identified to won)", len(got))
			}
			for _, g := range got {
				w, ok := tt.want[g.Stage]
				if !ok {
					continue
				}
				if g.Entered != w.entered || g.MovedOn != w.movedOn || f(g.ConversionPercent) != w.conv || f(g.MedianDays) != w.days {
					t.Errorf("%s: got entered %d, moved on %d, conversion %v, median days %v; want %d, %d, %v, %v",
						g.Stage, g.Entered, g.MovedOn, f(g.ConversionPercent), f(g.MedianDays), w.entered, w.movedOn, w.conv, w.days)
				}
			}
		})
	}
}
