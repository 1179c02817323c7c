package survey

import (
	"context"
	"fmt"
	"time"

	"pakt/internal/auth"
)

// demoRound is a round of the demo: when it opened (days before the
// demo's end), whether the showcase partner (the first) answered, and the
// answers of the invited partners in turn: the
// recommendation, the two scale answers (0: left out), the free text and
// whether the partner shares its name.
type demoRound struct {
	daysAgo  int
	showcase bool
	answers  []demoAnswer
}

type demoAnswer struct {
	score, q1, q2 int
	text          string
	named         bool
}

var demoRounds = []demoRound{
	{365, true, []demoAnswer{
		{9, 5, 4, "Schnelle Antworten und ein fester Ansprechpartner – weiter so.", true},
		{6, 3, 2, "Die Schulungen sind zu produktlastig; wir brauchen mehr zum Verkaufsgespräch.", false},
		{8, 4, 3, "", false},
		{3, 2, 2, "Seit dem Wechsel des Partnermanagers hören wir kaum noch etwas von Ihnen.", false},
		{10, 5, 5, "Die gemeinsamen Kundentermine haben uns zwei Aufträge gebracht.", true},
		{7, 4, 3, "", true},
		{5, 3, 0, "Die Lead-Verteilung ist für uns nicht nachvollziehbar.", false},
	}},
	{182, true, []demoAnswer{
		{10, 5, 4, "Der neue Business Case hat unsere Geschäftsführung überzeugt.", true},
		{7, 4, 4, "Die Schulungen sind besser geworden, die Zertifizierung dauert aber zu lange.", false},
		{9, 4, 4, "", false},
		{4, 2, 3, "Wir warten seit Wochen auf eine Rückmeldung zu unserem Deal.", false},
		{9, 5, 5, "", true},
		{8, 4, 3, "Mehr Marketingmittel für kleinere Partner wären hilfreich.", true},
		{6, 3, 3, "", false},
		{10, 5, 4, "Der Jour fixe mit unserem Partnermanager ist sehr wertvoll.", false},
		{2, 1, 2, "Die Konditionen sind im Vergleich zum Wettbewerb zu schwach.", false},
	}},
	{5, false, []demoAnswer{
		{9, 5, 5, "Weiter so – besonders die Hilfe bei Kundenterminen mit der Geschäftsführung.", true},
		{8, 4, 4, "", false},
		{5, 3, 2, "Das Partnerportal ist unübersichtlich geworden.", false},
		{10, 5, 4, "", true},
	}},
}

// SeedDemo fills the survey: rounds every six months (the setting), two
// past ones and one still open, answered by the active partners in turn
// with varied scores, some sharing their names; the showcase partner
// answered the past rounds and has the open one still to answer. The
// history is made with its own clock; nobody is notified.
func SeedDemo(ctx context.Context, s *Service, staff *auth.Actor, admins map[string]*auth.Actor, ids []string, now time.Time) error {
	at := now
	h := *s
	h.Now, h.Notify = func() time.Time { return at }, nil
	at = now.AddDate(-1, 0, -7)
	if _, err := h.SaveSettings(ctx, staff, SettingsInput{IntervalMonths: new(6)}); err != nil {
		return err
	}
	for _, dr := range demoRounds {
		at = now.AddDate(0, 0, -dr.daysAgo)
		r, err := h.start(ctx, staff, false)
		if err != nil {
			return err
		}
		next := 1
		if dr.showcase {
			next = 0
		}
		for i, da := range dr.answers {
			// The next invited partner with an admin answers.
			var admin *auth.Actor
			for admin == nil && next < len(ids) {
				org := ids[next]
				next++
				if ok, err := invited(ctx, s.DB, r.ID, org); err != nil {
					return err
				} else if ok && admins[org] != nil {
					admin = admins[org]
				}
			}
			if admin == nil {
				break // fewer active partners than answers
			}
			at = now.AddDate(0, 0, -dr.daysAgo).Add(time.Duration(5+i*17) * time.Hour)
			in := AnswerInput{Score: new(da.score), Named: da.named, Values: []Value{}}
			if da.q1 > 0 {
				in.Values = append(in.Values, Value{Position: 1, Scale: new(da.q1)})
			}
			if da.q2 > 0 {
				in.Values = append(in.Values, Value{Position: 2, Scale: new(da.q2)})
			}
			if da.text != "" {
				in.Values = append(in.Values, Value{Position: 3, Text: da.text})
			}
			if _, err := h.Answer(ctx, admin, r.ID, in); err != nil {
				return fmt.Errorf("round of %d days ago, answer %d: %w", dr.daysAgo, i+1, err)
			}
		}
	}
	return nil
}
