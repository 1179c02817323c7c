package notify

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"

	"pakt/internal/i18n"
)

// Mail is one e-mail to one recipient.
type Mail struct {
	To      string
	Subject string
	Body    string
}

// Mailer sends e-mail.
type Mailer interface {
	Send(ctx context.Context, m Mail) error
}

// LogMailer writes mail to the log instead of sending it: pakt without a
// mail server still works, and the inbox has everything.
type LogMailer struct{ Log *slog.Logger }

// Send logs m.
func (l LogMailer) Send(_ context.Context, m Mail) error {
	l.Log.Info("mail (no SMTP configured)", "to", m.To, "subject", m.Subject, "body", m.Body)
	return nil
}

// SMTPConfig is the mail server, from the PAKT_SMTP_* settings.
type SMTPConfig struct {
	Host     string
	Port     int
	User     string
	Password string
	From     string
	// TLS is "starttls" (the default), "tls" (implicit, port 465) or
	// "none" (only for a server on the same host or in tests).
	TLS string
}

// SMTP sends mail through a mail server.
type SMTP struct{ cfg SMTPConfig }

// NewSMTP checks cfg and returns a mailer for it.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	if cfg.Host == "" {
		return nil, fmt.Errorf("smtp: no host")
	}
	if cfg.From == "" {
		return nil, fmt.Errorf("smtp: PAKT_SMTP_FROM is required")
	}
	switch cfg.TLS {
	case "":
		cfg.TLS = "starttls"
	case "starttls", "tls", "none":
	default:
		return nil, fmt.Errorf("smtp: TLS must be starttls, tls or none, not %q", cfg.TLS)
	}
	if cfg.Port == 0 {
		cfg.Port = map[string]int{"starttls": 587, "tls": 465, "none": 25}[cfg.TLS]
	}
	return &SMTP{cfg: cfg}, nil
}

// Send delivers m.
func (s *SMTP) Send(ctx context.Context, m Mail) error {
	msg := mail.NewMsg()
	if err := msg.From(s.cfg.From); err != nil {
		return fmt.Errorf("smtp from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("smtp to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(mail.TypeTextPlain, m.Body)
	opts := []mail.Option{mail.WithPort(s.cfg.Port), mail.WithTimeout(20 * time.Second)}
	switch s.cfg.TLS {
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if s.cfg.User != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(s.cfg.User), mail.WithPassword(s.cfg.Password))
	}
	c, err := mail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	return c.DialAndSendWithContext(ctx, msg)
}

// render makes the e-mail of an outbox row in its recipient's language.
func (s *Service) render(lang, kind string, args []string, link, extra string) (subject, body string) {
	a := anys(lang, args)
	subject = i18n.T(lang, kind+".subject", a...)
	var b strings.Builder
	b.WriteString(i18n.T(lang, kind+".body", a...))
	b.WriteString("\n")
	if extra != "" {
		b.WriteString("\n")
		b.WriteString(extra)
		b.WriteString("\n")
	}
	if link != "" {
		b.WriteString("\n")
		b.WriteString(s.BaseURL + link)
		b.WriteString("\n")
	}
	b.WriteString("\n-- \n")
	b.WriteString(i18n.T(lang, "notify.footer"))
	b.WriteString("\n")
	return subject, b.String()
}

// SendNow sends one e-mail to an address in the background, rendered in
// lang as a notice's is, and keeps nothing of it: for a link that holds a
// secret (a password reset), which the outbox would store in clear. It is
// not retried; a failure is logged. Wait waits for the mails under way.
func (s *Service) SendNow(to, lang, kind string, args []string, link string) {
	if !i18n.Supported(lang) {
		lang = i18n.Languages[0]
	}
	subject, body := s.render(lang, kind, args, link, "")
	s.sending.Add(1)
	go func() {
		defer s.sending.Done()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := s.Mailer.Send(ctx, Mail{To: to, Subject: subject, Body: body}); err != nil {
			s.failed.Add(1)
			s.Log.Warn("mail not sent", "to", to, "kind", kind, "err", err)
		}
	}()
}

// Wait waits until the mails SendNow sends are out or given up.
func (s *Service) Wait() { s.sending.Wait() }

// MaxAttempts is how often a mail is tried before it is given up.
const MaxAttempts = 5

// Deliver sends what waits in the outbox and returns how many mails went
// out. A mail that fails is tried again in a later round, up to
// MaxAttempts times. Several processes may deliver at once: each mail is
// claimed first.
func (s *Service) Deliver(ctx context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sent := 0
	for {
		now := s.now()
		type row struct {
			id, to, lang, kind, args, link, extra string
		}
		rows, err := s.db.QueryContext(ctx, `SELECT id, to_addr, lang, kind, args, link, extra FROM outbox
			WHERE sent_at IS NULL AND attempts < $1 AND (claimed_until IS NULL OR claimed_until < $2)
			ORDER BY created_at, id LIMIT 50`, MaxAttempts, now)
		if err != nil {
			return sent, err
		}
		var batch []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.to, &r.lang, &r.kind, &r.args, &r.link, &r.extra); err != nil {
				rows.Close()
				return sent, err
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return sent, err
		}
		if len(batch) == 0 {
			return sent, nil
		}
		for _, r := range batch {
			res, err := s.db.ExecContext(ctx, `UPDATE outbox SET claimed_until = $1 WHERE id = $2 AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $3)`,
				now.Add(2*time.Minute), r.id, now)
			if err != nil {
				return sent, err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				continue // another process has it
			}
			subject, body := s.render(r.lang, r.kind, decodeArgs(r.args), r.link, r.extra)
			if err := s.Mailer.Send(ctx, Mail{To: r.to, Subject: subject, Body: body}); err != nil {
				s.failed.Add(1)
				s.Log.Warn("mail not sent", "to", r.to, "kind", r.kind, "err", err)
				if _, err := s.db.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = $1, claimed_until = $2 WHERE id = $3`,
					i18n.Truncate(err.Error(), 500), s.now().Add(time.Minute), r.id); err != nil {
					return sent, err
				}
				continue
			}
			if _, err := s.db.ExecContext(ctx, `UPDATE outbox SET sent_at = $1, attempts = attempts + 1 WHERE id = $2`, s.now(), r.id); err != nil {
				return sent, err
			}
			sent++
		}
	}
}

// Pending counts mails not yet sent (and not given up).
func (s *Service) Pending(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts < $1`, MaxAttempts).Scan(&n)
	return n, err
}

// Run delivers mail until ctx ends: at once when kicked, else every
// interval.
func (s *Service) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.Deliver(ctx); err != nil && ctx.Err() == nil && err != sql.ErrConnDone {
			s.Log.Error("mail delivery", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.kick:
		}
	}
}
