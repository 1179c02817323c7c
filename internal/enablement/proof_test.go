package enablement_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/enablement"
	"pakt/internal/upload"
)

var certificatePDF = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// TestCertificateFile: a certification without a number is verified
// against its certificate uploaded as a file; the file is checked, kept,
// read back by those who read the certifications, and goes with its
// certification.
func TestCertificateFile(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
		s := enablement.NewService(d, c.Now)
		admin := &auth.Actor{UserID: "a1", Name: "Admin", Role: auth.RoleAdmin}
		manager := &auth.Actor{UserID: "m1", Name: "Anna Berger", Role: auth.RoleManager}
		a, b := mkOrg(t, d, "Alpha GmbH", "gold"), mkOrg(t, d, "Beta GmbH", "gold")
		padmin := &auth.Actor{UserID: "p1", Name: "Pia", Role: auth.RolePartnerAdmin, OrgID: a}
		pmember := &auth.Actor{UserID: "p2", Role: auth.RolePartnerMember, OrgID: a}
		other := &auth.Actor{UserID: "p3", Role: auth.RolePartnerAdmin, OrgID: b}
		tr, err := s.AddTraining(ctx, admin, enablement.TrainingInput{NameDE: "Technik", NameEN: "Technical", ValidityMonths: 24})
		if err != nil {
			t.Fatal(err)
		}
		cert, err := s.AddCertification(ctx, padmin, a, enablement.CertificationInput{Person: "Erika Muster", TrainingID: tr.ID, AchievedOn: "2026-02-01"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.VerifyCertification(ctx, manager, a, cert.ID); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("verify without number or file: got %v, want conflict", err)
		}

		refused := func(who *auth.Actor, f upload.File, code apperr.Code, key string) {
			t.Helper()
			_, err := s.AttachProof(ctx, who, a, cert.ID, f)
			e, ok := apperr.As(err)
			if !ok || e.Code != code || (key != "" && (len(e.Fields) != 1 || e.Fields[0].Field != "proof_file" || e.Fields[0].Key != key)) {
				t.Errorf("attach %q as %s: got %v, want %s %s", f.Name, who.Role, err, code, key)
			}
		}
		refused(pmember, upload.File{Name: "z.pdf", Content: certificatePDF}, apperr.Forbidden, "")
		refused(padmin, upload.File{}, apperr.Invalid, "validation.required")
		refused(padmin, upload.File{Name: "z.pdf", Content: []byte("<html>kein PDF</html>")}, apperr.Invalid, "upload.file_type")
		refused(padmin, upload.File{Name: "z.pdf", Content: append(append([]byte{}, certificatePDF...), make([]byte, enablement.MaxProofSize)...)}, apperr.Invalid, "upload.file_too_large")
		if _, err := s.AttachProof(ctx, other, a, cert.ID, upload.File{Name: "z.pdf", Content: certificatePDF}); !errors.Is(err, apperr.ErrNotFound) && apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("another partner attaches: got %v", err)
		}

		got, err := s.AttachProof(ctx, padmin, a, cert.ID, upload.File{Name: "Zertifikat Erika.pdf", Content: certificatePDF})
		if err != nil {
			t.Fatal(err)
		}
		if f := got.ProofFile; f == nil || f.Name != "Zertifikat Erika.pdf" || f.ContentType != "application/pdf" || f.Size != int64(len(certificatePDF)) {
			t.Fatalf("the stored file: %+v", got.ProofFile)
		}
		f, content, err := s.Proof(ctx, pmember, a, cert.ID)
		if err != nil || f.Name != "Zertifikat Erika.pdf" || !bytes.Equal(content, certificatePDF) {
			t.Fatalf("a member reads the file: %+v %d bytes, %v", f, len(content), err)
		}
		if _, _, err := s.Proof(ctx, other, b, cert.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("the file under another organisation: got %v, want not found", err)
		}
		verified, err := s.VerifyCertification(ctx, manager, a, cert.ID)
		if err != nil || verified.VerifiedAt == nil || verified.ProofNumber != "" || verified.ProofFile == nil {
			t.Fatalf("verify against the file: %+v %v", verified, err)
		}
		refused(padmin, upload.File{Name: "neu.pdf", Content: certificatePDF}, apperr.Conflict, "")
		if _, n, _ := audit.List(ctx, d, audit.Filter{ObjectType: "person_certification", Action: "attach_proof"}); n != 1 {
			t.Errorf("uploads audited: %d, want 1", n)
		}

		if err := s.RemoveCertification(ctx, admin, a, cert.ID); err != nil {
			t.Fatal(err)
		}
		var left int
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM certification_proofs`).Scan(&left); err != nil || left != 0 {
			t.Errorf("files left after the certification went: %d, %v", left, err)
		}
	})
}
