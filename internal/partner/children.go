package partner

import (
	"database/sql"
	"net/mail"
	"slices"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/db"
	"pakt/internal/partner/directory"
	"pakt/internal/upload"
)

// childTable describes the table of one kind of profile entry. Its names are
// constants of this package, never input.
type childTable struct {
	table      string
	objectType string
	columns    []string
	// types are the SQL types of what is read (columns, then reads), for
	// the NULLs that stand in for them in loadProfiles' union.
	types []string
	// reads are expressions read after the columns, not written: what an
	// entry keeps in other tables.
	reads []string
}

// read is what an entry is loaded from: its columns, then its reads.
func (t *childTable) read() []string { return append(slices.Clone(t.columns), t.reads...) }

// child is a profile entry stored in its own table: a certification,
// reference, resource or contact.
type child interface {
	key() string
	setKey(string)
	spec() *childTable
	values() []any
	dests() []any
	clean(v *apperr.Validation, now time.Time)
}

var (
	certificationTable = &childTable{"certifications", "certification", []string{"name", "issuer", "valid_until", "number", "verified_at", "verified_by"},
		[]string{"TEXT", "TEXT", "DATE", "TEXT", "TIMESTAMP", "TEXT", "TEXT", "TEXT", "BIGINT"}, certificationProofReads}
	referenceTable = &childTable{"project_references", "reference", []string{"title", "customer", "industry", "year", "description"},
		[]string{"TEXT", "TEXT", "TEXT", "BIGINT", "TEXT"}, nil}
	resourceTable = &childTable{"resources", "resource", []string{"skill", "amount_tenths", "unit", "available_from", "available_to"},
		[]string{"TEXT", "BIGINT", "TEXT", "DATE", "DATE"}, nil}
	contactTable = &childTable{"contacts", "contact", []string{"name", "position", "email", "phone", "decision_maker", "c_level"},
		[]string{"TEXT", "TEXT", "TEXT", "TEXT", "BOOLEAN", "BOOLEAN"}, nil}
)

func (c *Certification) key() string       { return c.ID }
func (c *Certification) setKey(id string)  { c.ID = id }
func (c *Certification) spec() *childTable { return certificationTable }
func (c *Certification) values() []any {
	return []any{c.Name, c.Issuer, dateValue(c.ValidUntil), c.Number, db.TimeArg(c.VerifiedAt), c.VerifiedBy}
}
func (c *Certification) dests() []any {
	return []any{&c.Name, &c.Issuer, (*nullDate)(&c.ValidUntil), &c.Number, (*verifiedAt)(c), &c.VerifiedBy, (*proofName)(c), (*proofType)(c), (*proofSize)(c)}
}
func (r *Reference) key() string       { return r.ID }
func (r *Reference) setKey(id string)  { r.ID = id }
func (r *Reference) spec() *childTable { return referenceTable }
func (r *Reference) values() []any {
	return []any{r.Title, r.Customer, r.Industry, r.Year, r.Description}
}
func (r *Reference) dests() []any {
	return []any{&r.Title, &r.Customer, &r.Industry, &r.Year, &r.Description}
}
func (r *Resource) key() string       { return r.ID }
func (r *Resource) setKey(id string)  { r.ID = id }
func (r *Resource) spec() *childTable { return resourceTable }
func (r *Resource) values() []any {
	return []any{r.Skill, r.AmountTenths, r.Unit, r.From.Time, r.To.Time}
}
func (r *Resource) dests() []any {
	return []any{&r.Skill, &r.AmountTenths, &r.Unit, (*nullDate)(&r.From), (*nullDate)(&r.To)}
}
func (c *Contact) key() string       { return c.ID }
func (c *Contact) setKey(id string)  { c.ID = id }
func (c *Contact) spec() *childTable { return contactTable }
func (c *Contact) values() []any {
	return []any{c.Name, c.Position, c.Email, c.Phone, c.DecisionMaker, c.CLevel}
}
func (c *Contact) dests() []any {
	return []any{&c.Name, &c.Position, &c.Email, &c.Phone, &c.DecisionMaker, &c.CLevel}
}
func dateValue(d Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time
}

// nullDate scans a nullable DATE column into a Date.
type nullDate Date

func (n *nullDate) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*n = nullDate{}
	case time.Time:
		*n = nullDate{time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)}
	case string:
		t, err := time.Parse(time.DateOnly, v[:min(len(v), 10)])
		if err != nil {
			return err
		}
		*n = nullDate{t}
	default:
		return directory.ErrDateFormat
	}
	return nil
}

// certificationProofReads read a certification's file beside it: its name,
// media type and size, NULL without.
var certificationProofReads = []string{
	`(SELECT name FROM org_certification_proofs p WHERE p.certification_id = certifications.id)`,
	`(SELECT content_type FROM org_certification_proofs p WHERE p.certification_id = certifications.id)`,
	`(SELECT size FROM org_certification_proofs p WHERE p.certification_id = certifications.id)`,
}

// verifiedAt scans a certification's verified_at, and so whether it is
// verified.
type verifiedAt Certification

