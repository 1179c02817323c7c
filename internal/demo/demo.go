// Package demo generates pakt's demo data deterministically: a competency
// taxonomy, the programme's staff, a few hundred partner organisations with
// complete profiles, and a login for every partner. Each feature's own
// demo data lives in its folder (its demo.go, SeedDemo); Seed calls them
// in order.
package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"pakt/internal/agreement"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/community/admission"
	"pakt/internal/community/dues"
	"pakt/internal/community/events"
	"pakt/internal/community/groups"
	"pakt/internal/community/painpoints"
	"pakt/internal/concierge"
	"pakt/internal/cosell"
	"pakt/internal/db"
	"pakt/internal/enablement"
	"pakt/internal/exchange"
	"pakt/internal/fees"
	"pakt/internal/funds"
	"pakt/internal/incentive"
	"pakt/internal/jourfixe"
	"pakt/internal/leads"
	"pakt/internal/lifecycle"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
	"pakt/internal/steering"
	"pakt/internal/survey"
	"pakt/internal/targets"
)

// Options say where and how much demo data to generate.
type Options struct {
	DB       *db.DB
	Auth     *auth.Service
	Partners *partner.Service
	// Portfolio, when set, gets a year of assessments over all quadrants;
	// Enablement and Steering, when set, their catalogues, checklists,
	// certifications, contacts and plans.
	Portfolio *portfolio.Service
	// BusinessCases, when set with Portfolio, gets business cases of the
	// first partners, some shared with them, one adjusted by its partner.
	BusinessCases *portfolio.BusinessCases
	Enablement    *enablement.Service
	Steering      *steering.Service
	// JourFixe, when set, gets jour fixe series with a history between
	// the showcase partner and others.
	JourFixe *jourfixe.Service
	// Exchange, when set, gets listings of the project exchange with
	// answers, some decided, one expired.
	Exchange *exchange.Service
	// Agreements, when set, gets cooperation agreements in every state,
	// most with the showcase partner.
	Agreements *agreement.Service
	// Concierge, when set, gets introductions in every state and a few
	// recommended partners.
	Concierge *concierge.Service
	// Incentives, when set, gets an incentive rule for EUR valid this
	// year, in two versions; its lines come from the deals won.
	Incentives *incentive.Service
	// Fees, when set, gets fee terms for the recruiters, in two versions;
	// their statements come from the recruiters' prospects.
	Fees *fees.Service
	// Deals, when set, gets deals in every state (with conflicts and
	// multi-partner deals on the demo's agreements), built after the
	// agreements and the incentive rules.
	Deals *cosell.Service
	// Funds, when set, gets marketing budgets and fund activities in every
	// state, several for Vampires (with Portfolio).
	Funds *funds.Service
	// Leads, when set, gets three campaigns and leads in every state, many
	// offered to the showcase partner.
	Leads *leads.Service
	// Targets, when set, gets the programme's, each manager's and each
	// recruiter's targets for this year and the year before.
	Targets *targets.Service
	// Survey, when set, gets two past satisfaction rounds with answers
	// and an open one.
	Survey *survey.Service
	// Community, when set, runs an association beside the programme with
	// some forty members.
	Community *community.Service
	// Admission, when set (with Community), gets applications for
	// membership in every state, voted on by the demo's board.
	Admission *admission.Service
	// Dues, when set beside Community, gets the association's fees of
	// last year and this, paid and overdue, and a pending resignation.
	Dues *dues.Service
	// PainPoints, when set with Community, gets pain points in every
	// status, supported by several members, with the vendor's answers.
	PainPoints *painpoints.Service
	// Events, when set (with Community), plans the association's past and
	// upcoming events with registrations, a waiting list and attendance.
	Events *events.Service
	// Groups, when set with Community, gets the association's working
	// groups with their people, meetings, minutes and files.
	Groups *groups.Service
	// Now is the day the demo's history ends; zero means today.
	Now time.Time
	// Count is the number of organisations; zero means DefaultCount.
	Count int
	// Seed fixes the generated organisations: the same seed gives the same
	// names, places and profiles.
	Seed int64
	// Progress, when set, is called with the number of organisations
	// created so far after each part of a large demo's bulk load.
	Progress func(done int)
}

