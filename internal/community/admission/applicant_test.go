package admission_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"pakt/internal/app"
	"pakt/internal/app/apptest"
	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/community/admission"
	"pakt/internal/notify/notifytest"
)

// withMail starts a mail server that receives the server's mail.
func withMail(smtp **notifytest.Server, clk *apptest.Clock) func(t *testing.T, c *app.Config) {
	return func(t *testing.T, c *app.Config) {
		*smtp = notifytest.Start(t)
		c.SMTP = (*smtp).Config()
		if clk != nil {
			c.Now = clk.Now
		}
	}
}

// startAssociation boots a server that sends its mail to a mail server
// (returned in smtp), with the association running, and returns its admin.
func startAssociation(t *testing.T, smtp **notifytest.Server) (*apptest.Server, *auth.User) {
	t.Helper()
	s := apptest.StartWith(t, func(c *app.Config) { withMail(smtp, nil)(t, c) })
	admin := s.CreateUser(auth.RoleAdmin, "")
	if _, err := s.App.Community.SaveSettings(context.Background(), admin.Actor(), community.SettingsInput{Mode: new(community.ModeBoth)}); err != nil {
		t.Fatal(err)
	}
	return s, admin
}

// mailTo waits for a mail to addr that says subject and returns it.
func mailTo(t *testing.T, smtp *notifytest.Server, addr, subject string) notifytest.Message {
	t.Helper()
	return smtp.WaitFor(t, addr, subject, 10*time.Second)
}

var (
	statusLinkPattern = regexp.MustCompile(`http://[^/\s]+/community/apply/status\?token=([A-Za-z0-9_-]+)`)
	resetLinkPattern  = regexp.MustCompile(`http://[^/\s]+(/password/reset\?token=[A-Za-z0-9_-]+)`)
)

// linkIn returns the first match of p's group in a mail.
func linkIn(t *testing.T, p *regexp.Regexp, m notifytest.Message) string {
	t.Helper()
	match := p.FindStringSubmatch(m.Body)
	if match == nil {
		t.Fatalf("no link in the mail %q:\n%s", m.Subject, m.Body)
	}
	return match[1]
}

// publicInput is a complete public application of company, whose contact
// is email.
func publicInput(t *testing.T, s *apptest.Server, company, email string) admission.Input {
	in := complete(t, s)
	in.Company, in.ContactName, in.ContactEmail, in.Consent = company, "Eva Neumann", email, true
	return in
}

