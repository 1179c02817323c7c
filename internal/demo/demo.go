// Package demo generates pakt's demo data deterministically: a competency
// taxonomy, the programme's staff, a few hundred partner organisations with
// complete profiles, and a login for every partner.
package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"pakt/internal/agreement"
	"pakt/internal/auth"
	"pakt/internal/concierge"
	"pakt/internal/db"
	"pakt/internal/enablement"
	"pakt/internal/exchange"
	"pakt/internal/jourfixe"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
	"pakt/internal/steering"
)

// Options say where and how much demo data to generate.
type Options struct {
	DB       *db.DB
	Auth     *auth.Service
	Partners *partner.Service
	// Portfolio, when set, gets a year of assessments over all quadrants;
	// Enablement and Steering, when set, their catalogues, checklists,
	// certifications, contacts and plans.
	Portfolio  *portfolio.Service
	Enablement *enablement.Service
	Steering   *steering.Service
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
	// Now is the day the demo's history ends; zero means today.
	Now time.Time
	// Count is the number of organisations; zero means DefaultCount.
	Count int
	// Seed fixes the generated organisations: the same seed gives the same
	// names, places and profiles.
	Seed int64
}

// Result summarises what Seed created.
type Result struct {
	Organisations int
	Users         int
}

// DefaultCount is how many organisations Seed makes when Options.Count is 0.
const DefaultCount = 200

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
)

// LoginHelp lists the demo logins for the terminal; the address of the
// server is printed separately.
const LoginHelp = `Demo logins (e-mail / password):
  ` + AdminEmail + ` / ` + StaffPassword + ` (programme admin)
  ` + AnnaEmail + ` / ` + StaffPassword + ` (partner manager)
  ` + TomEmail + ` / ` + StaffPassword + ` (partner manager)
  ` + RecruiterEmail + ` / ` + StaffPassword + ` (recruiter)
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
}

// Seed fills an empty database with demo data: the competency taxonomy, the
// staff users, Options.Count organisations (the first is Müller IT GmbH &
// Co. KG) assigned in turn to the two partner managers, a partner admin
// admin@<domain> for every organisation and a partner member team@<domain>
// for every tenth. It refuses a database that has users (ErrNotEmpty).
func Seed(ctx context.Context, o Options) (*Result, error) {
	if o.Auth == nil || o.Partners == nil {
		return nil, errors.New("demo: Options.Auth and Options.Partners are required")
	}
	count := o.Count
	if count == 0 {
		count = DefaultCount
	}
	if count < 0 {
		return nil, fmt.Errorf("demo: cannot make %d organisations", count)
	}
	n, err := o.Auth.CountUsers(ctx)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if n > 0 {
		return nil, ErrNotEmpty
	}

	var compIDs []string
	for _, in := range Competencies() {
		c, err := o.Partners.SaveCompetency(ctx, auth.System, "", in)
		if err != nil {
			return nil, fmt.Errorf("demo: competency %s: %w", *in.Slug, err)
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
	staff, err := o.Auth.CreateUsers(ctx, auth.System, staffIn)
	if err != nil {
		return nil, fmt.Errorf("demo: staff users: %w", err)
	}
	var managers []string
	for _, u := range staff {
		if u.Role == auth.RoleManager {
			managers = append(managers, u.ID)
		}
	}

	drafts := Drafts(o.Seed, count, compIDs)
	for i := range drafts {
		drafts[i].Input.ManagerID = new(managers[i%len(managers)])
	}
	ids, err := o.Partners.CreateAll(ctx, auth.System, drafts, nil)
	if err != nil {
		return nil, fmt.Errorf("demo: organisations: %w", err)
	}

	partnerIn := make([]auth.UserInput, 0, len(drafts)+len(drafts)/10+1)
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
		partnerIn = append(partnerIn, auth.UserInput{Email: new("admin@" + *d.Input.Domain), Name: new(admin),
			Role: new(auth.RolePartnerAdmin), OrgID: new(ids[i]), Lang: new(lang), Password: new(PartnerPassword)})
		if i%10 == 0 {
			partnerIn = append(partnerIn, auth.UserInput{Email: new("team@" + *d.Input.Domain), Name: new(member),
				Role: new(auth.RolePartnerMember), OrgID: new(ids[i]), Lang: new(lang), Password: new(PartnerPassword)})
		}
	}
	partners, err := o.Auth.CreateUsers(ctx, auth.System, partnerIn)
	if err != nil {
		return nil, fmt.Errorf("demo: partner users: %w", err)
	}
	if o.Portfolio != nil {
		var assessors []*auth.Actor
		for _, u := range staff {
			if u.Role == auth.RoleManager {
				assessors = append(assessors, u.Actor())
			}
		}
		now := o.Now
		if now.IsZero() {
			now = time.Now()
		}
		if err := seedAssessments(ctx, o.Portfolio, assessors, ids, o.Seed, now); err != nil {
			return nil, fmt.Errorf("demo: assessments: %w", err)
		}
		var owners []*auth.Actor
		for _, u := range staff {
			if u.Role == auth.RoleManager || u.Role == auth.RoleRecruiter {
				owners = append(owners, u.Actor())
			}
		}
		if err := seedPipeline(ctx, o.DB, o.Partners, owners, o.Seed, now.UTC()); err != nil {
			return nil, fmt.Errorf("demo: pipeline: %w", err)
		}
		var admin *auth.Actor
		for _, u := range staff {
			if u.Role == auth.RoleAdmin {
				admin = u.Actor()
			}
		}
		if o.Enablement != nil {
			if err := seedEnablement(ctx, o.Enablement, admin, ids, drafts, now.UTC()); err != nil {
				return nil, fmt.Errorf("demo: enablement: %w", err)
			}
		}
		if o.Steering != nil {
			if err := seedSteering(ctx, o.Steering, assessors, ids, now.UTC()); err != nil {
				return nil, fmt.Errorf("demo: steering: %w", err)
			}
		}
	}
	// The showcase features' history ends today (or at o.Now).
	end := o.Now
	if end.IsZero() {
		end = time.Now()
	}
	end = end.UTC()
	if o.Exchange != nil {
		if err := seedExchange(ctx, o.Exchange, o.Partners, drafts, ids, partners, end); err != nil {
			return nil, fmt.Errorf("demo: exchange: %w", err)
		}
	}
	if o.Agreements != nil {
		orgs, admins := agreementPartners(drafts, ids, partners)
		if err := seedAgreements(ctx, o.Agreements, orgs, admins, end); err != nil {
			return nil, fmt.Errorf("demo: agreements: %w", err)
		}
	}
	if o.JourFixe != nil {
		people := make([]*auth.Actor, len(partners))
		for i, u := range partners {
			people[i] = u.Actor()
		}
		if err := seedJourFixe(ctx, o, ids, drafts, people, end); err != nil {
			return nil, fmt.Errorf("demo: jour fixe: %w", err)
		}
	}
	if o.Concierge != nil {
		var admin *auth.Actor
		for _, u := range staff {
			if u.Role == auth.RoleAdmin {
				admin = u.Actor()
			}
		}
		users := map[string]*auth.Actor{}
		for _, u := range partners {
			if u.Role == auth.RolePartnerAdmin {
				users[u.OrgID] = u.Actor()
			}
		}
		if err := seedConcierge(ctx, o.Concierge, admin, users, ids, drafts, end); err != nil {
			return nil, fmt.Errorf("demo: concierge: %w", err)
		}
	}
	return &Result{Organisations: len(ids), Users: len(staff) + len(partners)}, nil
}
