package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
)

// Each feature keeps its authorisation matrix in its own folder, and that
// matrix fails on any of the feature's routes without a case. This test
// closes the circle: every route has an owner, and every owner has a
// matrix that checks its routes.
func TestEveryFeatureHasItsMatrix(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	owners := map[string]int{}
	for _, r := range s.App.Web.Routes() {
		if r.Owner == "" {
			t.Errorf("route %q has no owning feature", r.Pattern)
		}
		owners[r.Owner]++
	}
	for owner, n := range owners {
		// A feature's folder is internal/<owner>, or a part's
		// internal/<feature>/<owner> (the association's parts).
		file := filepath.Join("..", owner, "authz_test.go")
		// A part of a feature lives in the feature's folder (community/dues).
		if nested, _ := filepath.Glob(filepath.Join("..", "*", owner, "authz_test.go")); len(nested) == 1 {
			file = nested[0]
		}
		b, err := os.ReadFile(file)
		if os.IsNotExist(err) {
			file = filepath.Join("..", "community", owner, "authz_test.go")
			b, err = os.ReadFile(file)
		}
		if err != nil || !strings.Contains(string(b), `apptest.Matrix(t, "`+owner+`"`) {
			t.Errorf("%s registers %d routes but %s runs no apptest.Matrix for it (%v)", owner, n, file, err)
		}
	}
	if len(owners) < 12 {
		t.Errorf("only %d features own routes: %v", len(owners), owners)
	}
}
