package admission

import (
	"context"
	"fmt"
	"time"

	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/pdf"
	"pakt/internal/upload"
)

// demoReferences are the project references of the demo's applications.
var demoReferences = []Reference{
	{Title: "Hochverfügbarer Datenbank-Cluster", Customer: "Stadtwerke Nordhafen", Year: 2025, Description: "Zwei Rechenzentren, automatische Umschaltung, 99,95 % Verfügbarkeit."},
	{Title: "Migration der Warenwirtschaft", Customer: "Spedition Albrecht", Year: 2024, Description: "Umzug von 40 Servern in die Cloud des Herstellers."},
	{Title: "Sicherheitsaudit und Härtung", Customer: "Klinikverbund Süd", Year: 2023, Description: ""},
}

// SeedDemo makes applications in every state, the board (the demo's
// board members) voting: one admitted six weeks ago (its membership
// starts then), one rejected a month ago, one under vote short of the
// quorum, one submitted by a partner admin and one through the public
// form, not yet voted on, and one of the public form withdrawn by its
// applicant. The public applicants' private links are mailed to no one. The applicants are the first published
// partners of orgs that are not members and have a partner admin in
// admins; now is the day the demo's history ends.
func SeedDemo(ctx context.Context, s *Service, board []*auth.Actor, admins map[string]*auth.Actor, orgs []string, now time.Time) error {
	if len(board) < 3 {
		return fmt.Errorf("admission demo: %d board members, want 3", len(board))
	}
	comps, err := s.Partners.Competencies(ctx)
	if err != nil {
		return err
	}
	var applicants []*auth.Actor
	for _, id := range orgs {
		a := admins[id]
		if a == nil || len(applicants) == 4 {
			continue
		}
		if member, err := s.Community.IsMember(ctx, s.DB, id); err != nil || member {
			if err != nil {
				return err
			}
			continue
		}
		applicants = append(applicants, a)
	}
	if len(applicants) < 4 || len(comps) < 3 {
		return fmt.Errorf("admission demo: %d applicants and %d competencies, want 4 and 3", len(applicants), len(comps))
	}
	at := func(days int) *Service {
		t := *s
		t.Now = func() time.Time { return now.AddDate(0, 0, -days) }
		t.silent = true
		return &t
	}
	input := func(n int) Input {
		return Input{Kind: community.Kinds[n%2], Independent: true,
			Certificate: &File{Name: "Partnerzertifikat.pdf", Content: pdf.Page(upload.ASCIIName(fmt.Sprintf("Partnerzertifikat Nr. %d", 4711+n)))},
			CertExpires: now.AddDate(1, n, 0).Format(time.DateOnly),
			References:  demoReferences[:2+n%2], Competencies: []string{comps[n%len(comps)].ID, comps[(n+2)%len(comps)].ID}}
	}
	type vote struct {
		choice, comment string
	}
	steps := []struct {
		applied, decided int
		votes            []vote
		reason           string
	}{
		{60, 45, []vote{{VoteApprove, "Starke Referenzen im Betrieb."}, {VoteApprove, ""}, {VoteAbstain, "Kenne den Geschäftsführer persönlich."}},
			"Alle Kriterien sind erfüllt; die Unabhängigkeit haben wir anhand des Handelsregisterauszugs geprüft. Willkommen im Verband!"},
		{40, 30, []vote{{VoteApprove, ""}, {VoteReject, "Referenzen ohne Bezug zu Hochverfügbarkeit."}, {VoteReject, "Tochter eines Konzerns, nicht unabhängig."}},
			"Das Unternehmen ist eine Tochtergesellschaft und damit nicht rechtlich selbständig im Sinne der Satzung. Ein erneuter Antrag nach einer Umfirmierung ist willkommen."},
		{10, 0, []vote{{VoteApprove, "Gute Ergänzung für die Region Nord."}, {VoteReject, "Zertifikat läuft bald aus."}}, ""},
		{2, 0, nil, ""},
	}
	for n, st := range steps {
		x, err := at(st.applied).Apply(ctx, applicants[n], "", "de", input(n))
		if err != nil {
			return err
		}
		for i, v := range st.votes {
			if _, err := at(st.applied-1-i).Vote(ctx, board[i], x.ID, VoteInput{Choice: v.choice, Comment: v.comment}); err != nil {
				return err
			}
		}
		if st.reason != "" {
			if _, err := at(st.decided).Decide(ctx, board[0], x.ID, DecisionInput{Reason: st.reason}); err != nil {
				return err
			}
		}
	}
	pub := input(1)
	pub.Company, pub.ContactName, pub.ContactEmail, pub.Consent = "Neuland Cloud Systeme GmbH", "Eva Neumann", "eva.neumann@neuland-cloud.example", true
	if _, err = at(1).Apply(ctx, nil, "demo", "de", pub); err != nil {
		return err
	}
	gone := input(2)
	gone.Company, gone.ContactName, gone.ContactEmail, gone.Consent = "Rückzug Rechenzentren KG", "Jonas Kehr", "j.kehr@rueckzug-rz.example", true
	x, err := at(20).Apply(ctx, nil, "demo", "en", gone)
	if err != nil {
		return err
	}
	return at(12).withdraw(ctx, audit.Who{Label: x.ContactEmail}, "", x)
}
