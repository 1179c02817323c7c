package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/web"
)

// A static file's name changes exactly when its content does, so that a
// browser that keeps it for a year never shows an old style or script.
func TestAssetNamesFollowTheContent(t *testing.T) {
	url := func(files fstest.MapFS, name string) string {
		t.Helper()
		a, err := web.HashAssets(files)
		if err != nil {
			t.Fatal(err)
		}
		u, err := a.URL(name)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	before := url(fstest.MapFS{"app.css": {Data: []byte("body { color: black }")}, "x.js": {Data: []byte("1")}}, "app.css")
	same := url(fstest.MapFS{"app.css": {Data: []byte("body { color: black }")}, "x.js": {Data: []byte("2")}}, "app.css")
	after := url(fstest.MapFS{"app.css": {Data: []byte("body { color: navy }")}}, "app.css")
	if !regexp.MustCompile(`^/static/app\.[0-9a-f]{8}\.css$`).MatchString(before) {
		t.Errorf("hashed name %q, want /static/app.<8 hex digits>.css", before)
	}
	if before != same {
		t.Errorf("another file's change renamed app.css: %s → %s", before, same)
	}
	if before == after {
		t.Errorf("changed content kept the name %s", before)
	}
	a, _ := web.HashAssets(fstest.MapFS{"app.css": {Data: []byte("x")}})
	if u, err := a.URL("missing.css"); err == nil {
		t.Errorf("a missing file has the address %q", u)
	}
}

// Styles and scripts are linked under hashed names a browser keeps for a
// year; their plain names still answer, with a short cache.
func TestHashedAssets(t *testing.T) {
	_, c, css, js := directory(t)
	for path, cache := range map[string]string{css: "public, max-age=31536000, immutable", js: "public, max-age=31536000, immutable", "/static/app.css": "public, max-age=300"} {
		r := c.Get(path)
		if r.Status != http.StatusOK || r.Header.Get("Cache-Control") != cache {
			t.Errorf("%s: %d, Cache-Control %q, want 200 and %q", path, r.Status, r.Header.Get("Cache-Control"), cache)
		}
	}
	if hashed, plain := c.Get(css), c.Get("/static/app.css"); hashed.Body != plain.Body || !strings.HasPrefix(hashed.Header.Get("Content-Type"), "text/css") {
		t.Errorf("the hashed and plain style sheets differ, or the type is %q", hashed.Header.Get("Content-Type"))
	}
	if r := c.Get(strings.Replace(css, ".css", "0.css", 1)); r.Status != http.StatusNotFound {
		t.Errorf("a wrong hash: %d, want 404", r.Status)
	}
}

// htmx is loaded by the pages that use it (the directory's search as you
// type), with the configuration that swaps refused forms; other pages load
// no script.
func TestHTMXOnlyWhereUsed(t *testing.T) {
	s := apptest.Start(t)
	c := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
	for path, wants := range map[string]bool{"/partners": true, "/": false, "/account": false} {
		r := c.Get(path)
		if r.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, r.Status)
		}
		script := strings.Contains(r.Body, "<script") && strings.Contains(r.Body, "htmx-2.0.8.min.")
		config := strings.Contains(r.Body, `<meta name="htmx-config"`) && strings.Contains(r.Body, `"409|422","swap":true`)
		if script != wants || config != wants {
			t.Errorf("%s: htmx script %v, configuration %v, want %v", path, script, config, wants)
		}
	}
	if r := s.Anonymous().Get("/login"); strings.Contains(r.Body, "htmx") {
		t.Errorf("the login page loads htmx:\n%s", r.Body)
	}
}
