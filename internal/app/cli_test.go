package app_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pakt/internal/app"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/demo"
	"pakt/internal/lifecycle"
	"pakt/internal/portfolio"
)

func TestEveryCommandHasHelp(t *testing.T) {
	t.Parallel()
	code, out := apptest.CLI("--help")
	if code != 0 {
		t.Fatalf("pakt --help: exit %d", code)
	}
	for _, cmd := range []string{"serve", "migrate", "demo", "user create", "user reset-password", "import partners", "export partners", "backup", "restore", "copy", "bench directory", "bench creates", "bench mixed", "bench startup"} {
		if !strings.Contains(out, cmd) {
			t.Errorf("pakt --help does not list %q", cmd)
		}
		code, sub := apptest.CLI(append(strings.Fields(cmd), "--help")...)
		if code != 0 || !strings.Contains(sub, "Usage: pakt "+cmd) {
			t.Errorf("pakt %s --help: exit %d\n%s", cmd, code, sub)
		}
	}
	for _, env := range []string{"PAKT_DATABASE", "PAKT_DATA", "PAKT_TIMEZONE"} {
		if !strings.Contains(out, env) {
			t.Errorf("pakt --help does not name %s", env)
		}
	}
	if code, out := apptest.CLI("no-such-command"); code != 2 || !strings.Contains(out, "--help") {
		t.Errorf("unknown command: exit %d, %q", code, out)
	}
}

// An unknown programme time zone stops every command before it touches the
// database, with an error that names the setting.
func TestUnknownTimeZone(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pakt.db")
	code, out := apptest.CLI("migrate", "--database", db, "--timezone", "Europe/Atlantis")
	if code != 2 || !strings.Contains(out, "--timezone") || !strings.Contains(out, "PAKT_TIMEZONE") || !strings.Contains(out, `"Europe/Atlantis"`) {
		t.Errorf("--timezone Europe/Atlantis: exit %d, %q", code, out)
	}
	t.Setenv("PAKT_TIMEZONE", "Mitteleuropa")
	if code, out := apptest.CLI("migrate", "--database", db); code != 2 || !strings.Contains(out, "PAKT_TIMEZONE") || !strings.Contains(out, `"Mitteleuropa"`) {
		t.Errorf("PAKT_TIMEZONE=Mitteleuropa: exit %d, %q", code, out)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the database was touched: %v", err)
	}
	t.Setenv("PAKT_TIMEZONE", "UTC")
	if code, out := apptest.CLI("migrate", "--database", db); code != 0 {
		t.Errorf("PAKT_TIMEZONE=UTC: exit %d, %q", code, out)
	}
	// The same for a configuration built in code.
	if a, err := app.Open(context.Background(), app.Config{Database: db, TimeZone: "Berlin"}); err == nil || !strings.Contains(err.Error(), "PAKT_TIMEZONE") {
		if a != nil {
			a.Close()
		}
		t.Errorf("Open with the zone Berlin: %v", err)
	}
}

// A trusted proxy that is no IP address or range stops the server before
// it starts, with an error that names the setting.
func TestTrustedProxiesAreChecked(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pakt.db")
	if code, out := apptest.CLI("serve", "--database", db, "--trusted-proxies", "10.0.0.1,proxy.example"); code != 2 || !strings.Contains(out, "--trusted-proxies") || !strings.Contains(out, `"proxy.example"`) {
		t.Errorf("--trusted-proxies proxy.example: exit %d, %q", code, out)
	}
	t.Setenv("PAKT_TRUSTED_PROXIES", "10.0.0.0/8,nonsense")
	if code, out := apptest.CLI("demo", "--database", db, "--no-serve"); code != 2 || !strings.Contains(out, "PAKT_TRUSTED_PROXIES") || !strings.Contains(out, `"nonsense"`) {
		t.Errorf("PAKT_TRUSTED_PROXIES=…,nonsense: exit %d, %q", code, out)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the database was touched: %v", err)
	}
}

