package partner_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
	"pakt/internal/upload"
)

// certifiedAs reports whether the concierge's facts name the organisation
// certified for the topic.
func certifiedAs(t *testing.T, s *partner.Service, org, topic string) bool {
	t.Helper()
	var certified, found bool
	err := s.MatchFacts(context.Background(), &auth.Actor{Role: auth.RoleAdmin}, partner.MatchFilter{Topic: topic, Today: clock()}, func(m *partner.MatchFact) {
		m.Complete()
		if m.ID == org {
			found, certified = true, m.Certified
		}
	})
	if err != nil || !found {
		t.Fatalf("the facts of %q: found %v, %v", topic, found, err)
	}
	return certified
}

// TestCertificationVerification: staff who steer a partner verify its
// own certifications against their number or file; only verified ones
// make it certified; a change of what was verified takes it back; the
// partner uploads its certificate but verifies nothing; a manager who does
// not steer the partner finds neither the certification nor its file.
func TestCertificationVerification(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := partner.NewService(d, clock)
		org := mustCreate(t, s, partner.Input{LegalName: ptr("Quanten Systemhaus GmbH"), Published: ptr(true)})
		rival := mustCreate(t, s, partner.Input{LegalName: ptr("Rivalen AG"), Published: ptr(true)})
		admin := &auth.Actor{UserID: "u-admin", Name: "Sabine Keller", Role: auth.RoleAdmin}
		anna := &auth.Actor{UserID: "anna", Name: "Anna Berger", Role: auth.RoleManager}
		tom := &auth.Actor{UserID: "tom", Name: "Tom Fischer", Role: auth.RoleManager}
		padmin := &auth.Actor{UserID: "u-pa", Name: "Pia", Role: auth.RolePartnerAdmin, OrgID: org.ID}
		pmember := &auth.Actor{UserID: "u-pm", Role: auth.RolePartnerMember, OrgID: org.ID}
		other := &auth.Actor{UserID: "u-other", Role: auth.RolePartnerAdmin, OrgID: rival.ID}
		// Anna owns the partner; managers see only their own.
		if _, err := d.ExecContext(ctx, `UPDATE organisations SET manager_id = 'anna' WHERE id = $1`, org.ID); err != nil {
			t.Fatal(err)
		}
		if err := partner.DemoOwnOnly(ctx, s, true); err != nil {
			t.Fatal(err)
		}

		byNumber := &partner.Certification{Name: "Quanten Cloud Partner", Issuer: "Lumen", ValidUntil: date(t, "2027-09-30"), Number: "LQ-2026-0815"}
		if err := partner.SaveEntry(ctx, s, padmin, org.ID, byNumber); err != nil {
			t.Fatal(err)
		}
		byFile := &partner.Certification{Name: "Fortis Sicherheitsspezialist", Issuer: "Fortis"}
		if err := partner.SaveEntry(ctx, s, padmin, org.ID, byFile); err != nil {
			t.Fatal(err)
		}
		if certifiedAs(t, s, org.ID, "Quanten") {
			t.Errorf("a declared certification makes the partner certified")
		}

		// Who may verify: staff who steer the partner.
		for _, c := range []struct {
			who  *auth.Actor
			want func(error) bool
			name string
		}{
			{tom, func(err error) bool { return errors.Is(err, apperr.ErrNotFound) }, "a manager who does not steer the partner: not found"},
			{padmin, func(err error) bool { return apperr.CodeOf(err) == apperr.Forbidden }, "the partner's admin: forbidden"},
			{pmember, func(err error) bool { return apperr.CodeOf(err) == apperr.Forbidden }, "the partner's member: forbidden"},
			{other, func(err error) bool { return errors.Is(err, apperr.ErrNotFound) }, "another partner: not found"},
		} {
			if _, err := s.VerifyCertification(ctx, c.who, org.ID, byNumber.ID, true); !c.want(err) {
				t.Errorf("%s: got %v", c.name, err)
			}
		}
		if _, err := s.VerifyCertification(ctx, anna, org.ID, byFile.ID, true); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("verify without number or file: got %v, want conflict", err)
		}

		// By number.
		got, err := s.VerifyCertification(ctx, anna, org.ID, byNumber.ID, true)
		if err != nil || !got.Verified || got.VerifiedAt == nil || !got.VerifiedAt.Equal(clock()) || got.VerifiedBy != "Anna Berger" {
			t.Fatalf("verify by number: %+v, %v", got, err)
		}
		if !certifiedAs(t, s, org.ID, "Quanten") {
			t.Errorf("a verified, valid certification does not make the partner certified")
		}
		o, err := s.Get(ctx, other, org.ID)
		if err != nil || len(o.Certifications) != 2 {
			t.Fatalf("another partner reads the profile: %+v, %v", o, err)
		}
		for _, c := range o.Certifications {
			if c.Number != "" || c.VerifiedBy != "" || c.ProofFile != nil || c.Verified != (c.ID == byNumber.ID) {
				t.Errorf("another partner sees of %q: number %q, verified %v by %q, file %v", c.Name, c.Number, c.Verified, c.VerifiedBy, c.ProofFile)
			}
		}

		// Saving what was verified unchanged keeps it; a changed number
		// takes it back (and below a changed expiry and a new file).
		same := *byNumber
		if err := partner.SaveEntry(ctx, s, padmin, org.ID, &same); err != nil || !same.Verified {
			t.Errorf("saved unchanged: verified %v, %v", same.Verified, err)
		}
		changed := *byNumber
		changed.Number = "LQ-2026-0816"
		if err := partner.SaveEntry(ctx, s, padmin, org.ID, &changed); err != nil || changed.Verified || changed.VerifiedAt != nil {
			t.Errorf("a changed number: verified %v at %v, %v", changed.Verified, changed.VerifiedAt, err)
		}
		if certifiedAs(t, s, org.ID, "Quanten") {
			t.Errorf("a certification whose number changed still makes the partner certified")
		}
		if _, err := s.VerifyCertification(ctx, anna, org.ID, byNumber.ID, true); err != nil {
			t.Fatal(err)
		}
		// By file: the partner's admin uploads it, a member may not, the
		// file is refused by its content; the partner's users and staff
		// who steer it read it back, nobody else.
		if _, err := s.AttachCertificationProof(ctx, pmember, org.ID, byFile.ID, upload.File{Name: "z.pdf", Content: certificatePDF}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a member uploads: got %v, want forbidden", err)
		}
		_, err = s.AttachCertificationProof(ctx, padmin, org.ID, byFile.ID, upload.File{Name: "z.pdf", Content: []byte("<html>")})
		if e, ok := apperr.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].Field != "proof_file" || e.Fields[0].Key != "upload.file_type" {
			t.Errorf("a file that is no PDF: got %v", err)
		}
		if _, err := s.AttachCertificationProof(ctx, tom, org.ID, byFile.ID, upload.File{Name: "z.pdf", Content: certificatePDF}); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("a manager who does not steer the partner uploads: got %v, want not found", err)
		}
		if _, err := s.AttachCertificationProof(ctx, padmin, org.ID, byFile.ID, upload.File{Name: "Fortis Zertifikat.pdf", Content: certificatePDF}); err != nil {
			t.Fatal(err)
		}
		for _, who := range []*auth.Actor{pmember, anna, admin} {
			f, content, err := s.CertificationProof(ctx, who, org.ID, byFile.ID)
			if err != nil || f.Name != "Fortis Zertifikat.pdf" || f.ContentType != "application/pdf" || !bytes.Equal(content, certificatePDF) {
				t.Errorf("%s reads the file: %+v, %d bytes, %v", who.UserID, f, len(content), err)
			}
		}
		for _, who := range []*auth.Actor{tom, other} {
			if _, _, err := s.CertificationProof(ctx, who, org.ID, byFile.ID); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s reads the file: got %v, want not found", who.UserID, err)
			}
		}
		if _, _, err := s.CertificationProof(ctx, padmin, org.ID, byNumber.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("the file of a certification without: got %v, want not found", err)
		}
		if got, err := s.VerifyCertification(ctx, admin, org.ID, byFile.ID, true); err != nil || !got.Verified || got.ProofFile == nil {
			t.Fatalf("verify against the file: %+v, %v", got, err)
		}

		longer := changed
		longer.ValidUntil = date(t, "2028-09-30")
		if err := partner.SaveEntry(ctx, s, padmin, org.ID, &longer); err != nil || longer.Verified {
			t.Errorf("a changed expiry: verified %v, %v", longer.Verified, err)
		}
		if got, err := s.AttachCertificationProof(ctx, padmin, org.ID, byFile.ID, upload.File{Name: "neu.pdf", Content: certificatePDF}); err != nil || got.Verified {
			t.Errorf("a new file: verified %+v, %v", got, err)
		}

		// Staff take a verification back; the partner gives no
		// verification with what it saves.
		if _, err := s.VerifyCertification(ctx, anna, org.ID, byNumber.ID, true); err != nil {
			t.Fatal(err)
		}
		if got, err := s.VerifyCertification(ctx, anna, org.ID, byNumber.ID, false); err != nil || got.Verified || got.VerifiedBy != "" {
			t.Fatalf("take back: %+v, %v", got, err)
		}
		claimed := &partner.Certification{Name: "Selbst geprüft", Verified: true, VerifiedBy: "Pia"}
		if err := partner.SaveEntry(ctx, s, padmin, org.ID, claimed); err != nil || claimed.Verified || claimed.VerifiedBy != "" {
			t.Errorf("a partner saves a verified certification: %+v, %v", claimed, err)
		}
		o, err = s.Get(ctx, padmin, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range o.Certifications {
			if c.Verified {
				t.Errorf("%q is verified", c.Name)
			}
		}

		for action, want := range map[string]int{"verify": 4, "unverify": 1, "attach_proof": 2} {
			if _, n, err := audit.List(ctx, d, audit.Filter{ObjectType: "certification", Action: action}); err != nil || n != want {
				t.Errorf("%s audited %d times, want %d (%v)", action, n, want, err)
			}
		}
		if err := partner.DeleteEntry[partner.Certification](ctx, s, padmin, org.ID, byFile.ID); err != nil {
			t.Fatal(err)
		}
		var left int
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM org_certification_proofs`).Scan(&left); err != nil || left != 0 {
			t.Errorf("files left after their certification went: %d, %v", left, err)
		}
	})
}

func date(t *testing.T, s string) partner.Date {
	t.Helper()
	d, err := partner.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
