// Package notify tells people what happened: an in-app inbox per user and
// e-mail through SMTP (or the log, when no mail server is configured).
//
// A feature calls Notify inside the transaction of the change it reports, so
// that the notice and its e-mail commit or vanish with the change. The texts
// are translation keys rendered in each recipient's language when they are
// read or sent, so one notice reads German to one user and English to the
// next.
package notify

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/i18n"
)

// Notice is one thing to tell people.
type Notice struct {
	// Kind is a translation key prefix: Kind+".subject" is the title and
	// Kind+".body" the text of the e-mail; both take Args.
	Kind string
	Args []string
	// Link is the path inside pakt where the matter is, e.g. /agreements/ID.
	Link string
	// Extra is appended to the e-mail body as it is (a digest's list).
	Extra string

	// The recipients: these users, the users of these organisations
	// (only their partner admins when AdminsOnly), the programme staff
	// when Staff is set, its admins alone when Admins is, the
	// association's board members when Board is. Except (usually the
	// actor) is left out.
	Users      []string
	Orgs       []string
	AdminsOnly bool
	Staff      bool
	Admins     bool
	Board      bool
	Except     string
	// MailOnly skips the inbox (a digest is an e-mail, not a to-do).
	MailOnly bool
	// Addresses get the e-mail too, though no user has them (any more):
	// a user's former login address. They read it in AddressLang.
	Addresses   []string
	AddressLang string
}

// Notification is an entry in a user's inbox.
type Notification struct {
	ID        string     `json:"id"`
	Kind      string     `json:"kind"`
	Args      []string   `json:"args"`
	Title     string     `json:"title"`
	Link      string     `json:"link"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
}

// Service keeps inboxes and the outbox.
type Service struct {
	db     *db.DB
	Now    func() time.Time
	Mailer Mailer
	Log    *slog.Logger
	// BaseURL makes links in e-mails absolute.
	BaseURL string

	kick    chan struct{}
	mu      sync.Mutex     // one delivery run per process at a time
	sending sync.WaitGroup // the mails SendNow sends
	failed  atomic.Int64   // attempts the mail server refused or missed
}

// Failures counts the attempts to send a mail that failed since the
// process started (a mail of the outbox is tried again later).
func (s *Service) Failures() int64 { return s.failed.Load() }

// NewService returns the notification service. Without a mailer, mail is
// written to the log.
func NewService(d *db.DB, now func() time.Time, m Mailer, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	if m == nil {
		m = LogMailer{Log: log}
	}
	return &Service{db: d, Now: now, Mailer: m, Log: log, kick: make(chan struct{}, 1)}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

type recipient struct {
	id, email, lang string
}

// recipients resolves a notice's addressees, each once.
func recipients(ctx context.Context, q db.Querier, n *Notice) ([]recipient, error) {
	var conds []string
	var args []any
	if len(n.Users) > 0 {
		conds = append(conds, "id IN ("+db.In(&args, n.Users)+")")
	}
	if len(n.Orgs) > 0 {
		c := "org_id IN (" + db.In(&args, n.Orgs) + ")"
		if n.AdminsOnly {
			args = append(args, string(auth.RolePartnerAdmin))
			c += fmt.Sprintf(" AND role = $%d", len(args))
		}
		conds = append(conds, "("+c+")")
	}
	if n.Staff {
		args = append(args, string(auth.RoleAdmin), string(auth.RoleManager))
		conds = append(conds, fmt.Sprintf("role IN ($%d, $%d)", len(args)-1, len(args)))
	}
	if n.Admins {
		args = append(args, string(auth.RoleAdmin))
		conds = append(conds, fmt.Sprintf("role = $%d", len(args)))
	}
	if n.Board {
		args = append(args, string(auth.RoleBoard))
		conds = append(conds, fmt.Sprintf("role = $%d", len(args)))
	}
	if len(conds) == 0 {
		return nil, nil
	}
	rs, err := db.Query(ctx, q, func(r db.Row) (recipient, error) {
		var x recipient
		err := r.Scan(&x.id, &x.email, &x.lang)
		return x, err
	}, "SELECT id, email, lang FROM users WHERE NOT disabled AND ("+strings.Join(conds, " OR ")+") ORDER BY id", args...)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(rs, func(r recipient) bool { return r.id == n.Except }), nil
}

// Notify records n for its recipients in q's transaction: an inbox entry
// each (unless MailOnly) and an e-mail in the outbox. Call Kick after the
// commit to send without waiting for the next delivery round.
func (s *Service) Notify(ctx context.Context, q db.Querier, n Notice) error {
	if n.Kind == "" {
		return errors.New("notify: notice without kind")
	}
	if n.Args == nil {
		n.Args = []string{}
	}
	args, err := json.Marshal(n.Args)
	if err != nil {
		return err
	}
	rs, err := recipients(ctx, q, &n)
	if err != nil {
		return fmt.Errorf("notify recipients: %w", err)
	}
	now := s.now()
	for _, addr := range n.Addresses {
		if addr != "" && !slices.ContainsFunc(rs, func(r recipient) bool { return strings.EqualFold(r.email, addr) }) {
			rs = append(rs, recipient{email: addr, lang: n.AddressLang})
		}
	}
	for _, r := range rs {
		if r.id != "" && !n.MailOnly {
			if _, err := q.ExecContext(ctx, `INSERT INTO notifications (id, user_id, kind, args, link, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
				db.NewID(), r.id, n.Kind, string(args), n.Link, now); err != nil {
				return fmt.Errorf("notify: %w", err)
			}
		}
		if r.email == "" {
			continue
		}
		lang := r.lang
		if !i18n.Supported(lang) {
			lang = i18n.Languages[0]
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO outbox (id, user_id, to_addr, lang, kind, args, link, extra, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			db.NewID(), r.id, r.email, lang, n.Kind, string(args), n.Link, n.Extra, now); err != nil {
			return fmt.Errorf("notify outbox: %w", err)
		}
	}
	return nil
}

