package directory

import (
	"fmt"
	"math/rand/v2"
	"os"
	"pakt/internal/db"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSnapshotAnswersAsTheIndexItWasTakenOf writes a directory with
// replaced and deleted organisations to a snapshot, reads it back and
// compares every kind of answer (searches with pages, sorts, typos and
// facet counts; the concierge's facts) with the index it was taken of,
// then changes both alike and compares again: the state read back must
// also take changes as the original does.
func TestSnapshotAnswersAsTheIndexItWasTakenOf(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 7))
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	comps := []Competency{{ID: "c1", Slug: "cloud", NameDE: "Cloud", NameEN: "Cloud"}, {ID: "c2", Slug: "daten-analyse", NameDE: "Datenanalyse", NameEN: "Data Analysis"},
		{ID: "c3", Slug: "sec", NameDE: "Sicherheit", NameEN: "Security"}}
	profile := func(id string) *Profile {
		p := randomProfile(rng, id, now)
		for j := range rng.IntN(3) {
			p.References = append(p.References, Reference{Title: pick(rng, refWords) + " " + pick(rng, refWords), Customer: pick(rng, refWords)})
			p.Certifications = append(p.Certifications, Certification{Name: pick(rng, refWords), Issuer: pick(rng, refWords), ValidUntil: Date{now.AddDate(0, 0, 100*j-50)}, Verified: j%2 == 0})
		}
		p.Domain = strings.ToLower(pick(rng, refWords)) + ".example"
		return p
	}
	orig := newState(comps, true)
	var ids []string
	for i := range 700 {
		p := profile(fmt.Sprintf("org-%04d", i))
		orig.add(p)
		ids = append(ids, p.ID)
	}
	orig.sortAll()
	for i := range 60 {
		id := pick(rng, ids)
		orig.remove(id)
		if i%3 > 0 {
			orig.add(profile(id))
		}
	}

	path := filepath.Join(t.TempDir(), "directory.index")
	token, err := writeSnapshot(path, orig)
	if err != nil {
		t.Fatal(err)
	}
	back, read, err := readSnapshot(path, comps)
	if err != nil {
		t.Fatal(err)
	}
	if read != token || len(token) != 32 {
		t.Fatalf("token read %q, written %q", read, token)
	}
	if back.seq != orig.seq || back.dead != orig.dead || back.nListed != orig.nListed || len(back.slotOf) != len(orig.slotOf) {
		t.Fatalf("read back: %d dead, %d listed, %d live; written %d, %d, %d", back.dead, back.nListed, len(back.slotOf), orig.dead, orig.nListed, len(orig.slotOf))
	}

	facts := func(st *indexState, own string, f MatchFilter) []MatchFact {
		var out []MatchFact
		st.matchFacts(own, f, func(m *MatchFact) {
			m.Complete()
			out = append(out, *m)
		})
		slices.SortFunc(out, func(a, b MatchFact) int { return strings.Compare(a.ID, b.ID) })
		return out
	}
	compare := func(step string) {
		t.Helper()
		found := 0
		for i := range 300 {
			a, q := randomQuery(rng, ids, now)
			if rng.IntN(5) == 0 && q.Text != "" {
				q.Text = q.Text[:len(q.Text)-1] + "x" // a typo
			}
			want, got := orig.search(a, q, now), back.search(a, q, now)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s, query %d %+v as %+v:\nread back %+v\noriginal  %+v", step, i, q, a, got, want)
			}
			found += min(want.Total, 1)
		}
		for i := range 100 {
			f := MatchFilter{Today: now, Country: maybe(rng, []string{"DE", "AT", "", ""})}
			for _, c := range []string{"c1", "c2", "c3"} {
				if rng.IntN(3) == 0 {
					f.Competencies = append(f.Competencies, c)
				}
			}
			if rng.IntN(2) == 0 {
				f.Topic = pick(rng, refWords)
			}
			if rng.IntN(3) == 0 {
				f.From, f.To = Date{now}, Date{now.AddDate(0, 0, 30)}
			}
			if rng.IntN(3) == 0 {
				f.Within = &Box{MinLat: 47.5, MaxLat: 48.5, MinLon: 11, MaxLon: 12}
			}
			own := maybe(rng, ids)
			if got, want := facts(back, own, f), facts(orig, own, f); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s, filter %d %+v: read back %d facts, original %d", step, i, f, len(got), len(want))
			}
		}
		if found < 100 {
			t.Fatalf("%s: only %d of 300 queries find anything: the comparison says little", step, found)
		}
	}
	compare("read back")

	for i := range 40 {
		id := pick(rng, ids)
		if i%4 == 0 {
			id = fmt.Sprintf("org-new-%d", i)
			ids = append(ids, id)
		}
		p := profile(id)
		p.Description += " Quantenrechner" // a term the snapshot does not hold
		for _, st := range []*indexState{orig, back} {
			st.remove(id)
			if i%5 != 1 {
				st.add(p)
			}
		}
	}
	compare("after changes")
	if r := back.search(nil, Query{Text: "Quantenrechner"}, now); r.Total != 0 {
		t.Fatalf("an anonymous caller finds %d", r.Total)
	}
}

// TestSnapshotThatDoesNotCheckOutIsRefused: a damaged or cut file is not
// read as an index.
func TestSnapshotThatDoesNotCheckOutIsRefused(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	st := newState(nil, true)
	for i := range 200 {
		st.add(randomProfile(rng, fmt.Sprintf("org-%04d", i), now))
	}
	st.sortAll()
	path := filepath.Join(t.TempDir(), "directory.index")
	if _, err := writeSnapshot(path, st); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, damage := range map[string]func([]byte) []byte{
		"a byte changed":     func(b []byte) []byte { b[len(b)/2] ^= 0x10; return b },
		"cut short":          func(b []byte) []byte { return b[:len(b)*2/3] },
		"checksum missing":   func(b []byte) []byte { return b[:len(b)-4] },
		"another executable": func(b []byte) []byte { b[len(snapshotMagic)] ^= 1; return b },
		"another format":     func(b []byte) []byte { b[len(snapshotMagic)-2]++; return b },
		"a count of dead slots beyond the slots": func(b []byte) []byte {
			// After the magic, the executable's sum, the token and
			// the two marks.
			at := len(snapshotMagic) + 32 + 8 + 32 + 2*(8+8*db.Shards)
			copy(b[at:], []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})
			return b
		},
		"a length beyond the file": func(b []byte) []byte {
			copy(b[len(snapshotMagic)+32:], []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})
			return b
		},
	} {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(path, damage(slices.Clone(good)), 0o600); err != nil {
				t.Fatal(err)
			}
			st, _, err := readSnapshot(path, nil)
			if err == nil {
				t.Fatalf("read as an index of %d organisations", len(st.slotOf))
			}
			t.Log(err)
		})
	}
}
