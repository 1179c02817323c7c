package partner

import (
	"context"
	"database/sql"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/upload"
)

// MaxProofSize is the largest certificate file taken.
const MaxProofSize = upload.MaxProofSize

// certificationOf returns the organisation and its certification id for
// a, who may see the certification's proof: staff who steer the
// organisation (see Steers) and the organisation's own users; anybody
// else, and an unknown id, get apperr.ErrNotFound.
func certificationOf(ctx context.Context, q db.Querier, a *auth.Actor, orgID, id string) (*Organisation, *Certification, error) {
	o, err := loadOrg(ctx, q, orgID)
	if err != nil {
		return nil, nil, err
	}
	if !CanView(a, o) {
		return nil, nil, apperr.ErrNotFound
	}
	if o.steered, err = steersLoaded(ctx, q, a, o); err != nil {
		return nil, nil, err
	}
	if !(a.IsStaff() && o.steered) && !a.InOrg(o.ID) {
		return nil, nil, apperr.ErrNotFound
	}
	c := &Certification{ID: id}
	if err := loadChild(ctx, q, orgID, c); err != nil {
		return nil, nil, err
	}
	return o, c, nil
}

// VerifyCertification records that staff checked an organisation's
// certification against its proof, the certificate's number or its file
// (verified true), or takes that back (false); from then on it counts, or
// no longer counts, as "certified". Staff who steer the organisation only;
// one without number and file cannot be verified. Both are audited;
// asking for what already holds changes nothing.
func (s *Service) VerifyCertification(ctx context.Context, a *auth.Actor, orgID, id string, verified bool) (*Certification, error) {
	var out *Certification
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, c, err := certificationOf(ctx, tx, a, orgID, id)
		if err != nil {
			return err
		}
		if !a.IsStaff() {
			return apperr.New(apperr.Forbidden, "error.forbidden")
		}
		out = c
		if c.Verified == verified {
			return nil
		}
		if verified && c.Number == "" && c.ProofFile == nil {
			return apperr.New(apperr.Conflict, "certification.error.no_proof")
		}
		now := s.now()
		before := *c
		action := "unverify"
		c.Verified, c.VerifiedAt, c.VerifiedBy = false, nil, ""
		if verified {
			action = "verify"
			c.Verified, c.VerifiedAt, c.VerifiedBy = true, &now, a.Name
		}
		if err := setCertificationVerified(ctx, tx, orgID, c); err != nil {
			return err
		}
		if err := touchOrg(ctx, tx, orgID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), action, "certification", c.ID, orgID, &before, c)
	})
	return out, err
}

// AttachCertificationProof stores the certificate of an organisation's
// certification as a file (PDF, PNG or JPEG, judged by its content, at
// most MaxProofSize), replacing the one it had; staff who steer the
// organisation and its partner admins. A verified certification is not
// verified any more: staff verify the new file.
func (s *Service) AttachCertificationProof(ctx context.Context, a *auth.Actor, orgID, id string, f upload.File) (*Certification, error) {
	var out *Certification
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		o, c, err := certificationOf(ctx, tx, a, orgID, id)
		if err != nil {
			return err
		}
		if !CanEdit(a, o) {
			return errNotEditable(a, o)
		}
		stored, err := upload.Accept(f, MaxProofSize, "proof_file")
		if err != nil {
			return err
		}
		now := s.now()
		before := *c
		c.ProofFile = stored
		if c.Verified {
			c.Verified, c.VerifiedAt, c.VerifiedBy = false, nil, ""
			if err := setCertificationVerified(ctx, tx, orgID, c); err != nil {
				return err
			}
		}
		if err := certificationProofs.Put(ctx, tx, c.ID, stored, f.Content, a.UserID, now); err != nil {
			return err
		}
		if err := touchOrg(ctx, tx, orgID, now); err != nil {
			return err
		}
		out = c
		return audit.Record(ctx, tx, now, a.Who(), "attach_proof", "certification", c.ID, orgID, &before, c)
	})
	return out, err
}

// CertificationProof returns the file of an organisation's certification
// with its content, to staff who steer the organisation and its own users;
// apperr.ErrNotFound for anybody else and for a certification without.
func (s *Service) CertificationProof(ctx context.Context, a *auth.Actor, orgID, id string) (*upload.Stored, []byte, error) {
	_, c, err := certificationOf(ctx, s.DB, a, orgID, id)
	if err != nil {
		return nil, nil, err
	}
	return certificationProofs.File(ctx, s.DB, id, c.ProofFile)
}
