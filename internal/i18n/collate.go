package i18n

import (
	"slices"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// SortBy sorts s by the key of each element as the language orders words:
// in German "Äpfel" before "Birnen" and "Straße" with "Strasse", upper and
// lower case together, never by byte values.
func SortBy[T any](lang string, s []T, key func(T) string) {
	c := collator(lang)
	var buf collate.Buffer
	keys := make(map[string][]byte, len(s))
	sortKey := func(t T) []byte {
		k := key(t)
		if b, ok := keys[k]; ok {
			return b
		}
		b := slices.Clone(c.KeyFromString(&buf, k))
		buf.Reset()
		keys[k] = b
		return b
	}
	slices.SortStableFunc(s, func(a, b T) int { return slices.Compare(sortKey(a), sortKey(b)) })
}

// collator is a new collator for the language: collators are not safe for
// concurrent use, and cheap to make.
func collator(lang string) *collate.Collator {
	tag := language.English
	if lang == "de" {
		tag = language.German
	}
	return collate.New(tag, collate.IgnoreCase)
}
