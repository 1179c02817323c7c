package concierge

import (
	"context"
	"fmt"
	"time"

	"pakt/internal/auth"
	"pakt/internal/partner"
)

// SeedDemo gives the demo introductions in every state, with the
// showcase partner Müller IT (orgs[0]) among the askers and the targets,
// outcomes for the statistics, and recommended partners for a few
// competencies. Each step runs on its own moment of the past: the
// service's clock is set back for it and restored afterwards.
func SeedDemo(ctx context.Context, c *Service, admin *auth.Actor, users map[string]*auth.Actor, orgs []string,
	drafts []partner.Draft, now time.Time) error {
	clock := c.Now
	defer func() { c.Now = clock }()
	at := func(daysAgo int) { t := now.AddDate(0, 0, -daysAgo); c.Now = func() time.Time { return t } }

	// listed are the partners other partners see, each with a login, in
	// the order of the drafts; the showcase partner is first.
	var listed []int
	for i, d := range drafts {
		kind, status := *d.Input.Kind, *d.Input.Status
		if *d.Input.Published && (kind == partner.KindPartner || kind == partner.KindMember) && status != "ended" && users[orgs[i]] != nil {
			listed = append(listed, i)
		}
	}
	if len(listed) < 16 || listed[0] != 0 {
		return nil // too few partners for the story
	}
	topic := func(i int) string {
		if comps := *drafts[i].Input.Competencies; len(comps) > 0 {
			return comps[0]
		}
		return ""
	}
	type step struct {
		asker, target int // positions in listed
		daysAgo       int
		message       string
		// then: the answers, each a day later than the one before.
		then    []string
		outcome [2]string // asker's, target's
	}
	steps := []step{
		// Müller IT asks and is asked.
		{0, 1, 45, "Wir suchen einen Partner für Cloud-Hosting unserer VR-Schulungen. Hätten Sie Lust auf ein Gespräch?",
			[]string{ActionAccept}, [2]string{OutcomeJointDeal, OutcomeCooperation}},
		{0, 2, 20, "Für ein Projekt im Maschinenbau brauchen wir Unterstützung bei der IT-Sicherheit.", []string{ActionDecline}, [2]string{}},
		{0, 3, 3, "Sie haben Referenzen in der Automobilindustrie – wollen wir uns austauschen?", nil, [2]string{}},
		{4, 0, 38, "Ein Kunde fragt nach VR-Schulungen für Servicetechniker. Können wir das gemeinsam anbieten?",
			[]string{ActionAccept}, [2]string{OutcomeCooperation, ""}},
		{5, 0, 2, "Wir planen einen digitalen Zwilling für eine Montagelinie und suchen VR-Know-how.", nil, [2]string{}},
		{6, 0, 12, "Hätten Sie im Frühjahr freie Kapazität für ein gemeinsames Projekt?", []string{ActionWithdraw}, [2]string{}},
		// Others among themselves, for the statistics.
		{7, 8, 60, "Gemeinsamer Auftritt auf der Hausmesse?", []string{ActionAccept}, [2]string{OutcomeNoFit, OutcomeNoFit}},
		{9, 10, 50, "Wir suchen Verstärkung für eine Migration zu Microsoft 365.", []string{ActionAccept}, [2]string{OutcomeJointDeal, ""}},
		{11, 12, 25, "Interesse an einer Kooperation im Bereich Datenschutz?", []string{ActionDecline}, [2]string{}},
		{13, 14, 9, "Können wir uns zu Kubernetes-Betrieb austauschen?", []string{ActionAccept}, [2]string{}},
	}
	for _, s := range steps {
		asker, target := listed[s.asker], listed[s.target]
		at(s.daysAgo)
		in, err := c.RequestIntroduction(ctx, users[orgs[asker]], IntroInput{TargetOrgID: orgs[target], CompetencyID: topic(target), Message: s.message})
		if err != nil {
			return fmt.Errorf("introduction %d → %d: %w", asker, target, err)
		}
		for j, action := range s.then {
			at(s.daysAgo - 1 - j)
			who := users[orgs[target]]
			if action == ActionWithdraw {
				who = users[orgs[asker]]
			}
			if _, err := c.Decide(ctx, who, in.ID, action, ""); err != nil {
				return fmt.Errorf("%s introduction: %w", action, err)
			}
		}
		for side, outcome := range s.outcome {
			if outcome == "" {
				continue
			}
			who := users[orgs[asker]]
			if side == 1 {
				who = users[orgs[target]]
			}
			if _, err := c.ReportOutcome(ctx, who, in.ID, outcome); err != nil {
				return err
			}
		}
	}

	// With the concierge's approval switched on for a while: one request
	// waits for it, one was refused.
	at(6)
	if _, err := c.SaveSettings(ctx, admin, Settings{ApprovalRequired: true}); err != nil {
		return err
	}
	if _, err := c.RequestIntroduction(ctx, users[orgs[listed[15]]], IntroInput{TargetOrgID: orgs[0], CompetencyID: topic(0),
		Message: "Wir möchten Ihnen ein gemeinsames Angebot für einen Automobilzulieferer vorschlagen."}); err != nil {
		return err
	}
	rej, err := c.RequestIntroduction(ctx, users[orgs[listed[14]]], IntroInput{TargetOrgID: orgs[listed[7]], Topic: "Vertriebspartnerschaft",
		Message: "Bitte um Vorstellung."})
	if err != nil {
		return err
	}
	at(5)
	if _, err := c.Decide(ctx, admin, rej.ID, ActionReject, "Bitte beschreiben Sie genauer, worum es gehen soll."); err != nil {
		return err
	}
	if _, err := c.SaveSettings(ctx, admin, Settings{ApprovalRequired: false}); err != nil {
		return err
	}

	// The programme recommends the showcase partner for its first
	// competency, and two more partners for theirs.
	at(30)
	for _, i := range []int{0, listed[1], listed[8]} {
		if t := topic(i); t != "" {
			if _, err := c.AddPin(ctx, admin, PinInput{OrgID: orgs[i], CompetencyID: t}); err != nil {
				return fmt.Errorf("pin: %w", err)
			}
		}
	}
	return nil
}
