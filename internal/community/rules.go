package community

import (
	"time"

	"pakt/internal/auth"
)

// Association reports whether pakt runs an association in mode.
func Association(mode string) bool { return mode == ModeAssociation || mode == ModeBoth }

// Vendor reports whether pakt runs a vendor programme in mode.
func Vendor(mode string) bool { return mode == ModeVendor || mode == ModeBoth }

// Runs reports whether a membership from starts to ends (nil: open) runs
// on the day of on.
func Runs(starts Date, ends *Date, on time.Time) bool {
	day := Date{Time: time.Date(on.Year(), on.Month(), on.Day(), 0, 0, 0, 0, time.UTC)}
	return !starts.After(day.Time) && (ends == nil || !ends.Before(day.Time))
}

// standing is the one rule of who a caller is in the association: admins
// and board members by role, a vendor liaison by role, a partner user by
// its organisation's membership today (member), anyone else an outsider.
func standing(a *auth.Actor, orgIsMember bool) Standing {
	switch {
	case a.IsAdmin():
		return Admin
	case a.IsBoard():
		return Board
	case a.IsLiaison():
		return Liaison
	case a.IsPartner() && orgIsMember:
		return Member
	}
	return Outsider
}

// Runs reports whether the standing runs the association: admins and
// the board.
func (s Standing) Runs() bool { return s == Admin || s == Board }

// Inside reports whether the standing belongs to the association: its
// admins, board and members (not the vendor's liaisons).
func (s Standing) Inside() bool { return s.Runs() || s == Member }
