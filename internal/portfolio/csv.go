package portfolio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/csvio"
	"pakt/internal/i18n"
)

// The fixed columns of an assessments file; one column per criterion slug
// follows them. The profile is named by its slug; empty, the default.
var assessmentFileColumns = []string{"org_id", "legal_name", "assessed_on", "assessor", "note", "profile"}

// ExportCSV writes every assessment, oldest first, with one column per
// criterion holding its score (empty when not rated), in the CSV dialect
// d. Staff only.
func (s *Service) ExportCSV(ctx context.Context, a *auth.Actor, w io.Writer, d csvio.Dialect) error {
	if err := staffOnly(a); err != nil {
		return err
	}
	criteria, err := listCriteria(ctx, s.DB)
	if err != nil {
		return err
	}
	all, names, err := allAssessments(ctx, s.DB)
	if err != nil {
		return err
	}
	profiles, err := listProfiles(ctx, s.DB)
	if err != nil {
		return err
	}
	slugs := map[string]string{}
	for _, p := range profiles {
		slugs[p.ID] = p.Slug
	}
	cw := d.NewWriter(w)
	header := append([]string(nil), assessmentFileColumns...)
	for _, c := range criteria {
		cw.Numbers(len(header))
		header = append(header, c.Slug)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, as := range all {
		row := []string{as.OrgID, names[as.OrgID], as.AssessedOn.Format(time.DateOnly), as.AssessorName, as.Note, slugs[as.ProfileID]}
		scores := map[string]string{}
		for _, sc := range as.Scores {
			if sc.Score != nil {
				scores[sc.CriterionID] = strconv.Itoa(*sc.Score)
			}
		}
		for _, c := range criteria {
			row = append(row, scores[c.ID])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// ImportReport says what an assessments import did.
type ImportReport struct {
	Imported int
	Errors   []csvio.Error
}

// ImportCSV reads assessments (as ExportCSV writes them; an organisation is
// named by org_id or, without it, by its exact legal_name) and records them
// all in one transaction — or none when any row or cell is wrong; the
// report names every row and column at fault. Staff only.
func (s *Service) ImportCSV(ctx context.Context, a *auth.Actor, r io.Reader) (*ImportReport, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	file, syntax, err := csvio.Read(r)
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Errors: syntax}
	if syntax != nil {
		return rep, errors.New("the file is not valid CSV; nothing was imported")
	}
	criteria, err := listCriteria(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	bySlug, byID := map[string]*Criterion{}, map[string]*Criterion{}
	for _, c := range criteria {
		bySlug[c.Slug], byID[c.ID] = c, c
	}
	profiles, err := listProfiles(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	profileIDs := map[string]string{}
	for _, p := range profiles {
		profileIDs[p.Slug] = p.ID
	}
	col := map[string]int{}
	fail := func(row int, column, key string, args ...any) {
		rep.Errors = append(rep.Errors, csvio.Error{Row: row, Column: column, Message: i18n.T("en", key, args...)})
	}
	for i, h := range file.Header {
		name := strings.ToLower(strings.TrimSpace(h))
		_, isCriterion := bySlug[name]
		switch {
		case name == "":
			continue
		case !isCriterion && !slices.Contains(assessmentFileColumns, name):
			fail(file.HeaderRow, h, "validation.unknown_column")
		case col[name] > 0:
			fail(file.HeaderRow, h, "validation.duplicate_column")
		}
		col[name] = i + 1
	}
	if col["org_id"] == 0 && col["legal_name"] == 0 {
		fail(file.HeaderRow, "org_id", "validation.org_column")
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
	batch := make([]OrgAssessment, 0, len(file.Records))
	rows := make([]int, 0, len(file.Records))
	for _, rec := range file.Records {
		orgID, name := cell(rec.Cells, "org_id"), cell(rec.Cells, "legal_name")
		if _, bad := apperr.CleanText(apperr.Line, orgID); bad != "" {
			fail(rec.Row, "org_id", bad)
			continue
		}
		if _, bad := apperr.CleanText(apperr.Name, name); bad != "" && orgID == "" {
			fail(rec.Row, "legal_name", bad)
			continue
		}
		if orgID == "" {
			ids, err := orgIDsByName(ctx, s.DB, name)
			if err != nil {
				return nil, err
			}
			switch {
			case name == "":
				fail(rec.Row, "org_id", "validation.required")
			case len(ids) == 0:
				fail(rec.Row, "legal_name", "validation.unknown_org")
			case len(ids) > 1:
				fail(rec.Row, "legal_name", "validation.ambiguous_org", len(ids))
			default:
				orgID = ids[0]
			}
		}
		in := AssessmentInput{AssessedOn: cell(rec.Cells, "assessed_on"), Note: cell(rec.Cells, "note"), Ratings: map[string]RatingInput{}}
		if slug := cell(rec.Cells, "profile"); slug != "" {
			if in.ProfileID = profileIDs[slug]; in.ProfileID == "" {
				fail(rec.Row, "profile", "validation.choice")
			}
		}
		for slug, c := range bySlug {
			v := cell(rec.Cells, slug)
			if v == "" {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				fail(rec.Row, slug, "validation.integer")
				continue
			}
			in.Ratings[c.ID] = RatingInput{Score: &n}
		}
		batch = append(batch, OrgAssessment{OrgID: orgID, Input: in})
		rows = append(rows, rec.Row)
	}
	if len(rep.Errors) > 0 {
		return rep, fmt.Errorf("%d errors in the file; nothing was imported", len(rep.Errors))
	}
	out, err := s.AssessAll(ctx, a, batch)
	var be *apperr.BatchError
	if errors.As(err, &be) {
		for _, item := range be.Items {
			row := rows[item.Index]
			e := item.Err
			if e.Code == apperr.NotFound {
				fail(row, "org_id", "validation.unknown_org")
				continue
			}
			for _, f := range e.Fields {
				column := f.Field
				if id, ok := strings.CutPrefix(f.Field, "ratings."); ok && byID[id] != nil {
					column = byID[id].Slug
				} else if f.Field == "profile_id" {
					column = "profile"
				}
				rep.Errors = append(rep.Errors, csvio.Error{Row: row, Column: column, Message: i18n.T("en", f.Key, f.Args...)})
			}
		}
		return rep, fmt.Errorf("%d of %d rows have errors; nothing was imported", len(be.Items), len(batch))
	}
	if err != nil {
		return rep, err
	}
	rep.Imported = len(out)
	return rep, nil
}
