package lifecycle

import (
	"reflect"
	"testing"

	"pakt/internal/apperr"
)

func TestGateCheck(t *testing.T) {
	g := DefaultGates()
	all := Evidence{CLevelMet: true, HasCase: true, BreakEvenMonth: 9, Assessed: true}
	with := func(f func(*Evidence)) Evidence { ev := all; f(&ev); return ev }
	miss := func(pairs ...string) []Missing {
		var out []Missing
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, Missing{Stage: pairs[i], Evidence: pairs[i+1]})
		}
		return out
	}
	cases := []struct {
		name     string
		gates    Gates
		from, to string
		ev       Evidence
		reason   string
		missing  []Missing
		verdict  Verdict
	}{
		{"ungated stage", g, Identified, Qualified, Evidence{}, "", nil, Pass},
		{"C-level met", g, CLevelMeeting, BusinessCase, all, "", nil, Pass},
		{"no C-level meeting", g, CLevelMeeting, BusinessCase, with(func(e *Evidence) { e.CLevelMet = false }), "", miss(BusinessCase, EvidenceCLevel), Refused},
		{"no C-level meeting, overridden", g, CLevelMeeting, BusinessCase, with(func(e *Evidence) { e.CLevelMet = false }), "Die Geschäftsführerin war krank", miss(BusinessCase, EvidenceCLevel), Overridden},
		{"a blank reason overrides nothing", g, CLevelMeeting, BusinessCase, with(func(e *Evidence) { e.CLevelMet = false }), " \t ", miss(BusinessCase, EvidenceCLevel), Refused},
		{"no business case", g, BusinessCase, Contract, with(func(e *Evidence) { e.HasCase, e.BreakEvenMonth = false, 0 }), "", miss(Contract, EvidenceBusinessCase), Refused},
		{"break-even in month 12", g, BusinessCase, Contract, with(func(e *Evidence) { e.BreakEvenMonth = 12 }), "", nil, Pass},
		{"break-even in month 13", g, BusinessCase, Contract, with(func(e *Evidence) { e.BreakEvenMonth = 13 }), "", miss(Contract, EvidenceBusinessCase), Refused},
		{"a case that never breaks even", g, BusinessCase, Contract, with(func(e *Evidence) { e.BreakEvenMonth = 0 }), "", miss(Contract, EvidenceBusinessCase), Refused},
		{"18 months allowed", Gates{Stages: g.Stages, BreakEvenMonths: 18}, BusinessCase, Contract, with(func(e *Evidence) { e.BreakEvenMonth = 13 }), "", nil, Pass},
		{"late case, overridden", g, BusinessCase, Contract, with(func(e *Evidence) { e.BreakEvenMonth = 20 }), "Strategischer Partner", miss(Contract, EvidenceBusinessCase), Overridden},
		{"not assessed", g, Onboarding, Won, with(func(e *Evidence) { e.Assessed = false }), "", miss(Won, EvidenceAssessment), Refused},
		{"a reason without anything missing is no override", g, Onboarding, Won, all, "sicher ist sicher", nil, Pass},
		// The hooks are not connected: nothing is known, every gate on
		// the way lacks its evidence.
		{"missing hooks: skipping to won", g, Qualified, Won, Evidence{}, "", miss(BusinessCase, EvidenceCLevel, Contract, EvidenceBusinessCase, Won, EvidenceAssessment), Refused},
		{"missing hooks: overridden", g, Qualified, Won, Evidence{}, "Vorstand hat entschieden", miss(BusinessCase, EvidenceCLevel, Contract, EvidenceBusinessCase, Won, EvidenceAssessment), Overridden},
		{"skipping a gated stage asks its evidence", g, FirstContact, Onboarding, with(func(e *Evidence) { e.CLevelMet = false }), "", miss(BusinessCase, EvidenceCLevel), Refused},
		{"out of lost crosses every gate", g, Lost, Contract, Evidence{}, "", miss(BusinessCase, EvidenceCLevel, Contract, EvidenceBusinessCase), Refused},
		{"moving back crosses none", g, Won, Qualified, Evidence{}, "", nil, Pass},
		{"losing crosses none", g, BusinessCase, Lost, Evidence{}, "", nil, Pass},
		{"staying crosses none", g, Contract, Contract, Evidence{}, "", nil, Pass},
		{"the same evidence is asked once", Gates{Stages: map[string][]string{Contract: {EvidenceAssessment}, Won: {EvidenceAssessment}}, BreakEvenMonths: 12},
			BusinessCase, Won, Evidence{}, "", miss(Contract, EvidenceAssessment), Refused},
		{"no gates", Gates{BreakEvenMonths: 12}, Identified, Won, Evidence{}, "", nil, Pass},
	}
	for _, c := range cases {
		got := c.gates.Check(c.from, c.to, c.ev)
		if !reflect.DeepEqual(got, c.missing) {
			t.Errorf("%s: missing %v, want %v", c.name, got, c.missing)
		}
		if v := Decide(got, c.reason); v != c.verdict {
			t.Errorf("%s: verdict %d, want %d", c.name, v, c.verdict)
		}
	}
}

