package admission_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/community/admission"
	"pakt/internal/partner"
	"pakt/internal/pdf"
)

// onField reports whether err is a validation error naming field.
func onField(err error, field string) bool {
	e, ok := apperr.As(err)
	if !ok {
		return false
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// complete is an application that meets every default criterion.
func complete(t testing.TB, s *apptest.Server) admission.Input {
	t.Helper()
	comp := competency(t, s)
	return admission.Input{Kind: community.KindOrdinary, Independent: true,
		Certificate: &admission.File{Name: "Partnerzertifikat.pdf", Content: pdf.Page("Partnerzertifikat")},
		CertExpires: time.Now().AddDate(1, 0, 0).Format(time.DateOnly),
		References: []admission.Reference{
			{Title: "Hochverfügbarer Cluster", Customer: "Stadtwerke Nord", Year: 2025, Description: "Zwei Rechenzentren."},
			{Title: "Migration in die Cloud", Customer: "Spedition Weber", Year: 2024},
		},
		Competencies: []string{comp}}
}

func competency(t testing.TB, s *apptest.Server) string {
	t.Helper()
	all, err := s.App.Partners.Competencies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) > 0 {
		return all[0].ID
	}
	c, err := s.App.Partners.SaveCompetency(context.Background(), auth.System, "", partner.CompetencyInput{NameDE: new("Sicherheit"), NameEN: new("Security")})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// An organisation that is not a member applies; an incomplete application
// is refused field by field; the applicant sees its application without
// the votes, other partners not at all; three board members vote (an
// admin may not), the quorum is reached and the decision admits it in
// the same step, telling its partner admins with the reasons. A public
// applicant is limited per address, must consent, and a tie rejects it.
func TestAdmission(t *testing.T) {
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		svc := s.App.Admission
		admin := s.CreateUser(auth.RoleAdmin, "").Actor()
		org := s.Org("Hochverfügbar Systeme GmbH")
		stranger := s.Org("Fremd IT GmbH")
		applicant := s.CreateUser(auth.RolePartnerAdmin, org).Actor()
		colleague := s.CreateUser(auth.RolePartnerMember, org).Actor()
		other := s.CreateUser(auth.RolePartnerAdmin, stranger).Actor()
		liaison := s.CreateUser(auth.RoleLiaison, "").Actor()
		var board []*auth.Actor
		for range 3 {
			board = append(board, s.CreateUser(auth.RoleBoard, "").Actor())
		}
		in := complete(t, s)

		if _, err := svc.Apply(ctx, applicant, "", "de", in); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("applied with no association: %v, want not found", err)
		}
		if _, err := s.App.Community.SaveSettings(ctx, admin, community.SettingsInput{Mode: new(community.ModeBoth)}); err != nil {
			t.Fatal(err)
		}
		for name, a := range map[string]*auth.Actor{"partner member": colleague, "board": board[0], "liaison": liaison} {
			if _, err := svc.Apply(ctx, a, "", "de", in); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s applied: %v, want not found", name, err)
			}
		}

		bad := in
		bad.Independent, bad.Certificate, bad.Competencies = false, nil, nil
		bad.References = in.References[:1]
		_, err := svc.Apply(ctx, applicant, "", "de", bad)
		for _, f := range []string{"independent", "certificate", "references", "competencies"} {
			if !onField(err, f) {
				t.Errorf("incomplete application: %v, want an error on %s", err, f)
			}
		}
		expired := in
		expired.CertExpires = time.Now().AddDate(0, 0, -1).Format(time.DateOnly)
		if _, err := svc.Apply(ctx, applicant, "", "de", expired); !onField(err, "certificate_expires") {
			t.Errorf("expired certificate: %v, want an error on certificate_expires", err)
		}
		text := in
		text.Certificate = &admission.File{Name: "zertifikat.txt", Content: []byte("kein PDF")}
		if _, err := svc.Apply(ctx, applicant, "", "de", text); !onField(err, "certificate") {
			t.Errorf("a text file as certificate: %v, want an error on certificate", err)
		}

		x, err := svc.Apply(ctx, applicant, "", "de", in)
		if err != nil {
			t.Fatal(err)
		}
		if x.Status != admission.StatusSubmitted || x.OrgID != org || len(x.References) != 2 || x.Votes != nil {
			t.Fatalf("application: %+v", x)
		}
		want := map[string]string{admission.CriterionIndependent: admission.ToCheck, admission.CriterionCertified: admission.Met,
			admission.CriterionReferences: admission.Met, admission.CriterionCompetencies: admission.Met}
		for _, c := range x.Checks {
			if want[c.Criterion] != c.Result {
				t.Errorf("%s: got %s, want %s", c.Criterion, c.Result, want[c.Criterion])
			}
		}
		if _, err := svc.Apply(ctx, applicant, "", "de", in); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("a second open application: %v, want a conflict", err)
		}

		// Who sees it.
		if got, err := svc.Get(ctx, colleague, "de", x.ID); err != nil || got.Votes != nil || got.Tally != nil {
			t.Errorf("the applicant's member: %v, votes %v", err, got)
		}
		for name, a := range map[string]*auth.Actor{"other partner": other, "liaison": liaison} {
			if _, err := svc.Get(ctx, a, "de", x.ID); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s read the application: %v", name, err)
			}
			if _, _, err := svc.Certificate(ctx, a, x.ID); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s read the certificate: %v", name, err)
			}
		}
		if list, _, err := svc.List(ctx, other, "de", ""); err != nil || len(list) != 0 {
			t.Errorf("another partner's list: %d, %v", len(list), err)
		}

		// The votes.
		vote := func(a *auth.Actor, choice, comment string) error {
			_, err := svc.Vote(ctx, a, x.ID, admission.VoteInput{Choice: choice, Comment: comment})
			return err
		}
		if err := vote(admin, admission.VoteApprove, ""); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("an admin voted: %v, want forbidden", err)
		}
		if err := vote(applicant, admission.VoteApprove, ""); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("the applicant voted: %v, want not found", err)
		}
		if err := vote(board[0], "ja", ""); !onField(err, "choice") {
			t.Errorf("an unknown choice: %v", err)
		}
		if err := vote(board[0], admission.VoteReject, "Referenzen zu klein"); err != nil {
			t.Fatal(err)
		}
		if err := vote(board[1], admission.VoteApprove, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Decide(ctx, board[2], x.ID, admission.DecisionInput{Reason: "Alle Kriterien erfüllt."}); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("decided before the quorum: %v, want a conflict", err)
		}
		// The first changes its mind; the third approves.
		if err := vote(board[0], admission.VoteApprove, "Nach Rückfrage überzeugt"); err != nil {
			t.Fatal(err)
		}
		if err := vote(board[2], admission.VoteAbstain, ""); err != nil {
			t.Fatal(err)
		}
		got, err := svc.Get(ctx, board[2], "de", x.ID)
		if err != nil || got.Status != admission.StatusVoting || *got.Tally != (admission.Tally{Approve: 2, Abstain: 1}) || got.Outcome != admission.OutcomeAdmit {
			t.Fatalf("before the decision: %v %+v", err, got)
		}
		if _, err := svc.Decide(ctx, board[2], x.ID, admission.DecisionInput{}); !onField(err, "reason") {
			t.Errorf("a decision without reasons: %v", err)
		}
		if _, err := svc.Decide(ctx, applicant, x.ID, admission.DecisionInput{Reason: "Selbst entschieden."}); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("the applicant decided: %v", err)
		}
		x, err = svc.Decide(ctx, board[2], x.ID, admission.DecisionInput{Reason: "Alle Kriterien erfüllt."})
		if err != nil || x.Status != admission.StatusAdmitted {
			t.Fatalf("decision: %v %+v", err, x)
		}
		if member, err := s.App.Community.IsMember(ctx, s.App.DB, org); err != nil || !member {
			t.Errorf("admitted but not a member: %v", err)
		}
		if ms, err := s.App.Community.Memberships(ctx, applicant, org); err != nil || len(ms) != 1 || ms[0].Kind != community.KindOrdinary {
			t.Errorf("membership: %v %v", ms, err)
		}
		if err := vote(board[1], admission.VoteReject, ""); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("voted after the decision: %v, want a conflict", err)
		}
		inbox, err := s.App.Notify.Inbox(ctx, applicant, "", false, 10)
		if err != nil || len(inbox) == 0 || inbox[0].Link != admission.Path(x.ID) {
			t.Errorf("the applicant's inbox: %v %v", inbox, err)
		}
		if inbox, _ := s.App.Notify.Inbox(ctx, board[0], "", false, 10); len(inbox) == 0 {
			t.Errorf("the board was not told of the application")
		}

		// The public form.
		pub := in
		pub.Company, pub.ContactName, pub.ContactEmail = "Neu Cloud GmbH", "Eva Neumann", "Eva@Neu-Cloud.example"
		if _, err := svc.Apply(ctx, nil, "192.0.2.7", "en", pub); !onField(err, "consent") {
			t.Errorf("without consent: %v", err)
		}
		pub.Consent = true
		robot := pub
		robot.Website = "http://spam.example"
		if _, err := svc.Apply(ctx, nil, "192.0.2.7", "en", robot); err != nil {
			t.Errorf("a robot is answered as a person: %v", err)
		}
		y, err := svc.Apply(ctx, nil, "192.0.2.7", "en", pub)
		if err != nil {
			t.Fatal(err)
		}
		if y.ContactEmail != "eva@neu-cloud.example" || y.ConsentAt == nil || y.Lang != "en" {
			t.Errorf("public application: %+v", y)
		}
		o, err := s.App.Partners.Get(ctx, admin, y.OrgID)
		if err != nil || o.Kind != partner.KindMember || o.Published || o.Status != "prospect" || len(o.Contacts) != 1 {
			t.Fatalf("the applicant organisation: %v %+v", err, o)
		}
		if list, _, err := svc.List(ctx, admin, "de", admission.StatusSubmitted); err != nil || len(list) != 1 || list[0].ID != y.ID {
			t.Errorf("submitted applications: %v %v", list, err)
		}
		for range 2 {
			if _, err := svc.Apply(ctx, nil, "192.0.2.7", "en", robot); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.Apply(ctx, nil, "192.0.2.7", "en", pub); apperr.CodeOf(err) != apperr.TooMany {
			t.Errorf("the sixth public application in an hour: %v, want too many", err)
		}
		if _, err := svc.Apply(ctx, nil, "192.0.2.8", "en", robot); err != nil {
			t.Errorf("another address: %v", err)
		}

		// A tie with an abstention rejects.
		for i, c := range []string{admission.VoteApprove, admission.VoteReject, admission.VoteAbstain} {
			if _, err := svc.Vote(ctx, board[i], y.ID, admission.VoteInput{Choice: c}); err != nil {
				t.Fatal(err)
			}
		}
		y, err = svc.Decide(ctx, admin, y.ID, admission.DecisionInput{Reason: "Stimmengleichheit."})
		if err != nil || y.Status != admission.StatusRejected || y.DecidedAt == nil {
			t.Fatalf("a tie: %v %+v", err, y)
		}
		if member, _ := s.App.Community.IsMember(ctx, s.App.DB, y.OrgID); member {
			t.Error("a rejected applicant became a member")
		}
		if _, err := svc.Decide(ctx, admin, y.ID, admission.DecisionInput{Reason: "Noch einmal."}); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("decided twice: %v", err)
		}
		if list, _, err := svc.List(ctx, board[0], "de", ""); err != nil || len(list) != 2 {
			t.Errorf("decided applications keep their record: %d %v", len(list), err)
		}
	})
}