func (c *verifiedAt) Scan(src any) error {
	if s, ok := src.([]byte); ok {
		src = string(s)
	}
	if s, ok := src.(string); ok {
		// SQLite gives the text of a TIMESTAMP read through
		// readProfiles' union, whose first part has no type for it.
		t, err := time.Parse(sqliteTime, s)
		if err != nil {
			return err
		}
		src = t
	}
	err := db.NullTime(&c.VerifiedAt).Scan(src)
	c.Verified = c.VerifiedAt != nil
	return err
}

// sqliteTime is how SQLite keeps a TIMESTAMP (the driver's
// _time_format=sqlite).
const sqliteTime = "2006-01-02 15:04:05.999999999-07:00"

// proofName, proofType and proofSize scan a certification's file, in this
// order: a name makes the file.
type (
	proofName Certification
	proofType Certification
	proofSize Certification
)

func (c *proofName) Scan(src any) error {
	var n sql.NullString
	if err := n.Scan(src); err != nil || !n.Valid {
		return err
	}
	c.ProofFile = &upload.Stored{Name: n.String}
	return nil
}

func (c *proofType) Scan(src any) error {
	var n sql.NullString
	if err := n.Scan(src); err != nil || c.ProofFile == nil {
		return err
	}
	c.ProofFile.ContentType = n.String
	return nil
}

func (c *proofSize) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil || c.ProofFile == nil {
		return err
	}
	c.ProofFile.Size = n.Int64
	return nil
}

// settle keeps before's verification and file when c is the same
// certificate (name, issuer, number and expiry) and drops the
// verification otherwise: staff verified what they saw. A new
// certification (before nil) is neither verified nor has a file; only
// VerifyCertification and AttachCertificationProof set them.
func (c *Certification) settle(before *Certification) {
	c.Verified, c.VerifiedAt, c.VerifiedBy, c.ProofFile = false, nil, "", nil
	if before == nil {
		return
	}
	c.ProofFile = before.ProofFile
	if before.Verified && c.Name == before.Name && c.Issuer == before.Issuer && c.Number == before.Number && c.ValidUntil.Equal(before.ValidUntil.Time) {
		c.Verified, c.VerifiedAt, c.VerifiedBy = true, before.VerifiedAt, before.VerifiedBy
	}
}

func (c *Certification) clean(v *apperr.Validation, _ time.Time) {
	v.Text(&c.Name, apperr.Name, "name", 200, true)
	v.Text(&c.Issuer, apperr.Name, "issuer", 200, false)
	v.Text(&c.Number, apperr.Line, "number", 100, false)
}

func (r *Reference) clean(v *apperr.Validation, now time.Time) {
	v.Text(&r.Title, apperr.Name, "title", 200, true)
	v.Text(&r.Customer, apperr.Name, "customer", 200, false)
	v.Text(&r.Description, apperr.Paragraphs, "description", 5000, false)
	if r.Industry != "" && !slices.Contains(Industries, r.Industry) {
		v.Add("industry", "validation.choice")
	}
	if r.Year != 0 && (r.Year < 1950 || r.Year > now.Year()+1) {
		v.Add("year", "validation.range", 1950, now.Year()+1)
	}
}

func (r *Resource) clean(v *apperr.Validation, _ time.Time) {
	v.Text(&r.Skill, apperr.Line, "skill", 200, true)
	if r.AmountTenths <= 0 || r.AmountTenths > 100000 {
		v.Add("amount", "validation.positive")
	}
	if !slices.Contains(ResourceUnits, r.Unit) {
		v.Add("unit", "validation.choice")
	}
	if r.From.IsZero() {
		v.Add("from", "validation.required")
	}
	if r.To.IsZero() {
		v.Add("to", "validation.required")
	}
	if !r.From.IsZero() && !r.To.IsZero() && r.To.Before(r.From.Time) {
		v.Add("to", "validation.to_before_from")
	}
}

func (c *Contact) clean(v *apperr.Validation, _ time.Time) {
	v.Text(&c.Name, apperr.Name, "name", 200, true)
	v.Text(&c.Position, apperr.Line, "position", 200, false)
	v.Text(&c.Phone, apperr.Line, "phone", 50, false)
	if v.Clean(&c.Email, apperr.Line, "email") && c.Email != "" {
		c.Email = strings.ToLower(c.Email)
		if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email {
			v.Add("email", "validation.email")
		}
	}
}

// entries returns o's profile entries in the order they are written:
// certifications, references, resources, contacts.
func entries(o *Organisation) []child {
	out := make([]child, 0, len(o.Certifications)+len(o.References)+len(o.Resources)+len(o.Contacts))
	for j := range o.Certifications {
		out = append(out, &o.Certifications[j])
	}
	for j := range o.References {
		out = append(out, &o.References[j])
	}
	for j := range o.Resources {
		out = append(out, &o.Resources[j])
	}
	for j := range o.Contacts {
		out = append(out, &o.Contacts[j])
	}
	return out
}
