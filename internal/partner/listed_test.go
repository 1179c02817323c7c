package partner_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"pakt/internal/auth"
	"pakt/internal/partner"
)

// Listed is the rule; these are its cases, one per reason to be left out.
func TestListed(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind, status       string
		published, deleted bool
		want               bool
	}{
		{partner.KindPartner, "active", true, false, true},
		{partner.KindMember, "onboarding", true, false, true},
		{partner.KindPartner, "paused", true, false, true},
		{partner.KindPartner, "active", false, false, false},
		{partner.KindPartner, "active", true, true, false},
		{partner.KindPartner, partner.StatusEnded, true, false, false},
		{partner.KindProspect, "prospect", true, false, false},
		{partner.KindOwner, "active", true, false, false},
	} {
		if got := partner.Listed(c.kind, c.status, c.published, c.deleted); got != c.want {
			t.Errorf("Listed(%s, %s, published %v, deleted %v) = %v, want %v", c.kind, c.status, c.published, c.deleted, got, c.want)
		}
	}
	other := &partner.Organisation{ID: "b", Kind: partner.KindPartner, Status: partner.StatusEnded, Published: true}
	own := &auth.Actor{Role: auth.RolePartnerMember, OrgID: "b"}
	if !partner.CanView(own, other) || partner.CanView(&auth.Actor{Role: auth.RolePartnerAdmin, OrgID: "a"}, other) ||
		!partner.CanView(&auth.Actor{Role: auth.RoleManager}, other) || partner.CanView(&auth.Actor{Role: auth.RoleRecruiter}, other) {
		t.Error("CanView: an ended partner is seen by its own users and staff only")
	}
}

// sqlPublished finds a filter on an organisation's published column in SQL
// text: "o.published", "organisations.published", or "published" in a
// statement on the organisations table.
var (
	sqlPublished   = regexp.MustCompile(`(?i)\b\w+\.published\b`)
	sqlPublishedOn = regexp.MustCompile(`(?i)\bpublished\s*(=|<>|IS)`)
)

// No feature filters organisations by published itself: every one asks
// partner.Listed, ListedSQL or NameableSQL, so that the rule of who appears
// to other partners cannot drift. The check reads the SQL in every Go file
// outside this package (tests and demo data included, since they show how
// features are written).
func TestOnlyPartnerFiltersByPublished(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if filepath.Base(path) == "partner" && filepath.Dir(path) == root {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s := lit.Value
			onOrgs := strings.Contains(s, "organisations") && sqlPublishedOn.MatchString(s)
			if sqlPublished.MatchString(s) || onOrgs {
				t.Errorf("%s: filters organisations by published itself; use partner.ListedSQL or NameableSQL", fset.Position(lit.Pos()))
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
