package cosell

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/cosell/dealfile"
	"pakt/internal/csvio"
	"pakt/internal/db"
	"pakt/internal/i18n"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// ImportReport is what an import did: the deals it saved, how many of
// them conflict with an open registration, and every problem with its row
// and column (nothing is saved when there is one).
type ImportReport struct {
	Format    dealfile.Format
	Imported  int
	Conflicts int
	Errors    []csvio.Error
}

// rowField names, for each field of a registration, the Row field whose
// column an error names.
var rowField = map[string]string{"customer_name": "Customer", "customer_domain": "Domain", "customer_country": "Country",
	"customer_postcode": "Postcode", "customer_city": "City", "customer_industry": "Industry", "customer_size": "Size",
	"solution": "Solution", "competencies": "Competencies", "value_minor": "Value", "currency": "Currency",
	"expected_close": "ExpectedClose", "description": "Description", "stage": "Stage"}

// Import reads a deal file (pakt's own, a Salesforce opportunity report or
// a Partner Center referrals export) and registers every row for the
// partner it names, in one transaction: all rows or none. Each open row
// (registered or approved) is checked against the open registrations of
// the other partners, those of the file's earlier rows included; imported
// history earns no incentives. Admins only.
func (s *Service) Import(ctx context.Context, a *auth.Actor, r io.Reader) (*ImportReport, error) {
	if !a.IsAdmin() {
		return nil, apperr.ErrNotFound
	}
	format, rows, err := dealfile.Read(r)
	rep := &ImportReport{Format: format}
	if err != nil {
		var batch *apperr.BatchError
		if errors.As(err, &batch) {
			rep.Errors = dealfile.Problems(err, "en")
			return rep, errors.New("the file has errors; nothing was imported")
		}
		return nil, err
	}
	fail := func(row int, field, key string, args ...any) {
		rep.Errors = append(rep.Errors, csvio.Error{Row: row, Column: format.Column(field), Message: i18n.T("en", key, args...)})
	}
	orgs, err := orgKeys(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	comps, err := s.Partners.Competencies(ctx)
	if err != nil {
		return nil, err
	}
	compByName, topics := map[string]string{}, map[string]bool{}
	for _, c := range comps {
		compByName[strings.ToLower(c.Name("de"))], compByName[strings.ToLower(c.Name("en"))] = c.ID, c.ID
		topics[c.ID] = true
	}
	days, err := protectionDays(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	today, now := s.today(), s.now()
	type item struct {
		line int
		d    *Deal
	}
	var items []item
	for _, row := range rows {
		org := orgs[strings.ToLower(strings.TrimSpace(row.Partner))]
		if org == "" {
			fail(row.Line, "Partner", "cosell.import.unknown_partner", row.Partner)
			continue
		}
		if row.Currency == "" {
			// A tool that writes no currency works in the programme's.
			row.Currency = Currencies[0]
		}
		in := DealInput{Customer: Customer{Name: row.Customer, Domain: row.Domain, Country: row.Country, Postcode: row.Postcode, City: row.City,
			Industry: row.Industry, Size: row.Size}, Solution: row.Solution, ValueMinor: row.Value, Currency: row.Currency,
			ExpectedClose: row.ExpectedClose.Format(time.DateOnly), Description: row.Description, Stage: row.Stage}
		bad := false
		for _, name := range row.Competencies {
			id := compByName[strings.ToLower(strings.TrimSpace(name))]
			if id == "" {
				fail(row.Line, "Competencies", "cosell.import.unknown_competency", name)
				bad = true
			}
			in.Competencies = append(in.Competencies, id)
		}
		d := &Deal{ID: db.NewID(), OrgID: org, Status: row.State, Reason: row.Reason, ExternalID: row.ExternalID, CreatedAt: now, UpdatedAt: now,
			Parties: []*Party{{OrgID: org, Role: RoleLead, SplitBP: FullSplit, Status: PartAccepted, AnsweredAt: &now}}}
		if err := apply(d, in, topics, today, true); err != nil {
			if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
				for _, f := range e.Fields {
					fail(row.Line, rowField[f.Field], f.Key, f.Args...)
				}
				continue
			}
			return nil, err
		}
		if bad {
			continue
		}
		if d.Status == "" {
			d.Status = StatusRegistered
		}
		switch d.Status {
		case StatusApproved:
			d.ProtectedUntil, d.DecidedAt = &partner.Date{Time: ProtectionEnd(today, days)}, &now
		case StatusRejected, StatusWon, StatusLost, StatusExpired:
			d.ClosedAt = &now
		}
		items = append(items, item{row.Line, d})
	}
	if len(rep.Errors) > 0 {
		return rep, errors.New("the file has errors; nothing was imported")
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		for _, it := range items {
			if it.d.ExternalID != "" {
				taken, err := externalIDTaken(ctx, tx, it.d.OrgID, it.d.ExternalID)
				if err != nil {
					return err
				}
				if taken {
					fail(it.line, "ExternalID", "cosell.import.imported_before", it.d.ExternalID)
					continue
				}
			}
			if err := insertDeal(ctx, tx, it.d); err != nil {
				return err
			}
			if Open(it.d.Status) {
				n, err := s.check(ctx, tx, it.d)
				if err != nil {
					return err
				}
				if n > 0 {
					rep.Conflicts++
				}
			}
			if err := audit.Record(ctx, tx, now, a.Who(), "import", "deal", it.d.ID, it.d.OrgID, nil, it.d); err != nil {
				return err
			}
		}
		if len(rep.Errors) > 0 {
			return errors.New("the file has errors; nothing was imported")
		}
		if rep.Conflicts > 0 {
			return s.notice(ctx, tx, notify.Notice{Kind: "cosell.notice.import_conflicts", Args: []string{i18n.Number("en", rep.Conflicts)},
				Link: "/deal-conflicts", Staff: true})
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	rep.Imported = len(items)
	s.kick()
	return rep, nil
}

// Export writes every deal in pakt's own format, which Import reads back
// (staff).
func (s *Service) Export(ctx context.Context, a *auth.Actor, w io.Writer, d csvio.Dialect) error {
	if !a.IsStaff() {
		return apperr.ErrNotFound
	}
	deals, err := allDeals(ctx, s.DB)
	if err != nil {
		return err
	}
	comps, err := s.Partners.Competencies(ctx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, c := range comps {
		names[c.ID] = c.Name("de")
	}
	rows := make([]dealfile.Row, 0, len(deals))
	for i, d := range deals {
		row := dealfile.Row{Line: i + 2, Partner: d.OrgName, Customer: d.Customer.Name, Domain: d.Customer.Domain, Country: d.Customer.Country,
			Postcode: d.Customer.Postcode, City: d.Customer.City, Industry: d.Customer.Industry, Size: d.Customer.Size, Solution: d.Solution,
			Value: d.ValueMinor, Currency: d.Currency, ExpectedClose: d.ExpectedClose.Time, Description: d.Description, State: d.Status,
			Stage: d.Stage, Reason: reasonText("en", d.Reason), ExternalID: d.ExternalID}
		if row.ExternalID == "" {
			row.ExternalID = d.ID
		}
		for _, c := range d.Competencies {
			row.Competencies = append(row.Competencies, names[c])
		}
		rows = append(rows, row)
	}
	return dealfile.Write(w, d, rows)
}
