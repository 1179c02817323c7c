package admission_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/community/admission"
	"pakt/internal/pdf"
)

// The markers no one but those who run the association may read: the
// board's comments on votes, and another applicant's details.
const (
	voteSecret    = "Vorstandskommentar vertraulich"
	foreignSecret = "Kunde des fremden Antragstellers"
	ownSecret     = "Referenz von Alpha intern"
	// publicSecret is a public applicant's reference, for no one's link
	// but its own.
	publicSecret = "Referenz des anderen Antragstellers"
)

type matrixApps struct {
	own, foreign string
	board        []*auth.Actor
	// The private links of a public applicant whose application the board
	// votes on, and of one withdrawn more than 180 days ago.
	link, expired string
}

// publicApplication makes a public applicant's application (its reference
// customer given), from an address of its own, and returns it with a
// private link of the test's making: the real one is only mailed.
func publicApplication(f *apptest.Fixture, customer string) (*admission.Application, string) {
	ctx := context.Background()
	in := matrixInput(f, "Öffentliches Projekt", customer)
	in.Company, in.ContactName, in.ContactEmail, in.Consent = f.Unique("Offen Antrag GmbH"), "Eva Offen", "eva@offen.example", true
	x, err := f.S.App.Admission.Apply(ctx, nil, f.Unique("198.51.100."), "de", in)
	if err != nil {
		f.T.Fatal(err)
	}
	return x, setLink(f, x.ID)
}

// setLink gives the application a private link of the test's making.
func setLink(f *apptest.Fixture, id string) string {
	secret := f.Unique("matrix-link")
	if _, err := f.S.App.DB.ExecContext(context.Background(), `UPDATE applications SET status_token = $1 WHERE id = $2`, auth.HashSecret(secret), id); err != nil {
		f.T.Fatal(err)
	}
	return url.QueryEscape(secret)
}

// matrixInput is an application that meets the default criteria, its
// first reference's title and customer given.
func matrixInput(f *apptest.Fixture, title, customer string) admission.Input {
	return admission.Input{Kind: community.KindOrdinary, Independent: true,
		Certificate: &admission.File{Name: "zertifikat.pdf", Content: pdf.Page("Zertifikat")},
		CertExpires: time.Now().AddDate(1, 0, 0).Format(time.DateOnly),
		References: []admission.Reference{{Title: title, Customer: customer, Year: 2025},
			{Title: "Zweites Projekt", Customer: "Stadtwerke", Year: 2024}},
		Competencies: []string{f.Competency}}
}

// apps makes, before A becomes a member (f.Association): A's application,
// rejected by three board members' votes with a confidential comment;
// and the open application of another organisation, whose details only
// the board and admins read.
func apps(f *apptest.Fixture) *matrixApps {
	return apptest.Once(f, "admission", func() *matrixApps {
		ctx, svc := context.Background(), f.S.App.Admission
		must := func(err error) {
			if err != nil {
				f.T.Fatal(err)
			}
		}
		_, err := f.S.App.Community.SaveSettings(ctx, f.AdminActor, community.SettingsInput{Mode: new(community.ModeBoth)})
		must(err)
		m := &matrixApps{board: []*auth.Actor{f.S.CreateUser(auth.RoleBoard, "").Actor(), f.S.CreateUser(auth.RoleBoard, "").Actor(), f.S.CreateUser(auth.RoleBoard, "").Actor()}}
		own, err := svc.Apply(ctx, f.Users["padmin"].Actor(), "", "de", matrixInput(f, ownSecret, "Stadtwerke Nord"))
		must(err)
		for i, c := range []string{admission.VoteReject, admission.VoteReject, admission.VoteApprove} {
			_, err := svc.Vote(ctx, m.board[i], own.ID, admission.VoteInput{Choice: c, Comment: voteSecret})
			must(err)
		}
		_, err = svc.Decide(ctx, f.AdminActor, own.ID, admission.DecisionInput{Reason: "Die Referenzen reichen nicht aus."})
		must(err)
		f.Association()
		other := f.NewOrg(true)
		foreign, err := svc.Apply(ctx, f.S.CreateUser(auth.RolePartnerAdmin, other).Actor(), "", "de", matrixInput(f, "Projekt", foreignSecret))
		must(err)
		_, err = svc.Vote(ctx, m.board[0], foreign.ID, admission.VoteInput{Choice: admission.VoteApprove, Comment: voteSecret})
		must(err)
		m.own, m.foreign = own.ID, foreign.ID
		// A public applicant's application the board votes on, another
		// one's, and one withdrawn long ago.
		pub, link := publicApplication(f, "Kunde des öffentlichen Antragstellers")
		_, err = svc.Vote(ctx, m.board[1], pub.ID, admission.VoteInput{Choice: admission.VoteReject, Comment: voteSecret})
		must(err)
		_, _ = publicApplication(f, publicSecret)
		old, expired := publicApplication(f, "Kunde von früher")
		_, err = svc.WithdrawByToken(ctx, "", queryUnescape(f, expired))
		must(err)
		_, err = f.S.App.DB.ExecContext(ctx, `UPDATE applications SET decided_at = $1 WHERE id = $2`, time.Now().UTC().AddDate(0, 0, -181), old.ID)
		must(err)
		m.link, m.expired = link, expired
		f.Forbid(publicSecret, "anon", "manager", "recruiter", "liaison", "padmin", "pmember", "other")
		outsiders := []string{"anon", "manager", "recruiter", "liaison", "padmin", "pmember", "other"}
		f.Forbid(voteSecret, outsiders...)
		f.Forbid(foreignSecret, outsiders...)
		f.Forbid(ownSecret, "anon", "manager", "recruiter", "liaison", "other")
		return m
	})
}

