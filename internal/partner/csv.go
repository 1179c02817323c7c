package partner

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/csvio"
	"pakt/internal/i18n"
)

// The CSV format of organisations (docs/csv-format.md describes it for
// users): one row per organisation; lists (industries, competency slugs) in
// one cell separated by "|"; profile entries one per line inside their cell,
// their fields separated by " | " in the order of entryFields.

// csvColumns are the columns of the partner CSV format, in export order.
var csvColumns = []string{"id", "kind", "legal_name", "domain", "description", "country", "region", "city", "size",
	"industries", "status", "tier", "manager_email", "published", "competencies", "certifications", "references",
	"resources", "contacts"}

// errorColumn is the column a rejects file adds. Import ignores it, so that
// a corrected rejects file can be imported as it is.
const errorColumn = "error"

// entryFields are the fields of a profile entry within its line, in order.
var entryFields = map[string][]string{
	"certifications": {"name", "issuer", "valid_until"},
	"references":     {"title", "customer", "industry", "year", "description"},
	"resources":      {"skill", "amount", "unit", "from", "to"},
	"contacts":       {"name", "position", "email", "phone", "decision_maker", "c_level"},
}

// headerAliases maps a normalised header (see normHeader) to its column:
// the English names and the German ones a spreadsheet user would write.
var headerAliases = func() map[string]string {
	m := map[string]string{}
	for _, c := range append(slices.Clone(csvColumns), errorColumn) {
		m[normHeader(c)] = c
	}
	for col, names := range map[string][]string{
		"kind":           {"art", "typ"},
		"legal_name":     {"name", "firmenname", "firma", "unternehmen", "organisation", "organization"},
		"domain":         {"website", "webseite", "domäne"},
		"description":    {"beschreibung"},
		"country":        {"land"},
		"region":         {"bundesland"},
		"city":           {"ort", "stadt"},
		"size":           {"größe", "groesse", "grösse"},
		"industries":     {"branchen", "branche"},
		"tier":           {"stufe"},
		"manager_email":  {"manager", "partnermanager", "partnermanageremail"},
		"published":      {"veröffentlicht", "veroeffentlicht"},
		"competencies":   {"kompetenzen"},
		"certifications": {"zertifikate", "zertifizierungen"},
		"references":     {"referenzen"},
		"resources":      {"ressourcen"},
		"contacts":       {"kontakte", "ansprechpartner"},
		errorColumn:      {"fehler"},
	} {
		for _, n := range names {
			m[normHeader(n)] = col
		}
	}
	return m
}()

// normHeader makes "Legal Name", "legal_name" and "LEGAL-NAME" the same.
func normHeader(h string) string {
	return strings.NewReplacer(" ", "", "_", "", "-", "", ".", "").Replace(strings.ToLower(strings.TrimSpace(h)))
}

// ImportOptions control an import.
type ImportOptions struct {
	// SkipInvalid imports the valid rows and writes the rejected ones to
	// Rejects, instead of importing nothing when a row is bad.
	SkipInvalid bool
	// Rejects receives the rejected rows as CSV with an extra error column.
	Rejects io.Writer
	// Progress, if set, is called while the rows are written.
	Progress func(done, total int)
}

// RowError is one problem in an import file. Row counts as a spreadsheet
// does: the header is row 1, the first organisation row 2. Column is the
// header as written in the file.
type RowError = csvio.Error

// ImportReport says what an import did.
type ImportReport struct {
	Imported int
	Rejected int
	Errors   []RowError
}

// csvRow is one data row of an import file on its way to a Draft.
type csvRow struct {
	row    int
	record []string
	draft  Draft
	errs   []rowError
	// marked holds the columns and entries ("contacts[1]") that failed to
	// parse, so that validation does not report them a second time.
	marked map[string]bool
}

// rowError is a RowError with the index of its column, for sorting.
type rowError struct {
	index int
	RowError
}

// csvImport is the state of one import: the header and lookups.
type csvImport struct {
	s        *Service
	cols     []string // the column of each field, "" for one without a header
	names    []string // the header as written
	managers map[string]string
	comps    map[string]*Competency
}

