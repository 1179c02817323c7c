package i18n

import (
	"slices"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// SortBy sorts s by the key of each element as the language orders words:
// in German "Äpfel" before "Birnen" and "Straße" with "Strasse", upper and
// lower case together, never by byte values. Equal keys keep their order.
func SortBy[T any](lang string, s []T, key func(T) string) {
	if len(s) < 2 {
		return
	}
	type keyed struct {
		k []byte
		t T
	}
	ks := sortKeysOf(lang)
	pairs := make([]keyed, len(s))
	for i, t := range s {
		pairs[i] = keyed{ks.of(key(t)), t}
	}
	slices.SortStableFunc(pairs, func(a, b keyed) int { return slices.Compare(a.k, b.k) })
	for i := range pairs {
		s[i] = pairs[i].t
	}
}

// maxSortKeys bounds the sort keys kept per language: names of
// competencies, countries, regions, cities and people, some thousands in a
// programme; beyond the bound keys are made anew for each sort.
const maxSortKeys = 1 << 16

// sortKeys keeps the collation keys of the strings a language has sorted:
// making a key is the costly part of sorting, and pages sort the same
// names again and again.
type sortKeys struct {
	tag       language.Tag
	collators sync.Pool
	mu        sync.RWMutex
	keys      map[string][]byte
}

var (
	sortKeysDE = newSortKeys(language.German)
	sortKeysEN = newSortKeys(language.English)
)

func newSortKeys(tag language.Tag) *sortKeys {
	ks := &sortKeys{tag: tag, keys: map[string][]byte{}}
	// Collators are not safe for concurrent use: each sort that makes
	// keys takes one of its own.
	ks.collators.New = func() any { return collate.New(tag, collate.IgnoreCase) }
	return ks
}

// sortKeysOf returns the keys of lang; every language but German sorts as
// English.
func sortKeysOf(lang string) *sortKeys {
	if lang == "de" {
		return sortKeysDE
	}
	return sortKeysEN
}

// of returns the collation key of s; the caller must not change it.
func (ks *sortKeys) of(s string) []byte {
	ks.mu.RLock()
	k, ok := ks.keys[s]
	ks.mu.RUnlock()
	if ok {
		return k
	}
	c := ks.collators.Get().(*collate.Collator)
	var buf collate.Buffer
	k = slices.Clone(c.KeyFromString(&buf, s))
	ks.collators.Put(c)
	ks.mu.Lock()
	if len(ks.keys) < maxSortKeys {
		ks.keys[s] = k
	}
	ks.mu.Unlock()
	return k
}