func TestCommandLineLifecycle(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "pakt.db")
	g := []string{"--database", db}
	cmd := func(args ...string) (int, string) { return apptest.CLI(append(args, g...)...) }

	if code, out := cmd("user", "create", "--admin", "--email", "a@x.example", "--name", "A", "--password", "long-enough-1"); code != 1 || !strings.Contains(out, "pakt migrate") {
		t.Fatalf("user create before migrate: exit %d, %q", code, out)
	}
	if code, out := cmd("migrate"); code != 0 || !strings.Contains(out, "schema version") {
		t.Fatalf("migrate: exit %d, %q", code, out)
	}
	if code, out := cmd("user", "create", "--admin", "--email", "Chefin@X.example", "--name", "Chefin", "--password", "long-enough-1"); code != 0 || !strings.Contains(out, "chefin@x.example") {
		t.Fatalf("user create: exit %d, %q", code, out)
	}
	if code, out := cmd("user", "create", "--admin", "--email", "chefin@x.example", "--name", "Again", "--password", "long-enough-1"); code != 1 || !strings.Contains(out, "email: This e-mail address is already taken") {
		t.Fatalf("duplicate user: exit %d, %q", code, out)
	}
	if code, out := cmd("user", "create", "--role", "partner_admin", "--email", "p@x.example", "--name", "P", "--password", "long-enough-1"); code != 1 || !strings.Contains(out, "org_id") {
		t.Fatalf("partner user without organisation: exit %d, %q", code, out)
	}
	if code, out := cmd("user", "reset-password", "--email", "chefin@x.example", "--password", "short"); code != 1 || !strings.Contains(out, "At least 10") {
		t.Fatalf("short reset: exit %d, %q", code, out)
	}
	if code, _ := cmd("user", "reset-password", "--email", "chefin@x.example", "--password", "another-long-1"); code != 0 {
		t.Fatalf("reset-password: exit %d", code)
	}

	// Import: one bad row and nothing is imported; the error names row and
	// column.
	good := "legal_name,city,country\nMüller IT GmbH & Co. KG,München,DE\nWeber Systeme AG,Köln,DE\n"
	bad := good + "Fehler GmbH,Ulm,XX\n"
	badFile := filepath.Join(dir, "bad.csv")
	os.WriteFile(badFile, []byte(bad), 0o644)
	code, out := cmd("import", "partners", badFile)
	if code != 1 || !strings.Contains(out, "row 4") || !strings.Contains(out, "country") {
		t.Fatalf("import with a bad row: exit %d, %q", code, out)
	}
	if code, out := cmd("export", "partners"); code != 0 || strings.Count(strings.TrimSpace(out), "\n") != 0 {
		t.Fatalf("after a refused import the export has rows: %q", out)
	}
	code, out = cmd("import", "partners", badFile, "--skip-invalid")
	if code != 0 || !strings.Contains(out, "imported 2") || !strings.Contains(out, "rejected 1") {
		t.Fatalf("import --skip-invalid: exit %d, %q", code, out)
	}
	rejected, err := os.ReadFile(filepath.Join(dir, "bad.rejected.csv"))
	if err != nil || !strings.Contains(string(rejected), "Fehler GmbH") {
		t.Fatalf("rejected rows file: %q, %v", rejected, err)
	}

	// Export, import into a second database, export again: the same bytes.
	exported := filepath.Join(dir, "export.csv")
	if code, out := cmd("export", "partners", exported); code != 0 {
		t.Fatalf("export: %q", out)
	}
	db2 := filepath.Join(dir, "second.db")
	apptest.CLI("migrate", "--database", db2)
	if code, out := apptest.CLI("import", "partners", exported, "--database", db2); code != 0 {
		t.Fatalf("re-import: %q", out)
	}
	code, again := apptest.CLI("export", "partners", "--database", db2)
	first, _ := os.ReadFile(exported)
	if code != 0 || again != string(first) {
		t.Fatalf("export after re-import differs:\n%s\n---\n%s", first, again)
	}

	backup := filepath.Join(dir, "backup.db")
	if code, out := cmd("backup", backup); code != 0 || !strings.Contains(out, backup) {
		t.Fatalf("backup: exit %d, %q", code, out)
	}
	if code, out := apptest.CLI("export", "partners", "--database", backup); code != 0 || out != string(first) {
		t.Fatalf("the backup does not hold the data: %q", out)
	}
	if code, _ := cmd("backup", backup); code != 1 {
		t.Fatal("a backup over an existing file succeeded")
	}

	// Backup → restore → export: the same bytes; restoring over data, or
	// a file that is no backup, is refused and changes nothing.
	restored := filepath.Join(dir, "restored", "pakt.db")
	if code, out := apptest.CLI("restore", backup, "--database", restored); code != 0 || !strings.Contains(out, "restored into") {
		t.Fatalf("restore: exit %d, %q", code, out)
	}
	if code, out := apptest.CLI("export", "partners", "--database", restored); code != 0 || out != string(first) {
		t.Fatalf("export after restore differs:\n%s\n---\n%s", first, out)
	}
	if code, out := apptest.CLI("restore", backup, "--database", restored); code != 1 || !strings.Contains(out, "holds tables already") {
		t.Fatalf("restore over data: exit %d, %q", code, out)
	}
	notABackup := filepath.Join(dir, "nothing.db")
	if code, out := apptest.CLI("restore", exported, "--database", notABackup); code != 1 || !strings.Contains(out, "no SQLite database") {
		t.Fatalf("restore of a CSV file: exit %d, %q", code, out)
	}
	if _, err := os.Stat(notABackup); !os.IsNotExist(err) {
		t.Errorf("a refused restore left %s: %v", notABackup, err)
	}
}

