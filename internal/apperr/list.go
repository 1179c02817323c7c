package apperr

import (
	"slices"
	"strings"
)

// UniqueSorted returns the entries of a typed list (topics, industries,
// competencies) trimmed, without empty ones and duplicates, in byte order.
func UniqueSorted(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