// ImportCSV imports organisations from CSV in UTF-8 or Windows-1252, comma,
// semicolon or tab separated. It checks every row first and imports nothing
// when any row is bad, unless opt.SkipInvalid is set. The report lists every
// error with its row and column. Only staff import.
func ImportCSV(ctx context.Context, s *Service, a *auth.Actor, r io.Reader, opt ImportOptions) (*ImportReport, error) {
	if !a.IsStaff() {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	file, syntax, err := csvio.Read(r)
	if err != nil {
		return &ImportReport{}, err
	}
	rep := &ImportReport{}
	if syntax != nil {
		rep.Errors = syntax
		if len(syntax) == 1 && syntax[0].Column == "" {
			return rep, errors.New("the file is empty; nothing was imported")
		}
		return rep, errors.New("the file is not valid CSV; nothing was imported")
	}
	header, comma, excel, crlf := file.Header, file.Comma, file.Excel, file.CRLF
	im := &csvImport{s: s, managers: map[string]string{}}
	if errs := im.parseHeader(header); len(errs) > 0 {
		for i := range errs {
			errs[i].Row = file.HeaderRow
		}
		rep.Errors = errs
		return rep, errors.New("the header row has errors; nothing was imported")
	}
	rows := make([]*csvRow, len(file.Records))
	for i, rec := range file.Records {
		rows[i] = &csvRow{row: rec.Row, record: rec.Cells, marked: map[string]bool{}}
	}

	if im.comps, err = s.CompetencyBySlug(ctx); err != nil {
		return nil, err
	}
	for _, row := range rows {
		if err := im.parseRow(ctx, row); err != nil {
			return nil, err
		}
	}
	im.findDuplicates(rows)
	for _, row := range rows {
		if len(row.record) != len(im.cols) {
			continue // the cells may be shifted: validating them would mislead
		}
		err := s.ValidateDraft(ctx, a, &row.draft)
		if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
			im.addValidation(row, e)
		} else if err != nil {
			return nil, err
		}
	}

	var good, bad []*csvRow
	for _, row := range rows {
		if len(row.errs) == 0 {
			good = append(good, row)
			continue
		}
		bad = append(bad, row)
		slices.SortStableFunc(row.errs, func(x, y rowError) int { return x.index - y.index })
		for _, e := range row.errs {
			rep.Errors = append(rep.Errors, e.RowError)
		}
	}
	if len(bad) > 0 && !opt.SkipInvalid {
		return rep, fmt.Errorf("%s errors (of %d); nothing was imported", rowsHave(len(bad)), len(rows))
	}
	rep.Rejected = len(bad)
	if len(bad) > 0 && opt.Rejects != nil {
		// Written before the import: should writing fail, nothing is
		// imported and nothing is lost.
		if err := writeRejects(opt.Rejects, header, bad, comma, excel, crlf); err != nil {
			return rep, fmt.Errorf("write rejected rows: %w; nothing was imported", err)
		}
	}
	if len(good) == 0 {
		return rep, nil
	}
	drafts := make([]Draft, len(good))
	for i, row := range good {
		drafts[i] = row.draft
	}
	var progress func(int)
	if opt.Progress != nil {
		progress = func(done int) { opt.Progress(done, len(drafts)) }
	}
	ids, err := s.CreateAll(ctx, a, drafts, progress)
	var be *apperr.BatchError
	if errors.As(err, &be) {
		// Something changed in the database since the check, e.g. an id
		// was taken meanwhile.
		for _, d := range be.Items {
			row := good[d.Index]
			im.addValidation(row, d.Err)
			for _, e := range row.errs {
				rep.Errors = append(rep.Errors, e.RowError)
			}
		}
		return rep, fmt.Errorf("%s errors after changes in the database meanwhile; nothing was imported", rowsHave(len(be.Items)))
	}
	if err != nil {
		return rep, err
	}
	rep.Imported = len(ids)
	return rep, nil
}

// rowsHave says "1 row has" or "n rows have".
func rowsHave(n int) string {
	if n == 1 {
		return "1 row has"
	}
	return strconv.Itoa(n) + " rows have"
}

