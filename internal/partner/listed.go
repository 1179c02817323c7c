package partner

import (
	"strconv"

	"pakt/internal/auth"
)

// StatusEnded is the status of an organisation whose partnership ended.
const StatusEnded = "ended"

// Listed is the one rule of who appears to other partners, in the
// directory, the concierge, the project exchange and as a party that can be
// named in an agreement: an organisation that published its profile, is a
// partner or an (association) member, has not ended its partnership and is
// not deleted. Prospects and the programme owner never appear; an ended
// partner drops out of the network but keeps its name on the shared objects
// it was party to. Every feature asks this function or, in SQL, ListedSQL;
// none filters by published itself (a test in this package checks).
func Listed(kind, status string, published, deleted bool) bool {
	return published && !deleted && (kind == KindPartner || kind == KindMember) && status != StatusEnded
}

// Listed reports whether o appears to other partners (see Listed).
func (o *Organisation) Listed() bool { return Listed(o.Kind, o.Status, o.Published, false) }

// ListedSQL is Listed as a condition on the organisations row aliased
// alias, for queries that must filter in the database.
func ListedSQL(alias string) string {
	return "(" + alias + ".published = TRUE AND " + alias + ".deleted_at IS NULL AND " + alias + ".kind IN ('" + KindPartner + "', '" + KindMember +
		"') AND " + alias + ".status <> '" + StatusEnded + "')"
}

// CanView reports whether a may see the organisation o: staff see every
// organisation; partner users see their own and the listed ones.
func CanView(a *auth.Actor, o *Organisation) bool {
	return a.IsStaff() || a.InOrg(o.ID) || (a.IsPartner() && o.Listed())
}

// VisibleSQL is CanView as a condition on the organisations row aliased
// alias, for queries that must filter in the database: staff see every
// organisation that is not deleted; partner users their own and the listed
// ones; anybody else none. The condition's placeholders start at $next;
// args are their values, to append to the query's.
func VisibleSQL(a *auth.Actor, alias string, next int) (cond string, args []any) {
	switch {
	case a.IsStaff():
		return "(" + alias + ".deleted_at IS NULL)", nil
	case a.IsPartner():
		return "(" + alias + ".deleted_at IS NULL AND (" + alias + ".id = $" + strconv.Itoa(next) + " OR " + ListedSQL(alias) + "))", []any{a.OrgID}
	}
	return "(1 = 0)", nil
}

// NameableSQL is the condition on the organisations row aliased alias for
// an organisation a may name as a party of a shared object (an
// agreement): a partner or member that is not deleted; for partner users
// moreover their own or a listed one. The condition's placeholders start at
// $next; args are their values, to append to the query's.
func NameableSQL(a *auth.Actor, alias string, next int) (cond string, args []any) {
	cond = "(" + alias + ".deleted_at IS NULL AND " + alias + ".kind IN ('" + KindPartner + "', '" + KindMember + "')"
	if a.IsStaff() {
		return cond + ")", nil
	}
	return cond + " AND (" + alias + ".id = $" + strconv.Itoa(next) + " OR " + ListedSQL(alias) + "))", []any{a.OrgID}
}

// mayBrowse reports whether a uses the directory at all: staff and partner
// users; recruiters and anonymous callers do not.
func mayBrowse(a *auth.Actor) bool { return a.IsStaff() || a.IsPartner() }
