package bench

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"time"

	"pakt/internal/db"
)

// ErrNoPostgres says that no PostgreSQL server programs (initdb, postgres)
// are installed, or none can run here.
var ErrNoPostgres = errors.New("bench: no PostgreSQL server programs found (initdb and postgres in PATH or /usr/lib/postgresql/*/bin)")

// Postgres is a PostgreSQL server of the benchmark's own: a new cluster
// made with the installed server's initdb in a temporary directory,
// listening on a free port of 127.0.0.1 only, with a random password,
// never the server other programs use. The server runs as a child
// process (the postmaster itself, not daemonised by pg_ctl) so that the
// kernel stops it when the benchmark dies; Stop and Start restart it on
// the same port and data. Close stops it and removes the directory. As
// root, initdb and the server run as the user postgres, as they must.
type Postgres struct {
	// URL is the benchmark's database, with the password.
	URL string

	bin, dir, password string
	port               int
	cred               *syscall.Credential
	proc               *exec.Cmd
	done               chan struct{} // closed when proc has ended
	exit               error         // how proc ended, once done is closed
	log                *tail
}

// postgresBin finds the directory of initdb and postgres: the one of
// initdb in PATH, else the newest /usr/lib/postgresql/*/bin.
func postgresBin() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	dirs, err := filepath.Glob("/usr/lib/postgresql/*/bin")
	if err != nil {
		return "", err
	}
	slices.SortFunc(dirs, func(a, b string) int {
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(a)))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(b)))
		return va - vb
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i], nil
		}
	}
	return "", ErrNoPostgres
}

// StartPostgres makes a new cluster and starts its server, with an empty
// database "pakt".
func StartPostgres(ctx context.Context) (_ *Postgres, err error) {
	bin, err := postgresBin()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "pakt-bench-pg-")
	if err != nil {
		return nil, err
	}
	p := &Postgres{bin: bin, dir: dir, log: &tail{max: 8 << 10}}
	defer func() {
		if err != nil {
			err = errors.Join(err, p.Close())
		}
	}()
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root.
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("%w: running as root needs the user postgres: %v", ErrNoPostgres, err)
		}
		uid, err := strconv.Atoi(u.Uid)
		if err != nil {
			return nil, err
		}
		gid, err := strconv.Atoi(u.Gid)
		if err != nil {
			return nil, err
		}
		p.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
	}
	pw := make([]byte, 16)
	if _, err := rand.Read(pw); err != nil {
		return nil, err
	}
	p.password = hex.EncodeToString(pw)
	pwfile := filepath.Join(dir, "password")
	if err := os.WriteFile(pwfile, []byte(p.password+"\n"), 0o600); err != nil {
		return nil, err
	}
	if p.cred != nil {
		if err := os.Chown(pwfile, int(p.cred.Uid), int(p.cred.Gid)); err != nil {
			return nil, err
		}
	}
	// --no-sync: only initdb's own files are not flushed; the server
	// flushes every commit as in production (fsync stays on).
	initdb := exec.CommandContext(ctx, filepath.Join(bin, "initdb"), "-D", filepath.Join(dir, "data"), "-U", "postgres",
		"--pwfile", pwfile, "-A", "scram-sha-256", "-E", "UTF8", "--locale", "C.UTF-8", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: p.cred, Pdeathsig: syscall.SIGKILL}
	if out, err := initdb.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("bench: initdb: %v: %s", err, out)
	}
	if p.port, err = freePort(); err != nil {
		return nil, err
	}
	if err := p.Start(ctx); err != nil {
		return nil, err
	}
	admin, err := sql.Open("pgx", p.url("postgres"))
	if err != nil {
		return nil, err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE pakt`); err != nil {
		return nil, fmt.Errorf("bench: create the database: %w", err)
	}
	p.URL = p.url("pakt")
	return p, nil
}

func (p *Postgres) url(database string) string {
	return fmt.Sprintf("postgres://postgres:%s@127.0.0.1:%d/%s?sslmode=disable", p.password, p.port, database)
}

// Start starts the server and returns once it accepts connections.
func (p *Postgres) Start(ctx context.Context) error {
	if p.proc != nil {
		return errors.New("bench: the PostgreSQL server runs already")
	}
	cmd := exec.Command(filepath.Join(p.bin, "postgres"), "-D", filepath.Join(p.dir, "data"),
		"-c", "listen_addresses=127.0.0.1", "-p", strconv.Itoa(p.port), "-c", "unix_socket_directories="+p.dir,
		"-c", "max_connections=200")
	cmd.Stdout, cmd.Stderr = p.log, p.log
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: p.cred, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("bench: start postgres: %w", err)
	}
	done := make(chan struct{})
	go func() { p.exit = cmd.Wait(); close(done) }()
	p.proc, p.done = cmd, done
	probe, err := sql.Open("pgx", p.url("postgres")+"&connect_timeout=2")
	if err != nil {
		return err
	}
	defer probe.Close()
	deadline := time.Now().Add(time.Minute)
	for {
		err := probe.PingContext(ctx)
		if err == nil {
			return nil
		}
		select {
		case <-done:
			p.proc = nil
			return fmt.Errorf("bench: postgres ended at its start (%v): %s", p.exit, p.log)
		default:
		}
		if ctx.Err() != nil || time.Now().After(deadline) || !db.IsUnavailable(err) {
			return fmt.Errorf("bench: postgres does not accept connections: %w; its log ends with: %s", err, p.log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop stops the server as `pg_ctl stop` does in the mode given: "fast"
// (SIGINT: sessions are ended, a checkpoint written) or "immediate"
// (SIGQUIT: no checkpoint, crash recovery at the next start). It returns
// once the server has ended; after 30 seconds it kills it.
func (p *Postgres) Stop(mode string) error {
	if p.proc == nil {
		return nil
	}
	sig := syscall.SIGINT
	if mode == "immediate" {
		sig = syscall.SIGQUIT
	}
	if err := p.proc.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	var err error
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		err = errors.Join(errors.New("bench: postgres did not stop within 30s and was killed"), p.proc.Process.Kill())
		<-p.done
	}
	p.proc = nil
	return err
}

// Close stops the server and removes its directory.
func (p *Postgres) Close() error {
	return errors.Join(p.Stop("fast"), os.RemoveAll(p.dir))
}