// parseHeader maps the header's names to columns.
func (im *csvImport) parseHeader(header []string) []RowError {
	var errs []RowError
	im.names = header
	im.cols = make([]string, len(header))
	seen := map[string]int{}
	for i, h := range header {
		if strings.TrimSpace(h) == "" {
			continue // allowed as long as the column is empty
		}
		col, ok := headerAliases[normHeader(h)]
		if !ok {
			errs = append(errs, RowError{Column: strings.TrimSpace(h), Message: "Unknown column. Known columns: " + strings.Join(csvColumns, ", ") + "."})
			continue
		}
		if j, dup := seen[col]; dup {
			errs = append(errs, RowError{Column: strings.TrimSpace(h), Message: fmt.Sprintf("Column %s appears twice (also as %q).", col, strings.TrimSpace(header[j]))})
			continue
		}
		seen[col] = i
		im.cols[i] = col
	}
	if _, ok := seen["legal_name"]; !ok {
		errs = append(errs, RowError{Column: "legal_name", Message: "Required column missing: legal_name (or Name, Firmenname)."})
	}
	return errs
}

// index returns the position of col in the file, or -1.
func (im *csvImport) index(col string) int { return slices.Index(im.cols, col) }

// fail records a problem of the cell at index i.
func (im *csvImport) fail(r *csvRow, i int, col, msg string) {
	name := col
	if i >= 0 {
		name = csvio.ColumnName(im.names, i)
	} else {
		i = len(im.cols)
	}
	r.errs = append(r.errs, rowError{i, RowError{Row: r.row, Column: name, Message: msg}})
}

// parseRow reads the cells of a row into its draft; problems go to the row.
// Only a database error is returned.
func (im *csvImport) parseRow(ctx context.Context, r *csvRow) error {
	rec := r.record
	if len(rec) < len(im.cols) {
		im.fail(r, len(rec), "", fmt.Sprintf("The row has %d cells, the header %d: a cell or separator is missing from here on.", len(rec), len(im.cols)))
		return nil
	}
	if len(rec) > len(im.cols) {
		im.fail(r, len(im.cols), "", fmt.Sprintf("The row has %d cells, the header %d: a value contains a separator and should be in quotes.", len(rec), len(im.cols)))
		return nil
	}
	in := &r.draft.Input
	for i, v := range rec {
		col := im.cols[i]
		t := strings.TrimSpace(v)
		fail := func(msg string) {
			r.marked[col] = true
			im.fail(r, i, col, msg)
		}
		set := func(dst **string, lower bool) {
			if t == "" {
				return
			}
			if lower {
				t = strings.ToLower(t)
			}
			*dst = &t
		}
		switch col {
		case "":
			if t != "" {
				fail("This column has no header: name it or empty it.")
			}
		case errorColumn:
		case "id":
			if u, err := uuid.Parse(t); err == nil {
				t = u.String()
			}
			r.draft.ID = t
		case "legal_name":
			in.LegalName = &t
		case "kind":
			set(&in.Kind, true)
		case "domain":
			set(&in.Domain, false)
		case "description":
			if t != "" {
				in.Description = &v
			}
		case "country":
			set(&in.Country, false)
		case "region":
			set(&in.Region, false)
		case "city":
			set(&in.City, false)
		case "size":
			set(&in.Size, true)
		case "status":
			set(&in.Status, true)
		case "tier":
			set(&in.Tier, true)
		case "industries":
			list := splitCell(strings.ToLower(t))
			var unknown []string
			for _, x := range list {
				if !slices.Contains(Industries, x) {
					unknown = append(unknown, x)
				}
			}
			if len(unknown) > 0 {
				fail("Unknown industry: " + strings.Join(unknown, ", ") + ". Allowed: " + strings.Join(Industries, ", ") + ".")
			}
			in.Industries = &list
		case "manager_email":
			if t == "" {
				continue
			}
			if _, bad := apperr.CleanText(apperr.Line, t); bad != "" {
				fail(i18n.T("en", bad))
				continue
			}
			id, err := im.managerID(ctx, t)
			if err != nil {
				return err
			}
			if id == "" {
				fail("No user has this e-mail address.")
				continue
			}
			in.ManagerID = &id
		case "published":
			b, ok := parseBool(t)
			if !ok {
				fail(msgBool)
			}
			in.Published = &b
		case "competencies":
			ids := []string{}
			var unknown []string
			for _, slug := range splitCell(strings.ToLower(t)) {
				if c := im.comps[slug]; c != nil {
					ids = append(ids, c.ID)
				} else {
					unknown = append(unknown, slug)
				}
			}
			if len(unknown) > 0 {
				fail(strings.TrimSuffix(i18n.T("en", "validation.unknown_competency"), ".") + ": " + strings.Join(unknown, ", ") + ".")
			}
			in.Competencies = &ids
		case "certifications":
			r.draft.Certifications = parseEntries(im, r, i, col, v, func(p []string, fail func(string, string)) Certification {
				return Certification{Name: p[0], Issuer: p[1], ValidUntil: parseCellDate(p[2], "valid_until", fail)}
			})
		case "references":
			r.draft.References = parseEntries(im, r, i, col, v, func(p []string, fail func(string, string)) Reference {
				ref := Reference{Title: p[0], Customer: p[1], Industry: strings.ToLower(p[2]), Description: p[4]}
				if p[3] != "" {
					y, err := strconv.Atoi(p[3])
					if err != nil {
						fail("year", i18n.T("en", "validation.integer"))
					}
					ref.Year = y
				}
				return ref
			})
		case "resources":
			r.draft.Resources = parseEntries(im, r, i, col, v, func(p []string, fail func(string, string)) Resource {
				res := Resource{Skill: p[0], Unit: strings.ToLower(p[2])}
				if res.Unit == "tage" {
					res.Unit = "days"
				}
				if p[1] != "" {
					n, ok := ParseTenths(p[1])
					if !ok {
						fail("amount", "Expected a number with at most one decimal place, e.g. 2 or 0.5.")
					}
					res.AmountTenths = n
				}
				res.From = parseCellDate(p[3], "from", fail)
				res.To = parseCellDate(p[4], "to", fail)
				return res
			})
		case "contacts":
			r.draft.Contacts = parseEntries(im, r, i, col, v, func(p []string, fail func(string, string)) Contact {
				c := Contact{Name: p[0], Position: p[1], Email: p[2], Phone: p[3]}
				b, ok := parseBool(p[4])
				if !ok {
					fail("decision_maker", msgBool)
				}
				c.DecisionMaker = b
				if c.CLevel, ok = parseBool(p[5]); !ok {
					fail("c_level", msgBool)
				}
				return c
			})
		}
	}
	return nil
}