// Result summarises what Seed created.
type Result struct {
	Organisations int
	Users         int
}

// DefaultCount is how many organisations Seed makes when Options.Count is 0.
const DefaultCount = 200

// FeaturePartners is how many organisations, the first ones, the features
// build their demo data on (assessments, plans, agreements, deals …); they
// are created one by one as an operator would, with their audit entries.
// The others come through a bulk load in parts of BulkPart, with their
// profiles and logins: a demo of a million partners is seeded in minutes,
// not hours.
const FeaturePartners = DefaultCount

// BulkPart is how many organisations one transaction of the bulk load
// writes; one part at a time is generated and held in memory.
const BulkPart = 10000

// The demo passwords: one for the programme's staff, one for every partner
// user.
const (
	StaffPassword   = "pakt-demo-2026"
	PartnerPassword = "partner-demo-2026"
)

// The demo's staff logins.
const (
	AdminEmail     = "admin@pakt.example"
	AnnaEmail      = "anna.berger@pakt.example"
	TomEmail       = "tom.fischer@pakt.example"
	RecruiterEmail = "recruiter@pakt.example"
	BoardEmail     = "karin.vogt@pakt.example"
	LiaisonEmail   = "stefan.roth@pakt.example"
)

// LoginHelp lists the demo logins for the terminal; the address of the
// server is printed separately.
const LoginHelp = `Demo logins (e-mail / password):
  ` + AdminEmail + ` / ` + StaffPassword + ` (programme admin)
  ` + AnnaEmail + ` / ` + StaffPassword + ` (partner manager)
  ` + TomEmail + ` / ` + StaffPassword + ` (partner manager)
  ` + RecruiterEmail + ` / ` + StaffPassword + ` (recruiter)
  ` + BoardEmail + ` / ` + StaffPassword + ` (association board member)
  ` + LiaisonEmail + ` / ` + StaffPassword + ` (vendor liaison of the association)
  admin@` + ShowcaseDomain + ` / ` + PartnerPassword + ` (partner admin of ` + ShowcaseName + `)
Every partner's admin is admin@<its domain>, password ` + PartnerPassword + `.
`

// ErrNotEmpty is returned by Seed for a database that has users already.
var ErrNotEmpty = errors.New("demo: the database has users already; demo data goes into an empty database only")

type staffUser struct {
	email, name string
	role        auth.Role
}

var staffUsers = []staffUser{
	{AdminEmail, "Sabine Keller", auth.RoleAdmin},
	{AnnaEmail, "Anna Berger", auth.RoleManager},
	{TomEmail, "Tom Fischer", auth.RoleManager},
	{RecruiterEmail, "Jana Wolff", auth.RoleRecruiter},
	// The association's board and the vendor's liaison to it.
	{BoardEmail, "Karin Vogt", auth.RoleBoard},
	{"michael.brandt@pakt.example", "Michael Brandt", auth.RoleBoard},
	{"petra.lang@pakt.example", "Petra Lang", auth.RoleBoard},
	{LiaisonEmail, "Stefan Roth", auth.RoleLiaison},
}

