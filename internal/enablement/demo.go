package enablement

import (
	"context"
	"fmt"
	"time"

	"pakt/internal/auth"
	"pakt/internal/partner"
	"pakt/internal/pdf"
	"pakt/internal/upload"
)

// SeedDemo gives the demo a training catalogue, tier requirements,
// onboarding checklists per tier, certifications of partners' people (some
// expiring soon, some expired) and the onboarding of partners in
// onboarding.
func SeedDemo(ctx context.Context, e *Service, admin *auth.Actor, orgs []string, drafts []partner.Draft, now time.Time) error {
	var trainings []string
	for _, t := range []TrainingInput{
		{NameDE: "Lösungsvertrieb", NameEN: "Solution sales", ValidityMonths: 24},
		{NameDE: "Technische Implementierung", NameEN: "Technical implementation", ValidityMonths: 24},
		{NameDE: "Sicherheitsexperte", NameEN: "Security expert", ValidityMonths: 12},
	} {
		tr, err := e.AddTraining(ctx, admin, t)
		if err != nil {
			return err
		}
		trainings = append(trainings, tr.ID)
	}
	for tier, counts := range map[string][3]int{"silver": {1, 0, 0}, "gold": {2, 1, 0}, "platinum": {3, 2, 1}} {
		for i, n := range counts {
			if n == 0 {
				continue
			}
			if _, err := e.AddRequirement(ctx, admin, RequirementInput{Tier: tier, TrainingID: trainings[i], Required: n}); err != nil {
				return err
			}
		}
	}
	steps := []ChecklistInput{
		{TitleDE: "Partnervertrag unterschreiben", TitleEN: "Sign the partner agreement", Responsible: "partner", DueAfterDays: 14},
		{TitleDE: "Zugang zum Partnerportal einrichten", TitleEN: "Set up partner portal access", Responsible: "programme", DueAfterDays: 7},
		{TitleDE: "Kick-off mit dem Partnermanager", TitleEN: "Kick-off with the partner manager", Responsible: "programme", DueAfterDays: 21},
		{TitleDE: "Erste Vertriebsschulung besuchen", TitleEN: "Attend the first sales training", Responsible: "partner", DueAfterDays: 45},
	}
	for tier, n := range map[string]int{"registered": 2, "silver": 3, "gold": 4, "platinum": 4} {
		for i, st := range steps[:n] {
			st.Tier, st.Position = tier, i+1
			if _, err := e.AddChecklistItem(ctx, admin, st); err != nil {
				return err
			}
		}
	}
	for i, org := range orgs {
		d := drafts[i]
		if d.Input.Status != nil && *d.Input.Status == "onboarding" {
			if _, err := e.StartOnboarding(ctx, admin, org); err != nil {
				return err
			}
		}
		if i%3 != 0 || len(d.Contacts) == 0 {
			continue
		}
		for j, c := range d.Contacts {
			// Spread over two years: some are about to expire, a few have.
			achieved := now.AddDate(0, -(i*5+j*7)%26, -(i % 20))
			// Most come with their certificate's number and are verified;
			// some wait for staff to verify them, a few lack the number.
			in := CertificationInput{Person: c.Name, Email: c.Email, TrainingID: trainings[(i+j)%len(trainings)], AchievedOn: achieved.Format(time.DateOnly)}
			if (i+j)%4 != 3 {
				in.ProofNumber = fmt.Sprintf("ZRT-%d-%05d", achieved.Year(), (i*31+j*7)%100000)
			}
			cert, err := e.AddCertification(ctx, admin, org, in)
			if err != nil {
				return fmt.Errorf("certification of %s: %w", c.Name, err)
			}
			// Those without a number bring their certificate as a file,
			// against which staff verified every other one.
			if in.ProofNumber == "" {
				file := upload.File{Name: "Zertifikat " + c.Name + ".pdf", Content: demoCertificate(c.Name, cert.Name("de"), achieved)}
				if _, err := e.AttachProof(ctx, admin, org, cert.ID, file); err != nil {
					return fmt.Errorf("the certificate of %s: %w", c.Name, err)
				}
			}
			if (in.ProofNumber != "" && (i+j)%5 != 4) || (i+j)%8 == 3 {
				if _, err := e.VerifyCertification(ctx, admin, org, cert.ID); err != nil {
					return fmt.Errorf("verify the certification of %s: %w", c.Name, err)
				}
			}
		}
	}
	return nil
}

// demoCertificate is a one-page certificate of a person's training.
func demoCertificate(person, training string, on time.Time) []byte {
	return pdf.Page(upload.ASCIIName(fmt.Sprintf("Zertifikat: %s hat %s am %s bestanden", person, training, on.Format("02.01.2006"))))
}
