package leads

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"pakt/internal/apperr"
)

func TestExpiredAtTheDeadlineEdges(t *testing.T) {
	deadline := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		now  time.Time
		want bool
	}{
		{deadline.Add(-time.Microsecond), false},
		{deadline, false},
		{deadline.Add(time.Microsecond), true},
		{deadline.Add(time.Hour), true},
	} {
		if got := expired(deadline, tc.now); got != tc.want {
			t.Errorf("expired at %v: %v, want %v", tc.now.Sub(deadline), got, tc.want)
		}
	}
}

func TestNextInQueue(t *testing.T) {
	for _, tc := range []struct {
		queue   []string
		offered []string
		want    string
	}{
		{[]string{"a", "b", "c"}, nil, "a"},
		{[]string{"a", "b", "c"}, []string{"a"}, "b"},
		{[]string{"a", "b", "c"}, []string{"b", "a"}, "c"},
		{[]string{"a", "b"}, []string{"a", "b"}, ""},
		{nil, nil, ""},
	} {
		offered := map[string]bool{}
		for _, o := range tc.offered {
			offered[o] = true
		}
		if got := nextInQueue(tc.queue, offered); got != tc.want {
			t.Errorf("next of %v after %v: %q, want %q", tc.queue, tc.offered, got, tc.want)
		}
	}
}

func TestWithHistoryRanks(t *testing.T) {
	cands := []Candidate{{OrgID: "a", Name: "Alpha", Score: 50}, {OrgID: "b", Name: "Beta", Score: 45}, {OrgID: "c", Name: "Gamma", Score: 40},
		{OrgID: "d", Name: "Delta", Score: 45}}
	hist := map[string]History{"a": {Accepted: 0, Answered: 3}, "c": {Accepted: 4, Answered: 4}, "d": {Accepted: 1, Answered: 2}}
	got := withHistory(cands, hist, map[string]bool{"c": true}, func(acc, ans int) string { return fmt.Sprintf("%d/%d", acc, ans) })
	var order []string
	for _, c := range got {
		order = append(order, fmt.Sprintf("%s:%d:%v:%v", c.Name, c.Score, c.Reasons, c.Offered))
	}
	// Beta has no history (half the points); Delta ties with Beta and
	// sorts by name; Alpha declined everything.
	want := []string{"Gamma:60:[4/4]:true", "Beta:55:[]:false", "Delta:55:[1/2]:false", "Alpha:50:[0/3]:false"}
	if !slices.Equal(order, want) {
		t.Errorf("got %v, want %v", order, want)
	}
	if cands[0].Score != 50 {
		t.Error("withHistory changed its input")
	}
}

func TestRate(t *testing.T) {
	for _, tc := range []struct{ part, whole, want int }{{0, 0, 0}, {1, 3, 33}, {2, 3, 66}, {3, 3, 100}} {
		if got := Rate(tc.part, tc.whole); got != tc.want {
			t.Errorf("Rate(%d, %d) = %d, want %d", tc.part, tc.whole, got, tc.want)
		}
	}
}

func TestApplyLeadDefaultsAndLimits(t *testing.T) {
	known := func(id string) bool { return id == "cloud" }
	none := func(string) bool { return false }
	l := &Lead{Competencies: []string{}}
	err := applyLead(l, LeadInput{CustomerName: new(" Kunde  AG "), Country: new("de"), Competencies: &[]string{"cloud", " cloud "},
		WebDomain: new("https://www.Kunde.de/"), ContactEmail: new("a@kunde.de")}, known, none, true)
	if err != nil {
		t.Fatal(err)
	}
	if l.Country != "DE" || l.Currency != "EUR" || l.AnswerHours != DefaultAnswerHours || !slices.Equal(l.Competencies, []string{"cloud"}) ||
		l.WebDomain != "kunde.de" || l.CustomerName != "Kunde  AG" {
		t.Errorf("applied: %+v", l)
	}
	for _, tc := range []struct {
		in    LeadInput
		field string
	}{
		{LeadInput{AnswerHours: new(0)}, "answer_hours"},
		{LeadInput{AnswerHours: new(MaxAnswerHours + 1)}, "answer_hours"},
		{LeadInput{Competencies: &[]string{"unknown"}}, "competencies"},
		{LeadInput{CampaignID: new("nope")}, "campaign_id"},
		{LeadInput{ValueMinor: new(int64(-1))}, "value_minor"},
		{LeadInput{Industry: new("mining")}, "industry"},
		{LeadInput{ContactPhone: new("0171\n123")}, "contact_phone"},
	} {
		cp := *l
		e, ok := apperr.As(applyLead(&cp, tc.in, known, none, false))
		if !ok || !slices.ContainsFunc(e.Fields, func(f apperr.FieldError) bool { return f.Field == tc.field }) {
			t.Errorf("%+v: %v, want an error for %s", tc.in, e, tc.field)
		}
	}
}