func TestDemoCommandFillsOnce(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "demo.db")
	code, out := apptest.CLI("demo", "--no-serve", "--partners", "30", "--database", db)
	if code != 0 || !strings.Contains(out, "admin@mueller-it.de") {
		t.Fatalf("demo: exit %d, %q", code, out)
	}
	code, out = apptest.CLI("demo", "--no-serve", "--database", db)
	if code != 0 || !strings.Contains(out, "not generated again") {
		t.Fatalf("second demo: exit %d, %q", code, out)
	}
	a, err := app.Open(context.Background(), app.Config{Database: db})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	res, err := a.Partners.Search(context.Background(), &auth.Actor{Role: auth.RoleAdmin}, partnerQuery("mueller it"))
	if err != nil || res.Total == 0 || res.Hits[0].LegalName != "Müller IT GmbH & Co. KG" {
		t.Fatalf("demo data search: %+v %v", res, err)
	}
}

func TestDemoFillsThePortfolio(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, out := apptest.CLI("demo", "--no-serve", "--database", db); code != 0 {
		t.Fatalf("demo: %q", out)
	}
	a, err := app.Open(context.Background(), app.Config{Database: db})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()
	staff := &auth.Actor{Role: auth.RoleAdmin} // the whole programme
	p, err := a.Portfolio.Portfolio(ctx, staff, time.Time{}, portfolio.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range portfolio.Quadrants {
		if p.Counts[q] < 10 {
			t.Errorf("demo portfolio has %d in %s, want a filled quadrant", p.Counts[q], q)
		}
	}
	moves, err := a.Portfolio.Migrations(ctx, staff, time.Now().AddDate(-1, 0, 0), time.Now(), portfolio.Filter{})
	if err != nil || len(moves) < 20 {
		t.Fatalf("demo migrations over the year: %d, %v", len(moves), err)
	}
	hero := 0
	for _, m := range moves {
		if m.LegalName == "Müller IT GmbH & Co. KG" && m.To == portfolio.Hero {
			hero++
		}
	}
	if hero != 1 {
		t.Errorf("Müller IT did not become a Hero over the year: %+v", moves[:3])
	}
}

func TestAssessmentsCSV(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code, out := apptest.CLI("demo", "--no-serve", "--partners", "20", "--database", db); code != 0 {
		t.Fatalf("demo: %q", out)
	}
	code, exported := apptest.CLI("export", "assessments", "--database", db)
	if code != 0 || !strings.HasPrefix(exported, "org_id,legal_name,assessed_on,assessor,note,profile,customer-base,") {
		t.Fatalf("export: %d %.200q", code, exported)
	}
	lines := strings.Split(strings.TrimSpace(exported), "\n")
	if len(lines) < 10 {
		t.Fatalf("export has %d lines", len(lines))
	}
	// One bad score and one unknown organisation: nothing is imported.
	cells := strings.Split(lines[1], ",")
	cells[6] = "9" // the first criterion's score
	bad := lines[0] + "\n" + strings.Join(cells, ",") + "\n" + strings.Replace(lines[2], lines[2][:36], "01234567-89ab-7def-8123-456789abcdef", 1) + "\n"
	file := filepath.Join(dir, "bad.csv")
	os.WriteFile(file, []byte(bad), 0o644)
	code, out := apptest.CLI("import", "assessments", file, "--database", db)
	if code != 1 || !strings.Contains(out, "row 2, column customer-base: Must be between 0 and 5.") || !strings.Contains(out, "row 3, column org_id") || !strings.Contains(out, "nothing was imported") {
		t.Fatalf("bad import: %d %q", code, out)
	}
	if _, again := apptest.CLI("export", "assessments", "--database", db); again != exported {
		t.Fatal("a refused import changed the assessments")
	}
	// The export imports back: every assessment once more.
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte(exported), 0o644)
	if code, out := apptest.CLI("import", "assessments", good, "--database", db); code != 0 || !strings.Contains(out, fmt.Sprintf("imported %d assessments", len(lines)-1)) {
		t.Fatalf("import of the export: %d %q", code, out)
	}
	// Each assessment comes back in its ideal-partner profile.
	_, twice := apptest.CLI("export", "assessments", "--database", db)
	for _, profile := range []string{",default,", ",cloud-integration-partner,", ",managed-service-partner,"} {
		if n := strings.Count(exported, profile); n == 0 || strings.Count(twice, profile) != 2*n {
			t.Errorf("%s: %d assessments exported, %d after importing them again", profile, n, strings.Count(twice, profile))
		}
	}
}

