package db

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// Group commit: on SQLite the callers of Tx that wait for the writer run
// one after another in one transaction, each in its own savepoint, and
// the transaction commits once for all of them. Writing the WAL pages of
// a commit costs about as much as the work before it, and the pages that
// many small transactions touch (the ends of the same indexes) are mostly
// the same, so one commit for a group saves most of that cost.
//
// The first caller that finds no group running drives one: it runs what
// is queued, its own call first, until the queue is empty or the group
// is full, commits, hands the queue to the next caller waiting in it, and
// only then lets every caller of the group return. A lone caller runs at
// once and waits for no company.

// A group ends after maxGroupCalls calls or once its work has taken
// maxGroupTime, so that the callers at its head do not wait for long.
const (
	maxGroupCalls = 64
	maxGroupTime  = 2 * time.Millisecond
)

// committer queues the callers of Tx on a SQLite writer.
type committer struct {
	mu      sync.Mutex
	queue   []*txCall
	driving bool // a caller is driving a group
	stmts   struct {
		once                     sync.Once
		err                      error
		savepoint, release, undo *sql.Stmt
	}
}

// txCall is one caller of Tx waiting in the queue or running in a group.
type txCall struct {
	ctx  context.Context
	fn   func(*sql.Tx) error
	done chan struct{} // closed once err and panic are final
	lead chan struct{} // closed when the caller is to drive the next group
	err  error
	// what fn panicked with, raised again by the caller
	panic any
	// Under committer.mu: whether the call waits in the queue, and
	// whether it is to drive.
	queued, drive bool
}

// txGroup runs fn through the group commit and returns its result once
// the group's commit is durable; a panic of fn is raised again here.
func (d *DB) txGroup(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c := d.commit
	call := &txCall{ctx: ctx, fn: fn, done: make(chan struct{}), lead: make(chan struct{}), queued: true}
	c.mu.Lock()
	c.queue = append(c.queue, call)
	drive := !c.driving
	c.driving = true
	c.mu.Unlock()
	if !drive {
		select {
		case <-call.done:
		case <-call.lead:
			drive = true
		case <-ctx.Done():
			c.mu.Lock()
			if call.queued && !call.drive {
				c.remove(call)
				c.mu.Unlock()
				return ctx.Err()
			}
			c.mu.Unlock()
			select {
			case <-call.done:
			case <-call.lead:
				drive = true
			}
		}
	}
	if drive {
		d.driveGroup()
		<-call.done
	}
	if call.panic != nil {
		panic(call.panic)
	}
	return call.err
}

// remove takes call out of the queue; c.mu is held.
func (c *committer) remove(call *txCall) {
	for i, q := range c.queue {
		if q == call {
			c.queue = append(c.queue[:i], c.queue[i+1:]...)
			break
		}
	}
	call.queued = false
}

// next takes the head of the queue for the group, or nil when the group
// is to end.
func (c *committer) next(n int, start time.Time) *txCall {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.queue) == 0 || n >= maxGroupCalls || (n > 0 && time.Since(start) >= maxGroupTime) {
		return nil
	}
	call := c.queue[0]
	c.queue[0] = nil
	c.queue = c.queue[1:]
	call.queued = false
	return call
}

// handOver passes the queue to its head, which drives the next group, or
// notes that no group runs.
func (c *committer) handOver() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.queue) == 0 {
		c.driving = false
		return
	}
	head := c.queue[0]
	head.drive = true
	close(head.lead)
}

// prepareGroup readies the savepoint statements on the writer once.
func (d *DB) prepareGroup() error {
	s := &d.commit.stmts
	s.once.Do(func() {
		ctx := context.Background()
		if s.savepoint, s.err = d.writer.PrepareContext(ctx, `SAVEPOINT pakt_call`); s.err != nil {
			return
		}
		if s.release, s.err = d.writer.PrepareContext(ctx, `RELEASE pakt_call`); s.err != nil {
			return
		}
		s.undo, s.err = d.writer.PrepareContext(ctx, `ROLLBACK TO pakt_call`)
	})
	return s.err
}

// driveGroup runs one group on the writer and wakes its callers.
func (d *DB) driveGroup() {
	c := d.commit
	var group []*txCall
	err := d.runGroup(&group)
	c.handOver()
	for _, call := range group {
		if err != nil && call.err == nil && call.panic == nil {
			call.err = err
		}
		close(call.done)
	}
}

// runGroup takes calls from the queue into *group, runs each in its
// savepoint and commits. An error it returns is every call's: the
// transaction did not commit.
func (d *DB) runGroup(group *[]*txCall) error {
	c := d.commit
	first := c.next(0, time.Time{})
	if first == nil {
		return nil
	}
	*group = append(*group, first)
	if err := d.prepareGroup(); err != nil {
		return err
	}
	// The transaction belongs to no caller: one caller's cancellation
	// must not roll back the others' work.
	ctx := context.Background()
	tx, err := d.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	running.enter(tx, false)
	defer running.leave(tx)
	defer tx.Rollback()
	savepoint := tx.StmtContext(ctx, c.stmts.savepoint)
	release := tx.StmtContext(ctx, c.stmts.release)
	undo := tx.StmtContext(ctx, c.stmts.undo)
	start := time.Now()
	for call := first; call != nil; call = c.next(len(*group), start) {
		if call != first {
			*group = append(*group, call)
		}
		if err := call.ctx.Err(); err != nil {
			call.err = err
			continue
		}
		if _, err := savepoint.ExecContext(ctx); err != nil {
			return err
		}
		call.err, call.panic = runCall(call, tx)
		if call.err == nil && call.panic == nil {
			// As a transaction of its own would, a call whose context
			// ended while it ran is rolled back.
			call.err = call.ctx.Err()
		}
		if call.err == nil && call.panic == nil {
			_, err = release.ExecContext(ctx)
		} else if _, err = undo.ExecContext(ctx); err == nil {
			_, err = release.ExecContext(ctx)
		}
		if err != nil {
			// The engine rolled the transaction back (an interrupt, a
			// full disk): the work of the group so far is lost.
			return err
		}
	}
	return tx.Commit()
}

// runCall runs the call's fn, recovering a panic.
func runCall(call *txCall, tx *sql.Tx) (err error, p any) {
	defer func() {
		if v := recover(); v != nil {
			p = v
		}
	}()
	return call.fn(tx), nil
}

// close closes the savepoint statements, if prepared.
func (c *committer) close() {
	s := &c.stmts
	s.once.Do(func() {})
	for _, st := range []*sql.Stmt{s.savepoint, s.release, s.undo} {
		if st != nil {
			st.Close()
		}
	}
}
