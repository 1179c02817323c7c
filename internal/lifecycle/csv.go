package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/csvio"
	"pakt/internal/i18n"
)

// prospectFileColumns are the columns of a prospects file, in export order.
var prospectFileColumns = []string{"legal_name", "domain", "country", "city", "stage", "owner_email", "next_step", "due_on", "lost_reason"}

// ExportCSV writes the prospects the actor may see (won ones are partners
// and left out), ordered by name, in the CSV dialect d.
func (s *Service) ExportCSV(ctx context.Context, a *auth.Actor, w io.Writer, d csvio.Dialect) error {
	columns, err := s.Board(ctx, a, Filter{})
	if err != nil {
		return err
	}
	emails, err := ownerEmails(ctx, s.DB)
	if err != nil {
		return err
	}
	var all []*Prospect
	for _, c := range columns {
		if c.Stage != Won {
			all = append(all, c.Cards...)
		}
	}
	slices.SortFunc(all, func(x, y *Prospect) int { return strings.Compare(x.Name, y.Name) })
	cw := d.NewWriter(w)
	if err := cw.Write(prospectFileColumns); err != nil {
		return err
	}
	for _, p := range all {
		o, err := s.Partners.Get(ctx, auth.System, p.OrgID)
		if err != nil {
			return err
		}
		due := ""
		if p.DueOn != nil {
			due = p.DueOn.Format(time.DateOnly)
		}
		if err := cw.Write([]string{o.LegalName, o.Domain, o.Country, o.City, p.Stage, emails[p.OwnerID], p.NextStep, due, p.LostReason}); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// ImportReport says what a prospects import did.
type ImportReport struct {
	Imported int
	Errors   []csvio.Error
}

// ImportCSV creates the prospects of a file (as ExportCSV writes it; only
// legal_name is required) in one transaction, or none when any row or cell
// is wrong; the report names every row and column at fault.
func (s *Service) ImportCSV(ctx context.Context, a *auth.Actor, r io.Reader) (*ImportReport, error) {
	if !mayUse(a) {
		return nil, apperr.ErrNotFound
	}
	file, syntax, err := csvio.Read(r)
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Errors: syntax}
	if syntax != nil {
		return rep, errors.New("the file is not valid CSV; nothing was imported")
	}
	fail := func(row int, column, key string, args ...any) {
		rep.Errors = append(rep.Errors, csvio.Error{Row: row, Column: column, Message: i18n.T("en", key, args...)})
	}
	col := map[string]int{}
	for i, h := range file.Header {
		name := strings.ToLower(strings.TrimSpace(h))
		switch {
		case name == "":
			continue
		case !slices.Contains(prospectFileColumns, name):
			fail(file.HeaderRow, h, "validation.unknown_column")
		case col[name] > 0:
			fail(file.HeaderRow, h, "validation.duplicate_column")
		}
		col[name] = i + 1
	}
	if col["legal_name"] == 0 {
		fail(file.HeaderRow, "legal_name", "validation.required")
	}
	if len(rep.Errors) > 0 {
		return rep, errors.New("the header row has errors; nothing was imported")
	}
	cell := func(rec []string, name string) string {
		if i := col[name]; i > 0 && i <= len(rec) {
			return strings.TrimSpace(rec[i-1])
		}
		return ""
	}
	emails, err := ownerEmails(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	owners := map[string]string{}
	for id, e := range emails {
		owners[e] = id
	}
	batch := make([]CreateInput, 0, len(file.Records))
	rows := make([]int, 0, len(file.Records))
	for _, rec := range file.Records {
		in := CreateInput{LegalName: cell(rec.Cells, "legal_name"), Domain: cell(rec.Cells, "domain"), Country: cell(rec.Cells, "country"),
			City: cell(rec.Cells, "city"), Stage: cell(rec.Cells, "stage"), NextStep: cell(rec.Cells, "next_step"), DueOn: cell(rec.Cells, "due_on"),
			LostReason: cell(rec.Cells, "lost_reason")}
		if e := strings.ToLower(cell(rec.Cells, "owner_email")); e != "" {
			if in.OwnerID = owners[e]; in.OwnerID == "" {
				fail(rec.Row, "owner_email", "pipeline.owner_invalid")
			}
		}
		batch = append(batch, in)
		rows = append(rows, rec.Row)
	}
	if len(rep.Errors) > 0 {
		return rep, fmt.Errorf("%d errors in the file; nothing was imported", len(rep.Errors))
	}
	ids, err := s.CreateAll(ctx, a, batch)
	var be *apperr.BatchError
	if errors.As(err, &be) {
		for _, item := range be.Items {
			for _, f := range item.Err.Fields {
				column := f.Field
				if column == "owner_id" {
					column = "owner_email"
				}
				rep.Errors = append(rep.Errors, csvio.Error{Row: rows[item.Index], Column: column, Message: i18n.T("en", f.Key, f.Args...)})
			}
		}
		return rep, fmt.Errorf("%d of %d rows have errors; nothing was imported", len(be.Items), len(batch))
	}
	if err != nil {
		return rep, err
	}
	rep.Imported = len(ids)
	return rep, nil
}
