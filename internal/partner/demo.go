package partner

import (
	"context"
	"fmt"

	"pakt/internal/auth"
	"pakt/internal/pdf"
	"pakt/internal/upload"
)

// DemoOwnOnly sets the ownership setting without an audit entry: the demo
// makes its history with every manager seeing every partner, as a
// programme did before it restricted them, and restricts them at the end
// (SeedOwnership).
func DemoOwnOnly(ctx context.Context, s *Service, on bool) error {
	return saveOwnershipSettings(ctx, s.DB, OwnershipSettings{OwnOnly: on})
}

// SeedOwnership gives the demo's partners (ids, owned in turn by the
// managers) deputies and handovers with notes, then restricts managers to
// their own partners, the programme's default.
func SeedOwnership(ctx context.Context, s *Service, admin *auth.Actor, managers []*auth.Actor, ids []string) error {
	if len(managers) < 2 || len(ids) < 8 {
		return DemoOwnOnly(ctx, s, true)
	}
	anna, tom := managers[0], managers[1]
	// ids[i] belongs to managers[i % 2]: Tom stands in for two of Anna's
	// partners during her parental leave, Anna for one of Tom's.
	for _, d := range []struct {
		org    string
		deputy *auth.Actor
	}{{ids[2], tom}, {ids[4], tom}, {ids[3], anna}} {
		if _, err := s.SetDeputies(ctx, admin, d.org, []string{d.deputy.UserID}); err != nil {
			return err
		}
	}
	for _, h := range []struct {
		org  string
		to   *auth.Actor
		note string
	}{
		{ids[6], tom, "Tom kennt den Geschäftsführer aus dem Cloud-Projekt bei der Stadtwerke-Gruppe. Offen: Angebot für das Q3-Review, der Partnerplan für nächstes Jahr fehlt noch."},
		{ids[7], anna, "Übergabe wegen Regionszuschnitt Süd. Der Partner wünscht sich mehr Vertriebsunterstützung; die Entscheiderin ist die kaufmännische Leiterin, nicht der Technikchef."},
	} {
		if _, err := s.HandOver(ctx, admin, h.org, HandoverInput{To: h.to.UserID, Note: h.note}); err != nil {
			return err
		}
	}
	return DemoOwnOnly(ctx, s, true)
}

// SeedCertificationChecks has the demo's organisations' own certifications
// (of the organisations ids, owned in turn by managers) checked as a
// programme does: most partners entered the certificate's number or
// uploaded the certificate (their admin in admins, else the manager), and
// the responsible manager verified most of those; some wait for their
// verification, some were only declared.
func SeedCertificationChecks(ctx context.Context, s *Service, managers []*auth.Actor, admins map[string]*auth.Actor, ids []string) error {
	if len(managers) == 0 {
		return nil
	}
	for i, id := range ids {
		manager := managers[i%len(managers)]
		partnerAdmin := admins[id]
		if partnerAdmin == nil {
			partnerAdmin = manager
		}
		o, err := s.Get(ctx, manager, id)
		if err != nil {
			return err
		}
		for j, c := range o.Certifications {
			verify := true
			switch (i + j) % 6 {
			case 0, 1, 2:
				// The number, entered by the partner.
				c.Number = fmt.Sprintf("%s-%d-%05d", initials(c.Issuer), issued(c), (i*37+j*11)%100000)
				if err := SaveEntry(ctx, s, partnerAdmin, id, &c); err != nil {
					return fmt.Errorf("the number of %s: %w", c.Name, err)
				}
			case 3:
				// The certificate as a file.
				f := upload.File{Name: "Zertifikat " + c.Name + ".pdf",
					Content: pdf.Page(upload.ASCIIName(fmt.Sprintf("Zertifikat: %s, %s, gueltig bis %s", o.LegalName, c.Name, c.ValidUntil)))}
				if _, err := s.AttachCertificationProof(ctx, partnerAdmin, id, c.ID, f); err != nil {
					return fmt.Errorf("the certificate of %s: %w", c.Name, err)
				}
			case 4:
				// A number waiting for the manager.
				c.Number = fmt.Sprintf("%s-%d-%05d", initials(c.Issuer), issued(c), (i*41+j*13)%100000)
				if err := SaveEntry(ctx, s, partnerAdmin, id, &c); err != nil {
					return fmt.Errorf("the number of %s: %w", c.Name, err)
				}
				verify = false
			default:
				// Declared only.
				verify = false
			}
			if verify {
				if _, err := s.VerifyCertification(ctx, manager, id, c.ID, true); err != nil {
					return fmt.Errorf("verify %s: %w", c.Name, err)
				}
			}
		}
	}
	return nil
}

// issued is the year a demo certificate was issued: two years before it
// runs out.
func issued(c Certification) int {
	if c.ValidUntil.IsZero() {
		return 2024
	}
	return c.ValidUntil.Year() - 2
}

// initials are the capitals of an issuer's name, for a certificate
// number: "Lumen XR" gives "LXR".
func initials(issuer string) string {
	var b []rune
	for _, r := range issuer {
		if r >= 'A' && r <= 'Z' {
			b = append(b, r)
		}
	}
	if len(b) == 0 {
		return "Z"
	}
	return string(b)
}
