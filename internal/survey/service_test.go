package survey_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
	"pakt/internal/survey"
)

// senv is a database with four active partners (A, B, C owned by Maria
// Manager, D by Otto Owner; A, B and D gold, C silver; A and B heroes, C a
// candidate, D not assessed), a paused partner E and a prospect F, and a
// survey service on a clock of its own.
type senv struct {
	t                *testing.T
	svc              *survey.Service
	now              time.Time
	A, B, C, D, E, F string
	admin, manager   *auth.Actor
	maria, otto      string
	names            map[string]string
	partners         *partner.Service
}

func newSenv(t *testing.T, d *db.DB) *senv {
	t.Helper()
	ctx := context.Background()
	e := &senv{t: t, now: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC), names: map[string]string{}}
	clock := func() time.Time { return e.now }
	users := auth.NewService(d, clock)
	person := func(name, email string) string {
		u, err := users.CreateUser(ctx, auth.System, auth.UserInput{Email: new(email), Name: new(name), Role: new(auth.RoleManager), Password: new("ein langes Passwort 123")})
		if err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	e.maria, e.otto = person("Maria Manager", "maria@programm.example"), person("Otto Owner", "otto@programm.example")
	partners := partner.NewService(d, clock)
	e.partners = partners
	org := func(name, kind, status, tier, manager string) string {
		in := partner.Input{LegalName: new(name), Published: new(true), Kind: new(kind), Status: new(status), Tier: new(tier)}
		if manager != "" {
			in.ManagerID = new(manager)
		}
		o, err := partners.Create(ctx, auth.System, in)
		if err != nil {
			t.Fatal(err)
		}
		e.names[o.ID] = name
		return o.ID
	}
	e.A = org("Alpha Systemhaus GmbH", partner.KindPartner, "active", "gold", e.maria)
	e.B = org("Beta Beratung AG", partner.KindPartner, "active", "gold", e.maria)
	e.C = org("Cäsar IT KG", partner.KindPartner, "active", "silver", e.maria)
	e.D = org("Delta Daten GmbH", partner.KindPartner, "active", "gold", e.otto)
	e.E = org("Epsilon Pause GmbH", partner.KindPartner, "paused", "gold", e.otto)
	e.F = org("Fokus Interessent GmbH", partner.KindProspect, "prospect", "", e.otto)
	e.admin = &auth.Actor{UserID: "ua", Role: auth.RoleAdmin}
	e.manager = &auth.Actor{UserID: e.maria, Role: auth.RoleManager}
	e.svc = survey.NewService(d, clock, partners, nil)
	e.svc.Quadrants = []string{"hero", "candidate", "vampire", "shadow"}
	e.svc.QuadrantOf = func(context.Context, *auth.Actor) (map[string]string, error) {
		return map[string]string{e.A: "hero", e.B: "hero", e.C: "candidate"}, nil
	}
	return e
}

func (e *senv) padmin(org string) *auth.Actor {
	return &auth.Actor{UserID: "admin-" + org, Role: auth.RolePartnerAdmin, OrgID: org}
}

func (e *senv) answer(round, org string, score, q1 int, text string, named bool) error {
	in := survey.AnswerInput{Score: new(score), Named: named}
	if q1 > 0 {
		in.Values = append(in.Values, survey.Value{Position: 1, Scale: new(q1)})
	}
	if text != "" {
		in.Values = append(in.Values, survey.Value{Position: 3, Text: text})
	}
	_, err := e.svc.Answer(context.Background(), e.padmin(org), round, in)
	return err
}

func (e *senv) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

func code(err error) apperr.Code {
	if x, ok := apperr.As(err); ok {
		return x.Code
	}
	return ""
}

func fields(err error) []string {
	x, ok := apperr.As(err)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range x.Fields {
		out = append(out, f.Field)
	}
	return out
}

func group(list []*survey.Group, name string) *survey.Group {
	if i := slices.IndexFunc(list, func(g *survey.Group) bool { return g.Name == name }); i >= 0 {
		return list[i]
	}
	return nil
}

