package partner

import (
	"context"

	"pakt/internal/db"
	"pakt/internal/upload"
)

// setCertificationVerified writes whether and by whom c was verified.
func setCertificationVerified(ctx context.Context, q db.Querier, orgID string, c *Certification) error {
	_, err := q.ExecContext(ctx, `UPDATE certifications SET verified_at = $1, verified_by = $2 WHERE id = $3 AND org_id = $4`,
		db.TimeArg(c.VerifiedAt), c.VerifiedBy, c.ID, orgID)
	return err
}

// certificationProofs are the files of organisations' certifications.
var certificationProofs = upload.Table{Name: "org_certification_proofs", Key: "certification_id"}
