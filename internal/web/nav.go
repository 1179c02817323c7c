package web

import (
	"context"
	"net/http"
	"slices"

	"pakt/internal/auth"
)

// NavEntry is a feature's link in the main navigation, registered by the
// feature with Server.Nav: the layout knows no feature.
type NavEntry struct {
	// Path is the page the link opens; the link is marked current on it.
	Path string
	// Label is the link text's translation key.
	Label string
	// Order places the entry, lower first; features leave gaps of ten so
	// that a new one fits between.
	Order int
	// Shows reports whether the actor sees the entry; nil shows it to every
	// signed-in user. It is the page-level twin of the feature's own
	// permission rule, which its handlers enforce regardless.
	Shows func(a *auth.Actor) bool
	// ShowsWhen, when set, is Shows for an entry whose rule needs the
	// request's context (a setting or a row in the database); it runs
	// after Shows, for whole pages only.
	ShowsWhen func(ctx context.Context, a *auth.Actor) bool
	// Badge, when set, returns a count shown next to the label (0 shows
	// none), with BadgeLabel (a translation key taking the count) read out
	// to screen readers. It runs for whole pages only.
	Badge      func(ctx context.Context, a *auth.Actor) int
	BadgeLabel string
}

// NavLink is a navigation entry as one page shows it.
type NavLink struct {
	Path, Label, BadgeLabel string
	Current                 bool
	Badge                   int
}

// Nav adds an entry to the main navigation.
func (s *Server) Nav(e NavEntry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nav = append(s.nav, e)
	slices.SortStableFunc(s.nav, func(a, b NavEntry) int { return a.Order - b.Order })
}

// navFor returns the links the actor sees on the page at r.
func (s *Server) navFor(r *http.Request, a *auth.Actor) []NavLink {
	s.mu.Lock()
	entries := s.nav
	s.mu.Unlock()
	var out []NavLink
	for _, e := range entries {
		if e.Shows != nil && !e.Shows(a) || e.ShowsWhen != nil && !e.ShowsWhen(r.Context(), a) {
			continue
		}
		l := NavLink{Path: e.Path, Label: e.Label, BadgeLabel: e.BadgeLabel, Current: r.URL.Path == e.Path}
		if e.Badge != nil {
			l.Badge = e.Badge(r.Context(), a)
		}
		out = append(out, l)
	}
	return out
}
