package app

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"pakt/internal/account"
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
	"pakt/internal/i18n"
	"pakt/internal/incentive"
	"pakt/internal/jourfixe"
	"pakt/internal/leads"
	"pakt/internal/lifecycle"
	"pakt/internal/notify"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
	"pakt/internal/steering"
	"pakt/internal/survey"
	"pakt/internal/targets"
	"pakt/internal/web"
	"pakt/internal/webhook"
)

// build makes the kernel's services and the web server, then each feature
// with its pages, routes, navigation and scheduled work, in the order they
// need each other, and last connects the features (connect), so that one
// screen shows every flow between them.
func (a *App) build(ctx context.Context, proxies web.Proxies) error {
	cfg, d := a.Config, a.DB
	a.Auth = auth.NewService(d, cfg.Now)
	a.Auth.SSO, a.Auth.StaffPasswordsOff = cfg.SSOPolicy, cfg.StaffPasswordsOff
	if cfg.PasswordParams != nil {
		a.Auth.Password = *cfg.PasswordParams
	}
	var mailer notify.Mailer
	if cfg.SMTP.Host != "" {
		m, err := notify.NewSMTP(cfg.SMTP)
		if err != nil {
			return err
		}
		mailer = m
	}
	a.Notify = notify.NewService(d, cfg.Now, mailer, cfg.Log)
	a.Notify.BaseURL = cfg.BaseURL
	w, err := web.New(cfg.Log, a.Auth, cfg.BaseURL)
	if err != nil {
		return err
	}
	w.ReadyWhen("database", d.PingContext)
	w.ReadyWhen("schema", d.SchemaCurrent)
	w.Proxies = proxies
	w.Zone = a.Zone
	w.Metrics.Token = cfg.MetricsToken
	a.Web = w
	for _, f := range []struct {
		name string
		wire func(ctx context.Context, w *web.Server, d *db.DB) error
	}{
		{"notify", a.wireNotify}, {"account", a.wireAccount}, {"partner", a.wirePartner}, {"portfolio", a.wirePortfolio},
		{"lifecycle", a.wireLifecycle}, {"enablement", a.wireEnablement}, {"steering", a.wireSteering},
		{"jourfixe", a.wireJourFixe}, {"exchange", a.wireExchange}, {"agreement", a.wireAgreement}, {"concierge", a.wireConcierge},
		{"incentive", a.wireIncentive}, {"fees", a.wireFees}, {"cosell", a.wireCosell}, {"leads", a.wireLeads}, {"funds", a.wireFunds},
		{"targets", a.wireTargets},
		{"survey", a.wireSurvey},
		{"community", a.wireCommunity},
		{"admission", a.wireAdmission},
		{"dues", a.wireDues},
		{"painpoints", a.wirePainPoints},
		{"events", a.wireEvents},
		{"groups", a.wireGroups},
		{"webhook", a.wireWebhooks},
	} {
		// The routes a feature registers are its own: its tests check that
		// the authorisation matrix covers every one of them.
		w.Owner(f.name)
		if err := f.wire(ctx, w, d); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	a.connect()
	a.registerMetrics()
	return nil
}

// wireWebhooks makes the webhook service, last, as it names the source of
// each published object type's payloads: the feature's getter that its
// API's GET calls, so that a delivery carries what the subscriber may see
// through the API. Prospects and assessments are the programme's only.
func (a *App) wireWebhooks(_ context.Context, w *web.Server, d *db.DB) error {
	nets, err := webhookNetworks(a.Config.WebhookNetworks)
	if err != nil {
		return err
	}
	a.Webhooks = webhook.NewService(d, a.Config.Now, a.Notify, a.Config.Log)
	a.Webhooks.AllowNetworks(nets)
	for objectType, src := range map[string]webhook.Source{
		"introduction":    {View: webhook.ViewOf(a.Concierge.Introduction)},
		"listing":         {View: webhook.ViewOf(a.Exchange.Listing)},
		"listing_answer":  {View: webhook.ViewOf(a.Exchange.GetAnswer)},
		"agreement":       {View: webhook.ViewOf(a.Agreements.Get)},
		"jourfixe_series": {View: webhook.ViewOf(a.JourFixe.Get)},
		"prospect":        {View: webhook.ViewOf(a.Pipeline.Get), Staff: true},
		"assessment":      {View: webhook.ViewOf(a.Portfolio.Assessment), Staff: true},
		"deal":            {View: webhook.ViewOf(a.Deals.Deal)},
		"lead":            {View: webhook.ViewOf(a.Leads.Lead)},
		"fund_activity":   {View: webhook.ViewOf(a.Funds.Activity)},
	} {
		a.Webhooks.Source(objectType, src)
	}
	webhook.NewHandler(w, a.Webhooks).Routes()
	return pages(w, webhook.Templates)
}

// pages adds the features' page templates to the web server.
func pages(w *web.Server, sources ...fs.FS) error {
	for _, src := range sources {
		if err := w.Pages(src); err != nil {
			return err
		}
	}
	return nil
}

func (a *App) wireNotify(_ context.Context, w *web.Server, _ *db.DB) error {
	notify.NewHandler(w, a.Notify).Routes()
	return pages(w, notify.Templates)
}

func (a *App) wireAccount(_ context.Context, w *web.Server, d *db.DB) error {
	a.accounts = account.New(w, a.Auth, d)
	a.Calendar = a.accounts.Calendar
	a.accounts.SSO = account.NewSSO(a.Config.SSO, a.Log)
	a.accounts.Routes()
	return pages(w, account.Templates)
}

func (a *App) wirePartner(_ context.Context, w *web.Server, d *db.DB) error {
	a.Partners = partner.NewService(d, a.Config.Now)
	a.Partners.Notify = a.Notify
	w.Ready("directory", a.Partners.Index.Ready)
	w.Metrics.Registry.MustRegister(a.Partners.Collectors()...)
	a.dashboard = partner.NewHandler(w, a.Partners, a.Auth)
	a.dashboard.Routes()
	return pages(w, partner.Templates)
}

func (a *App) wirePortfolio(ctx context.Context, w *web.Server, d *db.DB) error {
	a.Portfolio = portfolio.NewService(d, a.Config.Now)
	a.Portfolio.Notify = a.Notify
	if err := a.Portfolio.EnsureDefaults(ctx); err != nil {
		return err
	}
	a.cases = portfolio.NewBusinessCases(d, a.Config.Now)
	a.cases.Notify = a.Notify
	a.assessments = portfolio.NewHandler(w, a.Portfolio, a.Auth, a.Partners)
	a.assessments.Routes()
	a.caseUI = portfolio.NewBusinessCaseHandler(w, a.cases, a.Partners)
	a.caseUI.Routes()
	a.selfAssess = portfolio.NewSelfAssessmentHandler(w, a.Portfolio, a.Partners)
	a.selfAssess.PrivacyURL = a.Config.PrivacyURL
	a.selfAssess.Routes()
	return pages(w, portfolio.Templates, portfolio.BusinessCaseTemplates, portfolio.SelfAssessmentTemplates)
}

func (a *App) wireLifecycle(_ context.Context, w *web.Server, d *db.DB) error {
	a.Pipeline = lifecycle.NewService(d, a.Config.Now, a.Partners)
	a.Pipeline.Notify, a.Pipeline.Auth = a.Notify, a.Auth
	a.pipelineUI = lifecycle.NewHandler(w, a.Pipeline, a.Auth, a.Partners)
	a.pipelineUI.Routes()
	a.pipelineUI.AssignmentRoutes()
	a.pipelineUI.OffboardingRoutes()
	return pages(w, lifecycle.Templates)
}

func (a *App) wireEnablement(_ context.Context, w *web.Server, d *db.DB) error {
	a.Enablement = enablement.NewService(d, a.Config.Now)
	a.Enablement.Partners, a.Enablement.Notify = a.Partners, a.Notify
	a.enablementUI = enablement.NewHandler(w, a.Enablement)
	a.enablementUI.Routes()
	return pages(w, enablement.Templates)
}

func (a *App) wireSteering(ctx context.Context, w *web.Server, d *db.DB) error {
	a.Steering = steering.NewService(d, a.Config.Now)
	if err := a.Steering.EnsureDefaults(ctx); err != nil {
		return err
	}
	a.steeringUI = steering.NewHandler(w, a.Steering, a.Partners)
	a.steeringUI.Routes()
	return pages(w, steering.Templates)
}

func (a *App) wireJourFixe(_ context.Context, w *web.Server, d *db.DB) error {
	a.JourFixe = jourfixe.NewService(d, a.Config.Now, a.Notify, a.Partners)
	a.JourFixe.Zone = a.Zone
	a.jourFixeUI = jourfixe.NewHandler(w, a.JourFixe)
	a.jourFixeUI.Routes()
	a.Jobs = append(a.Jobs, Job{Name: "jourfixe", Run: a.JourFixe.Tick})
	return pages(w, jourfixe.Templates)
}

func (a *App) wireExchange(_ context.Context, w *web.Server, d *db.DB) error {
	a.Exchange = exchange.NewService(d, a.Config.Now, a.Partners, a.Notify)
	exchange.NewHandler(w, a.Exchange).Routes()
	a.Jobs = append(a.Jobs, Job{Name: "exchange", Run: a.Exchange.Tick})
	return pages(w, exchange.Templates)
}

func (a *App) wireAgreement(_ context.Context, w *web.Server, d *db.DB) error {
	a.Agreements = agreement.NewService(d, a.Config.Now, a.Notify)
	a.Agreements.Zone = a.Zone
	a.agreementUI = agreement.NewHandler(w, a.Agreements)
	a.agreementUI.Routes()
	return pages(w, agreement.Templates)
}

func (a *App) wireConcierge(_ context.Context, w *web.Server, d *db.DB) error {
	a.Concierge = concierge.NewService(d, a.Config.Now, a.Partners, a.Notify)
	a.conciergeUI = concierge.NewHandler(w, a.Concierge)
	a.conciergeUI.Routes()
	a.Jobs = append(a.Jobs, Job{Name: "concierge", Run: a.Concierge.Tick})
	return pages(w, concierge.Templates)
}

func (a *App) wireCosell(ctx context.Context, w *web.Server, d *db.DB) error {
	a.Deals = cosell.NewService(d, a.Config.Now, a.Partners, a.Notify)
	a.Deals.Zone = a.Zone
	// Deals saved under older rules of the matcher get their keys anew.
	if n, err := a.Deals.Rekey(ctx); err != nil {
		return fmt.Errorf("the deals' customer keys: %w", err)
	} else if n > 0 {
		a.Log.Info("deals' customer keys made anew under the matcher's current rules", "deals", n)
	}
	cosell.NewHandler(w, a.Deals).Routes()
	a.Jobs = append(a.Jobs, Job{Name: "cosell", Run: a.Deals.Tick})
	return pages(w, cosell.Templates)
}

// connect declares every flow between features: each is a hook that one
// feature offers and the app fills from another, so that no feature imports
// another (besides partner and the kernel).
func (a *App) connect() {
	// auth checks the organisation of a new partner user with partner.
	a.Auth.OrgExists = partner.Exists
	// A first sign-in with a company account finds the user's organisation
	// by the domain of its e-mail address.
	a.Auth.OrgOfDomain = partner.OrgOfDomain
	// auth tells a user of a changed login e-mail (also at the former
	// address) and of revoked API tokens, and partner admins of a new
	// user who waits for their approval, through notify.
	a.Auth.Tell = func(ctx context.Context, q db.Querier, n auth.Notice) error {
		link := n.Link
		if link == "" {
			link = "/account"
		}
		return a.Notify.Notify(ctx, q, notify.Notice{Kind: n.Kind, Args: n.Args, Link: link, Users: []string{n.UserID},
			Addresses: []string{n.FormerEmail}, AddressLang: n.Lang})
	}
	a.Auth.Told = a.Notify.Kick
	// auth mails a password reset link at once and keeps it nowhere: the
	// outbox would hold the link's secret in clear.
	a.Auth.Send = func(_ context.Context, m auth.Mail) {
		a.Notify.SendNow(m.To, m.Lang, m.Kind, m.Args, m.Link)
	}
	// The user list names each partner user's organisation.
	a.accounts.OrgNames = a.Partners.Names
	// The user form finds a partner user's organisation by its name.
	a.accounts.FindOrg = a.Partners.Resolve
	// A partner's business case suggests the score of the CAN criterion
	// "business case" in its next assessment.
	a.assessments.Suggest = a.cases.Suggest
	// A self-assessment with contact details puts the company into the
	// recruitment pipeline.
	a.selfAssess.OnProspect = func(ctx context.Context, orgID string) error {
		_, err := a.Pipeline.Attach(ctx, orgID, lifecycle.SourceSelfAssessment, "")
		return err
	}
	// A prospect's page shows what it answered in the self-assessment;
	// the pipeline has checked that the viewer may see the prospect.
	a.Pipeline.SelfAssessments = func(ctx context.Context, orgID string) ([]lifecycle.SelfAssessment, error) {
		list, err := a.Portfolio.SelfAssessments(ctx, auth.System, orgID)
		if err != nil {
			return nil, err
		}
		out := make([]lifecycle.SelfAssessment, len(list))
		for i, sa := range list {
			out[i] = lifecycle.SelfAssessment{FitTenths: sa.FitTenths, At: sa.CreatedAt}
			for _, ans := range sa.Answers {
				out[i].Answers = append(out[i].Answers, lifecycle.SelfAnswer{Topic: ans.Topic, Score: ans.Score})
			}
		}
		return out, nil
	}
	// The pipeline's stage gates ask portfolio whether a prospect is
	// assessed and when its business case breaks even, and steering
	// whether a personal meeting with a C-level contact is logged.
	a.Pipeline.Assessed = a.Portfolio.Assessed
	a.Pipeline.BreakEvenMonths = a.cases.BreakEvenMonth
	a.Pipeline.MetCLevel = a.Steering.MetCLevel
	// A prospect won in the pipeline starts its tier's onboarding.
	a.Pipeline.OnWon = func(ctx context.Context, orgID string) error {
		_, err := a.Enablement.StartOnboarding(ctx, auth.System, orgID)
		return err
	}
	// Offboarding lists what the partner still has open: deals, leads
	// offered to it, fund requests and introductions, linked to their pages.
	a.Pipeline.OpenItems = func(ctx context.Context, orgID string) ([]lifecycle.OpenItem, error) {
		var out []lifecycle.OpenItem
		for _, src := range []struct {
			feature, path string
			list          func(context.Context, string) ([]partner.OpenItem, error)
		}{
			{"deals", "/deals/", a.Deals.OpenDealsOf}, {"leads", "/leads/", a.Leads.OpenOffersOf},
			{"funds", "/funds/", a.Funds.OpenRequestsOf}, {"introductions", "/introductions/", a.Concierge.OpenIntroductionsOf},
		} {
			items, err := src.list(ctx, orgID)
			if err != nil {
				return nil, err
			}
			for _, it := range items {
				out = append(out, lifecycle.OpenItem{Feature: src.feature, Title: it.Title, Link: src.path + it.ID})
			}
		}
		return out, nil
	}
	// A partner's page tells staff of its offboarding, under way or ended.
	a.dashboard.Notes = func(ctx context.Context, actor *auth.Actor, o *partner.Organisation) ([]partner.Note, error) {
		return a.Pipeline.OffboardingNotes(ctx, actor, o, web.Lang(ctx))
	}
	// Steering keeps a contact cadence per portfolio quadrant and shows
	// each partner's current quadrant in the overdue list.
	a.Steering.Quadrants = portfolio.QuadrantNames()
	a.Steering.QuadrantOf = a.Portfolio.CurrentQuadrants
	// A jour fixe links to the agreement its series belongs to.
	a.jourFixeUI.AgreementPath = func(id string) string { return "/agreements/" + id }
	// An agreement names only exchange listings its creator may see.
	a.Agreements.ListingVisible = func(ctx context.Context, actor *auth.Actor, id string) error {
		_, err := a.Exchange.Listing(ctx, actor, id)
		return err
	}
	// An agreement coming into force starts (or updates) its parties'
	// jour fixe, in the same transaction.
	a.Agreements.OnInForce = func(ctx context.Context, tx *sql.Tx, ag *agreement.Agreement) error {
		return a.JourFixe.Schedule(ctx, tx, SeriesOf(ag))
	}
	// Adding a partner to a deal proposes the split of the two partners'
	// cooperation agreement in force.
	a.Deals.AgreedShares = a.Agreements.SharesInForce
	// A deal marked won earns its parties' incentives, in the same
	// transaction; a statement's line links to its deal.
	a.Deals.OnWon = func(ctx context.Context, tx *sql.Tx, d *cosell.Deal) error {
		won := incentive.WonDeal{ID: d.ID, Customer: d.Customer.Name, Value: d.ValueMinor, Currency: d.Currency, WonAt: *d.ClosedAt}
		for _, p := range d.Parties {
			if p.Status == cosell.PartAccepted {
				won.Parties = append(won.Parties, incentive.Party{OrgID: p.OrgID, Role: p.Role, SplitBP: p.SplitBP})
			}
		}
		_, err := a.Incentives.Earn(ctx, tx, won)
		return err
	}
	a.incentiveUI.DealPath = func(id string) string { return "/deals/" + id }
	// Recruiter fees price the stage entries of each recruiter's
	// prospects, ask deal registration whether a won partner made its
	// first deal in time, and show the recruiter's funnel.
	a.Fees.Entries = func(ctx context.Context, owner string, from, to time.Time) ([]fees.Entry, error) {
		list, err := a.Pipeline.OwnerEntries(ctx, owner, from, to)
		out := make([]fees.Entry, len(list))
		for i, e := range list {
			out[i] = fees.Entry{OrgID: e.OrgID, Name: e.Name, Stage: e.Stage, At: e.At}
		}
		return out, err
	}
	a.Fees.FirstWins = a.Deals.FirstWins
	a.Fees.Funnel = func(ctx context.Context, owner string) ([]fees.StagePerformance, error) {
		list, err := a.Pipeline.OwnerFunnel(ctx, owner)
		out := make([]fees.StagePerformance, len(list))
		for i, st := range list {
			out[i] = fees.StagePerformance{Stage: st.Stage, Entered: st.Entered, MovedOn: st.MovedOn,
				ConversionPercent: st.ConversionPercent, MedianDays: st.MedianDays}
		}
		return out, err
	}
	// The money view puts each partner under its current portfolio
	// quadrant; an activity's return counts the won revenue of the deals
	// linked to it, which its partner picks from its own deals.
	a.Funds.Quadrants, a.Funds.QuadrantOf = portfolio.QuadrantNames(), a.Portfolio.CurrentQuadrants
	// The satisfaction results group the answers by each partner's quadrant.
	a.Survey.Quadrants, a.Survey.QuadrantOf = portfolio.QuadrantNames(), a.Portfolio.CurrentQuadrants
	a.Funds.WonPerOrg = a.Deals.WonShares
	a.Funds.Outcomes = func(ctx context.Context, kind string, ids []string) (map[string]funds.Outcome, error) {
		if kind != funds.LinkDeal {
			return nil, nil
		}
		return dealOutcomes(ctx, a.Deals, ids)
	}
	a.Funds.Deals = func(ctx context.Context, org string) ([]funds.Linkable, error) {
		list, err := a.Deals.OrgDeals(ctx, org)
		out := make([]funds.Linkable, len(list))
		for i, d := range list {
			out[i] = funds.Linkable{ID: d.ID, Label: d.Customer}
		}
		return out, err
	}
	// Leads propose partners ranked by the concierge (competency, region,
	// capacity in the next three months, responsiveness); leads adds each
	// partner's acceptance history of leads itself.
	a.Leads.Rank = func(ctx context.Context, n leads.Need) ([]leads.Candidate, error) {
		today := a.Config.Now().UTC()
		res, err := a.Concierge.Matches(ctx, auth.System, concierge.Query{Competencies: n.Competencies, Country: n.Country, City: n.City,
			From: today.Format(time.DateOnly), To: today.AddDate(0, 3, 0).Format(time.DateOnly), Limit: 20}, n.Lang)
		if err != nil {
			return nil, err
		}
		out := make([]leads.Candidate, len(res.Items))
		for i, m := range res.Items {
			out[i] = leads.Candidate{OrgID: m.OrgID, Name: m.LegalName, Score: m.Score}
			for _, r := range m.Reasons {
				out[i].Reasons = append(out[i].Reasons, r.Text)
			}
		}
		return out, nil
	}
	// Lead conversion per CAN × WILL quadrant reads each partner's quadrant.
	a.Leads.Quadrants = portfolio.QuadrantNames()
	a.Leads.QuadrantOf = a.Portfolio.CurrentQuadrants
	// A lead a partner accepts becomes that partner's registered deal, in
	// the same transaction, checked for conflicts like any registration;
	// the lead's conversion is its deal's outcome.
	a.Leads.RegisterDeal = func(ctx context.Context, tx *sql.Tx, d leads.NewDeal) (string, error) {
		return a.Deals.RegisterFor(ctx, tx, d.OrgID, d.UserID, dealOfLead(d, a.Config.Now()), d.LeadID)
	}
	a.Leads.DealOutcomes = func(ctx context.Context, ids []string) (map[string]leads.Outcome, error) {
		got, err := a.Deals.Outcomes(ctx, ids)
		out := make(map[string]leads.Outcome, len(got))
		for id, o := range got {
			out[id] = leads.Outcome{State: o.Status, Value: o.ValueMinor, Currency: o.Currency}
		}
		return out, err
	}
	// The money view counts the leads each partner was given and converted.
	a.Funds.LeadsPerOrg = func(ctx context.Context, from, to time.Time) (map[string]funds.OrgLeads, error) {
		got, err := a.Leads.PerOrg(ctx, from, to)
		out := make(map[string]funds.OrgLeads, len(got))
		for org, l := range got {
			out[org] = funds.OrgLeads{Given: l.Given, Accepted: l.Accepted, Converted: l.Converted, WonValue: l.WonValue}
		}
		return out, err
	}
	// The report on what vampires cost counts the funds paid to them.
	a.Steering.PaidPerOrg = a.Funds.PaidPerOrg
	// Warnings before time or money go to candidates and vampires follow
	// the portfolio's one rule and its actions per quadrant.
	a.Steering.Warning = func(ctx context.Context, actor *auth.Actor, orgID string) (string, error) {
		return a.Portfolio.Warning(ctx, actor, orgID, false)
	}
	a.Funds.Warning = func(ctx context.Context, actor *auth.Actor, orgID string) (string, error) {
		return a.Portfolio.Warning(ctx, actor, orgID, true)
	}
	// The team view counts each manager's prospects per pipeline stage.
	a.Steering.ProspectsPerOwner, a.Steering.Stages = a.Pipeline.ProspectsPerOwner, lifecycle.Stages
	// The team view counts the partners' days to their first won deal.
	a.Steering.FirstDeals = a.Deals.AllFirstWins
	// The team view shows each manager's partners' latest answer to the
	// satisfaction survey's recommendation question.
	a.Steering.Satisfaction = a.Survey.LatestScores
	// Partner plans count the partner's won and forecast deals in pakt.
	a.Steering.DealFigures = func(ctx context.Context, orgID string, from, to time.Time, currency string) (steering.DealFigures, error) {
		f, err := a.Deals.Plan(ctx, orgID, from, to, currency)
		return planFigures(f), err
	}
	// Targets roll up the partners' plans of a period per responsible
	// manager, in the plans' own periods, with every partner's deals from
	// pakt read at once, and count the prospects each owner won.
	a.Targets.PeriodRange = steering.PeriodRange
	dealsPerOrg := func(ctx context.Context, from, to time.Time, currency string) (map[string]steering.DealFigures, error) {
		per, err := a.Deals.PlanPerOrg(ctx, from, to, currency)
		out := make(map[string]steering.DealFigures, len(per))
		for org, f := range per {
			out[org] = planFigures(f)
		}
		return out, err
	}
	a.Targets.PlanSums = func(ctx context.Context, actor *auth.Actor, period string) ([]targets.PlanSum, error) {
		sums, err := a.Steering.PlanSums(ctx, actor, period, dealsPerOrg)
		out := make([]targets.PlanSum, len(sums))
		for i, s := range sums {
			out[i] = targets.PlanSum{ManagerID: s.ManagerID, Currency: s.Currency, Plans: s.Plans, TargetRevenueMinor: s.TargetRevenueMinor,
				TargetDeals: s.TargetDeals, TargetCertifications: s.TargetCertifications, RevenueMinor: s.RevenueMinor(), Deals: s.Deals(),
				Certifications: s.ActualCertifications, OpenMinor: s.FromDeals.ForecastMinor}
		}
		return out, err
	}
	a.Targets.WonPerOwner = a.Pipeline.WonPerOwner
	// The dashboard shows the features' cards, the partner's to-dos first:
	// introductions and agreements others wait for, then overdue contacts
	// and expiring certifications, a business case shared with the
	// partner; a recruiter sees its prospects, the next steps due and its
	// funnel.
	a.dashboard.Widgets = []web.Widget{a.conciergeUI.WaitingWidget, a.agreementUI.AcceptWidget,
		a.steeringUI.OverdueWidget, a.enablementUI.ExpiringWidget, a.caseUI.SharedWidget, a.pipelineUI.RecruiterWidget}
	// A person's calendar feed ("My calendar" on the account page) holds
	// the meetings of their organisation's jour fixe series and the
	// association's events they have a place at.
	a.Calendar.Sources = append(a.Calendar.Sources, a.JourFixe.FeedEntries, a.Events.FeedEntries)
	// The board's participation report counts the events attended beside
	// the working groups' meetings.
	a.Groups.EventAttendance = a.Events.Attendance
	// An association alone shows no vendor programme in the navigation.
	a.Web.VendorShown = func(ctx context.Context) bool {
		m, err := a.Community.Mode(ctx)
		return err != nil || community.Vendor(m)
	}
}

// planFigures are deal registration's figures of a partner's plan as
// steering counts them.
func planFigures(f cosell.PlanFigures) steering.DealFigures {
	return steering.DealFigures{WonDeals: f.WonDeals, WonMinor: f.WonMinor, ForecastMinor: f.ForecastMinor}
}

func (a *App) wireTargets(_ context.Context, w *web.Server, d *db.DB) error {
	a.Targets = targets.NewService(d, a.Config.Now)
	a.Targets.Zone = a.Zone
	targets.NewHandler(w, a.Targets).Routes()
	return pages(w, targets.Templates)
}

func (a *App) wireIncentive(_ context.Context, w *web.Server, d *db.DB) error {
	a.Incentives = incentive.NewService(d, a.Config.Now, a.Partners, a.Notify)
	a.Incentives.Zone = a.Zone
	a.incentiveUI = incentive.NewHandler(w, a.Incentives)
	a.incentiveUI.Routes()
	return pages(w, incentive.Templates)
}

func (a *App) wireFees(_ context.Context, w *web.Server, d *db.DB) error {
	a.Fees = fees.NewService(d, a.Config.Now)
	a.Fees.Zone = a.Zone
	// The stages a fee may name are the pipeline's; the API lists them.
	a.Fees.Pipeline = lifecycle.WayToWon()
	fees.NewHandler(w, a.Fees).Routes()
	return pages(w, fees.Templates)
}

func (a *App) wireFunds(_ context.Context, w *web.Server, d *db.DB) error {
	a.Funds = funds.NewService(d, a.Config.Now, a.Notify, a.Partners)
	funds.NewHandler(w, a.Funds).Routes()
	return pages(w, funds.Templates)
}

// dealOutcomes is what became of the deals ids, as funds counts it.
func dealOutcomes(ctx context.Context, deals *cosell.Service, ids []string) (map[string]funds.Outcome, error) {
	got, err := deals.Outcomes(ctx, ids)
	out := make(map[string]funds.Outcome, len(got))
	for id, o := range got {
		out[id] = funds.Outcome{Won: o.Status == cosell.StatusWon, Value: o.ValueMinor, Currency: o.Currency}
	}
	return out, err
}

func (a *App) wireSurvey(_ context.Context, w *web.Server, d *db.DB) error {
	a.Survey = survey.NewService(d, a.Config.Now, a.Partners, a.Notify)
	a.Survey.Zone = a.Zone
	survey.NewHandler(w, a.Survey).Routes()
	a.Jobs = append(a.Jobs, Job{Name: "survey", Run: a.Survey.Tick})
	return pages(w, survey.Templates)
}

func (a *App) wireCommunity(_ context.Context, w *web.Server, d *db.DB) error {
	a.Community = community.NewService(d, a.Config.Now)
	community.NewHandler(w, a.Community).Routes()
	return pages(w, community.Templates)
}

func (a *App) wireAdmission(_ context.Context, w *web.Server, d *db.DB) error {
	a.Admission = admission.NewService(d, a.Config.Now, a.Partners, a.Community, a.Notify)
	// An admitted public applicant's contact is invited to log in.
	a.Admission.Auth = a.Auth
	admission.NewHandler(w, a.Admission).Routes()
	return pages(w, admission.Templates)
}

func (a *App) wireDues(_ context.Context, w *web.Server, d *db.DB) error {
	a.Dues = dues.NewService(d, a.Config.Now, a.Community, a.Notify)
	a.Dues.Zone = a.Zone
	dues.NewHandler(w, a.Dues).Routes()
	a.Jobs = append(a.Jobs, Job{Name: "dues", Run: a.Dues.Tick})
	return pages(w, dues.Templates)
}

func (a *App) wirePainPoints(_ context.Context, w *web.Server, d *db.DB) error {
	a.PainPoints = painpoints.NewService(d, a.Config.Now, a.Community, a.Notify)
	painpoints.NewHandler(w, a.PainPoints).Routes()
	return pages(w, painpoints.Templates)
}

func (a *App) wireEvents(_ context.Context, w *web.Server, d *db.DB) error {
	a.Events = events.NewService(d, a.Config.Now, a.Community, a.Partners, a.Notify)
	a.Events.Zone = a.Zone
	events.NewHandler(w, a.Events).Routes()
	return pages(w, events.Templates)
}

func (a *App) wireGroups(_ context.Context, w *web.Server, d *db.DB) error {
	a.Groups = groups.NewService(d, a.Config.Now, a.Community, a.Notify)
	a.Groups.Zone = a.Zone
	groups.NewHandler(w, a.Groups).Routes()
	return pages(w, groups.Templates)
}

func (a *App) wireLeads(_ context.Context, w *web.Server, d *db.DB) error {
	a.Leads = leads.NewService(d, a.Config.Now, a.Partners, a.Notify)
	a.Leads.Zone = a.Zone
	leads.NewHandler(w, a.Leads).Routes()
	a.Jobs = append(a.Jobs, Job{Name: "leads", Run: a.Leads.Tick})
	return pages(w, leads.Templates)
}

// dealOfLead is the registration an accepted lead becomes: its customer,
// competencies and value, the first line of its description as the
// solution, and the close expected in the programme's usual 90 days.
func dealOfLead(d leads.NewDeal, now time.Time) cosell.DealInput {
	solution, _, _ := strings.Cut(strings.TrimSpace(d.Description), "\n")
	if solution = i18n.Truncate(strings.TrimSpace(solution), 200); solution == "" {
		solution = "Lead"
	}
	return cosell.DealInput{Customer: cosell.Customer{Name: d.CustomerName, Domain: d.WebDomain, Country: d.Country, Postcode: d.Postcode,
		City: d.City, Industry: d.Industry, Size: d.Size}, Solution: solution, Competencies: d.Competencies, ValueMinor: d.ValueMinor,
		Currency: d.Currency, ExpectedClose: now.AddDate(0, 0, cosell.DefaultProtectionDays).Format(time.DateOnly), Description: d.Description}
}
