package app_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The systemd units of docs/deploy.md are ones systemd takes without a
// complaint: every key known, every value parsed. (The check runs where
// systemd-analyze is installed.)
func TestSystemdUnitsVerify(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze not installed")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"pakt.service", "pakt-backup.service", "pakt-backup.timer"} {
		unit, err := os.ReadFile(filepath.Join("..", "..", "deploy", name))
		if err != nil {
			t.Fatal(err)
		}
		// The binary and the settings file are the installation's; here
		// the test binary stands in, and the settings file may be missing.
		text := strings.ReplaceAll(string(unit), "/usr/local/bin/pakt ", self+" ")
		text = strings.ReplaceAll(text, "EnvironmentFile=/etc/pakt/pakt.env", "EnvironmentFile=-/etc/pakt/pakt.env")
		if strings.HasSuffix(name, ".service") && !strings.Contains(text, self) {
			t.Fatalf("%s no longer runs /usr/local/bin/pakt: update this test", name)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	out, err := exec.Command(bin, append([]string{"verify"}, paths...)...).CombinedOutput()
	if err != nil || strings.Contains(string(out), dir) {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}
