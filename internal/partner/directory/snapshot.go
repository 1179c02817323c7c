package directory

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	"pakt/internal/db"
)

// A snapshot is the index written to a file after a full load, so that the
// next start reads it instead of every profile from the database and
// indexing them again: at a million organisations seconds instead of most
// of a minute, and without the garbage of the load. It is only used when
//
//   - it was written by this very executable (its SHA-256 is in the file:
//     another build may index differently, and then loads in full);
//   - the database knows its token (SnapshotLedger): a database restored
//     from a backup older than the snapshot, or another database, does not;
//   - the competency taxonomy is the one it was made with, and the
//     organisations' counters are at least where they were;
//   - its checksum holds.
//
// Otherwise the index loads in full and writes a new one. What changed in
// the database after the snapshot is loaded on top of it, as after any
// search.

// SnapshotLedger is implemented by a Source that records in the database
// which snapshots were taken of it.
type SnapshotLedger interface {
	// SnapshotTaken records that the snapshot with this token was
	// written.
	SnapshotTaken(ctx context.Context, token string) error
	// SnapshotKnown reports whether SnapshotTaken recorded token.
	SnapshotKnown(ctx context.Context, token string) (bool, error)
}

// snapshots is where and how the index keeps its snapshot.
type snapshots struct {
	ctx  context.Context // bounds the writing of snapshots
	path string
	log  *slog.Logger
	// written is closed when the snapshot after a full load has been
	// written (or failed); nil before.
	mu      sync.Mutex
	written chan struct{}
}

// KeepSnapshots makes the index start from the snapshot at path when it
// can and write one there after each full load. The source must be a
// SnapshotLedger; otherwise nothing is kept. Problems are logged to log:
// the index then loads from the database as without snapshots. Snapshots
// are written while ctx lasts (the server's life). Call it before the
// first load.
func (ix *Index) KeepSnapshots(ctx context.Context, path string, log *slog.Logger) {
	if _, ok := ix.src.(SnapshotLedger); !ok {
		return
	}
	ix.snap = &snapshots{ctx: ctx, path: path, log: log}
}

// SnapshotWritten returns a channel closed once the snapshot after the
// last full load has been written or has failed; nil when none is due.
func (ix *Index) SnapshotWritten() <-chan struct{} {
	if ix.snap == nil {
		return nil
	}
	ix.snap.mu.Lock()
	defer ix.snap.mu.Unlock()
	return ix.snap.written
}

// snapshotMagic starts a snapshot file; the number after it is the
// format's version.
//
// Version 3: an unverified certification's last valid day is minDay; a
// snapshot of version 2 held declared certifications as valid.
const snapshotMagic = "pakt directory index snapshot 3\n"

// staleSnapshot is the age of a snapshot file being written after which
// it was left behind by a process that stopped.
const staleSnapshot = 10 * time.Minute

// catchUpSorted is how many changes on top of a snapshot are applied one
// by one (keeping the orders sorted as they go); more are applied as in a
// load, with one sort at the end.
const catchUpSorted = 2000

// restore returns the state of the snapshot brought up to the counters
// orgSeq and compSeq, with the taxonomy comps; nil when there is no
// usable snapshot (why is logged).
func (ix *Index) restore(ctx context.Context, comps []Competency, orgSeq, compSeq db.Mark) *indexState {
	start := time.Now()
	st, token, err := readSnapshot(ix.snap.path, comps)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err == nil {
		var known bool
		known, err = ix.src.(SnapshotLedger).SnapshotKnown(ctx, token)
		switch {
		case err != nil:
		case !known:
			err = errors.New("the database does not know it (another database, or restored from an older backup)")
		case st.compSeq != compSeq:
			err = errors.New("the competency taxonomy changed since")
		case !orgSeq.AtLeast(st.seq):
			err = errors.New("the database is older than the snapshot")
		}
	}
	if err != nil {
		ix.snap.log.Warn("directory index snapshot not used", "path", ix.snap.path, "err", err)
		return nil
	}
	read := time.Since(start)
	orgs, deleted, err := ix.src.Changed(ctx, st.seq, orgSeq)
	if err != nil {
		ix.snap.log.Warn("directory index snapshot not used", "path", ix.snap.path, "err", err)
		return nil
	}
	st.building = len(orgs)+len(deleted) > catchUpSorted
	for _, id := range deleted {
		st.remove(id)
	}
	for i := range orgs {
		st.remove(orgs[i].ID)
		st.add(&orgs[i])
	}
	if st.building {
		st.sortAll()
	}
	st.seq = orgSeq
	ix.snap.log.Info("directory index read from its snapshot", "organisations", len(st.slotOf),
		"read", read.Round(time.Millisecond), "changes", len(orgs)+len(deleted), "took", time.Since(start).Round(time.Millisecond))
	return st
}

