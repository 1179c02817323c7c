package app_test

import (
	"bytes"
	"context"
	"debug/elf"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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

// dockerfile is the Dockerfile's instructions, each with its arguments
// (continued lines joined), stage by stage.
func dockerfile(t *testing.T) [][][2]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var stages [][][2]string
	text := strings.ReplaceAll(string(b), "\\\n", " ")
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		word, args, _ := strings.Cut(line, " ")
		word = strings.ToUpper(word)
		if word == "FROM" {
			stages = append(stages, nil)
		}
		if len(stages) == 0 {
			t.Fatalf("Dockerfile: %q before FROM", line)
		}
		stages[len(stages)-1] = append(stages[len(stages)-1], [2]string{word, strings.TrimSpace(args)})
	}
	return stages
}

// The container image is pakt's static binary on an empty image, run as
// an unprivileged user with its data on a volume. Without a Docker daemon
// here, the test builds the binary with the Dockerfile's own command, lays
// out the image's files with its own script, and runs the binary chrooted
// into them as the image's user, with the image's environment: it seeds a
// demo into /data (the programme's time zone from the binary itself) and
// serves it until /readyz says ready.
func TestContainerImageRunsAsItsUserWithNothingButTheBinary(t *testing.T) {
	t.Parallel()
	stages := dockerfile(t)
	final := stages[len(stages)-1]
	has := func(word, args string) bool {
		for _, in := range final {
			if in[0] == word && in[1] == args {
				return true
			}
		}
		return false
	}
	for _, want := range [][2]string{{"FROM", "scratch"}, {"USER", "65532:65532"}, {"VOLUME", `["/data"]`}, {"ENTRYPOINT", `["/pakt"]`}, {"CMD", `["serve"]`}} {
		if !has(want[0], want[1]) {
			t.Errorf("the image's stage lacks %s %s", want[0], want[1])
		}
	}
	var build, env string
	for _, in := range stages[0] {
		if in[0] == "RUN" && strings.Contains(in[1], "go build") {
			build = in[1]
		}
	}
	for _, in := range final {
		if in[0] == "ENV" {
			env = in[1]
		}
	}
	if !strings.HasPrefix(build, "CGO_ENABLED=0 ") || !strings.Contains(build, "-o /out/pakt ") {
		t.Fatalf("the build stage's go build is not a static build into /out/pakt: %q", build)
	}
	if os.Geteuid() != 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must run as root: the image is tried in a chroot")
		}
		t.Skip("trying the image needs root (chroot)")
	}

	root := t.TempDir()
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(root, "pakt")
	cmd := exec.Command("sh", "-c", strings.Replace(build, "/out/pakt", bin, 1))
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", build, err, out)
	}
	if out, err := exec.Command("sh", filepath.Join("..", "..", "deploy", "rootfs.sh"), root).CombinedOutput(); err != nil {
		t.Fatalf("rootfs.sh: %v\n%s", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	libs, _ := f.ImportedLibraries()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary asks for a dynamic loader: the empty image has none")
		}
	}
	f.Close()
	if len(libs) > 0 {
		t.Errorf("the binary needs %v", libs)
	}
	if _, err := os.Stat(filepath.Join(root, "etc", "ssl", "certs", "ca-certificates.crt")); err != nil {
		t.Errorf("no CA certificates for TLS to the identity provider and webhook receivers: %v", err)
	}

	addr := freeAddr(t) // the image listens on 0.0.0.0:8080; the test on loopback only
	run := func(ctx context.Context, args ...string) *exec.Cmd {
		c := exec.CommandContext(ctx, "/pakt", args...)
		c.Dir = "/"
		c.Env = append(strings.Fields(env), "PAKT_ADDR="+addr)
		c.SysProcAttr = &syscall.SysProcAttr{Chroot: root, Credential: &syscall.Credential{Uid: 65532, Gid: 65532}}
		return c
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if out, err := run(ctx, "demo", "--no-serve", "--partners", "12").CombinedOutput(); err != nil {
		t.Fatalf("pakt demo in the image: %v\n%s", err, out)
	}
	st, err := os.Stat(filepath.Join(root, "data", "pakt.db"))
	if err != nil {
		t.Fatalf("no database on the volume: %v", err)
	}
	if owner := st.Sys().(*syscall.Stat_t).Uid; owner != 65532 {
		t.Errorf("the database belongs to %d, not the image's user", owner)
	}
	serve := run(ctx, "serve")
	var log bytes.Buffer
	serve.Stdout, serve.Stderr = &log, &log
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: 5 * time.Second}
	waitServing(t, client, addr)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		res, err := client.Get("http://" + addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready in the image:\n%s", log.String())
		}
	}
	res, err := client.Get("http://" + addr + "/login")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("login page: %v", err)
	}
	res.Body.Close()
	if err := serve.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := serve.Wait(); err != nil {
		t.Errorf("pakt serve stopped with %v\n%s", err, log.String())
	}
}
