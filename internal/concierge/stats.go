package concierge

import (
	"cmp"
	"slices"
	"time"
)

// Stats are the concierge's figures for staff.
type Stats struct {
	// Introductions counts every introduction requested.
	Introductions int            `json:"introductions"`
	ByStatus      map[string]int `json:"by_status"`
	// Answered counts the accepted and declined ones.
	Answered int `json:"answered"`
	Accepted int `json:"accepted"`
	// AcceptancePercent is accepted of answered, null while none was
	// answered.
	AcceptancePercent *int `json:"acceptance_percent"`
	// MedianAnswerHours is the median time from the request to the
	// answer, null while none was answered.
	MedianAnswerHours *int           `json:"median_answer_hours"`
	Topics            []TopicStats   `json:"topics"`
	Outcomes          map[string]int `json:"outcomes"`
}

// TopicStats are the figures of one topic: a competency, or a free-text
// topic when no competency was named.
type TopicStats struct {
	Topic         string `json:"topic"`
	CompetencyID  string `json:"competency_id,omitempty"`
	Introductions int    `json:"introductions"`
	Accepted      int    `json:"accepted"`
	// Outcomes counts the accepted introductions by combined outcome;
	// "open" are those neither side reported on yet.
	Outcomes map[string]int `json:"outcomes"`
}

// OutcomeOpen is the outcome of an accepted introduction neither side
// reported on.
const OutcomeOpen = "open"

// ComputeStats sums up introductions; topic names a topic (a competency's
// name in the reader's language, or the free text), by which they are
// grouped. Topics are ordered by count, then name.
func ComputeStats(list []*Introduction, topic func(in *Introduction) string) *Stats {
	s := &Stats{ByStatus: map[string]int{}, Topics: []TopicStats{}, Outcomes: map[string]int{}}
	for _, st := range Statuses {
		s.ByStatus[st] = 0
	}
	var took []time.Duration
	byTopic := map[string]*TopicStats{}
	for _, in := range list {
		s.Introductions++
		s.ByStatus[in.Status]++
		name := topic(in)
		key := in.CompetencyID
		if key == "" {
			key = "text:" + name
		}
		ts := byTopic[key]
		if ts == nil {
			ts = &TopicStats{Topic: name, CompetencyID: in.CompetencyID, Outcomes: map[string]int{}}
			byTopic[key] = ts
		}
		ts.Introductions++
		if in.AnsweredAt != nil && in.RequestedAt != nil && (in.Status == StatusAccepted || in.Status == StatusDeclined) {
			s.Answered++
			took = append(took, in.AnsweredAt.Sub(*in.RequestedAt))
		}
		if in.Status == StatusAccepted {
			s.Accepted++
			ts.Accepted++
			o := CombinedOutcome(in.AskerOutcome, in.TargetOutcome)
			if o == "" {
				o = OutcomeOpen
			}
			ts.Outcomes[o]++
			s.Outcomes[o]++
		}
	}
	if s.Answered > 0 {
		p := s.Accepted * 100 / s.Answered
		h := int(median(took) / time.Hour)
		s.AcceptancePercent, s.MedianAnswerHours = &p, &h
	}
	for _, ts := range byTopic {
		s.Topics = append(s.Topics, *ts)
	}
	slices.SortFunc(s.Topics, func(a, b TopicStats) int {
		if c := cmp.Compare(b.Introductions, a.Introductions); c != 0 {
			return c
		}
		return cmp.Compare(a.Topic, b.Topic)
	})
	return s
}

// AcceptPct is the acceptance rate in percent, 0 while none was answered.
func (s *Stats) AcceptPct() int {
	if s.AcceptancePercent == nil {
		return 0
	}
	return *s.AcceptancePercent
}

// AnswerHours is the median time to answer in whole hours, 0 while none
// was answered.
func (s *Stats) AnswerHours() int {
	if s.MedianAnswerHours == nil {
		return 0
	}
	return *s.MedianAnswerHours
}

// AnswerDays is the median time to answer in whole days.
func (s *Stats) AnswerDays() int { return s.AnswerHours() / 24 }