// The admins set the criteria and the decision rule; the board may not,
// and values out of range are refused naming the field.
func TestSettings(t *testing.T) {
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		svc := s.App.Admission
		admin := s.CreateUser(auth.RoleAdmin, "").Actor()
		board := s.CreateUser(auth.RoleBoard, "").Actor()
		if _, err := s.App.Community.SaveSettings(ctx, admin, community.SettingsInput{Mode: new(community.ModeAssociation)}); err != nil {
			t.Fatal(err)
		}
		st, err := svc.Settings(ctx, admin)
		if err != nil || *st != admission.DefaultSettings() {
			t.Fatalf("defaults: %+v %v", st, err)
		}
		if _, err := svc.Settings(ctx, board); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("the board read the settings: %v", err)
		}
		_, err = svc.SaveSettings(ctx, admin, admission.SettingsInput{Quorum: new(0), MajorityPercent: new(100), MinReferences: new(11)})
		for _, f := range []string{"quorum", "majority_percent", "min_references"} {
			if !onField(err, f) {
				t.Errorf("out of range: %v, want an error on %s", err, f)
			}
		}
		st, err = svc.SaveSettings(ctx, admin, admission.SettingsInput{Certified: new(false), Quorum: new(5), MajorityPercent: new(66), MinReferences: new(3)})
		if err != nil || st.Certified || !st.Independent || st.Quorum != 5 || st.MajorityPercent != 66 || st.MinReferences != 3 {
			t.Fatalf("saved: %+v %v", st, err)
		}
		if again, _ := svc.Settings(ctx, admin); *again != *st {
			t.Errorf("read back: %+v, want %+v", again, st)
		}
	})
}