// saveSnapshot writes the current state to the snapshot file in the
// background, holding off loads of changes meanwhile (searches answer from
// the state as it is, as during a full reload).
func (ix *Index) saveSnapshot() {
	ctx := ix.snap.ctx
	done := make(chan struct{})
	ix.snap.mu.Lock()
	ix.snap.written = done
	ix.snap.mu.Unlock()
	go func() {
		defer close(done)
		ix.refreshMu.Lock()
		defer ix.refreshMu.Unlock()
		ix.reloading.Store(true)
		defer ix.reloading.Store(false)
		start := time.Now()
		token, err := writeSnapshot(ix.snap.path, ix.st)
		if err == nil {
			err = ix.src.(SnapshotLedger).SnapshotTaken(ctx, token)
		}
		if err != nil {
			if ctx.Err() == nil {
				ix.snap.log.Warn("directory index snapshot not written", "path", ix.snap.path, "err", err)
			}
			return
		}
		ix.snap.log.Info("directory index snapshot written", "path", ix.snap.path,
			"organisations", len(ix.st.slotOf), "took", time.Since(start).Round(time.Millisecond))
		debug.FreeOSMemory() // what writing it allocated, as after the load

	}()
}

// executableSum is the SHA-256 of the running executable, read once.
var executableSum = sync.OnceValues(func() ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	exe, err := os.Executable()
	if err != nil {
		return sum, err
	}
	f, err := os.Open(exe)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
})

// writeSnapshot writes st to path (through a file beside it, renamed when
// complete) and returns the snapshot's token.
func writeSnapshot(path string, st *indexState) (token string, err error) {
	exe, err := executableSum()
	if err != nil {
		return "", err
	}
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	token = hex.EncodeToString(raw[:])
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", err
	}
	// What a process stopped while writing left behind.
	if old, err := filepath.Glob(path + ".*.tmp"); err == nil {
		for _, name := range old {
			if fi, err := os.Stat(name); err == nil && time.Since(fi.ModTime()) > staleSnapshot {
				os.Remove(name)
			}
		}
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	sum := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	w := &snapWriter{w: io.MultiWriter(bw, sum)}
	w.bytes([]byte(snapshotMagic))
	w.bytes(exe[:])
	w.str(token)
	st.encode(w)
	if w.err != nil {
		return "", w.err
	}
	if _, err := bw.Write(sum.Sum(nil)); err != nil {
		return "", err
	}
	if err := bw.Flush(); err != nil {
		return "", err
	}
	if err := f.Sync(); err != nil {
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return "", err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return token, nil
}

// readSnapshot reads the state at path, with the taxonomy comps, and its
// token. A file of another executable, or one that does not check out,
// is an error.
func readSnapshot(path string, comps []Competency) (st *indexState, token string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, "", err
	}
	exe, err := executableSum()
	if err != nil {
		return nil, "", err
	}
	// The checksum is known only at the end: until then a damaged file
	// must not take the process down.
	defer func() {
		if p := recover(); p != nil {
			st, token, err = nil, "", fmt.Errorf("unreadable: %v", p)
		}
	}()
	sum := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	r := &snapReader{r: io.TeeReader(bufio.NewReaderSize(f, 1<<20), sum), sum: sum, size: uint64(fi.Size())}
	magic := make([]byte, len(snapshotMagic))
	r.full(magic)
	var of [sha256.Size]byte
	r.full(of[:])
	if r.err == nil && (string(magic) != snapshotMagic || of != exe) {
		return nil, "", errors.New("written by another version of pakt")
	}
	token = r.str()
	st = newState(comps, false)
	st.decode(r)
	if r.err != nil {
		return nil, "", fmt.Errorf("unreadable: %w", r.err)
	}
	want := sum.Sum(nil)
	got := make([]byte, len(want))
	if _, err := io.ReadFull(r.r, got); err != nil || string(got) != string(want) {
		return nil, "", errors.New("its checksum does not match")
	}
	if err := st.check(); err != nil {
		return nil, "", err
	}
	return st, token, nil
}

