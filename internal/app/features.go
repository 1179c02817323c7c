package app

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"time"

	"pakt/internal/account"
	"pakt/internal/agreement"
	"pakt/internal/auth"
	"pakt/internal/concierge"
	"pakt/internal/cosell"
	"pakt/internal/db"
	"pakt/internal/enablement"
	"pakt/internal/exchange"
	"pakt/internal/jourfixe"
	"pakt/internal/lifecycle"
	"pakt/internal/notify"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
	"pakt/internal/steering"
	"pakt/internal/web"
)

// build makes the kernel's services and the web server, then each feature
// with its pages, routes, navigation and scheduled work, in the order they
// need each other, and last connects the features (connect), so that one
// screen shows every flow between them.
func (a *App) build(ctx context.Context, proxies web.Proxies) error {
	cfg, d := a.Config, a.DB
	a.Auth = auth.NewService(d, cfg.Now)
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
	w.Health = func(ctx context.Context) error { return d.PingContext(ctx) }
	w.Proxies = proxies
	w.Zone = a.Zone
	a.Web = w
	for _, f := range []struct {
		name string
		wire func(ctx context.Context, w *web.Server, d *db.DB) error
	}{
		{"notify", a.wireNotify}, {"account", a.wireAccount}, {"partner", a.wirePartner}, {"portfolio", a.wirePortfolio},
		{"lifecycle", a.wireLifecycle}, {"enablement", a.wireEnablement}, {"steering", a.wireSteering},
		{"jourfixe", a.wireJourFixe}, {"exchange", a.wireExchange}, {"agreement", a.wireAgreement}, {"concierge", a.wireConcierge},
		{"cosell", a.wireCosell},
	} {
		// The routes a feature registers are its own: its tests check that
		// the authorisation matrix covers every one of them.
		w.Owner(f.name)
		if err := f.wire(ctx, w, d); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	a.connect()
	return nil
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
	a.accounts.Routes()
	return pages(w, account.Templates)
}

func (a *App) wirePartner(_ context.Context, w *web.Server, d *db.DB) error {
	a.Partners = partner.NewService(d, a.Config.Now)
	a.dashboard = partner.NewHandler(w, a.Partners, a.Auth)
	a.dashboard.Routes()
	return pages(w, partner.Templates)
}

func (a *App) wirePortfolio(ctx context.Context, w *web.Server, d *db.DB) error {
	a.Portfolio = portfolio.NewService(d, a.Config.Now)
	if err := a.Portfolio.EnsureDefaults(ctx); err != nil {
		return err
	}
	a.cases = portfolio.NewBusinessCases(d, a.Config.Now)
	a.assessments = portfolio.NewHandler(w, a.Portfolio, a.Auth, a.Partners)
	a.assessments.Routes()
	portfolio.NewBusinessCaseHandler(w, a.cases, a.Partners).Routes()
	a.selfAssess = portfolio.NewSelfAssessmentHandler(w, a.Portfolio, a.Partners)
	a.selfAssess.PrivacyURL = a.Config.PrivacyURL
	a.selfAssess.Routes()
	return pages(w, portfolio.Templates, portfolio.BusinessCaseTemplates, portfolio.SelfAssessmentTemplates)
}

func (a *App) wireLifecycle(_ context.Context, w *web.Server, d *db.DB) error {
	a.Pipeline = lifecycle.NewService(d, a.Config.Now, a.Partners)
	a.pipelineUI = lifecycle.NewHandler(w, a.Pipeline, a.Auth, a.Partners)
	a.pipelineUI.Routes()
	return pages(w, lifecycle.Templates)
}

func (a *App) wireEnablement(_ context.Context, w *web.Server, d *db.DB) error {
	a.Enablement = enablement.NewService(d, a.Config.Now)
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
	a.Jobs = append(a.Jobs, a.JourFixe.Tick)
	return pages(w, jourfixe.Templates)
}

func (a *App) wireExchange(_ context.Context, w *web.Server, d *db.DB) error {
	a.Exchange = exchange.NewService(d, a.Config.Now, a.Partners, a.Notify)
	exchange.NewHandler(w, a.Exchange).Routes()
	a.Jobs = append(a.Jobs, a.Exchange.Tick)
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
	a.Jobs = append(a.Jobs, a.Concierge.Tick)
	return pages(w, concierge.Templates)
}

func (a *App) wireCosell(_ context.Context, w *web.Server, d *db.DB) error {
	a.Deals = cosell.NewService(d, a.Config.Now, a.Partners, a.Notify)
	a.Deals.Zone = a.Zone
	cosell.NewHandler(w, a.Deals).Routes()
	a.Jobs = append(a.Jobs, a.Deals.Tick)
	return pages(w, cosell.Templates)
}

// connect declares every flow between features: each is a hook that one
// feature offers and the app fills from another, so that no feature imports
// another (besides partner and the kernel).
func (a *App) connect() {
	// auth checks the organisation of a new partner user with partner.
	a.Auth.OrgExists = partner.Exists
	// auth tells a user of a changed login e-mail (also at the former
	// address) and of revoked API tokens, through notify.
	a.Auth.Tell = func(ctx context.Context, q db.Querier, n auth.Notice) error {
		return a.Notify.Notify(ctx, q, notify.Notice{Kind: n.Kind, Args: n.Args, Link: "/account", Users: []string{n.UserID},
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
	// A prospect won in the pipeline starts its tier's onboarding.
	a.Pipeline.OnWon = func(ctx context.Context, orgID string) error {
		_, err := a.Enablement.StartOnboarding(ctx, auth.System, orgID)
		return err
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
	// Partner plans count the partner's won and forecast deals in pakt.
	a.Steering.DealFigures = func(ctx context.Context, orgID string, from, to time.Time, currency string) (steering.DealFigures, error) {
		f, err := a.Deals.Plan(ctx, orgID, from, to, currency)
		return steering.DealFigures{WonDeals: f.WonDeals, WonMinor: f.WonMinor, ForecastMinor: f.ForecastMinor}, err
	}
	// The dashboard shows the features' cards, the partner's to-dos first:
	// introductions and agreements others wait for, then overdue contacts
	// and expiring certifications; a recruiter sees its prospects, the
	// next steps due and its funnel.
	a.dashboard.Widgets = []web.Widget{a.conciergeUI.WaitingWidget, a.agreementUI.AcceptWidget,
		a.steeringUI.OverdueWidget, a.enablementUI.ExpiringWidget, a.pipelineUI.RecruiterWidget}
}
