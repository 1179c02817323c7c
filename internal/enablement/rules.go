// Package enablement holds onboarding and enablement: checklist templates
// per tier, the onboarding tasks of each organisation, the training
// catalogue, what each tier requires and the certifications of partners'
// people with their expiry.
package enablement

import (
	"slices"
	"strings"
	"time"
)

// WarnDays is how many days before its expiry a certification is flagged.
const WarnDays = 60

// The sides responsible for an onboarding task.
const (
	ResponsibleProgramme = "programme"
	ResponsiblePartner   = "partner"
)

// Responsibles lists the sides a task can be the responsibility of.
var Responsibles = []string{ResponsibleProgramme, ResponsiblePartner}

// Status is the state of a certification on a given day.
type Status string

// The states of a certification.
const (
	StatusValid    Status = "valid"
	StatusExpiring Status = "expiring"
	StatusExpired  Status = "expired"
)

// Day returns the calendar day (UTC) of t at midnight.
func Day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// ExpiryStatus returns the state on day today of a certification that
// expires on expires (nil: never). A certification is valid through its
// expiry day and expiring when that day is at most WarnDays ahead.
func ExpiryStatus(expires *time.Time, today time.Time) Status {
	if expires == nil {
		return StatusValid
	}
	e, d := Day(*expires), Day(today)
	switch {
	case e.Before(d):
		return StatusExpired
	case !e.After(d.AddDate(0, 0, WarnDays)):
		return StatusExpiring
	}
	return StatusValid
}

// Overdue reports whether a task due on due and done or not is overdue on
// day today: not done and due before today.
func Overdue(due time.Time, done bool, today time.Time) bool {
	return !done && Day(due).Before(Day(today))
}

// ExpiresOn returns the expiry day of a certification achieved on achieved
// for a training valid for months months (0: no expiry).
func ExpiresOn(achieved time.Time, months int) *time.Time {
	if months <= 0 {
		return nil
	}
	e := Day(achieved).AddDate(0, months, 0)
	return &e
}

// Coverage is one requirement of a tier against what a partner holds.
type Coverage struct {
	TrainingID string `json:"training_id"`
	NameDE     string `json:"name_de"`
	NameEN     string `json:"name_en"`
	Required   int    `json:"required"`
	// Has counts the people with a valid certification, expiring ones
	// included; Expiring counts those among them that expire soon.
	Has      int  `json:"has"`
	Expiring int  `json:"expiring"`
	Met      bool `json:"met"`
	// Unverified counts the further people whose valid certification
	// staff have not verified yet: they do not count.
	Unverified int `json:"unverified"`
}

// Name returns the training's name in lang.
func (c Coverage) Name(lang string) string {
	if lang == "de" {
		return c.NameDE
	}
	return c.NameEN
}

// ComputeCoverage returns, for each requirement, how many different people
// hold a valid and verified certification of its training on day today. A
// person is counted once per training, by their best certification.
func ComputeCoverage(reqs []*Requirement, certs []*Certification, today time.Time) []Coverage {
	out := make([]Coverage, 0, len(reqs))
	for _, r := range reqs {
		best := map[string]Status{}
		unverified := map[string]bool{}
		for _, c := range certs {
			if c.TrainingID != r.TrainingID {
				continue
			}
			st := ExpiryStatus(c.ExpiresOn, today)
			if st == StatusExpired {
				continue
			}
			key := personKey(c)
			if c.VerifiedAt == nil {
				unverified[key] = true
				continue
			}
			if prev, ok := best[key]; !ok || prev == StatusExpiring {
				best[key] = st
			}
		}
		cv := Coverage{TrainingID: r.TrainingID, NameDE: r.NameDE, NameEN: r.NameEN, Required: r.Required}
		for key := range unverified {
			if _, ok := best[key]; !ok {
				cv.Unverified++
			}
		}
		for _, st := range best {
			cv.Has++
			if st == StatusExpiring {
				cv.Expiring++
			}
		}
		cv.Met = cv.Has >= cv.Required
		out = append(out, cv)
	}
	return out
}

// personKey names the person of a certification: by e-mail when given,
// else by name, case and spacing ignored, so that "Max Müller" and
// "max  müller" are one person.
func personKey(c *Certification) string {
	if e := strings.ToLower(strings.TrimSpace(c.Email)); e != "" {
		return "e:" + e
	}
	return "n:" + strings.ToLower(strings.Join(strings.Fields(c.Person), " "))
}

// Twin returns the certification among certs of the same person and
// training as c, or nil: a person holds a training's certification once.
func Twin(c *Certification, certs []*Certification) *Certification {
	key := personKey(c)
	for _, x := range certs {
		if x.TrainingID == c.TrainingID && personKey(x) == key {
			return x
		}
	}
	return nil
}

// Alert is one item of the enablement card: a certification expiring soon
// (or expired) or an overdue onboarding task.
type Alert struct {
	Kind    string    `json:"kind"` // "certification" or "task"
	OrgID   string    `json:"org_id"`
	OrgName string    `json:"org_name"`
	Title   string    `json:"title"`
	Date    time.Time `json:"date"`
	Status  Status    `json:"status,omitempty"`
}

// SortAlerts orders alerts most urgent first, by date, and keeps at most n.
func SortAlerts(a []Alert, n int) []Alert {
	slices.SortStableFunc(a, func(x, y Alert) int { return x.Date.Compare(y.Date) })
	if len(a) > n {
		a = a[:n]
	}
	return a
}

// Onboarded reports whether a partner in status becomes active because its
// onboarding checklist is complete: it is still onboarding, has a
// checklist, and none of its tasks is open. A partner paused or ended
// stays as it is; one without tasks was never given a checklist to
// complete.
func Onboarded(status string, open, total int) bool {
	return status == "onboarding" && total > 0 && open == 0
}