// encode writes the state; decode reads it back. The caches (the terms of
// competencies and countries, the places) are not written: they fill again
// as documents are added.
func (st *indexState) encode(w *snapWriter) {
	writeRaw(w, st.seq[:])
	writeRaw(w, st.compSeq[:])
	w.u64(uint64(st.dead))
	w.u64(uint64(st.nListed))
	docField := func(f func(d *doc) string) func(i int) string {
		return func(i int) string { return f(&st.docs[i]) }
	}
	n := len(st.docs)
	w.strsOf(n, docField(func(d *doc) string { return d.id }))
	w.strsOf(n, docField(func(d *doc) string { return d.name }))
	for _, f := range []func(d *doc) string{
		func(d *doc) string { return d.city }, func(d *doc) string { return d.region }, func(d *doc) string { return d.country },
		func(d *doc) string { return d.tier }, func(d *doc) string { return d.kind },
	} {
		w.dictOf(n, docField(f))
	}
	published, updated := make([]bool, n), make([]int64, n)
	for i := range st.docs {
		published[i], updated[i] = st.docs[i].published, st.docs[i].updated
	}
	writeRaw(w, published)
	writeRaw(w, updated)

	w.strs(st.termText)
	lens := make([]uint32, len(st.postings))
	for id, ps := range st.postings {
		lens[id] = uint32(len(ps))
	}
	writeRaw(w, lens)
	for _, ps := range st.postings {
		w.bytes(rawBytes(ps))
	}
	writeRaw(w, st.sorted)
	writeRaw(w, st.byName)
	writeRaw(w, st.nameRank)

	for f := range numFacets {
		w.strs(st.facetVal[f])
		for _, b := range st.facetBits[f] {
			writeRaw(w, b)
		}
	}
	writeRaw(w, st.listed)
	writeRaw(w, st.live)
	writeRaw(w, st.listedLive)
	writeRaw(w, st.withFree)
	writeRaw(w, st.fpos)
	writeRaw(w, st.fvals)
	writeRaw(w, st.freePos)
	writeRaw(w, st.freeList)
	writeRaw(w, st.certPos)
	w.dict(st.certName)
	writeRaw(w, st.certUntil)
	writeRaw(w, st.longest)
	writeRaw(w, st.coords)
}