// Kick asks the delivery loop to send queued mail now.
func (s *Service) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

func decodeArgs(s string) []string {
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil
	}
	return out
}

// bilingual separates the German and the English form of an argument.
const bilingual = "\x1f"

// Bilingual is a notice argument that has a German and an English form (a
// competency's name): each recipient reads the one of their language.
func Bilingual(de, en string) string {
	if de == en || en == "" {
		return de
	}
	if de == "" {
		return en
	}
	return de + bilingual + en
}

// anys returns the arguments as lang reads them.
func anys(lang string, ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		if de, en, ok := strings.Cut(s, bilingual); ok {
			s = de
			if lang == "en" {
				s = en
			}
		}
		// Arguments are names, titles and dates inside a sentence: a line
		// break in one (stored before the text rules) must not start a
		// line of its own in a mail.
		out[i] = apperr.OneLine(s)
	}
	return out
}

// Title is a notification's title in lang.
func Title(lang, kind string, args []string) string {
	return i18n.T(lang, kind+".subject", anys(lang, args)...)
}

// Inbox returns the actor's newest notifications, unread first when
// unreadOnly is set only those, with their titles in lang: the page's
// language; "" is the actor's own.
func (s *Service) Inbox(ctx context.Context, a *auth.Actor, lang string, unreadOnly bool, limit int) ([]*Notification, error) {
	if a == nil || a.UserID == "" {
		return nil, apperr.ErrNotFound
	}
	if !i18n.Supported(lang) {
		lang = a.Lang
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	q := `SELECT id, kind, args, link, created_at, read_at FROM notifications WHERE user_id = $1`
	if unreadOnly {
		q += ` AND read_at IS NULL`
	}
	q += ` ORDER BY created_at DESC, id DESC LIMIT $2`
	return db.Query(ctx, s.db, func(r db.Row) (*Notification, error) {
		n := &Notification{}
		var args string
		if err := r.Scan(&n.ID, &n.Kind, &args, &n.Link, &n.CreatedAt, db.NullTime(&n.ReadAt)); err != nil {
			return nil, err
		}
		n.Args = decodeArgs(args)
		n.Title = Title(lang, n.Kind, n.Args)
		n.CreatedAt = n.CreatedAt.UTC()
		return n, nil
	}, q, a.UserID, limit)
}

// Unread counts the actor's unread notifications.
func (s *Service) Unread(ctx context.Context, a *auth.Actor) int {
	if a == nil || a.UserID == "" {
		return 0
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, a.UserID).Scan(&n); err != nil {
		return 0
	}
	return n
}

// MarkRead marks one of the actor's notifications read (id "") or all of
// them.
func (s *Service) MarkRead(ctx context.Context, a *auth.Actor, id string) error {
	if a == nil || a.UserID == "" {
		return apperr.ErrNotFound
	}
	if id == "" {
		_, err := s.db.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`, s.now(), a.UserID)
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND user_id = $3`, s.now(), id, a.UserID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.ErrNotFound
	}
	return nil
}

// Open marks the notification read and returns where it points; the
// caller checks that it is a path on this site before going there.
func (s *Service) Open(ctx context.Context, a *auth.Actor, id string) (string, error) {
	if err := s.MarkRead(ctx, a, id); err != nil {
		return "", err
	}
	return s.Link(ctx, a, id)
}

// Link returns where one of the actor's notifications points, without
// marking it read.
func (s *Service) Link(ctx context.Context, a *auth.Actor, id string) (string, error) {
	if a == nil || a.UserID == "" {
		return "", apperr.ErrNotFound
	}
	var link string
	err := s.db.QueryRowContext(ctx, `SELECT link FROM notifications WHERE id = $1 AND user_id = $2`, id, a.UserID).Scan(&link)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.ErrNotFound
	}
	return link, err
}
