package portfolio

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestChartEscapesPlacesAndGroups(t *testing.T) {
	t.Parallel()
	d := &portfolioData{Lang: "de", Query: url.Values{"tier": {"gold"}}, Portfolio: &Portfolio{
		Thresholds: Thresholds{Can: 60, Will: 50},
		Counts:     map[Quadrant]int{Candidate: 1, Hero: 2},
		Points: []Point{
			{OrgID: "o1", LegalName: `Böse <script>alert(1)</script> & Co "KG"`, CanTenths: 725, WillTenths: 300, Quadrant: Candidate},
			{OrgID: "o2", LegalName: "Zwilling A", CanTenths: 800, WillTenths: 800, Quadrant: Hero},
			{OrgID: "o3", LegalName: "Zwilling B", CanTenths: 800, WillTenths: 800, Quadrant: Hero},
		}}}
	got := string(d.Chart())
	for _, want := range []string{
		`cx="72.5" cy="70.0" r="1.4" data-org="o1" data-quadrant="candidate"`, // WILL 30 is 70 from the top
		`aria-label="Böse &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co &#34;KG&#34;: KANN 72,5, WILL 30 (Kandidat)"`,
		// Two partners with the same scores are one larger point with
		// their count, which lists the quadrant's partners.
		`aria-label="2 Partner mit denselben Werten – KANN 80, WILL 80 (Held der Arbeit): Zwilling A, Zwilling B"`,
		`r="2.8" data-orgs="o2 o3"`,
		`>2</text>`,
		// Quadrants link to their lists and keep the filter.
		`href="/portfolio?quadrant=hero&amp;tier=gold#quadrant-list" class="quadrant" aria-label="Held der Arbeit: die 2 Partner dieses Quadranten auflisten"`,
		// The thresholds are labelled on the axes.
		`class="tick threshold-value" x="60" y="105" text-anchor="middle">60<`,
		`class="tick threshold-value" x="-2" y="51" text-anchor="end">50<`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the chart lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "<script>") {
		t.Fatal("a name reached the page unescaped")
	}
	if n := strings.Count(got, `class="point"`); n != 2 {
		t.Errorf("%d points drawn, want 2 (one for the twins)", n)
	}
	// The regular tick at 50 gives way to the WILL threshold's label.
	if regexp.MustCompile(`class="tick" x="-2" y="51"`).MatchString(got) {
		t.Error("a tick overlaps the threshold's label")
	}
	// The quadrants' names stand outside the plot (0–100), where no point
	// can cover them.
	for _, m := range regexp.MustCompile(`class="qlabel" x="[0-9.-]+" y="([0-9.-]+)"`).FindAllStringSubmatch(got, -1) {
		if y := m[1]; y != "-3" && y != "112" {
			t.Errorf("a quadrant's name at y=%s, inside the plot", y)
		}
	}
}

func TestQuadrantListIsBounded(t *testing.T) {
	t.Parallel()
	d := &portfolioData{Lang: "de", Portfolio: &Portfolio{}}
	for i := range listLimit + 5 {
		d.Portfolio.Points = append(d.Portfolio.Points, Point{OrgID: "o", LegalName: "Partner " + strings.Repeat("x", i%7), Quadrant: Vampire})
	}
	d.Portfolio.Points = append(d.Portfolio.Points, Point{LegalName: "Held", Quadrant: Hero})
	d.listQuadrant("vampire")
	if d.InQuadrant != listLimit+5 || len(d.Listed) != listLimit {
		t.Fatalf("listed %d of %d, want %d of %d", len(d.Listed), d.InQuadrant, listLimit, listLimit+5)
	}
	d = &portfolioData{Lang: "de", Portfolio: d.Portfolio}
	d.listQuadrant("nonsense")
	if d.Quadrant != "" || d.Listed != nil {
		t.Fatal("an unknown quadrant lists partners")
	}
}
