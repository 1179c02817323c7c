package fees_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/apperr"
	"pakt/internal/fees"
	"pakt/internal/lifecycle"
)

func code(err error) apperr.Code {
	if e, ok := apperr.As(err); ok {
		return e.Code
	}
	return ""
}

// lines writes a statement's lines as "kind prospect day amount vN".
func lines(st *fees.Statement) string {
	var out []string
	for _, l := range st.Lines {
		out = append(out, fmt.Sprintf("%s %s %s %d v%d", l.Kind, l.Prospect, l.On, l.AmountMinor, l.RuleVersion))
	}
	return strings.Join(out, "; ")
}

// The recruiter's statements month by month, read through the pipeline
// and the deals on both engines; who may read and change what.
func TestStatements(t *testing.T) {
	c := &clock{}
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		st := play(t, s, c)
		svc := s.App.Fees
		rec := st.recruiter.Actor()
		for _, m := range []struct{ month, want, total string }{
			{"2026-01", "stage " + alphaName + " 2026-01-10 20000 v1; stage " + betaName + " 2026-01-10 20000 v1; won " + alphaName +
				" 2026-01-20 150000 v1; won " + betaName + " 2026-01-20 150000 v1", "340000"},
			{"2026-02", "stage " + gammaName + " 2026-02-20 30000 v2", "30000"},
			{"2026-03", "clawback " + betaName + " 2026-03-20 -150000 v1", "-150000"},
			{"2026-04", "", ""},
		} {
			got, err := svc.Statement(ctx, rec, st.recruiter.ID, m.month)
			tell(t, err)
			if l := lines(got); l != m.want {
				t.Errorf("%s: got  %s\nwant %s", m.month, l, m.want)
			}
			total := ""
			if len(got.Totals) == 1 {
				total = fmt.Sprint(got.Totals[0].AmountMinor)
			}
			if total != m.total || got.RecruiterName != st.recruiter.Name {
				t.Errorf("%s: total %q of %q, want %q", m.month, total, got.RecruiterName, m.total)
			}
		}
		months, err := svc.Months(ctx, st.admin.Actor(), st.recruiter.ID)
		tell(t, err)
		if len(months) != 4 || months[0].Month != "2026-04" || months[3].Month != "2026-01" || months[3].Totals[0].AmountMinor != 340_000 ||
			months[1].Totals[0].AmountMinor != -150_000 || len(months[0].Totals) != 0 {
			t.Errorf("months: %+v", months)
		}
		perf, err := svc.Performance(ctx, st.manager.Actor(), st.recruiter.ID)
		tell(t, err)
		if perf.Won != 2 || len(perf.Stages) != 8 || perf.Stages[1].Stage != lifecycle.Qualified || perf.Stages[1].Entered != 3 || perf.Stages[1].MovedOn != 2 {
			t.Errorf("performance: %+v", perf)
		}
		list, err := svc.Recruiters(ctx, st.admin.Actor(), "de")
		tell(t, err)
		if len(list) != 2 || list[0].Rule == nil && list[1].Rule == nil {
			t.Errorf("staff see both recruiters, one with terms: %+v", list)
		}
		own, err := svc.Recruiters(ctx, rec, "de")
		tell(t, err)
		if len(own) != 1 || own[0].ID != st.recruiter.ID || own[0].Rule.StageFeeMinor != 30_000 {
			t.Errorf("a recruiter sees itself with the terms in force: %+v", own)
		}
		versions, err := svc.Rules(ctx, rec, st.recruiter.ID)
		tell(t, err)
		if len(versions) != 2 || versions[0].Version != 2 || versions[1].ValidFrom != "2026-01-05" {
			t.Errorf("versions: %+v", versions)
		}

		// The other recruiter has no terms: its prospect earns nothing,
		// and it reads nothing of the first one's.
		other := st.other.Actor()
		if got, err := svc.Statement(ctx, other, st.other.ID, "2026-01"); err != nil || len(got.Lines) != 0 {
			t.Errorf("the other recruiter's statement: %v %v", got, err)
		}
		for _, a := range []struct {
			name string
			err  error
		}{
			{"statement", func() error { _, err := svc.Statement(ctx, other, st.recruiter.ID, "2026-01"); return err }()},
			{"rules", func() error { _, err := svc.Rules(ctx, other, st.recruiter.ID); return err }()},
			{"performance", func() error { _, err := svc.Performance(ctx, other, st.recruiter.ID); return err }()},
			{"partner", func() error { _, err := svc.Statement(ctx, st.partner.Actor(), st.recruiter.ID, "2026-01"); return err }()},
			{"partner list", func() error { _, err := svc.Recruiters(ctx, st.partner.Actor(), "de"); return err }()},
			{"no recruiter", func() error { _, err := svc.Statement(ctx, st.admin.Actor(), st.manager.ID, "2026-01"); return err }()},
			{"no month", func() error { _, err := svc.Statement(ctx, st.admin.Actor(), st.recruiter.ID, "2026-13"); return err }()},
			{"recruiter writes", func() error { _, err := svc.SaveRule(ctx, rec, st.recruiter.ID, fees.RuleInput{}); return err }()},
		} {
			if code(a.err) != apperr.NotFound {
				t.Errorf("%s: %v, want not found", a.name, a.err)
			}
		}
		in := fees.RuleInput{Currency: "EUR", WonFeeMinor: 100_000, ValidFrom: "2026-04-02"}
		if _, err := svc.SaveRule(ctx, st.manager.Actor(), st.other.ID, in); code(err) != apperr.Forbidden {
			t.Errorf("a manager setting terms: %v, want forbidden", err)
		}
		// Terms cannot start in the past, which would change statements
		// already made.
		past := in
		past.ValidFrom = "2026-04-01"
		if _, err := svc.SaveRule(ctx, st.admin.Actor(), st.other.ID, past); code(err) != apperr.Invalid ||
			len(mustFields(err)) != 1 || mustFields(err)[0].Field != "valid_from" {
			t.Errorf("terms from yesterday: %v, want invalid valid_from", err)
		}
		r, err := svc.SaveRule(ctx, st.admin.Actor(), st.other.ID, in)
		if err != nil || r.Version != 1 {
			t.Fatalf("first terms of the other recruiter: %+v %v", r, err)
		}
		// Saving the same again makes no version.
		if again, err := svc.SaveRule(ctx, st.admin.Actor(), st.other.ID, in); err != nil || again.Version != 1 {
			t.Errorf("the same terms again: %+v %v", again, err)
		}
		// The January statement did not change with the new terms.
		if jan, err := svc.Statement(ctx, other, st.other.ID, "2026-01"); err != nil || len(jan.Lines) != 0 {
			t.Errorf("the other recruiter's January after new terms: %v %v", jan, err)
		}
		var audited int
		tell(t, s.App.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE object_type = 'recruiter_fee_rule'`).Scan(&audited))
		if audited != 3 {
			t.Errorf("audited rule changes: %d, want 3", audited)
		}
	}, withClock(c))
}

func mustFields(err error) []apperr.FieldError {
	if e, ok := apperr.As(err); ok {
		return e.Fields
	}
	return nil
}