// A public applicant is mailed at once a private link to its own page,
// which shows its application alone (without votes), until 180 days after
// the decision; a wrong link is not found, and many wrong ones make the
// address wait. It withdraws through the link: the board is told and can
// no longer vote. Admitted, its contact becomes the company's partner
// admin with an invitation to set its password, unless the address has
// an account already. A logged-in partner admin withdraws its own
// application; its members, the board and admins may not.
func TestPublicApplicant(t *testing.T) {
	clk := apptest.NewClock(time.Now().UTC())
	var smtp *notifytest.Server
	apptest.EnginesWith(t, withMail(&smtp, clk), func(t *testing.T, s *apptest.Server) {
		clk.Advance(2 * time.Hour) // the other engine's throttles are over
		ctx := context.Background()
		svc := s.App.Admission
		admin := s.CreateUser(auth.RoleAdmin, "").Actor()
		if _, err := s.App.Community.SaveSettings(ctx, admin, community.SettingsInput{Mode: new(community.ModeBoth)}); err != nil {
			t.Fatal(err)
		}
		var board []*auth.Actor
		for range 3 {
			board = append(board, s.CreateUser(auth.RoleBoard, "").Actor())
		}

		// Two public applicants, each mailed its own link in its language.
		first, err := svc.Apply(ctx, nil, "192.0.2.1", "de", publicInput(t, s, "Neu Cloud GmbH", "eva@neu-cloud.example"))
		if err != nil {
			t.Fatal(err)
		}
		second, err := svc.Apply(ctx, nil, "192.0.2.2", "en", publicInput(t, s, "Second Systems Ltd", "ops@second.example"))
		if err != nil {
			t.Fatal(err)
		}
		m := mailTo(t, smtp, "eva@neu-cloud.example", "Ihr Mitgliedsantrag für Neu Cloud GmbH")
		if !strings.Contains(m.Body, "Guten Tag Eva Neumann") || !strings.Contains(m.Body, "180 Tage nach der Entscheidung") {
			t.Errorf("the confirmation:\n%s", m.Body)
		}
		link := linkIn(t, statusLinkPattern, m)
		otherLink := linkIn(t, statusLinkPattern, mailTo(t, smtp, "ops@second.example", "Your membership application for Second Systems Ltd"))
		if link == otherLink {
			t.Fatal("two applicants got the same link")
		}
		var stored string
		if err := s.App.DB.QueryRowContext(ctx, `SELECT status_token FROM applications WHERE id = $1`, first.ID).Scan(&stored); err != nil || stored == link || stored != auth.HashSecret(link) {
			t.Errorf("the link is kept as %q (%v), want its hash only", stored, err)
		}

		// Each link shows its own application, without votes.
		if _, err := svc.Vote(ctx, board[0], first.ID, admission.VoteInput{Choice: admission.VoteReject, Comment: "Nur für den Vorstand"}); err != nil {
			t.Fatal(err)
		}
		x, err := svc.ByToken(ctx, "192.0.2.9", "de", link)
		if err != nil || x.ID != first.ID || x.Status != admission.StatusVoting || x.Votes != nil || x.Tally != nil || x.Outcome != "" || len(x.Checks) != 4 {
			t.Fatalf("the first link: %v %+v", err, x)
		}
		if x, err := svc.ByToken(ctx, "192.0.2.9", "en", otherLink); err != nil || x.ID != second.ID {
			t.Fatalf("the second link: %v %+v", err, x)
		}

		// Wrong links are not found; many make the address wait.
		for _, bad := range []string{"", "falsch", link + "x", strings.ToUpper(link), "a\x00b"} {
			if _, err := svc.ByToken(ctx, "192.0.2.66", "de", bad); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("the link %q: %v, want not found", bad, err)
			}
		}
		var throttled error
		for range 30 {
			if _, throttled = svc.ByToken(ctx, "192.0.2.66", "de", "geraten"); apperr.CodeOf(throttled) == apperr.TooMany {
				break
			}
		}
		if apperr.CodeOf(throttled) != apperr.TooMany {
			t.Errorf("guessing links: %v, want to wait", throttled)
		}
		if _, err := svc.ByToken(ctx, "192.0.2.67", "de", link); err != nil {
			t.Errorf("another address with the right link: %v", err)
		}

		// The second withdraws through its link; the board is told and
		// can no longer vote.
		x, err = svc.WithdrawByToken(ctx, "192.0.2.2", otherLink)
		if err != nil || x.Status != admission.StatusWithdrawn || x.DecidedAt == nil {
			t.Fatalf("withdrawn: %v %+v", err, x)
		}
		if _, err := svc.WithdrawByToken(ctx, "192.0.2.2", otherLink); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("withdrawn twice: %v, want a conflict", err)
		}
		if _, err := svc.Vote(ctx, board[1], second.ID, admission.VoteInput{Choice: admission.VoteApprove}); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("a vote on a withdrawn application: %v, want a conflict", err)
		}
		if _, err := svc.Decide(ctx, admin, second.ID, admission.DecisionInput{Reason: "Zu spät."}); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("a decision on a withdrawn application: %v, want a conflict", err)
		}
		inbox, err := s.App.Notify.Inbox(ctx, board[2], "", false, 10)
		if err != nil || len(inbox) == 0 || inbox[0].Kind != "admission.withdrawn" || inbox[0].Args[0] != "Second Systems Ltd" {
			t.Errorf("the board's inbox: %v %+v", err, inbox)
		}
		if list, _, err := svc.List(ctx, board[0], "de", admission.StatusWithdrawn); err != nil || len(list) != 1 || list[0].ID != second.ID {
			t.Errorf("the withdrawn applications: %v %d", err, len(list))
		}

		// The first is admitted: its contact becomes the company's partner
		// admin and is invited in the mail of the decision.
		for _, b := range board[1:] {
			if _, err := svc.Vote(ctx, b, first.ID, admission.VoteInput{Choice: admission.VoteApprove}); err != nil {
				t.Fatal(err)
			}
		}
		x, err = svc.Decide(ctx, board[1], first.ID, admission.DecisionInput{Reason: "Referenzen überzeugen."})
		if err != nil || x.Status != admission.StatusAdmitted || x.Account != admission.AccountInvited {
			t.Fatalf("the decision: %v %+v", err, x)
		}
		welcome := mailTo(t, smtp, "eva@neu-cloud.example", "Willkommen im Verband: Neu Cloud GmbH ist aufgenommen")
		if !strings.Contains(welcome.Body, "Referenzen überzeugen.") || !strings.Contains(welcome.Body, "innerhalb von sieben Tagen") {
			t.Errorf("the welcome:\n%s", welcome.Body)
		}
		invitation := linkIn(t, resetLinkPattern, welcome)
		token, _ := strings.CutPrefix(invitation, auth.ResetPath)
		if welcome, err := s.App.Auth.CheckLink(ctx, token); err != nil || !welcome {
			t.Fatalf("the invitation: %v %v", welcome, err)
		}
		if err := s.App.Auth.CompleteReset(ctx, token, "mein-neues-passwort"); err != nil {
			t.Fatal(err)
		}
		u, _, err := s.App.Auth.Login(ctx, "eva@neu-cloud.example", "mein-neues-passwort", "192.0.2.1")
		if err != nil || u.Role != auth.RolePartnerAdmin || u.OrgID != first.OrgID || u.Name != "Eva Neumann" {
			t.Fatalf("the new partner admin: %v %+v", err, u)
		}
		if member, err := s.App.Community.IsMember(ctx, s.App.DB, first.OrgID); err != nil || !member {
			t.Errorf("admitted but not a member: %v", err)
		}
		if x, err := svc.ByToken(ctx, "192.0.2.1", "de", link); err != nil || x.Status != admission.StatusAdmitted || x.Reason != "Referenzen überzeugen." {
			t.Errorf("the link after the decision: %v %+v", err, x)
		}
		// The link works 180 days after the decision, then no more.
		clk.Advance(admission.StatusLifetime - time.Hour)
		if _, err := svc.ByToken(ctx, "192.0.2.1", "de", link); err != nil {
			t.Errorf("the link 180 days after the decision: %v", err)
		}
		clk.Advance(2 * time.Hour)
		if _, err := svc.ByToken(ctx, "192.0.2.1", "de", link); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("the link after 180 days: %v, want not found", err)
		}

		// An applicant whose contact has an account already gets none.
		known := s.CreateUser(auth.RoleManager, "")
		third, err := svc.Apply(ctx, nil, "192.0.2.3", "de", publicInput(t, s, "Bekannt AG", known.Email))
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range board {
			if _, err := svc.Vote(ctx, b, third.ID, admission.VoteInput{Choice: admission.VoteApprove}); err != nil {
				t.Fatal(err)
			}
		}
		x, err = svc.Decide(ctx, admin, third.ID, admission.DecisionInput{Reason: "Passt."})
		if err != nil || x.Account != admission.AccountTaken {
			t.Fatalf("admitting a known contact: %v %+v", err, x)
		}
		if u, err := s.App.Auth.GetUser(ctx, admin, known.ID); err != nil || u.Role != auth.RoleManager || u.OrgID != "" {
			t.Errorf("the known contact's account changed: %v %+v", err, u)
		}
		if m := mailTo(t, smtp, known.Email, "Bekannt AG"); strings.Contains(m.Body, "/password/reset") {
			t.Errorf("the known contact was sent a link to set a password:\n%s", m.Body)
		}

		// A logged-in applicant withdraws on its own; its member, the
		// board and the admins may not.
		org := s.Org("Angemeldet GmbH")
		padmin := s.CreateUser(auth.RolePartnerAdmin, org).Actor()
		pmember := s.CreateUser(auth.RolePartnerMember, org).Actor()
		own, err := svc.Apply(ctx, padmin, "", "de", complete(t, s))
		if err != nil {
			t.Fatal(err)
		}
		for name, a := range map[string]*auth.Actor{"member": pmember, "board": board[0], "admin": admin} {
			if _, err := svc.Withdraw(ctx, a, own.ID); apperr.CodeOf(err) != apperr.Forbidden {
				t.Errorf("the %s withdrew: %v, want forbidden", name, err)
			}
		}
		if _, err := svc.Withdraw(ctx, s.CreateUser(auth.RolePartnerAdmin, s.Org("Fremd GmbH")).Actor(), own.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("another partner withdrew: %v, want not found", err)
		}
		if x, err := svc.Withdraw(ctx, padmin, own.ID); err != nil || x.Status != admission.StatusWithdrawn {
			t.Fatalf("the applicant withdrew: %v %+v", err, x)
		}
		if err := svc.MayApply(ctx, padmin); err != nil {
			t.Errorf("applying again after the withdrawal: %v", err)
		}
	})
}