func queryUnescape(f *apptest.Fixture, s string) string {
	u, err := url.QueryUnescape(s)
	if err != nil {
		f.T.Fatal(err)
	}
	return u
}

// ready makes a new application with the quorum of approvals, to be
// decided.
func ready(f *apptest.Fixture) string {
	m := apps(f)
	ctx, svc := context.Background(), f.S.App.Admission
	x, err := svc.Apply(ctx, f.S.CreateUser(auth.RolePartnerAdmin, f.NewOrg(true)).Actor(), "", "de", matrixInput(f, "Projekt", "Kunde"))
	if err != nil {
		f.T.Fatal(err)
	}
	for _, b := range m.board {
		if _, err := svc.Vote(ctx, b, x.ID, admission.VoteInput{Choice: admission.VoteApprove}); err != nil {
			f.T.Fatal(err)
		}
	}
	return x.ID
}

// The association runs with A and C as members; A's application was
// rejected, another organisation's is open. Those who run the association
// (admins, board) see every application with its votes; A's users see
// their own, with the decision but without the votes; B's admin ("other",
// not a member) may apply and sees its own (none); everyone else gets 404.
// Only board members vote (admins: 403); admins and the board decide.
// The public form is for anyone without a login, limited per address.
// A public applicant's private link is its credential: whoever holds it
// sees that application alone, without the votes, and may withdraw it
// while it is open; a wrong or expired link is not found (after many, the
// address waits). Only the applicant's partner admins withdraw on its
// page and in the API: its members, the board and the admins get 403.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	apptest.Matrix(t, "admission", func() []apptest.Case {
		path := func(p string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { apps(f); return p }
		}
		own := func(suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return admission.Path(apps(f).own) + suffix }
		}
		foreign := func(prefix, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return prefix + apps(f).foreign + suffix }
		}
		settings := func(*apptest.Fixture) url.Values {
			return url.Values{"independent": {"on"}, "certified": {"on"}, "references": {"on"}, "competencies": {"on"},
				"min_references": {"2"}, "quorum": {"3"}, "majority_percent": {"50"}}
		}
		application := func(*apptest.Fixture) url.Values {
			return url.Values{"kind": {"ordinary"}, "company": {"Neu GmbH"}, "contact_name": {"Eva"}, "contact_email": {"eva@neu.example"}}
		}
		const api = "/api/v1/community/applications/"
		link := func(which func(*matrixApps) string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return admission.StatusPath + which(apps(f)) }
		}
		token := func(which func(*apptest.Fixture) string) func(*apptest.Fixture) url.Values {
			return func(f *apptest.Fixture) url.Values { apps(f); return url.Values{"token": {queryUnescape(f, which(f))}} }
		}
		return []apptest.Case{
			{Pattern: "GET /community/apply/status", Path: link(func(m *matrixApps) string { return m.link }),
				Want: "anon,admin,manager,recruiter,board,liaison,padmin,pmember,other:200"},
			{Pattern: "GET /community/apply/status", Path: link(func(*matrixApps) string { return "falsch" }), Want: "board:404|429 liaison:404|429 *:404|429"},
			{Pattern: "GET /community/apply/status", Path: link(func(m *matrixApps) string { return m.expired }), Want: "board:404|429 liaison:404|429 *:404|429"},
			{Pattern: "POST /community/apply/withdraw", Path: path("/community/apply/withdraw"),
				Form: token(func(f *apptest.Fixture) string { _, l := publicApplication(f, "Kunde"); return l }),
				Want: "board:303 liaison:303 *:303"},
			{Pattern: "POST /community/apply/withdraw", Path: path("/community/apply/withdraw"),
				Form: token(func(f *apptest.Fixture) string { return apps(f).expired }), Want: "board:404|429 liaison:404|429 *:404|429"},
			{Pattern: "POST /community/applications/{id}/withdraw", Path: own("/withdraw"),
				Want: "padmin:409 pmember,admin,board:403 anon:401 liaison:404 *:404"},
			{Pattern: "POST /community/applications/{id}/withdraw", Path: foreign("/community/applications/", "/withdraw"),
				Want: "admin,board:403 anon:401 liaison:404 *:404"},
			{Pattern: "POST /api/v1/community/applications/{id}/withdraw", Path: func(f *apptest.Fixture) string { return api + apps(f).own + "/withdraw" },
				Want: "padmin:409 pmember,admin,board:403 anon:401 liaison:404 *:404"},
			{Pattern: "POST /api/v1/community/applications/{id}/withdraw", Path: foreign(api, "/withdraw"),
				Want: "admin,board:403 anon:401 liaison:404 *:404"},
			{Pattern: "GET /community/apply", Path: path("/community/apply"), Want: "anon,other:200 board:404 liaison:404 *:404"},
			{Pattern: "POST /community/apply", Path: path("/community/apply"), Form: application, Want: "anon:422|429 other:422 board:404 liaison:404 *:404"},
			{Pattern: "GET /community/applications", Path: path("/community/applications"), Want: "admin,board,padmin,pmember,other:200 anon:303 liaison:404 *:404"},
			{Pattern: "GET /community/applications", Path: path("/community/applications?status=voting"), Want: "admin,board,padmin,pmember,other:200 anon:303 liaison:404 *:404"},
			{Pattern: "GET /community/applications/settings", Path: path("/community/applications/settings"), Want: "admin:200 anon:303 board:404 liaison:404 *:404"},
			{Pattern: "POST /community/applications/settings", Path: path("/community/applications/settings"), Form: settings, Want: "admin:303 anon:401 board:404 liaison:404 *:404"},
			{Pattern: "GET /community/applications/{id}", Path: own(""), Want: "admin,board,padmin,pmember:200 anon:303 liaison:404 *:404"},
			{Pattern: "GET /community/applications/{id}", Path: foreign("/community/applications/", ""), Want: "admin,board:200 anon:303 liaison:404 *:404"},
			{Pattern: "GET /community/applications/{id}/certificate", Path: own("/certificate"), Want: "admin,board,padmin,pmember:200 anon:303 liaison:404 *:404"},
			{Pattern: "GET /community/applications/{id}/certificate", Path: foreign("/community/applications/", "/certificate"), Want: "admin,board:200 anon:303 liaison:404 *:404"},
			{Pattern: "POST /community/applications/{id}/vote", Path: foreign("/community/applications/", "/vote"),
				Form: func(*apptest.Fixture) url.Values { return url.Values{"choice": {"abstain"}, "comment": {"Noch offen"}} },
				Want: "board:303 admin:403 anon:401 liaison:404 *:404"},
			{Pattern: "POST /community/applications/{id}/vote", Path: own("/vote"),
				Form: func(*apptest.Fixture) url.Values { return url.Values{"choice": {"approve"}} }, Want: "board:409 admin:403 padmin,pmember:404 anon:401 liaison:404 *:404"},
			{Pattern: "POST /community/applications/{id}/decide", Path: func(f *apptest.Fixture) string { return admission.Path(ready(f)) + "/decide" },
				Form: func(*apptest.Fixture) url.Values { return url.Values{"reason": {"Alle Kriterien erfüllt."}} }, Want: "admin,board:303 anon:401 liaison:404 *:404"},
			{Pattern: "GET /api/v1/community/admission-settings", Path: path("/api/v1/community/admission-settings"), Want: "admin:200 anon:401 board:404 liaison:404 *:404"},
			{Pattern: "PUT /api/v1/community/admission-settings", Path: path("/api/v1/community/admission-settings"),
				JSON: func(*apptest.Fixture) any { return map[string]any{"quorum": 3} }, Want: "admin:200 anon:401 board:404 liaison:404 *:404"},
			{Pattern: "GET /api/v1/community/applications", Path: path("/api/v1/community/applications"), Want: "admin,board,padmin,pmember,other:200 anon:401 liaison:404 *:404"},
			{Pattern: "POST /api/v1/community/applications", Path: path("/api/v1/community/applications"),
				JSON: func(*apptest.Fixture) any {
					return map[string]any{"kind": "ordinary", "company": "Neu GmbH", "contact_name": "Eva", "contact_email": "eva@neu.example", "consent": true}
				}, Want: "anon:422|429 other:422 board:404 liaison:404 *:404"},
			{Pattern: "GET /api/v1/community/applications/{id}", Path: func(f *apptest.Fixture) string { return api + apps(f).own },
				Want: "admin,board,padmin,pmember:200 anon:401 liaison:404 *:404"},
			{Pattern: "GET /api/v1/community/applications/{id}", Path: foreign(api, ""), Want: "admin,board:200 anon:401 liaison:404 *:404"},
			{Pattern: "PUT /api/v1/community/applications/{id}/vote", Path: foreign(api, "/vote"),
				JSON: func(*apptest.Fixture) any { return map[string]any{"choice": "approve", "comment": "Passt"} }, Want: "board:200 admin:403 anon:401 liaison:404 *:404"},
			{Pattern: "POST /api/v1/community/applications/{id}/decision", Path: func(f *apptest.Fixture) string { return api + ready(f) + "/decision" },
				JSON: func(*apptest.Fixture) any { return map[string]any{"reason": "Alle Kriterien erfüllt."} }, Want: "admin,board:200 anon:401 liaison:404 *:404"},
		}
	})
}