func (st *indexState) decode(r *snapReader) {
	readRaw(r, st.seq[:])
	readRaw(r, st.compSeq[:])
	st.dead = int(r.u64())
	st.nListed = int(r.u64())
	ids, names := r.strs(), r.strs()
	var places [5][]string
	for i := range places {
		places[i] = r.dict(st)
	}
	n := len(ids)
	published, updated := readSlice[bool](r), readSlice[int64](r)
	if r.err != nil {
		return
	}
	if len(names) != n || len(published) != n || len(updated) != n {
		r.err = errors.New("columns of different lengths")
		return
	}
	for _, p := range places {
		if len(p) != n {
			r.err = errors.New("columns of different lengths")
			return
		}
	}
	st.docs = make([]doc, n)
	st.slotOf = make(map[string]int32, max(n-st.dead, 0))
	for i := range st.docs {
		st.docs[i] = doc{id: ids[i], name: names[i], city: places[0][i], region: places[1][i],
			country: places[2][i], tier: places[3][i], kind: places[4][i], published: published[i], updated: updated[i]}
		if ids[i] != "" {
			st.slotOf[ids[i]] = int32(i)
		}
	}

	st.termText = r.strs()
	lens := readSlice[uint32](r)
	if r.err != nil {
		return
	}
	if len(lens) != len(st.termText) {
		r.err = errors.New("postings of more or fewer terms than there are")
		return
	}
	total := 0
	for _, l := range lens {
		total += int(l)
	}
	if uint64(total) > r.size/uint64(unsafe.Sizeof(posting{})) {
		r.err = errors.New("postings beyond the file")
		return
	}
	all := make([]posting, total)
	r.full(rawBytes(all))
	st.postings = make([][]posting, len(lens))
	st.terms = make(map[string]int32, len(st.termText))
	at := 0
	for id, t := range st.termText {
		l := int(lens[id])
		st.postings[id] = all[at : at+l : at+l]
		at += l
		st.terms[t] = int32(id)
		k := utf8.RuneCountInString(t)
		st.byLen[k] = append(st.byLen[k], int32(id))
	}
	st.sorted = readSlice[int32](r)
	st.byName = readSlice[int32](r)
	st.nameRank = readSlice[int32](r)

	for f := range numFacets {
		st.facetVal[f] = r.strs()
		st.facetBits[f] = make([]bitmap, len(st.facetVal[f]))
		for v, val := range st.facetVal[f] {
			st.facetIDs[f][val] = uint16(v)
			st.facetBits[f][v] = readSlice[uint64](r)
		}
	}
	st.listed = readSlice[bool](r)
	st.live = readSlice[uint64](r)
	st.listedLive = readSlice[uint64](r)
	st.withFree = readSlice[uint64](r)
	st.fpos = readSlice[uint32](r)
	st.fvals = readSlice[uint16](r)
	st.freePos = readSlice[uint32](r)
	st.freeList = readSlice[period](r)
	st.certPos = readSlice[uint32](r)
	st.certName = r.dict(st)
	st.certUntil = readSlice[int32](r)
	st.longest = readSlice[int32](r)
	st.coords = readSlice[point](r)
}

// check tells whether the columns of a decoded state fit together, so
// that no search indexes beyond one.
func (st *indexState) check() error {
	n := len(st.docs)
	ok := len(st.nameRank) == n && len(st.listed) == n && len(st.longest) == n && len(st.coords) == n &&
		len(st.fpos) == n*numFacets+1 && len(st.freePos) == n+1 && len(st.certPos) == n+1 &&
		len(st.certName) == len(st.certUntil) && len(st.sorted) == len(st.termText) && len(st.byName) == len(st.slotOf) &&
		int(st.fpos[n*numFacets]) == len(st.fvals) && int(st.freePos[n]) == len(st.freeList) && int(st.certPos[n]) == len(st.certName)
	if !ok {
		return errors.New("columns that do not fit together")
	}
	for _, slot := range st.byName {
		if slot < 0 || int(slot) >= n {
			return errors.New("a name order beyond the documents")
		}
	}
	for _, id := range st.sorted {
		if id < 0 || int(id) >= len(st.termText) {
			return errors.New("a term order beyond the terms")
		}
	}
	for _, ps := range st.postings {
		for _, p := range ps {
			if p.slot < 0 || int(p.slot) >= n {
				return errors.New("a posting beyond the documents")
			}
		}
	}
	return nil
}

// snapWriter writes a snapshot, keeping the first error.
type snapWriter struct {
	w   io.Writer
	err error
}

func (w *snapWriter) bytes(b []byte) {
	if w.err == nil {
		_, w.err = w.w.Write(b)
	}
}

func (w *snapWriter) u64(v uint64) { w.bytes(binary.LittleEndian.AppendUint64(nil, v)) }