func TestGatesAsked(t *testing.T) {
	g := DefaultGates()
	cases := []struct {
		from, to string
		want     []string
	}{
		{Identified, CLevelMeeting, nil},
		{CLevelMeeting, BusinessCase, []string{EvidenceCLevel}},
		{BusinessCase, Won, []string{EvidenceBusinessCase, EvidenceAssessment}},
		{Identified, Won, []string{EvidenceCLevel, EvidenceBusinessCase, EvidenceAssessment}},
		{Won, Identified, nil},
	}
	for _, c := range cases {
		if got := g.Asked(c.from, c.to); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s → %s asks %v, want %v", c.from, c.to, got, c.want)
		}
	}
}

func TestNextStage(t *testing.T) {
	for stage, want := range map[string]string{Identified: Qualified, Onboarding: Won, Won: "", Lost: "", "nowhere": ""} {
		if got := NextStage(stage); got != want {
			t.Errorf("after %s: %q, want %q", stage, got, want)
		}
	}
}

func TestGatesValidate(t *testing.T) {
	cases := []struct {
		name   string
		in     Gates
		field  string // "" valid
		stages map[string][]string
	}{
		{"defaults", DefaultGates(), "", DefaultGates().Stages},
		{"sorted, deduplicated, empty stages dropped", Gates{Stages: map[string][]string{Won: {EvidenceAssessment, EvidenceCLevel, EvidenceAssessment}, Contract: {}}, BreakEvenMonths: 36},
			"", map[string][]string{Won: {EvidenceCLevel, EvidenceAssessment}}},
		{"identified has no gate", Gates{Stages: map[string][]string{Identified: {EvidenceAssessment}}, BreakEvenMonths: 12}, "stages", nil},
		{"lost has no gate", Gates{Stages: map[string][]string{Lost: {EvidenceAssessment}}, BreakEvenMonths: 12}, "stages", nil},
		{"unknown evidence", Gates{Stages: map[string][]string{Won: {"handshake"}}, BreakEvenMonths: 12}, "stages", nil},
		{"months too few", Gates{BreakEvenMonths: 0}, "break_even_months", nil},
		{"months too many", Gates{BreakEvenMonths: 37}, "break_even_months", nil},
	}
	for _, c := range cases {
		err := c.in.Validate()
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			} else if !reflect.DeepEqual(c.in.Stages, c.stages) {
				t.Errorf("%s: stages %v, want %v", c.name, c.in.Stages, c.stages)
			}
			continue
		}
		e, ok := apperr.As(err)
		if !ok || e.Code != apperr.Invalid || len(e.Fields) == 0 || e.Fields[0].Field != c.field {
			t.Errorf("%s: got %v, want invalid %s", c.name, err, c.field)
		}
	}
}
