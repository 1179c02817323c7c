package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"pakt/internal/web"
)

// mountNSEnv marks the run of this test binary that a test started in a
// mount namespace of its own (see inMountNamespace).
const mountNSEnv = "PAKT_TEST_MOUNT_NS"

// inMountNamespace runs the calling test again in a copy of this test
// binary in a private mount namespace, where the test may mount file
// systems that no other process on the machine sees and that vanish with
// the process; it reports whether the caller is that copy, which then
// runs the test's body. The outer test passes or fails with the copy.
// Where the namespace cannot be made (not root), the test is skipped,
// except in CI.
func inMountNamespace(t *testing.T) bool {
	t.Helper()
	if os.Getenv(mountNSEnv) == t.Name() {
		return true
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), mountNSEnv+"="+t.Name())
	// Mounts made in the copy stay in it: Go makes / private there.
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS, Pdeathsig: syscall.SIGKILL}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	t.Log(out.String())
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		t.Fatalf("the test in its mount namespace failed: %v", err)
	case err != nil && os.Getenv("CI") == "":
		t.Skipf("outside CI: no mount namespace of its own here (needs root): %v", err)
	case err != nil:
		t.Fatalf("CI runs as root, but no mount namespace could be made: %v", err)
	case strings.Contains(out.String(), "--- SKIP") && os.Getenv("CI") != "":
		t.Fatal("CI runs as root, but the test skipped in its mount namespace")
	case strings.Contains(out.String(), "--- SKIP"):
		t.Skip("skipped in its mount namespace")
	}
	return false
}

// fillDisk writes a file into dir until the file system is full; it
// returns the file's path.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	// Never the machine's disk: only a small tmpfs.
	var fs syscall.Statfs_t
	if err := syscall.Statfs(dir, &fs); err != nil {
		t.Fatal(err)
	}
	const tmpfsMagic = 0x01021994
	if fs.Type != tmpfsMagic || uint64(fs.Blocks)*uint64(fs.Bsize) > 64<<20 {
		t.Fatalf("%s is no tmpfs of at most 64 MiB (type %#x, %d bytes): not filling it", dir, fs.Type, uint64(fs.Blocks)*uint64(fs.Bsize))
	}
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("fill the disk: %v, want ENOSPC at the end", err)
			}
			break
		}
	}
	for size := 4096; size >= 1; size /= 2 { // the last blocks, too
		for {
			if _, err := f.Write(chunk[:size]); err != nil {
				break
			}
		}
	}
	return path
}

// When the disk of a SQLite database fills up, a write answers 507 with a
// message in the reader's language saying that nothing was saved; reads go
// on, the server lives on, nothing acknowledged is lost, the database
// passes its integrity check, and once space is freed writes work again.
// The disk is a tmpfs of 8 MiB mounted in a mount namespace of the test's
// own.
func TestFullDiskRefusesWritesAndKeepsTheDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("mounts a file system and starts pakt serve")
	}
	if !inMountNamespace(t) {
		return
	}
	disk := t.TempDir()
	if err := syscall.Mount("pakt-test", disk, "tmpfs", 0, "size=8m,mode=0700"); err != nil {
		t.Skipf("mount a tmpfs: %v", err) // in CI the outer test fails on this
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(disk, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount the tmpfs: %v", err)
		}
	})
	path := filepath.Join(disk, "pakt.db")
	token := adminToken(t, path)
	addr := freeAddr(t)
	srv := child(t, "serve", "--database", path, "--addr", addr, "--log-level", "error")
	client := &http.Client{Timeout: 10 * time.Second}
	waitServing(t, client, addr)

	acked := map[string]string{} // legal name → id
	create := func(legal, lang string) (int, []byte) {
		t.Helper()
		res, err := createPartner(client, addr, token, legal, lang)
		if err != nil {
			t.Fatalf("create %s: %v (did the server die?)", legal, err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode == http.StatusCreated {
			var p struct{ ID string }
			if err := json.Unmarshal(b, &p); err != nil || p.ID == "" {
				t.Fatalf("create %s: 201 without an id: %s", legal, b)
			}
			acked[legal] = p.ID
		}
		return res.StatusCode, b
	}
	for i := range 20 {
		if code, b := create(fmt.Sprintf("Vorher %d GmbH", i), "en"); code != http.StatusCreated {
			t.Fatalf("before the disk is full: %d %s", code, b)
		}
	}

	// Fold the write-ahead log into the database and cut it to nothing,
	// so that the next write must grow a file; then fill the disk.
	d := openDB(t, path)
	var busy, wal, moved int
	err := d.Writer().QueryRowContext(context.Background(), `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &wal, &moved)
	d.Close()
	if err != nil || busy != 0 || wal != 0 {
		t.Fatalf("checkpoint: busy %d, %d pages left in the log, %v; want 0, 0", busy, wal, err)
	}
	filler := fillDisk(t, disk)

	var refused []string
	texts := map[string][2]string{
		"de": {"Speicherplatz voll", "Der Speicherplatz des Servers ist voll, deshalb wurde nichts gespeichert."},
		"en": {"Disk full", "The server's disk is full, so nothing was saved."},
	}
	for i := range 6 {
		lang := []string{"de", "en"}[i%2]
		legal := fmt.Sprintf("Voll %d GmbH", i)
		code, b := create(legal, lang)
		var p web.Problem
		if err := json.Unmarshal(b, &p); err != nil || code != http.StatusInsufficientStorage || p.Code != "insufficient_storage" ||
			p.Title != texts[lang][0] || !strings.HasPrefix(p.Detail, texts[lang][1]) {
			t.Fatalf("a create on the full disk (%s): %d %s; want 507, %q", lang, code, b, texts[lang])
		}
		if i == 0 {
			t.Logf("the answer on the full disk: %d %s", code, b)
		}
		refused = append(refused, legal)
	}
	// Reading goes on.
	for legal, id := range acked {
		req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/api/v1/partners/"+id, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK || !strings.Contains(string(b), legal) {
			t.Fatalf("reading %s on the full disk: %d %.300s %v", legal, res.StatusCode, b, err)
		}
		break
	}

	// Space freed: writes work again, without a restart.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if code, b := create(fmt.Sprintf("Danach %d GmbH", i), "en"); code != http.StatusCreated {
			t.Fatalf("after space was freed: %d %s, want 201", code, b)
		}
	}
	if srv.ProcessState != nil {
		t.Fatalf("pakt serve ended: %v", srv.ProcessState)
	}
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := srv.Wait(); err != nil {
		t.Fatalf("pakt serve's stop: %v; its output:\n%s", err, srv.Stdout)
	}
	have := checkIntact(t, path)
	for legal := range acked {
		if !have[legal] {
			t.Errorf("%s was acknowledged and is lost", legal)
		}
	}
	for _, legal := range refused {
		if have[legal] {
			t.Errorf("%s was refused (507) and is saved all the same", legal)
		}
	}
	t.Logf("%d creates acknowledged, all there; %d refused on the full disk, none there; integrity check ok", len(acked), len(refused))
}