func (w *snapWriter) str(s string) {
	w.u64(uint64(len(s)))
	w.bytes(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// strs writes a list of strings as their lengths and their bytes.
func (w *snapWriter) strs(ss []string) { w.strsOf(len(ss), func(i int) string { return ss[i] }) }

// strsOf is strs of the n strings at(0) … at(n-1).
func (w *snapWriter) strsOf(n int, at func(i int) string) {
	lens := make([]uint32, n)
	total := 0
	for i := range n {
		lens[i] = uint32(len(at(i)))
		total += int(lens[i])
	}
	writeRaw(w, lens)
	w.u64(uint64(total))
	for i := range n {
		s := at(i)
		w.bytes(unsafe.Slice(unsafe.StringData(s), len(s)))
	}
}

// dict writes a list of strings that repeat as the distinct ones and an
// index into them per entry.
func (w *snapWriter) dict(ss []string) { w.dictOf(len(ss), func(i int) string { return ss[i] }) }

// dictOf is dict of the n strings at(0) … at(n-1).
func (w *snapWriter) dictOf(n int, at func(i int) string) {
	ids := map[string]uint32{}
	var distinct []string
	index := make([]uint32, n)
	for i := range n {
		s := at(i)
		id, ok := ids[s]
		if !ok {
			id = uint32(len(distinct))
			ids[s] = id
			distinct = append(distinct, s)
		}
		index[i] = id
	}
	w.strs(distinct)
	writeRaw(w, index)
}

// writeRaw writes a slice of fixed-size values as they are in memory,
// after its length: a snapshot is only read by the executable that wrote
// it, on the same machine's byte order.
func writeRaw[T any](w *snapWriter, s []T) {
	w.u64(uint64(len(s)))
	w.bytes(rawBytes(s))
}

func rawBytes[T any](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	var zero T
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(zero)))
}

// snapReader reads a snapshot, keeping the first error.
type snapReader struct {
	r   io.Reader
	sum hash.Hash32
	// size is the file's: no length read from it may ask for more, so
	// that a damaged one cannot ask for all memory before its checksum
	// is known.
	size uint64
	err  error
}

func (r *snapReader) full(b []byte) {
	if r.err == nil && len(b) > 0 {
		_, r.err = io.ReadFull(r.r, b)
	}
}

func (r *snapReader) u64() uint64 {
	var b [8]byte
	r.full(b[:])
	return binary.LittleEndian.Uint64(b[:])
}

func (r *snapReader) length(size int) int {
	n := r.u64()
	if r.err == nil && n > r.size/uint64(max(size, 1)) {
		r.err = errors.New("a length beyond the file")
	}
	if r.err != nil {
		return 0
	}
	return int(n)
}

func (r *snapReader) str() string {
	b := make([]byte, r.length(1))
	r.full(b)
	return string(b)
}

// strs reads what strs wrote; the strings share one array.
func (r *snapReader) strs() []string {
	lens := readSlice[uint32](r)
	arena := make([]byte, r.length(1))
	r.full(arena)
	if r.err != nil {
		return nil
	}
	out := make([]string, len(lens))
	at := 0
	for i, l := range lens {
		if at+int(l) > len(arena) {
			r.err = errors.New("strings beyond their bytes")
			return nil
		}
		if l > 0 {
			out[i] = unsafe.String(&arena[at], int(l))
		}
		at += int(l)
	}
	return out
}

// dict reads what dict wrote; the distinct strings are interned in st.
func (r *snapReader) dict(st *indexState) []string {
	distinct := r.strs()
	index := readSlice[uint32](r)
	if r.err != nil {
		return nil
	}
	for i, s := range distinct {
		distinct[i] = st.intern(s)
	}
	out := make([]string, len(index))
	for i, id := range index {
		if int(id) >= len(distinct) {
			r.err = errors.New("a string beyond the distinct ones")
			return nil
		}
		out[i] = distinct[id]
	}
	return out
}

func readSlice[T any](r *snapReader) []T {
	var zero T
	s := make([]T, r.length(int(unsafe.Sizeof(zero))))
	r.full(rawBytes(s))
	return s
}

func readRaw[T any](r *snapReader, into []T) {
	if n := r.length(0); r.err == nil && n != len(into) {
		r.err = errors.New("a fixed array of another length")
		return
	}
	r.full(rawBytes(into))
}
