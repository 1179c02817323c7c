package lifecycle

import "testing"

func TestChooseManager(t *testing.T) {
	bayern := ManagerRule{Kind: RuleRegion, Country: "DE", Region: "Bayern", ManagerID: "bavaria", Active: true}
	austria := ManagerRule{Kind: RuleRegion, Country: "AT", ManagerID: "austria", Active: true}
	cloud := ManagerRule{Kind: RuleCompetency, CompetencyID: "cloud", ManagerID: "cloud", Active: true}
	gone := ManagerRule{Kind: RuleRegion, Country: "CH", ManagerID: "gone", Active: false}
	rotation := []RotationManager{{ManagerID: "r1", Active: true}, {ManagerID: "off", Active: false}, {ManagerID: "r2", Active: true}}
	for _, c := range []struct {
		name     string
		facts    Facts
		rules    []ManagerRule
		rotation []RotationManager
		turn     int64
		want, by string
	}{
		{"region in another language", Facts{Country: "DE", Region: "Bavaria"}, []ManagerRule{bayern, cloud}, rotation, 0, "bavaria", ByRegion},
		{"country only", Facts{Country: "AT", Region: "Tirol"}, []ManagerRule{bayern, austria}, rotation, 0, "austria", ByRegion},
		{"first rule wins", Facts{Country: "DE", Region: "Bayern", Competencies: []string{"cloud"}}, []ManagerRule{cloud, bayern}, rotation, 0, "cloud", ByCompetency},
		{"order decides the other way", Facts{Country: "DE", Region: "Bayern", Competencies: []string{"cloud"}}, []ManagerRule{bayern, cloud}, rotation, 0, "bavaria", ByRegion},
		{"same country, other region", Facts{Country: "DE", Region: "Hessen"}, []ManagerRule{bayern}, rotation, 0, "r1", ByRotation},
		{"no region known", Facts{Country: "DE"}, []ManagerRule{bayern}, rotation, 1, "r2", ByRotation},
		{"competency rule", Facts{Country: "FR", Competencies: []string{"erp", "cloud"}}, []ManagerRule{bayern, cloud}, nil, 0, "cloud", ByCompetency},
		{"inactive manager's rule passed over", Facts{Country: "CH"}, []ManagerRule{gone}, rotation, 0, "r1", ByRotation},
		{"rotation skips the inactive", Facts{}, nil, rotation, 1, "r2", ByRotation},
		{"rotation wraps around", Facts{}, nil, rotation, 2, "r1", ByRotation},
		{"nothing configured", Facts{Country: "DE"}, nil, nil, 0, "", ""},
		{"no rule matches, nobody in the rotation", Facts{Country: "IT"}, []ManagerRule{bayern, austria}, []RotationManager{{ManagerID: "off"}}, 0, "", ""},
		{"an empty region rule matches nothing", Facts{Country: "DE"}, []ManagerRule{{Kind: RuleRegion, ManagerID: "x", Active: true}}, nil, 0, "", ""},
	} {
		got, by := ChooseManager(c.facts, c.rules, c.rotation, c.turn)
		if got != c.want || by != c.by {
			t.Errorf("%s: got %q by %q, want %q by %q", c.name, got, by, c.want, c.by)
		}
	}
}

// The round robin hands the prospects no rule covers to its managers in
// turn, across calls, while a rule's prospects do not use up a turn.
func TestRoundRobinAcrossCalls(t *testing.T) {
	rules := []ManagerRule{{Kind: RuleCompetency, CompetencyID: "cloud", ManagerID: "cloud", Active: true}}
	rotation := []RotationManager{{ManagerID: "a", Active: true}, {ManagerID: "b", Active: true}, {ManagerID: "c", Active: true}}
	var turn int64
	var got []string
	for _, f := range []Facts{{}, {Competencies: []string{"cloud"}}, {}, {}, {}, {Competencies: []string{"cloud"}}, {}} {
		id, by := ChooseManager(f, rules, rotation, turn)
		if by == ByRotation {
			turn++
		}
		got = append(got, id)
	}
	want := []string{"a", "cloud", "b", "c", "a", "cloud", "b"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("assignments: got %v, want %v", got, want)
		}
	}
}

func TestFactsOfFindsTheRegionOfTheCity(t *testing.T) {
	for _, c := range []struct {
		country, region, city, want string
	}{
		{"DE", "", "Nürnberg", "Bayern"},
		{"DE", "Hessen", "München", "Hessen"},
		{"CH", "", "Lausanne", "Waadt"},
		{"DE", "", "", ""},
		{"DE", "", "Gibtsnichtdorf", ""},
	} {
		if got := FactsOf(c.country, c.region, c.city, nil).Region; got != c.want {
			t.Errorf("%s %q %q: got region %q, want %q", c.country, c.region, c.city, got, c.want)
		}
	}
}
