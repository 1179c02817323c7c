package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/lifecycle"
	"pakt/internal/partner"
)

// TestOpenAPIPassesTheLinter runs a third-party OpenAPI linter (Redocly's,
// with its recommended rules and tools/redocly.yaml) over the served
// document and fails on any error or warning.
func TestOpenAPIPassesTheLinter(t *testing.T) {
	t.Parallel()
	tools := apptest.Tools(t)
	s := apptest.Start(t)
	r := s.Anonymous().Get("/api/openapi.json")
	if r.Status != http.StatusOK {
		t.Fatalf("openapi.json: %d", r.Status)
	}
	doc := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(doc, []byte(r.Body), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(tools, "node_modules", ".bin", "redocly"), "lint", "--config", filepath.Join(tools, "redocly.yaml"),
		"--format", "json", "--max-problems", "10000", doc)
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var out struct {
		Totals   struct{ Errors, Warnings int }
		Problems []struct {
			RuleID, Severity, Message string
			Location                  []struct{ Pointer string }
		}
	}
	if err := json.Unmarshal([]byte(stdout.String()), &out); err != nil {
		t.Fatalf("redocly lint: %v (%v)\n%s\n%s", err, runErr, stdout.String(), stderr.String())
	}
	for _, p := range out.Problems {
		where := ""
		if len(p.Location) > 0 {
			where = p.Location[0].Pointer
		}
		t.Errorf("%s %s: %s at %s", p.Severity, p.RuleID, p.Message, where)
	}
	if len(out.Problems) == 0 && runErr != nil {
		t.Fatalf("redocly lint failed without naming a problem: %v\n%s", runErr, stderr.String())
	}
}

// TestAClientFollowingTheDocumentCreatesAnAPIToken builds the request body
// of createToken from the document alone, as a generated client would,
// and creates a token with it.
func TestAClientFollowingTheDocumentCreatesAnAPIToken(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	spec := apiDocument(t, s)
	var op map[string]any
	var path string
	for p, ops := range spec.Paths {
		for method, o := range ops {
			if o["operationId"] == "createToken" {
				op, path = o, p
				if method != "post" {
					t.Fatalf("createToken is %s", method)
				}
			}
		}
	}
	if op == nil {
		t.Fatal("no operation createToken")
	}
	schema := dig(op, "requestBody", "content", "application/json", "schema")
	if ref, ok := schema["$ref"].(string); ok {
		schema = spec.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")]
	}
	props, _ := schema["properties"].(map[string]any)
	body := map[string]any{}
	for name, p := range props {
		switch p.(map[string]any)["type"] {
		case "string":
			body[name] = "aus dem Dokument"
		case "integer":
			body[name] = 30
		default:
			t.Fatalf("createToken's property %s has the schema %v", name, p)
		}
	}
	required, _ := schema["required"].([]any)
	if len(required) == 0 || len(body) != 2 {
		t.Fatalf("createToken's body schema %v does not describe a token's name and lifetime", schema)
	}
	c := s.Login(s.CreateUser(auth.RoleManager, "").Email)
	r := c.JSON("POST", path, body)
	if r.Status != http.StatusCreated || !strings.Contains(r.Body, `"name":"aus dem Dokument"`) {
		t.Fatalf("token from the document's schema: %d %s", r.Status, r.Body)
	}
}

// document is the part of the OpenAPI document that clients read.
type document struct {
	Paths      map[string]map[string]map[string]any `json:"paths"`
	Components struct {
		Schemas map[string]map[string]any `json:"schemas"`
	} `json:"components"`
}

func apiDocument(t *testing.T, s *apptest.Server) document {
	t.Helper()
	var spec document
	s.Anonymous().Get("/api/openapi.json").JSON(t, &spec)
	return spec
}

// dig follows keys through nested JSON objects.
func dig(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		next, ok := m[k].(map[string]any)
		if !ok {
			panic(fmt.Sprintf("no object at %q in %v", k, m))
		}
		m = next
	}
	return m
}

// TestOpenAPIListsTheValuesTheRulesAccept checks that enumerations come
// from the lists the services validate against, in bodies and in query
// parameters.
func TestOpenAPIListsTheValuesTheRulesAccept(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	spec := apiDocument(t, s)
	tier := dig(spec.Components.Schemas["PartnerOrganisation"], "properties", "tier")
	if fmt.Sprint(tier["enum"]) != fmt.Sprint(partner.Tiers) {
		t.Errorf("an organisation's tier lists %v, the rules accept %v", tier["enum"], partner.Tiers)
	}
	var filter any
	for _, p := range spec.Paths["/api/v1/partners"]["get"]["parameters"].([]any) {
		if p := p.(map[string]any); p["name"] == "tier" {
			filter = dig(p, "schema", "items")["enum"]
		}
	}
	if fmt.Sprint(filter) != fmt.Sprint(partner.Tiers) {
		t.Errorf("the directory's tier filter lists %v, want %v", filter, partner.Tiers)
	}
	move := dig(spec.Paths["/api/v1/prospects/{id}/stage"]["post"], "requestBody", "content", "application/json", "schema", "properties", "stage")
	if fmt.Sprint(move["enum"]) != fmt.Sprint(lifecycle.Stages) {
		t.Errorf("moving a prospect lists the stages %v, want %v", move["enum"], lifecycle.Stages)
	}
}
