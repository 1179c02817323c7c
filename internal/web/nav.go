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
	// Vendor marks an entry of the vendor programme (its pipeline,
	// portfolio, deals …), which leaves the navigation while
	// Server.VendorShown reports that pakt runs no vendor programme (an
	// association alone); its pages still answer.
	Vendor bool
	// Group, when set, is the translation key of a section the entry folds
	// into with the other entries of the same group, at the place of the
	// group's first entry; a group of which the actor sees one entry shows
	// that entry alone, and a navigation of at most navFoldAbove links
	// folds no group.
	Group string
}

// NavLink is a navigation entry as one page shows it.
type NavLink struct {
	Path, Label, BadgeLabel string
	Current                 bool
	Badge                   int
}

// NavItem is a place in the navigation as one page shows it: a link, or
// a group (Label) of links that folds.
type NavItem struct {
	NavLink
	Links []NavLink
}

// Nav adds an entry to the main navigation.
func (s *Server) Nav(e NavEntry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nav = append(s.nav, e)
	slices.SortStableFunc(s.nav, func(a, b NavEntry) int { return a.Order - b.Order })
}

// navFor returns the links the actor sees on the page at r, grouped.
func (s *Server) navFor(r *http.Request, a *auth.Actor) []NavItem {
	s.mu.Lock()
	entries := s.nav
	s.mu.Unlock()
	var out []NavItem
	at := map[string]int{}
	for _, e := range entries {
		if e.Shows != nil && !e.Shows(a) || e.ShowsWhen != nil && !e.ShowsWhen(r.Context(), a) {
			continue
		}
		if e.Vendor && s.VendorShown != nil && !s.VendorShown(r.Context()) {
			continue
		}
		l := NavLink{Path: e.Path, Label: e.Label, BadgeLabel: e.BadgeLabel, Current: r.URL.Path == e.Path}
		if e.Badge != nil {
			l.Badge = e.Badge(r.Context(), a)
		}
		if e.Group == "" {
			out = append(out, NavItem{NavLink: l})
			continue
		}
		i, ok := at[e.Group]
		if !ok {
			at[e.Group] = len(out)
			out = append(out, NavItem{NavLink: NavLink{Label: e.Group}})
			i = len(out) - 1
		}
		g := &out[i]
		g.Links = append(g.Links, l)
		g.Current = g.Current || l.Current
		g.Badge += l.Badge
	}
	// A group of one is its link; a short navigation folds nothing.
	links := 0
	for _, g := range out {
		links += max(1, len(g.Links))
	}
	flat := make([]NavItem, 0, links)
	for _, g := range out {
		switch {
		case len(g.Links) == 1 || len(g.Links) > 1 && links <= navFoldAbove:
			for _, l := range g.Links {
				flat = append(flat, NavItem{NavLink: l})
			}
		default:
			flat = append(flat, g)
		}
	}
	return flat
}

// navFoldAbove is how many links a navigation shows before its groups
// fold: a board member's or a recruiter's few links stay in sight.
const navFoldAbove = 12
