package web_test

import (
	"net/http"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/web"
)

func TestJSONBodyWithTrailingDataIsRefused(t *testing.T) {
	s := apptest.Start(t)
	c := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
	for _, body := range []string{`{"legal_name": "Nachlauf GmbH"} xyz`, `{"legal_name": "Nachlauf GmbH"}{}`, `{"legal_name": "Nachlauf GmbH"}}`} {
		r := c.Do("POST", "/api/v1/partners", "application/json", strings.NewReader(body))
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("body %q: %d, want 422", body, r.Status)
			continue
		}
		var p web.Problem
		r.JSON(t, &p)
		if len(p.Errors) != 1 || p.Errors[0].Field != "body" {
			t.Errorf("body %q: %d %+v, want 422 naming body", body, r.Status, p)
		}
	}
	var list web.List[map[string]any]
	c.Get("/api/v1/partners?q=Nachlauf").JSON(t, &list)
	if list.Total != 0 {
		t.Fatalf("refused bodies created %d partners", list.Total)
	}
	if r := c.Do("POST", "/api/v1/partners", "application/json", strings.NewReader("{\"legal_name\": \"Nachlauf GmbH\"}\n\t ")); r.Status != http.StatusCreated {
		t.Fatalf("a body with trailing white space: %d %s, want 201", r.Status, r.Body)
	}
}

func TestStaticServesOnlyFiles(t *testing.T) {
	s := apptest.Start(t)
	c := s.Anonymous()
	if r := c.Get("/static/app.css"); r.Status != http.StatusOK {
		t.Fatalf("/static/app.css: %d", r.Status)
	}
	for _, p := range []string{"/static/", "/static/%ff", "/static/%ff/app.css", "/static/app.css/", "/static/nothing.js"} {
		r := c.Get(p)
		if r.Status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, r.Status)
		}
		// A listing links the files by their bare names.
		if strings.Contains(r.Body, `href="app.css"`) || strings.Contains(r.Body, `href="htmx`) {
			t.Errorf("%s lists the files: %.200s", p, r.Body)
		}
	}
}
