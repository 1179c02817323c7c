package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"pakt/internal/app"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

// TestMain lets the test binary stand in for the pakt binary: with
// PAKT_TEST_CHILD set it runs those arguments as a pakt command, so that
// the crash tests can kill a real pakt process.
func TestMain(m *testing.M) {
	if args := os.Getenv("PAKT_TEST_CHILD"); args != "" {
		os.Exit(app.Main(strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// child starts `pakt args…` as a process of its own.
func child(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PAKT_TEST_CHILD="+strings.Join(args, "\x1f"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd
}

// freeAddr returns an address on 127.0.0.1 that nothing listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// openDB opens the database at location; the caller closes it.
func openDB(t *testing.T, location string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), location)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// checkIntact fails the test unless a SQLite file passes its integrity
// check; it returns the legal names of the organisations.
func checkIntact(t *testing.T, location string) map[string]bool {
	t.Helper()
	ctx := context.Background()
	d := openDB(t, location)
	defer d.Close()
	if d.Engine == db.SQLite {
		var result string
		if err := d.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil || result != "ok" {
			t.Fatalf("integrity check after the kill: %q %v", result, err)
		}
	}
	names, err := db.Query(ctx, d, func(r db.Row) (string, error) {
		var s string
		return s, r.Scan(&s)
	}, `SELECT legal_name FROM organisations WHERE deleted_at IS NULL`)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out
}

// A pakt serve killed with SIGKILL while clients create organisations
// loses none whose creation it acknowledged, and a SQLite database passes
// the integrity check; a pakt import killed midway leaves all of its rows
// or none. On both engines; bounded: three kills of each, some seconds.
func TestNothingAcknowledgedIsLostWhenPaktIsKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills pakt processes")
	}
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) { killRounds(t, filepath.Join(t.TempDir(), "pakt.db")) })
	t.Run("postgres", func(t *testing.T) {
		u := dbtest.PostgresURL(t)
		if u == "" {
			t.Skip("PAKT_TEST_POSTGRES not set")
		}
		killRounds(t, u)
	})
}

// adminToken migrates the database at path and returns the API token of
// a new admin.
func adminToken(t *testing.T, path string) string {
	t.Helper()
	ctx := context.Background()
	a, err := app.Open(ctx, app.Config{Database: path, Migrate: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	email, name, role, pw := "admin@crash.example", "Crash Admin", auth.RoleAdmin, "a-long-password-1"
	u, err := a.Auth.CreateUser(ctx, auth.System, auth.UserInput{Email: &email, Name: &name, Role: &role, Password: &pw})
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := a.Auth.CreateToken(ctx, u.Actor(), "crash", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// waitServing waits until the pakt serve at addr answers /healthz.
func waitServing(t *testing.T, client *http.Client, addr string) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if res, err := client.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("pakt serve at %s did not start", addr)
		}
	}
}

// createPartner asks the pakt serve at addr to create an organisation
// named legal, in the language lang; the caller closes the body.
func createPartner(client *http.Client, addr, token, legal, lang string) (*http.Response, error) {
	body, err := json.Marshal(map[string]string{"legal_name": legal})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/api/v1/partners", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", lang)
	return client.Do(req)
}

func killRounds(t *testing.T, path string) {
	dir := t.TempDir()
	token := adminToken(t, path)

	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	t.Logf("random seed %d", seed)
	acked := map[string]bool{}
	for round := range 3 {
		addr := freeAddr(t)
		srv := child(t, "serve", "--database", path, "--addr", addr, "--log-level", "error")
		client := &http.Client{Timeout: 5 * time.Second}
		waitServing(t, client, addr)
		var mu sync.Mutex
		var wg sync.WaitGroup
		started := make(chan struct{})
		var once sync.Once
		for w := range 8 {
			wg.Go(func() {
				for n := 0; ; n++ {
					legal := fmt.Sprintf("Crash %d-%d-%d GmbH", round, w, n)
					res, err := createPartner(client, addr, token, legal, "en")
					if err != nil {
						return // killed
					}
					res.Body.Close()
					if res.StatusCode == http.StatusCreated {
						mu.Lock()
						acked[legal] = true
						mu.Unlock()
						once.Do(func() { close(started) })
					}
				}
			})
		}
		<-started
		time.Sleep(time.Duration(100+rng.IntN(700)) * time.Millisecond)
		srv.Process.Kill()
		srv.Wait()
		wg.Wait()
		have := checkIntact(t, path)
		lost := 0
		for legal := range acked {
			if !have[legal] {
				lost++
			}
		}
		if lost > 0 {
			t.Fatalf("round %d: %d of %d acknowledged creates lost", round, lost, len(acked))
		}
		t.Logf("round %d: %d creates acknowledged, all there", round, len(acked))
	}

	// The import: all rows or none, wherever the kill falls.
	var csv strings.Builder
	csv.WriteString("legal_name,city,country\n")
	const rows = 4000
	for i := range rows {
		fmt.Fprintf(&csv, "Import %d AG,Köln,DE\n", i)
	}
	file := filepath.Join(dir, "partners.csv")
	if err := os.WriteFile(file, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// One import to its end, for how long one takes; then kills at random
	// moments within that time.
	before := len(checkIntact(t, path))
	start := time.Now()
	full := child(t, "import", "partners", file, "--database", path, "--log-level", "error")
	if err := full.Wait(); err != nil {
		t.Fatalf("import: %v", err)
	}
	took := time.Since(start)
	if got := len(checkIntact(t, path)) - before; got != rows {
		t.Fatalf("the import to its end: %d of %d rows", got, rows)
	}
	for round := range 3 {
		before := checkIntact(t, path)
		imp := child(t, "import", "partners", file, "--database", path, "--log-level", "error")
		at := time.Duration(float64(took) * (0.2 + 0.75*rng.Float64()))
		time.Sleep(at)
		imp.Process.Kill()
		imp.Wait()
		after := checkIntact(t, path)
		imported := len(after) - len(before)
		if imported != 0 && imported != rows {
			t.Fatalf("import round %d: %d of %d rows imported", round, imported, rows)
		}
		t.Logf("import round %d: killed after %v of %v, %d rows imported", round, at.Round(time.Millisecond), took.Round(time.Millisecond), imported)
	}
}
