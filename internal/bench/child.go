package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// child is `pakt serve` running as a child process of the benchmark on a
// free port of 127.0.0.1, with a temporary data directory. It stops when
// the benchmark calls stop, and on Linux also when the benchmark dies.
type child struct {
	cmd     *exec.Cmd
	url     string
	started time.Time
	log     *tail
	done    chan struct{}
	err     error
}

// startChild starts o.Executable serve on the database at location.
func startChild(o Options, location, dataDir string) (*child, error) {
	if o.Executable == "" {
		return nil, errors.New("bench: Options.Executable (the pakt binary) is required")
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(o.Executable, "--data", dataDir, "--log-level", "warn", "serve", "--addr", addr)
	// The database goes in the environment, where a password in it is not
	// shown to other users as the arguments are; the last value counts.
	cmd.Env = append(append(os.Environ(), "PAKT_DATABASE="+location), o.Env...)
	c := &child{cmd: cmd, url: "http://" + addr, log: &tail{max: 8 << 10}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = io.Discard, c.log
	dieWithParent(cmd)
	c.started = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: start %s serve: %w", o.Executable, err)
	}
	go func() { c.err = cmd.Wait(); close(c.done) }()
	return c, nil
}

// freePort returns a port of 127.0.0.1 that nothing listens on now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// exited returns an error with the end of the child's log once the child
// has ended, nil while it runs.
func (c *child) exited() error {
	select {
	case <-c.done:
		return fmt.Errorf("bench: pakt serve at %s ended (%v); its log ends with:\n%s", c.url, c.err, c.log)
	default:
		return nil
	}
}

// stop asks the child to shut down (SIGTERM, as Ctrl+C) and kills it when
// it has not ended after 15 seconds.
func (c *child) stop() error {
	if c == nil {
		return nil
	}
	select {
	case <-c.done:
		return nil
	default:
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
		return nil
	case <-time.After(15 * time.Second):
		c.cmd.Process.Kill()
		<-c.done
		return fmt.Errorf("bench: pakt serve at %s did not stop within 15s and was killed", c.url)
	}
}

// Memory is the resident memory of a process in bytes: now (VmRSS) and
// the peak (VmHWM), from /proc/PID/status. Both are 0 where /proc is
// unavailable.
type Memory struct {
	RSS, Peak uint64
}

// memory reads the child's resident memory.
func (c *child) memory() (Memory, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return Memory{}, err
	}
	defer f.Close()
	var m Memory
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			return Memory{}, fmt.Errorf("bench: /proc status %s: %w", name, err)
		}
		if name == "VmRSS" {
			m.RSS = kb << 10
		} else {
			m.Peak = kb << 10
		}
	}
	return m, sc.Err()
}

// status sends GET path with the token and returns the status code and
// the body.
func status(ctx context.Context, client *http.Client, url, token string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

// waitReady polls the child's /readyz until it answers 200 (the directory
// index is complete) or anything but 503 (not ready yet) and returns the
// time from the child's start with the status: a server without /readyz
// answers 404 or sends the caller to the login. Refused connections are
// polled again.
func (c *child) waitReady(ctx context.Context, client *http.Client, every time.Duration) (time.Duration, int, error) {
	for {
		code, _, err := status(ctx, client, c.url+"/readyz", "")
		if err == nil && code != http.StatusServiceUnavailable {
			return time.Since(c.started), code, nil
		}
		if err := c.exited(); err != nil {
			return 0, 0, err
		}
		select {
		case <-ctx.Done():
			return 0, 0, fmt.Errorf("bench: pakt serve at %s not ready: %w", c.url, context.Cause(ctx))
		case <-time.After(every):
		}
	}
}

// waitSearch sends GET path with the token until it answers 200 and
// returns the time from the child's start with the body. Refused
// connections (the child is not listening yet) are tried again at once;
// other answers are errors.
// waitSearch sends GET path until it is answered and returns when that
// was, counted from the child's start, and how long the answering request
// itself took.
func (c *child) waitSearch(ctx context.Context, client *http.Client, path, token string) (at, took time.Duration, err error) {
	for {
		sent := time.Now()
		code, body, err := status(ctx, client, c.url+path, token)
		if err == nil {
			if code != http.StatusOK {
				return 0, 0, fmt.Errorf("bench: GET %s: status %d: %.300s", path, code, body)
			}
			return time.Since(c.started), time.Since(sent), nil
		}
		if err := c.exited(); err != nil {
			return 0, 0, err
		}
		if ctx.Err() != nil {
			return 0, 0, fmt.Errorf("bench: pakt serve at %s did not answer: %w", c.url, context.Cause(ctx))
		}
		time.Sleep(time.Millisecond)
	}
}

// up waits until the child serves: /readyz says 200 or is missing, and
// a directory search with the token answers.
func (c *child) up(ctx context.Context, client *http.Client, token string) error {
	if _, _, err := c.waitSearch(ctx, client, "/api/v1/partners?per_page=1", token); err != nil {
		return err
	}
	_, _, err := c.waitReady(ctx, client, 50*time.Millisecond)
	return err
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = t.b[len(t.b)-t.max:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(bytes.TrimSpace(t.b))
}

// newClient returns an HTTP client that keeps a connection per concurrent
// request (the default transport keeps only 2 per host) and follows no
// redirect: a request the server sends elsewhere (to the login) is an
// answer of its own.
func newClient(concurrency int) *http.Client {
	return &http.Client{Timeout: time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{
			MaxIdleConns: concurrency + 8, MaxIdleConnsPerHost: concurrency + 8, IdleConnTimeout: time.Minute}}
}