// Seed fills an empty database with demo data: the competency taxonomy, the
// staff users, Options.Count organisations (the first is Müller IT GmbH &
// Co. KG) assigned in turn to the two partner managers, a partner admin
// admin@<domain> for every organisation and a partner member team@<domain>
// for every tenth. Then each feature set in Options seeds its own demo
// data on the first FeaturePartners organisations, in the order below: a
// later feature may build on an earlier one's (the jour fixe series start
// with the agreements in force). It refuses a database that has users
// (ErrNotEmpty).
func Seed(ctx context.Context, o Options) (*Result, error) {
	if o.Auth == nil || o.Partners == nil {
		return nil, errors.New("demo: Options.Auth and Options.Partners are required")
	}
	staff, drafts, ids, partners, mass, err := seedOrganisations(ctx, o)
	if err != nil {
		return nil, err
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	// The features' history ends now, in UTC; the assessments count days
	// as the local clock does.
	end := now.UTC()
	admin, managers := actors(staff, auth.RoleAdmin)[0], actors(staff, auth.RoleManager)
	owners, people := actors(staff, auth.RoleManager, auth.RoleRecruiter), actors(partners)
	admins := map[string]*auth.Actor{}
	for _, u := range partners {
		if u.Role == auth.RolePartnerAdmin {
			admins[u.OrgID] = u.Actor()
		}
	}
	// The history is made with every manager seeing every partner;
	// ownership restricts them at the end.
	if err := partner.DemoOwnOnly(ctx, o.Partners, false); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	// The pipeline, enablement and steering come with the portfolio.
	features := []struct {
		name string
		on   bool
		seed func() error
	}{
		{"assessments", o.Portfolio != nil, func() error { return portfolio.SeedDemo(ctx, o.Portfolio, managers, ids, o.Seed, now) }},
		{"business cases", o.Portfolio != nil && o.BusinessCases != nil, func() error {
			return portfolio.SeedBusinessCasesDemo(ctx, o.BusinessCases, managers, admins, ids, end)
		}},
		{"manager assignment", o.Portfolio != nil, func() error { return lifecycle.SeedAssignmentDemo(ctx, o.DB, o.Partners, admin, managers, end) }},
		{"pipeline", o.Portfolio != nil, func() error {
			return lifecycle.SeedDemo(ctx, o.DB, o.Partners, owners, o.Seed, end, pipelineEvidence(o.Portfolio, portfolio.NewBusinessCases(o.DB, func() time.Time { return end }), admin))
		}},
		{"certification checks", true, func() error { return partner.SeedCertificationChecks(ctx, o.Partners, managers, admins, ids) }},
		{"enablement", o.Portfolio != nil && o.Enablement != nil, func() error { return enablement.SeedDemo(ctx, o.Enablement, admin, ids, drafts, end) }},
		{"steering", o.Portfolio != nil && o.Steering != nil, func() error { return steering.SeedDemo(ctx, o.Steering, managers, ids, end) }},
		{"exchange", o.Exchange != nil, func() error { return exchange.SeedDemo(ctx, o.Exchange, o.Partners, drafts, ids, partners, end) }},
		{"agreements", o.Agreements != nil, func() error { return agreement.SeedDemo(ctx, o.Agreements, drafts, ids, partners, end) }},
		{"jour fixe", o.JourFixe != nil, func() error { return jourfixe.SeedDemo(ctx, o.JourFixe, o.Agreements != nil, ids, drafts, people, end) }},
		{"concierge", o.Concierge != nil, func() error { return concierge.SeedDemo(ctx, o.Concierge, admin, admins, ids, drafts, end) }},
		{"incentives", o.Incentives != nil, func() error { return incentive.SeedDemo(ctx, o.Incentives, admin, end) }},
		{"fees", o.Portfolio != nil && o.Fees != nil, func() error {
			return fees.SeedDemo(ctx, o.Fees, admin, actors(staff, auth.RoleRecruiter), end)
		}},
		{"deals", o.Deals != nil, func() error { return cosell.SeedDemo(ctx, o.Deals, admin, drafts, ids, partners, end) }},
		{"leads", o.Leads != nil, func() error { return leads.SeedDemo(ctx, o.Leads, admin, admins, ids, drafts, end) }},
		{"funds", o.Funds != nil, func() error { return funds.SeedDemo(ctx, o.Funds, admin, admins, ids, quadrantsOf(o.Portfolio), end) }},
		{"fund links", o.Funds != nil && o.Deals != nil, func() error { return linkFunds(ctx, o.Funds, o.Deals, admin) }},
		{"targets", o.Targets != nil, func() error {
			return targets.SeedDemo(ctx, o.Targets, admin, managers, actors(staff, auth.RoleRecruiter), end)
		}},
		{"survey", o.Survey != nil, func() error { return survey.SeedDemo(ctx, o.Survey, admin, admins, ids, end) }},
		{"offboarding", o.Portfolio != nil, func() error {
			return lifecycle.SeedOffboardingDemo(ctx, o.DB, o.Partners, o.Auth, admin, ids, end)
		}},
		{"association", o.Community != nil, func() error { return community.SeedDemo(ctx, o.Community, admin, ids, drafts, end) }},
		{"admission", o.Community != nil && o.Admission != nil, func() error {
			return admission.SeedDemo(ctx, o.Admission, actors(staff, auth.RoleBoard), admins, ids, end)
		}},
		{"dues", o.Community != nil && o.Dues != nil, func() error { return dues.SeedDemo(ctx, o.Dues, admin, admins, end) }},
		{"pain points", o.Community != nil && o.PainPoints != nil, func() error {
			return painpoints.SeedDemo(ctx, o.PainPoints, admin, actors(staff, auth.RoleBoard), actors(staff, auth.RoleLiaison)[0], admins)
		}},
		{"events", o.Community != nil && o.Events != nil, func() error {
			return events.SeedDemo(ctx, o.Events, actors(staff, auth.RoleBoard)[0], people, end)
		}},
		{"working groups", o.Community != nil && o.Groups != nil, func() error {
			return groups.SeedDemo(ctx, o.Groups, actors(staff, auth.RoleBoard)[0], people, end)
		}},
		{"ownership", true, func() error { return partner.SeedOwnership(ctx, o.Partners, admin, managers, ids) }},
	}
	for _, f := range features {
		if !f.on {
			continue
		}
		if err := f.seed(); err != nil {
			return nil, fmt.Errorf("demo: %s: %w", f.name, err)
		}
	}
	return &Result{Organisations: len(ids) + mass.organisations, Users: len(staff) + len(partners) + mass.users}, nil
}

// actors returns the users with one of roles (any role when none is
// given) as actors, in order.
func actors(users []*auth.User, roles ...auth.Role) []*auth.Actor {
	var list []*auth.Actor
	for _, u := range users {
		if len(roles) == 0 || slices.Contains(roles, u.Role) {
			list = append(list, u.Actor())
		}
	}
	return list
}

// bulkCount counts what the bulk load created.
type bulkCount struct{ organisations, users int }

// seedOrganisations creates the competencies, the staff, the organisations
// with their drafts' profiles and the partner users, after checking that
// the database has no users yet. It returns the first FeaturePartners
// organisations with their drafts and users, and counts the others, which
// the bulk load created.
func seedOrganisations(ctx context.Context, o Options) (staff []*auth.User, drafts []partner.Draft, ids []string, partners []*auth.User, mass bulkCount, err error) {
	count := o.Count
	if count == 0 {
		count = DefaultCount
	}
	if count < 0 {
		return nil, nil, nil, nil, mass, fmt.Errorf("demo: cannot make %d organisations", count)
	}
	n, err := o.Auth.CountUsers(ctx)
	if err != nil {
		return nil, nil, nil, nil, mass, fmt.Errorf("demo: %w", err)
	}
	if n > 0 {
		return nil, nil, nil, nil, mass, ErrNotEmpty
	}
	var compIDs []string
	for _, in := range Competencies() {
		c, err := o.Partners.SaveCompetency(ctx, auth.System, "", in)
		if err != nil {
			return nil, nil, nil, nil, mass, fmt.Errorf("demo: competency %s: %w", *in.Slug, err)
		}
		// The showcase partner takes the first id: keep VR first.
		if c.Slug == "vr" {
			compIDs = slices.Insert(compIDs, 0, c.ID)
		} else {
			compIDs = append(compIDs, c.ID)
		}
	}

	staffIn := make([]auth.UserInput, len(staffUsers))
	for i, s := range staffUsers {
		staffIn[i] = auth.UserInput{Email: new(s.email), Name: new(s.name), Role: new(s.role), Lang: new("de"),
			Password: new(StaffPassword)}
	}
	staff, err = o.Auth.CreateUsers(ctx, auth.System, staffIn)
	if err != nil {
		return nil, nil, nil, nil, mass, fmt.Errorf("demo: staff users: %w", err)
	}
	var managers []string
	for _, u := range staff {
		if u.Role == auth.RoleManager {
			managers = append(managers, u.ID)
		}
	}

	gen := NewGenerator(o.Seed, compIDs)
	drafts = gen.Next(min(count, FeaturePartners))
	manage(drafts, managers, 0)
	ids, err = o.Partners.CreateAll(ctx, auth.System, drafts, nil)
	if err != nil {
		return nil, nil, nil, nil, mass, fmt.Errorf("demo: organisations: %w", err)
	}
	partners, err = o.Auth.CreateUsers(ctx, auth.System, partnerUsers(drafts, ids, 0))
	if err != nil {
		return nil, nil, nil, nil, mass, fmt.Errorf("demo: partner users: %w", err)
	}
	// Their people's e-mail addresses are at their web domain: with single
	// sign-on, a new one of them becomes a member.
	for i, d := range drafts {
		if _, err := o.Partners.Update(ctx, auth.System, ids[i], partner.Input{EmailDomains: &[]string{*d.Input.Domain}}); err != nil {
			return nil, nil, nil, nil, mass, fmt.Errorf("demo: e-mail domains of %s: %w", *d.Input.LegalName, err)
		}
	}
	if count > len(drafts) {
		if mass, err = seedBulk(ctx, o, gen, len(drafts), count, managers); err != nil {
			return nil, nil, nil, nil, mass, fmt.Errorf("demo: organisations: %w", err)
		}
	}
	return staff, drafts, ids, partners, mass, nil
}

// manage assigns the drafts, the from-th of the demo onwards, to the
// managers in turn.
func manage(drafts []partner.Draft, managers []string, from int) {
	for i := range drafts {
		drafts[i].Input.ManagerID = new(managers[(from+i)%len(managers)])
	}
}

// partnerUsers returns the logins of the organisations ids made from
// drafts, the from-th of the demo onwards: a partner admin for each, a
// partner member for every tenth.
func partnerUsers(drafts []partner.Draft, ids []string, from int) []auth.UserInput {
	out := make([]auth.UserInput, 0, len(drafts)+len(drafts)/10+1)
	for i := range drafts {
		d := &drafts[i]
		lang := "en"
		switch *d.Input.Country {
		case "DE", "AT", "CH":
			lang = "de"
		}
		admin, member := *d.Input.LegalName, "Team "+*d.Input.LegalName
		if len(d.Contacts) > 0 {
			admin = d.Contacts[0].Name
		}
		if len(d.Contacts) > 1 {
			member = d.Contacts[1].Name
		}
		out = append(out, auth.UserInput{Email: new("admin@" + *d.Input.Domain), Name: new(admin),
			Role: new(auth.RolePartnerAdmin), OrgID: new(ids[i]), Lang: new(lang), Password: new(PartnerPassword)})
		if (from+i)%10 == 0 {
			out = append(out, auth.UserInput{Email: new("team@" + *d.Input.Domain), Name: new(member),
				Role: new(auth.RolePartnerMember), OrgID: new(ids[i]), Lang: new(lang), Password: new(PartnerPassword)})
		}
	}
	return out
}

// seedBulk creates the organisations from the from-th up to count with
// their logins through bulk loads of BulkPart each, the next part being
// generated while one is written.
func seedBulk(ctx context.Context, o Options, gen *Generator, from, count int, managers []string) (bulkCount, error) {
	type part struct {
		from     int
		drafts   []partner.Draft
		prepared *partner.Prepared
		err      error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	parts := make(chan part, 1)
	go func() {
		defer close(parts)
		for at := from; at < count; at += BulkPart {
			p := part{from: at, drafts: gen.Next(min(BulkPart, count-at))}
			manage(p.drafts, managers, at)
			// Checked here, on the other core, while the last part is
			// written.
			p.prepared, p.err = o.Partners.Prepare(ctx, o.DB, auth.System, p.drafts)
			select {
			case parts <- p:
			case <-ctx.Done():
				return
			}
		}
	}()
	var done bulkCount
	hashed := map[string]string{}
	// A demo goes into an empty database, which can be made again: its
	// transactions need not wait for the disk, and the organisations'
	// indexes on random keys are built once at the end.
	err := o.DB.WithoutIndexes(ctx, partner.BulkIndexes, func() (err error) {
		load, err := o.DB.Loader(db.Unsynced(ctx))
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, load.Close()) }()
		for p := range parts {
			if p.err != nil {
				return p.err
			}
			err := load.Part(ctx, func(b *db.Bulk) error {
				ids, err := o.Partners.Insert(ctx, b, p.prepared)
				if err != nil {
					return err
				}
				orgs := make(map[string]bool, len(ids))
				for _, id := range ids {
					orgs[id] = true
				}
				users, err := o.Auth.InsertUsers(ctx, b, auth.System, partnerUsers(p.drafts, ids, p.from), orgs, hashed)
				if err != nil {
					return err
				}
				done.organisations += len(ids)
				done.users += len(users)
				return nil
			})
			if err != nil {
				return err
			}
			if o.Progress != nil {
				o.Progress(from + done.organisations)
			}
		}
		return nil
	})
	if err != nil {
		cancel()
		for range parts { // let the generator end
		}
		return done, err
	}
	return done, o.DB.Analyze(ctx)
}