const msgBool = "Expected yes or no (also true/false, ja/nein, 1/0, x or empty)."

// splitCell splits a list cell at "|", dropping empty items.
func splitCell(s string) []string {
	out := []string{}
	for x := range strings.SplitSeq(s, "|") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// parseEntries reads the profile entries of a cell, one per non-empty line,
// their fields separated by "|". Entry n of the cell becomes element n-1,
// as validation numbers them.
func parseEntries[T any](im *csvImport, r *csvRow, i int, col, cell string, parse func(p []string, fail func(field, msg string)) T) []T {
	fields := entryFields[col]
	var out []T
	for line := range strings.SplitSeq(cell, "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		n := len(out) + 1
		key := col + "[" + strconv.Itoa(n-1) + "]"
		fail := func(field, msg string) {
			r.marked[key] = true
			im.fail(r, i, col, fmt.Sprintf("entry %d, %s: %s", n, field, msg))
		}
		parts := strings.Split(line, "|")
		if len(parts) > len(fields) {
			r.marked[key] = true
			im.fail(r, i, col, fmt.Sprintf("entry %d has %d parts, at most %d are allowed: %s.", n, len(parts), len(fields), strings.Join(fields, " | ")))
			out = append(out, *new(T))
			continue
		}
		for j := range parts {
			parts[j] = strings.TrimSpace(parts[j])
		}
		parts = append(parts, make([]string, len(fields)-len(parts))...)
		out = append(out, parse(parts, fail))
	}
	return out
}

// parseBool reads the ways a spreadsheet says yes or no; empty is no.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "ja", "1", "x", "wahr", "y", "j":
		return true, true
	case "false", "no", "nein", "0", "", "falsch", "n":
		return false, true
	}
	return false, false
}