// A round goes to the active partners only; each answers once (a later
// answer replaces the earlier one) until the round closes. Admins see
// every name and figure; a manager sees the names of the partners that
// agreed only and no figures of groups of fewer than three answers.
func TestRoundAnswersAndResults(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newSenv(t, d)
		if _, err := e.svc.Start(ctx, e.manager); code(err) != apperr.Forbidden {
			t.Fatalf("a manager starts a round: %v", err)
		}
		if _, err := e.svc.Start(ctx, e.padmin(e.A)); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("a partner starts a round: %v", err)
		}
		r, err := e.svc.Start(ctx, e.admin)
		e.must(err)
		if r.Invited != 4 || !r.Open || !r.ClosesAt.Equal(e.now.AddDate(0, 0, 28)) || len(r.Questions) != 3 {
			t.Fatalf("round: invited %d, open %v, closes %v, %d questions", r.Invited, r.Open, r.ClosesAt, len(r.Questions))
		}

		// Who may answer.
		if err := e.answer(r.ID, e.E, 9, 0, "", false); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("a paused partner, not sent the round, answers: %v", err)
		}
		member := &auth.Actor{UserID: "um", Role: auth.RolePartnerMember, OrgID: e.A}
		if _, err := e.svc.Answer(ctx, member, r.ID, survey.AnswerInput{Score: new(9)}); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("a partner member answers: %v", err)
		}
		if _, err := e.svc.Answer(ctx, e.admin, r.ID, survey.AnswerInput{Score: new(9)}); code(err) != apperr.Forbidden {
			t.Errorf("staff answer: %v", err)
		}
		if _, err := e.svc.Form(ctx, e.padmin(e.E), r.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("a partner not sent the round reads it: %v", err)
		}
		// Bad input names the field and keeps nothing.
		err = e.answer(r.ID, e.A, 11, 6, "", false)
		if got := fields(err); !slices.Equal(got, []string{"score", "answer_1"}) {
			t.Errorf("score 11 and scale 6: fields %v (%v)", got, err)
		}
		if f, err := e.svc.Form(ctx, e.padmin(e.A), r.ID); err != nil || f.Answer != nil {
			t.Fatalf("a refused answer was kept: %+v, %v", f, err)
		}

		e.must(e.answer(r.ID, e.A, 10, 5, "Alles bestens.", false))
		e.now = e.now.Add(time.Hour)
		e.must(e.answer(r.ID, e.A, 9, 4, "Schnelle Antworten, gute Schulungen.", false))
		f, err := e.svc.Form(ctx, e.padmin(e.A), r.ID)
		e.must(err)
		if f.Answer == nil || f.Answer.Score != 9 || f.Answer.Scale(1) != 4 || f.Answer.Text(3) != "Schnelle Antworten, gute Schulungen." || f.Round.Invited != 0 {
			t.Fatalf("A's form after answering again: %+v", f.Answer)
		}
		e.must(e.answer(r.ID, e.B, 6, 2, "Zu wenig Leads.", true))
		e.must(e.answer(r.ID, e.C, 8, 3, "", false))
		e.must(e.answer(r.ID, e.D, 3, 1, "Wir hören nichts von Ihnen.", true))

		res, err := e.svc.Results(ctx, e.admin, r.ID, "de")
		e.must(err)
		g := res.Round.Summary
		if res.Round.Answered != 4 || g.NPS == nil || *g.NPS != -25 || g.Promoters != 1 || g.Passives != 1 || g.Detractors != 2 || g.Score != 65 || g.Averages[0] != 25 {
			t.Fatalf("admin's summary: answered %d, %+v", res.Round.Answered, g)
		}
		if m := group(res.Managers, "Maria Manager"); m == nil || m.Answers != 3 || *m.NPS != 0 {
			t.Errorf("Maria's partners: %+v", m)
		}
		if o := group(res.Managers, "Otto Owner"); o == nil || o.Suppressed || *o.NPS != -100 {
			t.Errorf("admin reads Otto's partners: %+v", o)
		}
		if len(res.Answers) != 4 || res.Answers[0].OrgName != "Alpha Systemhaus GmbH" || res.Anonymised {
			t.Errorf("admin's answers: %d, first %q", len(res.Answers), res.Answers[0].OrgName)
		}
		if !slices.Contains(res.Texts, survey.TextAnswer{Position: 3, Text: "Schnelle Antworten, gute Schulungen.", OrgName: "Alpha Systemhaus GmbH"}) {
			t.Errorf("admin's texts: %+v", res.Texts)
		}

		res, err = e.svc.Results(ctx, e.manager, r.ID, "de")
		e.must(err)
		if *res.Round.Summary.NPS != -25 || !res.Anonymised {
			t.Errorf("manager's summary: %+v", res.Round.Summary)
		}
		if m := group(res.Managers, "Maria Manager"); m == nil || m.Suppressed || *m.NPS != 0 {
			t.Errorf("manager reads Maria's three partners: %+v", m)
		}
		if o := group(res.Managers, "Otto Owner"); o == nil || !o.Suppressed || o.NPS != nil || o.Detractors != 0 {
			t.Errorf("manager reads Otto's single partner: %+v", o)
		}
		if gold, silver := group(res.Tiers, "Gold"), group(res.Tiers, "Silber"); gold == nil || gold.Suppressed || gold.Answers != 3 || silver == nil || !silver.Suppressed {
			t.Errorf("manager's tiers: %+v, %+v", gold, silver)
		}
		if len(res.Quadrants) != 3 || res.Quadrants[0].Key != "hero" || res.Quadrants[0].Answers != 2 || !res.Quadrants[0].Suppressed ||
			res.Quadrants[2].Name != "nicht bewertet" {
			t.Errorf("manager's quadrants: %d, first %+v", len(res.Quadrants), res.Quadrants[0])
		}
		var shown []string
		for _, x := range res.Answers {
			shown = append(shown, x.OrgName)
			if (x.OrgName == "") != (x.AnsweredAt == nil) {
				t.Errorf("%q answered at %v: when an anonymous partner answered shows", x.OrgName, x.AnsweredAt)
			}
		}
		// Delta agreed too, but it is Otto's partner: anonymous to Maria.
		if !slices.Equal(shown, []string{"Beta Beratung AG", "", "", ""}) {
			t.Errorf("names the manager reads: %q", shown)
		}
		if !slices.Contains(res.Texts, survey.TextAnswer{Position: 3, Text: "Schnelle Antworten, gute Schulungen."}) ||
			!slices.Contains(res.Texts, survey.TextAnswer{Position: 3, Text: "Zu wenig Leads.", OrgName: "Beta Beratung AG"}) {
			t.Errorf("manager's texts: %+v", res.Texts)
		}
		if _, err := e.svc.Results(ctx, e.padmin(e.A), r.ID, "de"); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("a partner reads the results: %v", err)
		}

		// Closed: no more answers.
		if _, err := e.svc.Close(ctx, e.manager, r.ID); code(err) != apperr.Forbidden {
			t.Errorf("a manager closes: %v", err)
		}
		_, err = e.svc.Close(ctx, e.admin, r.ID)
		e.must(err)
		if err := e.answer(r.ID, e.C, 10, 5, "", false); code(err) != apperr.Conflict {
			t.Errorf("answer after closing: %v", err)
		}
		if _, err := e.svc.Close(ctx, e.admin, r.ID); code(err) != apperr.Conflict {
			t.Errorf("closing twice: %v", err)
		}
		if inv, err := e.svc.Invitations(ctx, e.padmin(e.A)); err != nil || len(inv) != 0 {
			t.Errorf("A's invitations after closing: %d, %v", len(inv), err)
		}

		// A second round: two answers, one named. Its manager reads the
		// named one only, the anonymous one is withheld; so is the named
		// one from another manager.
		e.now = e.now.AddDate(0, 6, 0)
		r2, err := e.svc.Start(ctx, e.admin)
		e.must(err)
		if inv, err := e.svc.Invitations(ctx, e.padmin(e.A)); err != nil || len(inv) != 1 || inv[0].RoundID != r2.ID || inv[0].AnsweredAt != nil {
			t.Fatalf("A's invitations: %+v, %v", inv, err)
		}
		e.must(e.answer(r2.ID, e.A, 4, 2, "Seit dem Wechsel fehlt uns ein Ansprechpartner.", false))
		e.must(e.answer(r2.ID, e.D, 7, 0, "", true))
		res, err = e.svc.Results(ctx, &auth.Actor{UserID: e.otto, Role: auth.RoleManager}, r2.ID, "en")
		e.must(err)
		if !res.Round.Summary.Suppressed || res.Withheld != 1 || len(res.Answers) != 1 || res.Answers[0].OrgName != "Delta Daten GmbH" || len(res.Texts) != 0 {
			t.Errorf("Otto's small round: %+v, withheld %d, answers %d, texts %+v", res.Round.Summary, res.Withheld, len(res.Answers), res.Texts)
		}
		res, err = e.svc.Results(ctx, e.manager, r2.ID, "en")
		e.must(err)
		if !res.Round.Summary.Suppressed || res.Withheld != 2 || len(res.Answers) != 0 || len(res.Texts) != 0 {
			t.Errorf("Maria's small round: %+v, withheld %d, answers %d, texts %+v", res.Round.Summary, res.Withheld, len(res.Answers), res.Texts)
		}
		rounds, err := e.svc.Rounds(ctx, e.manager)
		e.must(err)
		if len(rounds) != 2 || rounds[0].ID != r2.ID || !rounds[0].Summary.Suppressed || rounds[1].Summary.Suppressed || *rounds[1].Summary.NPS != -25 || rounds[0].Open == rounds[1].Open {
			t.Errorf("rounds over time as a manager: %d", len(rounds))
		}
		rounds, err = e.svc.Rounds(ctx, e.admin)
		e.must(err)
		if *rounds[0].Summary.NPS != -50 || rounds[0].Answered != 2 || rounds[0].Invited != 4 {
			t.Errorf("latest round as admin: %+v", rounds[0].Summary)
		}
		scores, err := e.svc.LatestScores(ctx)
		e.must(err)
		if want := map[string]int{e.A: 4, e.B: 6, e.C: 8, e.D: 7}; !mapsEqual(scores, want) {
			t.Errorf("latest scores %v, want %v", scores, want)
		}
	})
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// pakt starts a round by itself every so many months, with the questions
// set then; a round keeps the questions it asked. Bad settings name their
// field and change nothing.
func TestSettingsAndPeriodicRounds(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newSenv(t, d)
		e.must(e.svc.Tick(ctx))
		if rounds, _ := e.svc.Rounds(ctx, e.admin); len(rounds) != 0 {
			t.Fatalf("a round started without an interval: %d", len(rounds))
		}
		if _, err := e.svc.Settings(ctx, e.manager); code(err) != apperr.Forbidden {
			t.Errorf("a manager reads the settings: %v", err)
		}
		bad := []survey.Question{{Position: 1, TextDE: "Frage", TextEN: "Question", Kind: "scale"}, {Position: 2, TextDE: "Zweite", TextEN: " ", Kind: "scale"},
			{Position: 3, TextDE: "Dritte", TextEN: "Third", Kind: "stars"}}
		_, err := e.svc.SaveSettings(ctx, e.admin, survey.SettingsInput{IntervalMonths: new(25), OpenDays: new(0), Questions: &bad})
		if got := fields(err); !slices.Equal(got, []string{"interval_months", "open_days", "q2_en", "q3_kind"}) {
			t.Errorf("bad settings: fields %v (%v)", got, err)
		}
		two := bad[:2:2]
		_, err = e.svc.SaveSettings(ctx, e.admin, survey.SettingsInput{Questions: &two})
		if got := fields(err); !slices.Equal(got, []string{"questions"}) {
			t.Errorf("two questions: fields %v", got)
		}
		st, err := e.svc.Settings(ctx, e.admin)
		e.must(err)
		if st.IntervalMonths != 0 || st.OpenDays != 28 || st.Questions[2].Kind != survey.KindText {
			t.Fatalf("refused settings were kept: %+v", st)
		}
		qs := []survey.Question{{Position: 3, TextDE: "Was fehlt Ihnen?", TextEN: "What do you miss?", Kind: "text"},
			{Position: 1, TextDE: "Wie gut ist unser Portal?", TextEN: "How good is our portal?", Kind: "scale"},
			{Position: 2, TextDE: "Wie gut sind unsere Leads?", TextEN: "How good are our leads?", Kind: "scale"}}
		st, err = e.svc.SaveSettings(ctx, e.admin, survey.SettingsInput{IntervalMonths: new(6), OpenDays: new(14), Questions: &qs})
		e.must(err)
		if st.Questions[0].TextEN != "How good is our portal?" {
			t.Errorf("questions not in order: %+v", st.Questions)
		}

		e.must(e.svc.Tick(ctx))
		e.now = e.now.AddDate(0, 5, 27)
		e.must(e.svc.Tick(ctx))
		rounds, err := e.svc.Rounds(ctx, e.admin)
		e.must(err)
		if len(rounds) != 1 || rounds[0].Invited != 4 || !rounds[0].ClosesAt.Equal(rounds[0].OpenedAt.AddDate(0, 0, 14)) {
			t.Fatalf("after the first tick and another before six months: %d rounds", len(rounds))
		}
		first := rounds[0].ID
		qs[0].TextDE, qs[0].TextEN = "Was wünschen Sie sich?", "What do you wish for?"
		_, err = e.svc.SaveSettings(ctx, e.admin, survey.SettingsInput{Questions: &qs})
		e.must(err)
		e.now = e.now.AddDate(0, 0, 5)
		e.must(e.svc.Tick(ctx))
		rounds, err = e.svc.Rounds(ctx, e.admin)
		e.must(err)
		if len(rounds) != 2 {
			t.Fatalf("six months later: %d rounds", len(rounds))
		}
		old, err := e.svc.Round(ctx, e.admin, first)
		e.must(err)
		latest, err := e.svc.Round(ctx, e.admin, rounds[0].ID)
		e.must(err)
		if old.Questions[2].TextEN != "What do you miss?" || latest.Questions[2].TextEN != "What do you wish for?" || old.Open {
			t.Errorf("questions of the rounds: %q, %q; first still open %v", old.Questions[2].TextEN, latest.Questions[2].TextEN, old.Open)
		}

		// Two processes sharing the database tick at once: one round.
		e.now = e.now.AddDate(0, 6, 0)
		other := *e.svc
		errs := make(chan error, 2)
		for _, svc := range []*survey.Service{e.svc, &other} {
			go func() { errs <- svc.Tick(ctx) }()
		}
		e.must(<-errs)
		e.must(<-errs)
		if rounds, err := e.svc.Rounds(ctx, e.admin); err != nil || len(rounds) != 3 {
			t.Errorf("after two ticks at once: %d rounds, %v", len(rounds), err)
		}
	})
}