// quadrantsOf is the portfolio's current quadrant of each partner, for the
// features that seed by quadrant; nil without the portfolio.
// pipelineEvidence is what the demo's prospects bring to the stage gates:
// the hooks as the app connects them, and assessments and business cases
// (breaking even within a year) made by the admin. A C-level meeting is
// steering's and cannot be made here yet: those gates are overridden.
func pipelineEvidence(p *portfolio.Service, cases *portfolio.BusinessCases, admin *auth.Actor) lifecycle.DemoEvidence {
	return lifecycle.DemoEvidence{
		BreakEvenMonths: cases.BreakEvenMonth,
		Assessed:        p.Assessed,
		Prove: func(ctx context.Context, orgID, evidence string, on time.Time) (bool, error) {
			switch evidence {
			case lifecycle.EvidenceBusinessCase:
				if _, ok, err := cases.BreakEvenMonth(ctx, orgID); ok || err != nil {
					return ok, err
				}
				bc := portfolio.BusinessCase{Currency: "EUR", InvestmentMinor: 1_500_000, MonthlyCostMinor: 50_000, MonthsToFirstDeal: 2,
					DealsPerMonthTenths: 15, MarginPerDealMinor: 250_000, RampUpMonths: 3, Note: "Gemeinsam im Workshop gerechnet"}
				_, err := cases.Save(ctx, admin, orgID, bc)
				return err == nil, err
			case lifecycle.EvidenceAssessment:
				if ok, err := p.Assessed(ctx, orgID); ok || err != nil {
					return ok, err
				}
				criteria, err := p.Criteria(ctx, admin)
				if err != nil {
					return false, err
				}
				ratings := map[string]portfolio.RatingInput{}
				for i, c := range criteria {
					if c.Active {
						score := 3 + i%3
						ratings[c.ID] = portfolio.RatingInput{Score: &score}
					}
				}
				_, err = p.Assess(ctx, admin, orgID, portfolio.AssessmentInput{AssessedOn: on.Format(time.DateOnly), Note: "Vor dem Abschluss bewertet", Ratings: ratings})
				return err == nil, err
			}
			return false, nil
		},
	}
}

func quadrantsOf(p *portfolio.Service) func(context.Context, *auth.Actor) (map[string]string, error) {
	if p == nil {
		return nil
	}
	return p.CurrentQuadrants
}

// linkFunds links each paid marketing activity to its partner's won deals,
// so that the return on funds has figures.
func linkFunds(ctx context.Context, f *funds.Service, deals *cosell.Service, admin *auth.Actor) error {
	paid, err := f.Activities(ctx, admin, funds.Filter{Status: "paid"})
	if err != nil {
		return err
	}
	for _, act := range paid {
		list, err := deals.OrgDeals(ctx, act.OrgID)
		if err != nil {
			return err
		}
		for _, d := range list {
			if d.Status != cosell.StatusWon {
				continue
			}
			if _, err := f.Link(ctx, admin, act.ID, funds.LinkInput{Kind: funds.LinkDeal, RefID: d.ID}); err != nil {
				return fmt.Errorf("fund link: %w", err)
			}
			break
		}
	}
	return nil
}
