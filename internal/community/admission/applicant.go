package admission

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/notify"
)

// StatusPath is a public applicant's own page; the private link's secret
// follows it.
const StatusPath = "/community/apply/status?token="

// StatusLifetime is how long after the decision (or the withdrawal) the
// private link still works.
const StatusLifetime = 180 * 24 * time.Hour

// statusGuesses is how many private links that do not work one address
// may open per hour before it must wait.
const statusGuesses = 20

// The mails of the public applicant, sent at once (notify.SendNow)
// because their links hold a secret: the confirmation of its application
// with the private link, and the decision that admits it with the
// invitation to set its password.
const (
	NoticeReceived = "admission.received"
	NoticeWelcome  = "admission.welcome"
)

// byToken reads the application of a working private link: a link that
// is unknown, malformed, or older than StatusLifetime after the decision
// is not found.
func (s *Service) byToken(ctx context.Context, q db.Querier, token string) (*Application, error) {
	if _, bad := apperr.CleanText(apperr.Line, token); bad != "" || token == "" || len(token) > 100 {
		return nil, apperr.ErrNotFound
	}
	x, err := applicationByToken(ctx, q, auth.HashSecret(token))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if x.DecidedAt != nil && s.Now().After(x.DecidedAt.Add(StatusLifetime)) {
		return nil, apperr.ErrNotFound
	}
	return x, nil
}

// guess counts a private link that did not work against the client
// address addr and returns err, or the wait once the address has tried
// too many.
func (s *Service) guess(ctx context.Context, addr string, err error) error {
	if !errors.Is(err, apperr.ErrNotFound) {
		return err
	}
	if aerr := db.Allow(ctx, s.DB, "application-status:"+addr, statusGuesses, time.Hour, s.now(), "admission.error.throttled_link"); aerr != nil {
		return aerr
	}
	return err
}

// ByToken returns the application of a public applicant's private link
// (StatusPath), as its applicant sees it: the criteria check, the
// decision and its reasons, never the votes. A link that does not work
// is not found, and counts against the client address addr: after
// statusGuesses an hour it must wait.
func (s *Service) ByToken(ctx context.Context, addr, lang, token string) (*Application, error) {
	x, err := s.byToken(ctx, s.DB, token)
	if err != nil {
		return nil, s.guess(ctx, addr, err)
	}
	st, err := getSettings(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	return x, s.complete(ctx, lang, []*Application{x}, false, st)
}

// WithdrawByToken withdraws the open application of a private link, as
// ByToken finds it; a decided one is a conflict.
func (s *Service) WithdrawByToken(ctx context.Context, addr, token string) (*Application, error) {
	x, err := s.byToken(ctx, s.DB, token)
	if err != nil {
		return nil, s.guess(ctx, addr, err)
	}
	return x, s.withdraw(ctx, audit.Who{Label: x.ContactEmail}, "", x)
}

// Withdraw withdraws an open application for its applicant: a partner
// admin of the applying organisation. Those who see it without acting
// for it (its partner members, the board, the admins) get 403, everyone
// else 404; a decided one is a conflict. The board is told.
func (s *Service) Withdraw(ctx context.Context, a *auth.Actor, id string) (*Application, error) {
	x, err := s.Get(ctx, a, "", id)
	if err != nil {
		return nil, err
	}
	if !a.ActsFor(x.OrgID) {
		return nil, apperr.New(apperr.Forbidden, "admission.error.applicant_withdraws")
	}
	if err := s.withdraw(ctx, a.Who(), a.UserID, x); err != nil {
		return nil, err
	}
	return s.Get(ctx, a, "", id)
}

// withdraw ends the open application x as withdrawn by who (the user by,
// "" for a public applicant), audited, and tells the board.
func (s *Service) withdraw(ctx context.Context, who audit.Who, by string, x *Application) error {
	if !Open(x.Status) {
		return closed(x.Status)
	}
	before := *x
	now := s.now()
	x.Status, x.Reason, x.DecidedAt, x.decidedBy = StatusWithdrawn, "", &now, by
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if ok, err := decide(ctx, tx, x); err != nil || !ok {
			return cmpErr(err, apperr.New(apperr.Conflict, "admission.error.decided"))
		}
		if err := audit.Record(ctx, tx, now, who, "withdraw", "application", x.ID, x.OrgID, before.record(), x.record()); err != nil {
			return err
		}
		return s.tell(ctx, tx, notify.Notice{Kind: "admission.withdrawn", Args: []string{x.OrgName}, Link: Path(x.ID)}, true)
	})
}

// sendNow mails a notice that holds a secret at once (notify.SendNow),
// unless ctx is a dry run or nobody is to be told.
func (s *Service) sendNow(ctx context.Context, to, lang, kind string, args []string, link string) {
	if s.Notify == nil || s.silent || to == "" || db.InDryRun(ctx) {
		return
	}
	s.Notify.SendNow(to, lang, kind, args, link)
}