// Under the ownership rule a manager reads a partner's name with its
// answer only if the partner agreed and the manager steers it (owns,
// deputises, or nobody owns it); every other answer is anonymous to it.
// The figures stay the same for everyone. Admins read every name; with the
// setting off, managers read every agreed one.
func TestOwnershipDecidesWhoseNamesManagersSee(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newSenv(t, d)
		g, err := e.partners.Create(ctx, auth.System, partner.Input{LegalName: new("Gamma Niemand GmbH"), Published: new(true),
			Kind: new(partner.KindPartner), Status: new("active"), Tier: new("gold")})
		e.must(err)
		r, err := e.svc.Start(ctx, e.admin)
		e.must(err)
		e.must(e.answer(r.ID, e.A, 9, 4, "Gut betreut.", true))          // Maria's, agreed
		e.must(e.answer(r.ID, e.C, 8, 3, "", false))                     // Maria's, not agreed
		e.must(e.answer(r.ID, e.D, 3, 1, "Otto meldet sich nie.", true)) // Otto's, agreed
		e.must(e.answer(r.ID, g.ID, 7, 3, "", true))                     // nobody's, agreed
		otto := &auth.Actor{UserID: e.otto, Role: auth.RoleManager}
		names := func(a *auth.Actor) []string {
			t.Helper()
			res, err := e.svc.Results(ctx, a, r.ID, "de")
			e.must(err)
			if res.Round.Summary.NPS == nil || *res.Round.Summary.NPS != 0 || res.Withheld != 0 || len(res.Answers) != 4 {
				t.Errorf("figures for %s: %+v, withheld %d, %d answers; want the same for everyone", a.UserID, res.Round.Summary, res.Withheld, len(res.Answers))
			}
			var out []string
			for _, x := range res.Answers {
				if x.OrgName != "" {
					out = append(out, x.OrgName)
				}
			}
			for _, x := range res.Texts {
				if x.Text == "Otto meldet sich nie." && x.OrgName != "" && !slices.Contains(out, x.OrgName) {
					t.Errorf("%s reads the name %q with a text and not with its answer", a.UserID, x.OrgName)
				}
			}
			return out
		}
		for _, tc := range []struct {
			who  string
			a    *auth.Actor
			want []string
		}{
			{"maria", e.manager, []string{"Alpha Systemhaus GmbH", "Gamma Niemand GmbH"}},
			{"otto", otto, []string{"Delta Daten GmbH", "Gamma Niemand GmbH"}},
			{"the admin", e.admin, []string{"Alpha Systemhaus GmbH", "Cäsar IT KG", "Delta Daten GmbH", "Gamma Niemand GmbH"}},
		} {
			if got := names(tc.a); !slices.Equal(got, tc.want) {
				t.Errorf("%s reads the names %q, want %q", tc.who, got, tc.want)
			}
		}
		// Maria deputises Delta: she reads its name while she does.
		_, err = e.partners.SetDeputies(ctx, e.admin, e.D, []string{e.maria})
		e.must(err)
		if got, want := names(e.manager), []string{"Alpha Systemhaus GmbH", "Delta Daten GmbH", "Gamma Niemand GmbH"}; !slices.Equal(got, want) {
			t.Errorf("Delta's deputy reads the names %q, want %q", got, want)
		}
		_, err = e.partners.SetDeputies(ctx, e.admin, e.D, nil)
		e.must(err)
		// With the setting off, every manager reads every agreed name.
		_, err = e.partners.SetOwnershipSettings(ctx, e.admin, partner.OwnershipSettings{OwnOnly: false})
		e.must(err)
		if got, want := names(otto), []string{"Alpha Systemhaus GmbH", "Delta Daten GmbH", "Gamma Niemand GmbH"}; !slices.Equal(got, want) {
			t.Errorf("with the setting off Otto reads the names %q, want %q", got, want)
		}
	})
}