// ParseTenths reads a positive decimal with at most one decimal place, with
// a point or a German comma: "2", "0.5", "0,5" (5 tenths), "1.50".
func ParseTenths(s string) (int, bool) {
	whole, frac, _ := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	frac = strings.TrimRight(frac, "0")
	if whole == "" || len(whole) > 7 || len(frac) > 1 || strings.Trim(whole+frac, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(whole + frac + strings.Repeat("0", 1-len(frac)))
	return n, err == nil
}

// parseCellDate reads YYYY-MM-DD, or the German DD.MM.YYYY; empty is the
// zero date.
func parseCellDate(s, field string, fail func(string, string)) Date {
	d, err := ParseDate(s)
	if err == nil {
		return d
	}
	if t, err := time.Parse("2.1.2006", s); err == nil {
		return Date{Time: t}
	}
	fail(field, i18n.T("en", "validation.date"))
	return Date{}
}

// findDuplicates reports a row with the name or id of an earlier row.
func (im *csvImport) findDuplicates(rows []*csvRow) {
	names, ids := map[string]int{}, map[string]int{}
	for _, r := range rows {
		if len(r.record) != len(im.cols) {
			continue
		}
		if r.draft.Input.LegalName != nil {
			name := strings.ToLower(strings.Join(strings.Fields(*r.draft.Input.LegalName), " "))
			if first, ok := names[name]; ok && name != "" {
				r.marked["legal_name"] = true
				im.fail(r, im.index("legal_name"), "legal_name", fmt.Sprintf("Row %d has the same name.", first))
			} else if name != "" {
				names[name] = r.row
			}
		}
		if id := r.draft.ID; id != "" {
			if first, ok := ids[id]; ok {
				r.marked["id"] = true
				im.fail(r, im.index("id"), "id", fmt.Sprintf("Row %d has the same id.", first))
			} else {
				ids[id] = r.row
			}
		}
	}
}

// addValidation maps the field errors of ValidateDraft to columns:
// "manager_id" to manager_email, "contacts[1].email" to contacts, entry 2.
func (im *csvImport) addValidation(r *csvRow, e *apperr.Error) {
	for _, f := range e.Fields {
		col, entry, sub := f.Field, -1, ""
		if i := strings.IndexByte(f.Field, '['); i >= 0 {
			if j := strings.IndexByte(f.Field, ']'); j > i {
				if n, err := strconv.Atoi(f.Field[i+1 : j]); err == nil {
					col, entry, sub = f.Field[:i], n, strings.TrimPrefix(f.Field[j+1:], ".")
				}
			}
		}
		if col == "manager_id" {
			col = "manager_email"
		}
		msg := i18n.T("en", f.Key, f.Args...)
		if allowed := allowedValues(col, sub); f.Key == "validation.choice" && allowed != nil {
			msg += " Allowed: " + strings.Join(allowed, ", ") + "."
		}
		key := col
		if entry >= 0 {
			key = col + "[" + strconv.Itoa(entry) + "]"
			msg = fmt.Sprintf("entry %d, %s: %s", entry+1, sub, msg)
		}
		if r.marked[col] || r.marked[key] {
			continue
		}
		im.fail(r, im.index(col), col, msg)
	}
}

// allowedValues lists the values a choice field takes, or nil.
func allowedValues(col, sub string) []string {
	switch {
	case col == "kind":
		return Kinds
	case col == "status":
		return Statuses
	case col == "tier":
		return Tiers
	case col == "size":
		return Sizes
	case col == "industries", sub == "industry":
		return Industries
	case sub == "unit":
		return ResourceUnits
	}
	return nil
}

// managerID returns the id of the user with the e-mail address, or "".
func (im *csvImport) managerID(ctx context.Context, email string) (string, error) {
	email = auth.NormaliseEmail(email)
	if id, ok := im.managers[email]; ok {
		return id, nil
	}
	var id string
	err := userIDByEmail(ctx, im.s.DB, email, &id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	im.managers[email] = id
	return id, nil
}

// writeRejects writes the rejected rows as UTF-8 CSV with the input's
// separator and its header plus an error column (reused if the input has
// one). For a file from Excel it starts with a byte order mark, which tells
// Excel the file is UTF-8.
func writeRejects(w io.Writer, header []string, rows []*csvRow, comma rune, bom, crlf bool) error {
	header = slices.Clone(header)
	errIndex := slices.IndexFunc(header, func(h string) bool { return headerAliases[normHeader(h)] == errorColumn })
	if errIndex < 0 {
		errIndex = len(header)
		header = append(header, errorColumn)
	}
	cw := csvio.Dialect{Comma: comma, BOM: bom, CRLF: crlf}.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		rec := slices.Clone(r.record)
		if len(rec) <= errIndex {
			rec = append(rec, make([]string, errIndex+1-len(rec))...)
		}
		msgs := make([]string, len(r.errs))
		for i, e := range r.errs {
			msgs[i] = e.Column + ": " + e.Message
		}
		rec[errIndex] = strings.Join(msgs, "; ")
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// ExportCSV writes every organisation with its whole profile, contacts
// included, as UTF-8 CSV in the dialect d that ImportCSV reads back
// unchanged; staff only.
//
// Two things cannot be written exactly: "|" inside a field of a profile
// entry becomes "/", and a line break there becomes a space, because they
// separate fields and entries. A CRLF line break in a description is written
// as LF. Everything else round-trips.
func ExportCSV(ctx context.Context, s *Service, a *auth.Actor, w io.Writer, d csvio.Dialect) error {
	orgs, err := s.All(ctx, a)
	if err != nil {
		return err
	}
	bySlug, err := s.CompetencyBySlug(ctx)
	if err != nil {
		return err
	}
	slugs := make(map[string]string, len(bySlug))
	for slug, c := range bySlug {
		slugs[c.ID] = slug
	}
	emails := map[string]string{}
	cw := d.NewWriter(w)
	if err := cw.Write(csvColumns); err != nil {
		return err
	}
	for _, o := range orgs {
		manager := ""
		if o.ManagerID != "" {
			if manager, err = userEmail(ctx, s, emails, o.ManagerID); err != nil {
				return fmt.Errorf("export %s: %w", o.LegalName, err)
			}
		}
		comps := make([]string, len(o.Competencies))
		for i, id := range o.Competencies {
			if comps[i] = slugs[id]; comps[i] == "" {
				return fmt.Errorf("export %s: competency %s not in the taxonomy", o.LegalName, id)
			}
		}
		// Sorted by slug, not by id: ids differ between databases.
		slices.Sort(comps)
		var certs, refs, res, contacts []string
		for _, c := range o.Certifications {
			certs = append(certs, entryLine(c.Name, c.Issuer, c.ValidUntil.String()))
		}
		for _, r := range o.References {
			year := ""
			if r.Year != 0 {
				year = strconv.Itoa(r.Year)
			}
			refs = append(refs, entryLine(r.Title, r.Customer, r.Industry, year, r.Description))
		}
		for _, r := range o.Resources {
			res = append(res, entryLine(r.Skill, i18n.Decimal("en", r.AmountTenths), r.Unit, r.From.String(), r.To.String()))
		}
		for _, c := range o.Contacts {
			contacts = append(contacts, entryLine(c.Name, c.Position, c.Email, c.Phone, yesNo(c.DecisionMaker), yesNo(c.CLevel)))
		}
		rec := []string{o.ID, o.Kind, o.LegalName, o.Domain, o.Description, o.Country,
			o.Region, o.City, o.Size, strings.Join(o.Industries, "|"), o.Status, o.Tier, manager, yesNo(o.Published),
			strings.Join(comps, "|"), strings.Join(certs, "\n"), strings.Join(refs, "\n"), strings.Join(res, "\n"),
			strings.Join(contacts, "\n")}
		for i := range rec {
			// A reader turns CRLF inside a quoted cell into LF: write LF
			// already, so that a second export is the same.
			rec[i] = strings.ReplaceAll(rec[i], "\r\n", "\n")
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	return cw.Flush()
}

var entrySanitiser = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "|", "/")

// entryLine writes one profile entry; empty fields at its end are left out.
func entryLine(fields ...string) string {
	for i, f := range fields {
		fields[i] = strings.TrimSpace(entrySanitiser.Replace(f))
	}
	return strings.TrimRight(strings.Join(fields, " | "), " |")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// userEmail returns the e-mail address of the user id, remembered in cache.
func userEmail(ctx context.Context, s *Service, cache map[string]string, id string) (string, error) {
	if e, ok := cache[id]; ok {
		return e, nil
	}
	var e string
	if err := userEmailByID(ctx, s.DB, id, &e); err != nil {
		return "", fmt.Errorf("partner manager %s: %w", id, err)
	}
	cache[id] = e
	return e, nil
}