func TestDemoFillsThePipeline(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, out := apptest.CLI("demo", "--no-serve", "--partners", "20", "--database", db); code != 0 {
		t.Fatalf("demo: %q", out)
	}
	a, err := app.Open(context.Background(), app.Config{Database: db})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	columns, err := a.Pipeline.Board(context.Background(), &auth.Actor{Role: auth.RoleAdmin}, lifecycle.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	// Some prospects passed the stage gates with their evidence, others
	// by an override with a reason.
	met, overridden := 0, 0
	for _, c := range columns {
		if len(c.Cards) == 0 {
			t.Errorf("the demo pipeline has no prospect in stage %s", c.Stage)
		}
		for _, card := range c.Cards {
			p, err := a.Pipeline.Get(context.Background(), &auth.Actor{Role: auth.RoleAdmin}, card.OrgID)
			if err != nil {
				t.Fatal(err)
			}
			for _, ch := range p.History {
				switch {
				case ch.OverrideReason != "":
					overridden++
				case ch.To == lifecycle.Contract || ch.To == lifecycle.Won:
					met++
				}
			}
		}
	}
	if met == 0 || overridden == 0 {
		t.Errorf("the demo's prospects passed %d gates with their evidence and %d by an override; want both", met, overridden)
	}
	funnel, err := a.Pipeline.Funnel(context.Background(), &auth.Actor{Role: auth.RoleAdmin}, time.Time{}, time.Time{})
	if err != nil || len(funnel.Stages) == 0 || funnel.Stages[0].Entered < 20 {
		t.Fatalf("demo funnel: %+v, %v", funnel, err)
	}
	admin := &auth.Actor{Role: auth.RoleAdmin}
	overdue, err := a.Steering.OverdueList(context.Background(), admin, false)
	if err != nil || len(overdue) == 0 {
		t.Fatalf("the demo has no overdue contacts: %d, %v", len(overdue), err)
	}
	alerts, err := a.Enablement.Alerts(context.Background(), admin, "en")
	if err != nil || len(alerts) == 0 {
		t.Fatalf("the demo has no expiring certifications or overdue onboarding: %d, %v", len(alerts), err)
	}
}

func TestProspectsCSV(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code, out := apptest.CLI("demo", "--no-serve", "--partners", "10", "--database", db); code != 0 {
		t.Fatalf("demo: %q", out)
	}
	code, exported := apptest.CLI("export", "prospects", "--database", db)
	if code != 0 || !strings.HasPrefix(exported, "legal_name,domain,country,city,stage,owner_email,next_step,due_on,lost_reason\n") {
		t.Fatalf("export: %d %.200q", code, exported)
	}
	if !strings.Contains(exported, "@pakt.example") || !strings.Contains(exported, ",lost,") {
		t.Fatalf("export lacks owners or lost prospects:\n%s", exported)
	}
	// Errors in two rows: nothing is imported, each named by row and column.
	bad := "legal_name;stage;owner_email;due_on\nNeu Eins GmbH;qualified;anna.berger@pakt.example;2027-01-31\nNeu Zwei GmbH;verloren;;\nNeu Drei GmbH;;niemand@x.example;31.01.2027\n"
	file := filepath.Join(dir, "bad.csv")
	os.WriteFile(file, []byte(bad), 0o644)
	code, out := apptest.CLI("import", "prospects", file, "--database", db)
	if code != 1 || !strings.Contains(out, "row 4, column owner_email") || !strings.Contains(out, "nothing was imported") {
		t.Fatalf("bad import: %d %q", code, out)
	}
	bad = strings.Replace(bad, "niemand@x.example;31.01.2027", "tom.fischer@pakt.example;2027-01-31", 1)
	os.WriteFile(file, []byte(bad), 0o644)
	code, out = apptest.CLI("import", "prospects", file, "--database", db)
	if code != 1 || !strings.Contains(out, "row 3, column stage") {
		t.Fatalf("bad stage: %d %q", code, out)
	}
	if _, again := apptest.CLI("export", "prospects", "--database", db); again != exported {
		t.Fatal("a refused import changed the pipeline")
	}
	good := strings.Replace(bad, "Neu Zwei GmbH;verloren;;", "Neu Zwei GmbH;first_contact;;", 1)
	os.WriteFile(file, []byte(good), 0o644)
	if code, out := apptest.CLI("import", "prospects", file, "--database", db); code != 0 || !strings.Contains(out, "imported 3 prospects") {
		t.Fatalf("good import: %d %q", code, out)
	}
	_, after := apptest.CLI("export", "prospects", "--database", db)
	if !strings.Contains(after, "Neu Eins GmbH,,,,qualified,anna.berger@pakt.example,,2027-01-31,") {
		t.Fatalf("imported prospect not in the export:\n%s", after)
	}
}

// The privacy policy link of the self-assessment is an http(s) address or
// a path on the server; anything else stops the server before it starts,
// with an error that names the setting.
func TestPrivacyURLIsChecked(t *testing.T) {
	for s, ok := range map[string]bool{"": true, "https://example.com/datenschutz": true, "http://example.com/privacy?lang=de": true,
		"/privacy": true, "javascript:alert(1)": false, "//evil.example/x": false, "example.com/privacy": false, "https://": false,
		" https://example.com": false, "mailto:dsb@example.com": false} {
		if err := app.CheckPrivacyURL(s); (err == nil) != ok {
			t.Errorf("CheckPrivacyURL(%q): %v, want ok %v", s, err, ok)
		}
	}
	db := filepath.Join(t.TempDir(), "pakt.db")
	if code, out := apptest.CLI("serve", "--database", db, "--privacy-url", "javascript:alert(1)"); code != 2 || !strings.Contains(out, "--privacy-url") || !strings.Contains(out, `"javascript:alert(1)"`) {
		t.Errorf("--privacy-url javascript:…: exit %d, %q", code, out)
	}
	t.Setenv("PAKT_PRIVACY_URL", "ftp://example.com/privacy")
	if code, out := apptest.CLI("demo", "--database", db, "--no-serve"); code != 2 || !strings.Contains(out, "PAKT_PRIVACY_URL") {
		t.Errorf("PAKT_PRIVACY_URL=ftp://…: exit %d, %q", code, out)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the database was touched: %v", err)
	}
}

// `pakt demo` prints its address and the logins last, after the start-up
// logging (the demo's mail, written to the log without a mail server), so
// that a new user sees them at the bottom of the terminal.
func TestDemoPrintsAddressAndLoginsLast(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var out apptest.SyncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		cmd := &app.DemoCmd{ServerFlags: app.ServerFlags{Addr: "127.0.0.1:0", SMTPTLS: "starttls"}, Partners: 20, Seed: 1}
		done <- cmd.Run(ctx, &app.Globals{Database: filepath.Join(dir, "demo.db"), Data: dir, LogLevel: "info", TimeZone: "Europe/Berlin", LogTo: &out}, &out)
	}()
	deadline := time.Now().Add(2 * time.Minute)
	for !strings.Contains(out.String(), "Stop with Ctrl+C.") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	// Nothing the start-up does comes after the banner.
	time.Sleep(time.Second)
	text := out.String()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("demo: %v\n%s", err, text)
	}
	running := strings.Index(text, "pakt is running at http://127.0.0.1:")
	lastLog := strings.LastIndex(text, "level=")
	if running < 0 || !strings.HasSuffix(text, demo.LoginHelp+"Stop with Ctrl+C.\n") {
		t.Fatalf("the output does not end with the address, the logins and how to stop:\n%s", text)
	}
	if !strings.Contains(text, `msg="mail (no SMTP configured)"`) || lastLog > running {
		t.Errorf("the start-up logging (the demo's mail) is not all above the address:\n%s", text)
	}
}
