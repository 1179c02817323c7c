package apptest

// The tests run two npm tools that pakt does not ship: the OpenAPI linter
// (@redocly/cli) and the accessibility checker (axe-core), pinned in
// tools/package.json and tools/package-lock.json. `.ci/run` installs them
// with `npm ci --prefix tools`; a test that needs them installs them the
// same way when npm is on PATH, so `go test ./...` needs no extra step.
// Without npm the test skips, unless PAKT_TEST_TOOLS=required (CI), which
// makes a missing tool a failure.

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
)

var (
	toolsOnce sync.Once
	toolsDir  string
	toolsErr  string
)

// Tools returns the repository's tools directory with its npm packages
// installed, installing them on first use.
func Tools(t *testing.T) string {
	t.Helper()
	toolsOnce.Do(func() { toolsDir, toolsErr = installTools() })
	if toolsErr != "" {
		if os.Getenv("PAKT_TEST_TOOLS") == "required" {
			t.Fatal(toolsErr)
		}
		t.Skip(toolsErr + " (set PAKT_TEST_TOOLS=required to fail instead)")
	}
	return toolsDir
}

// installTools runs `npm ci` in the tools directory unless its packages
// are there; it holds a lock file so that test binaries of several packages
// running at once install only once.
func installTools() (dir, problem string) {
	root, err := repoRoot()
	if err != nil {
		return "", err.Error()
	}
	dir = filepath.Join(root, "tools")
	installed := func() bool {
		_, err1 := os.Stat(filepath.Join(dir, "node_modules", ".bin", "redocly"))
		_, err2 := os.Stat(filepath.Join(dir, "node_modules", "axe-core", "axe.min.js"))
		return err1 == nil && err2 == nil
	}
	if installed() {
		return dir, ""
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "", "the test tools are not installed (npm ci --prefix tools) and npm is not on PATH"
	}
	unlock, err := lockFile(filepath.Join(os.TempDir(), "pakt-tools.lock"))
	if err != nil {
		return "", "lock for installing the test tools: " + err.Error()
	}
	defer unlock()
	if installed() { // another test binary installed them meanwhile
		return dir, ""
	}
	cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund", "--prefix", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", "npm ci --prefix tools: " + err.Error() + "\n" + string(out)
	}
	return dir, ""
}

// repoRoot is the directory of go.mod above the test's working directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// lockFile takes an exclusive lock on path, waiting for it, and returns its
// release.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
