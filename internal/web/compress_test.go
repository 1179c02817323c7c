package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/web"
)

// raw fetches a path as a German browser that accepts the encoding, with
// c's cookies, and returns the body as it came.
func raw(t *testing.T, s *apptest.Server, c *apptest.Client, path, encoding string) (*http.Response, []byte) {
	t.Helper()
	return send(t, c.HTTP.Jar, "GET", s.URL+path, map[string]string{"Accept-Encoding": encoding, "Accept-Language": "de"})
}

// directory starts a server with a partner and returns a manager's client
// and the hashed addresses of the style sheet and of htmx that the
// directory page links.
func directory(t *testing.T) (s *apptest.Server, c *apptest.Client, css, js string) {
	t.Helper()
	s = apptest.Start(t)
	s.Org("Kompressions GmbH")
	c = s.Login(s.CreateUser(auth.RoleManager, "").Email)
	page := c.Get("/partners")
	cssLink := regexp.MustCompile(`href="(/static/app\.[0-9a-f]{8}\.css)"`).FindStringSubmatch(page.Body)
	jsLink := regexp.MustCompile(`src="(/static/htmx-2\.0\.8\.min\.[0-9a-f]{8}\.js)"`).FindStringSubmatch(page.Body)
	if cssLink == nil || jsLink == nil {
		t.Fatalf("the directory links no hashed style or htmx:\n%s", page.Body)
	}
	return s, c, cssLink[1], jsLink[1]
}

// decode decompresses a body of the coding, gzip or br.
func decode(t *testing.T, coding string, b []byte) string {
	t.Helper()
	var r io.Reader = brotli.NewReader(bytes.NewReader(b))
	if coding == "gzip" {
		z, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("not gzip: %v", err)
		}
		r = z
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("broken %s: %v", coding, err)
	}
	return string(out)
}

// Pages, JSON, styles and scripts travel compressed to a browser that
// accepts it (brotli where offered, as browsers do over HTTPS, else gzip)
// and decompress to the very answer an uncompressing client gets; tiny
// answers are sent as they are.
func TestCompressedAnswers(t *testing.T) {
	s, c, css, js := directory(t)
	for _, path := range []string{"/partners", "/api/openapi.json", css, js, "/no/such/page"} {
		plain, plainBody := raw(t, s, c, path, "identity")
		if plain.Header.Get("Content-Encoding") != "" || !strings.Contains(plain.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s without compression: Content-Encoding %q, Vary %q", path, plain.Header.Get("Content-Encoding"), plain.Header.Get("Vary"))
		}
		for accept, coding := range map[string]string{"gzip, deflate": "gzip", "gzip, deflate, br, zstd": "br", "br;q=0, gzip": "gzip", "*": "br"} {
			res, body := raw(t, s, c, path, accept)
			if res.Header.Get("Content-Encoding") != coding || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("%s, Accept-Encoding %s: Content-Encoding %q, Vary %q, want %s and Accept-Encoding", path, accept, res.Header.Get("Content-Encoding"), res.Header.Get("Vary"), coding)
				continue
			}
			if res.StatusCode != plain.StatusCode || decode(t, coding, body) != string(plainBody) {
				t.Errorf("%s, %s: the decompressed answer %d differs from the plain %d", path, coding, res.StatusCode, plain.StatusCode)
			}
			if len(body) >= len(plainBody) {
				t.Errorf("%s, %s: %d compressed bytes for %d plain", path, coding, len(body), len(plainBody))
			}
		}
	}
	if res, body := raw(t, s, c, "/healthz", "gzip, br"); res.Header.Get("Content-Encoding") != "" || string(body) != "ok\n" {
		t.Errorf("/healthz: %q %q, want a plain ok", res.Header.Get("Content-Encoding"), body)
	}
}

// Already compressed content (a PDF) and content a handler encoded itself
// pass unchanged.
func TestCompressionLeavesEncodedContent(t *testing.T) {
	s, err := web.New(slog.New(slog.NewTextHandler(io.Discard, nil)), nil, "")
	if err != nil {
		t.Fatal(err)
	}
	pdf := "%PDF-1.7\n" + strings.Repeat("binary", 1000)
	s.HandleFunc("GET /doc.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		io.WriteString(w, pdf)
	})
	s.HandleFunc("GET /encoded", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Encoding", "gzip")
		var b bytes.Buffer
		z := gzip.NewWriter(&b)
		io.WriteString(z, strings.Repeat("text ", 1000))
		z.Close()
		w.Write(b.Bytes())
	})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	for path, want := range map[string]string{"/doc.pdf": pdf, "/encoded": strings.Repeat("text ", 1000)} {
		res, b := send(t, nil, "GET", srv.URL+path, map[string]string{"Accept-Encoding": "gzip"})
		got := string(b)
		if path == "/encoded" {
			got = decode(t, "gzip", b)
		} else if res.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s was compressed", path)
		}
		if got != want {
			t.Errorf("%s: the body changed (%d bytes)", path, len(got))
		}
	}
}
