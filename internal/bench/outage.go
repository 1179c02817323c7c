package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// Outage is what the clients of a mixed run met while its database was
// stopped and started again (MixedOptions.RestartDB). Times are from the
// start of the load.
type Outage struct {
	// Mode is how the server was stopped: "fast" or "immediate".
	Mode string
	// StoppedAt is when the stop began, Restarted when the server accepted
	// connections again; Stopping is how long the stop took (the server
	// ends its sessions and, stopped fast, writes a checkpoint).
	StoppedAt, Restarted, Stopping time.Duration
	// Unavailable counts the answers 503 with Retry-After, Failed every
	// other failure (another status, a transport error or a timeout) in
	// the whole run.
	Unavailable, Failed int
	// During are the answers (successes and 503s alike) to the requests
	// under way while the database was away (sent before Restarted,
	// answered after StoppedAt), After the successful answers to those
	// sent after it was back.
	During, After Stats
	// FirstSuccess is the time from Restarted until the first successful
	// answer to a request sent after it; LastUnavailable until the end of
	// the last 503 (0: none after the restart).
	FirstSuccess, LastUnavailable time.Duration
	// Acknowledged counts the creates answered 201 with their id, Lost
	// those of them that are not in the database at the end.
	Acknowledged, Lost int
	// Ready is each server's /readyz status at the end (200: the index,
	// the database and its schema are all there again).
	Ready []int
}

// outageTimes are the moments of a restart, from the start of the load.
type outageTimes struct {
	mode                     string
	stop, stopped, restarted time.Duration
	err                      error
}

// restartDuring waits until at after start, stops pg in the mode given
// (as `pg_ctl stop -m mode`), keeps it away for down and starts it again.
func restartDuring(ctx context.Context, pg *Postgres, mode string, start time.Time, at, down time.Duration) outageTimes {
	t := outageTimes{mode: mode}
	if !pause(ctx, time.Until(start.Add(at))) {
		t.err = errors.New("bench: the run ended before the database was restarted")
		return t
	}
	t.stop = time.Since(start)
	if t.err = pg.Stop(mode); t.err != nil {
		return t
	}
	t.stopped = time.Since(start)
	time.Sleep(down) // the end of the run waits for the restart
	// Its own context: the server must come back even when the run ends.
	if t.err = pg.Start(context.Background()); t.err != nil {
		return t
	}
	t.restarted = time.Since(start)
	return t
}

// outage checks the results of a run with a restart: every acknowledged
// create must be in the database.
func outage(ctx context.Context, s *server, results []result, t outageTimes) (*Outage, error) {
	o := &Outage{Mode: t.mode, StoppedAt: t.stop, Restarted: t.restarted, Stopping: t.stopped - t.stop}
	var during, after []time.Duration
	var acked []string
	firstSuccess := time.Duration(-1)
	for _, r := range results {
		switch {
		case r.unavailable:
			o.Unavailable++
		case r.failed:
			o.Failed++
		}
		if r.created != "" {
			acked = append(acked, r.created)
		}
		end := r.at + r.d
		switch {
		case end > t.stop && r.at < t.restarted && !r.failed:
			during = append(during, r.d)
		case r.at >= t.restarted && !r.failed && !r.unavailable:
			after = append(after, r.d)
			if firstSuccess < 0 || end-t.restarted < firstSuccess {
				firstSuccess = end - t.restarted
			}
		}
		if r.unavailable && end > t.restarted {
			o.LastUnavailable = max(o.LastUnavailable, end-t.restarted)
		}
	}
	o.During, o.After, o.FirstSuccess = Summarise(during), Summarise(after), firstSuccess
	o.Acknowledged = len(acked)
	have, err := organisationsThere(ctx, s.app.DB, acked)
	if err != nil {
		return nil, fmt.Errorf("bench: read the acknowledged creates back: %w", err)
	}
	o.Lost = o.Acknowledged - have
	return o, nil
}

// createdID reads the id from the answer to a create.
func createdID(body []byte) (string, error) {
	var created struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &created); err != nil || created.ID == "" {
		return "", fmt.Errorf("create: no id in the answer (%v): %.300s", err, body)
	}
	return created.ID, nil
}

// Write prints the outage part of a report.
func (o *Outage) Write(w io.Writer) {
	fmt.Fprintf(w, "database restart: stopped (%s) at %s, the stop took %s, accepting connections again at %s (%s away)\n",
		o.Mode, o.StoppedAt.Round(time.Millisecond), o.Stopping.Round(time.Millisecond), o.Restarted.Round(time.Millisecond), (o.Restarted - o.StoppedAt).Round(time.Millisecond))
	fmt.Fprintf(w, "  answers 503 with Retry-After: %d; other failures: %d\n", o.Unavailable, o.Failed)
	fmt.Fprintf(w, "  first success %s after the restart; last 503 %s after it\n", ms(o.FirstSuccess), ms(o.LastUnavailable))
	fmt.Fprintf(w, "  %-24s %6s %9s %9s %9s %9s\n", "requests", "count", "p50", "p90", "p99", "max")
	for _, s := range []KindStats{{Name: "under way while away", Stats: o.During}, {Name: "after (successes)", Stats: o.After}} {
		fmt.Fprintf(w, "  %-24s %6d %9s %9s %9s %9s\n", s.Name, s.Count, ms(s.P50), ms(s.P90), ms(s.P99), ms(s.Max))
	}
	fmt.Fprintf(w, "  creates acknowledged (201 with an id): %d; lost: %d; /readyz at the end: %v\n", o.Acknowledged, o.Lost, o.Ready)
}
