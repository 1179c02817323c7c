package portfolio

import (
	"strings"
	"testing"
)

func TestDotsEscapeAndPlace(t *testing.T) {
	t.Parallel()
	d := &portfolioData{Lang: "de", Portfolio: &Portfolio{Points: []Point{
		{OrgID: "o1", LegalName: `Böse <script>alert(1)</script> & Co "KG"`, CanTenths: 725, WillTenths: 300, Quadrant: Candidate},
	}}}
	got := string(d.Dots())
	for _, want := range []string{
		`cx="72.5" cy="70.0"`, // WILL 30 is 70 from the top
		`data-quadrant="candidate"`,
		`Böse &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co &#34;KG&#34;: KANN 72,5, WILL 30 (Kandidat)`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("dots lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "<script>") {
		t.Fatal("a name reached the page unescaped")
	}
}
