// Package app wires pakt together: configuration, database, features, the
// HTTP server and the command-line commands.
package app

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

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
	"pakt/internal/demo"
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

// Config is pakt's configuration, from flags and PAKT_* variables.
type Config struct {
	Addr     string
	Database string
	Data     string
	BaseURL  string
	// Migrate applies pending migrations at start instead of refusing.
	Migrate bool
	Log     *slog.Logger
	// Now is the clock; tests may fix it.
	Now func() time.Time
	// PasswordParams override the argon2id cost (tests use cheaper ones).
	PasswordParams *auth.PasswordParams
	// TrustedProxies are the IP addresses and CIDR ranges of reverse
	// proxies whose X-Forwarded-For and X-Forwarded-Proto are believed;
	// none by default.
	TrustedProxies []string
	// SMTP is the mail server; without a host, mail goes to the log.
	SMTP notify.SMTPConfig
	// TickEvery is how often scheduled work (reminders, digests, expiry)
	// runs while serving; default one minute.
	TickEvery time.Duration
	// PrivacyURL is the programme's privacy policy, linked at the consent of
	// the public self-assessment: an http(s) address or a path on this
	// server; no link when empty.
	PrivacyURL string
	// TimeZone is the programme time zone (an IANA name), in which pages and
	// notices show moments, forms read them and jour fixe meetings keep
	// their wall-clock time; default Europe/Berlin.
	TimeZone string
	// MetricsAddr, when set, is a listen address of its own that serves
	// /metrics without a token, for operations only.
	MetricsAddr string
	// MetricsToken, when set, is the bearer token that /metrics on Addr
	// asks for; without it /metrics is not found there.
	MetricsToken string
	// WebhookNetworks are the networks that may receive webhooks although
	// they are not public (loopback, private ranges); none by default.
	WebhookNetworks []string
	// WebhookEvery is how often the webhook dispatcher looks for events
	// and due deliveries; default one second.
	WebhookEvery time.Duration
	// SSO is the sign-in with a company account (OpenID Connect); off
	// without an issuer.
	SSO account.SSOConfig
	// SSOPolicy says how a sign-in becomes a user: the groups that give
	// programme roles, and whether new partner users wait for approval.
	SSOPolicy auth.SSOPolicy
	// StaffPasswordsOff switches off pakt's own passwords for programme
	// users (admins, managers, recruiters); it needs SSO.
	StaffPasswordsOff bool
	// IndexSnapshot, when set, is the file of the directory index's
	// snapshot (see directory.Index.KeepSnapshots); none when empty.
	IndexSnapshot string
	// Ready, when set, is called once while serving, after the start-up
	// work (at most 15 seconds): the directory index is warm, the first
	// scheduled work ran and the mail it found was sent (or written to
	// the log). The command line
	// prints the address then, after the start-up logging, where a new
	// user sees it.
	Ready func()
}

// LoadZone returns the programme time zone named name ("" is the default,
// Europe/Berlin); an unknown name is an error that names the setting.
func LoadZone(name string) (*time.Location, error) {
	if strings.TrimSpace(name) == "" {
		name = i18n.DefaultZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("time zone (--timezone, PAKT_TIMEZONE): %q is not a known zone; give an IANA name such as Europe/Berlin or UTC", name)
	}
	return loc, nil
}

// CheckPrivacyURL refuses a privacy policy link that is neither an http(s)
// address nor a path on this server; the error names the setting.
func CheckPrivacyURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	ok := err == nil && strings.TrimSpace(s) == s &&
		(((u.Scheme == "https" || u.Scheme == "http") && u.Host != "") ||
			(u.Scheme == "" && u.Host == "" && strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//")))
	if !ok {
		return fmt.Errorf("privacy policy (--privacy-url, PAKT_PRIVACY_URL): %q is neither an http(s) address nor a path on this server such as /privacy", s)
	}
	return nil
}

// webhookNetworks reads the networks allowed to receive webhooks; an
// error names the setting.
func webhookNetworks(list []string) ([]netip.Prefix, error) {
	p, err := webhook.ParseNetworks(strings.Join(list, ","))
	if err != nil {
		return nil, fmt.Errorf("webhook networks (--webhook-allow-networks, PAKT_WEBHOOK_ALLOW_NETWORKS): %w", err)
	}
	return p, nil
}

// parseProxies reads the trusted proxies; an error names the setting.
func parseProxies(list []string) (web.Proxies, error) {
	p, err := web.ParseProxies(list)
	if err != nil {
		return nil, fmt.Errorf("trusted proxies (--trusted-proxies, PAKT_TRUSTED_PROXIES): %w", err)
	}
	return p, nil
}

// DatabaseURL returns the database location: the configured one, or
// pakt.db in the data directory.
func (c Config) DatabaseURL() string {
	if c.Database != "" {
		return c.Database
	}
	dir := c.Data
	if dir == "" {
		dir = "pakt-data"
	}
	return filepath.Join(dir, "pakt.db")
}

// IndexSnapshotPath is where the directory index of c's database keeps its
// snapshot: in the data directory, named after the database, so that the
// snapshots of several databases never mix.
func IndexSnapshotPath(c Config) string {
	dir := c.Data
	if dir == "" {
		dir = "pakt-data"
	}
	sum := sha256.Sum256([]byte(c.DatabaseURL()))
	return filepath.Join(dir, "directory-"+hex.EncodeToString(sum[:6])+".index")
}

// App is a running pakt: its database, features and HTTP server.
type App struct {
	Config     Config
	DB         *db.DB
	Auth       *auth.Service
	Calendar   *account.Calendar // each person's private feed, "My calendar"
	Partners   *partner.Service
	Portfolio  *portfolio.Service
	Pipeline   *lifecycle.Service
	Enablement *enablement.Service
	Steering   *steering.Service
	Exchange   *exchange.Service
	Notify     *notify.Service
	JourFixe   *jourfixe.Service
	Agreements *agreement.Service
	Concierge  *concierge.Service
	Deals      *cosell.Service
	Incentives *incentive.Service
	Fees       *fees.Service
	Funds      *funds.Service
	Leads      *leads.Service
	Targets    *targets.Service
	Survey     *survey.Service
	Community  *community.Service
	Admission  *admission.Service
	Dues       *dues.Service
	PainPoints *painpoints.Service
	Events     *events.Service
	Groups     *groups.Service
	Webhooks   *webhook.Service
	Web        *web.Server
	Log        *slog.Logger
	// Zone is the programme time zone named by Config.TimeZone; the web
	// server and the features that show or read local times get it.
	Zone *time.Location
	// Jobs are the features' scheduled work, run by Tick.
	Jobs []Job
	// jobRuns and jobErrors count the runs of each job and those that
	// failed, for the metrics.
	jobRuns, jobErrors *prometheus.CounterVec

	// The handlers that take part in flows between features (see connect).
	accounts     *account.Handler
	dashboard    *partner.Handler
	assessments  *portfolio.Handler
	cases        *portfolio.BusinessCases
	caseUI       *portfolio.BusinessCaseHandler
	selfAssess   *portfolio.SelfAssessmentHandler
	pipelineUI   *lifecycle.Handler
	steeringUI   *steering.Handler
	enablementUI *enablement.Handler
	jourFixeUI   *jourfixe.Handler
	agreementUI  *agreement.Handler
	incentiveUI  *incentive.Handler
	conciergeUI  *concierge.Handler

	server   *http.Server
	listener net.Listener
	// metrics is the listener of Config.MetricsAddr, if any.
	metrics net.Listener
}

// Job is a feature's scheduled work, named for the log and the metrics.
type Job struct {
	Name string
	Run  func(ctx context.Context) error
}

// Open opens the database, checks its schema (or migrates when
// cfg.Migrate is set) and builds the features and routes.
func Open(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	zone, err := LoadZone(cfg.TimeZone)
	if err != nil {
		return nil, err
	}
	proxies, err := parseProxies(cfg.TrustedProxies)
	if err != nil {
		return nil, err
	}
	if err := CheckPrivacyURL(cfg.PrivacyURL); err != nil {
		return nil, err
	}
	if _, err := webhookNetworks(cfg.WebhookNetworks); err != nil {
		return nil, err
	}
	if err := CheckSSO(cfg); err != nil {
		return nil, err
	}
	d, err := db.Open(ctx, cfg.DatabaseURL())
	if err != nil {
		return nil, err
	}
	if cfg.Migrate {
		if _, err := d.Migrate(ctx); err != nil {
			d.Close()
			return nil, err
		}
	} else if err := d.CheckSchema(ctx); err != nil {
		d.Close()
		return nil, err
	}
	a := &App{Config: cfg, DB: d, Log: cfg.Log, Zone: zone}
	if err := a.build(ctx, proxies); err != nil {
		d.Close()
		return nil, err
	}
	return a, nil
}

// Listen opens the listening socket and returns the server's URL.
func (a *App) Listen() (string, error) {
	addr := a.Config.Addr
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	if err := a.listenMetrics(); err != nil {
		l.Close()
		return "", fmt.Errorf("metrics address (--metrics-addr, PAKT_METRICS_ADDR): %w", err)
	}
	a.listener = l
	url := "http://" + l.Addr().String()
	if a.Config.BaseURL == "" {
		a.Web.BaseURL = url
		a.Notify.BaseURL = url
	}
	return url, nil
}

// startUpWait bounds how long Run waits for the start-up work before it
// calls Config.Ready.
const startUpWait = 15 * time.Second

// Run serves HTTP until ctx ends, then shuts down gracefully.
func (a *App) Run(ctx context.Context) error {
	if a.listener == nil {
		if _, err := a.Listen(); err != nil {
			return err
		}
	}
	var startUp sync.WaitGroup
	startUp.Add(2)
	// Load the directory index in the background: meanwhile searches
	// answer from the database and /readyz reports it pending. Then give
	// organisations written without a sort key theirs.
	if a.Config.IndexSnapshot != "" {
		// A snapshot under way when the server stops is finished: Close
		// waits for it.
		a.Partners.Index.KeepSnapshots(context.WithoutCancel(ctx), a.Config.IndexSnapshot, a.Log)
	}
	loaded := a.Partners.Index.Warm(ctx, func(err error) {
		if ctx.Err() == nil {
			a.Log.Error("directory index", "err", err)
		}
	})
	go func() {
		defer startUp.Done()
		<-loaded
		if n, err := a.Partners.FillSortKeys(ctx); err != nil && ctx.Err() == nil {
			a.Log.Error("directory sort keys", "err", err)
		} else if n > 0 {
			a.Log.Info("directory sort keys written", "organisations", n)
		}
	}()
	go a.Notify.Run(ctx, time.Minute)
	go a.Webhooks.Run(ctx, cmp.Or(a.Config.WebhookEvery, time.Second))
	go a.tickLoop(ctx, startUp.Done)
	if a.metrics != nil {
		go a.serveMetrics(ctx)
	}
	if ready := a.Config.Ready; ready != nil {
		go func() {
			done := make(chan struct{})
			go func() { startUp.Wait(); close(done) }()
			// A slow mail server or a huge index delays the message, but
			// not for long: the server answers already.
			select {
			case <-done:
			case <-time.After(startUpWait):
			case <-ctx.Done():
				return
			}
			ready()
		}()
	}
	a.server = &http.Server{Handler: a.Web.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- a.server.Serve(a.listener) }()
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := a.server.Shutdown(sctx); err != nil {
			return fmt.Errorf("shutdown: %w", err)
		}
		return nil
	}
}

// snapshotWait bounds how long Close waits for the directory index
// snapshot under way: without it, the next start loads the index in full.
const snapshotWait = 30 * time.Second

// Close waits for the mails and the directory index snapshot under way,
// then releases the database.
func (a *App) Close() error {
	if a.Notify != nil {
		a.Notify.Wait()
	}
	if a.Partners != nil {
		if w := a.Partners.Index.SnapshotWritten(); w != nil {
			select {
			case <-w:
			default:
				a.Log.Info("waiting for the directory index snapshot to be written")
				select {
				case <-w:
				case <-time.After(snapshotWait):
				}
			}
		}
	}
	if a.metrics != nil {
		a.metrics.Close() // Run's server closed it already, if it ran
	}
	return a.DB.Close()
}

// Tick runs the features' scheduled work once (reminders, digests, expiry)
// and then asks for the resulting mail to be sent. Every job runs even when
// one fails; the first error is returned.
func (a *App) Tick(ctx context.Context) error {
	var first error
	for _, job := range a.Jobs {
		a.jobRuns.WithLabelValues(job.Name).Inc()
		if err := job.Run(ctx); err != nil {
			a.jobErrors.WithLabelValues(job.Name).Inc()
			if first == nil {
				first = fmt.Errorf("%s: %w", job.Name, err)
			}
		}
	}
	a.Notify.Kick()
	return first
}

// tickLoop runs the scheduled work now and then every TickEvery; after the
// first run it calls firstDone, with the mail of that run delivered first
// when someone waits for the start-up (Config.Ready).
func (a *App) tickLoop(ctx context.Context, firstDone func()) {
	every := a.Config.TickEvery
	if every <= 0 {
		every = time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := a.Tick(ctx); err != nil && ctx.Err() == nil {
			a.Log.Error("scheduled work", "err", err)
		}
		if firstDone != nil {
			if a.Config.Ready != nil {
				if _, err := a.Notify.Deliver(ctx); err != nil && ctx.Err() == nil {
					a.Log.Error("mail delivery", "err", err)
				}
			}
			firstDone()
			firstDone = nil
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// SeriesOf is the jour fixe series an agreement in force asks for.
func SeriesOf(ag *agreement.Agreement) jourfixe.SeriesInput {
	jf := ag.Content.JourFixe
	in := jourfixe.SeriesInput{AgreementID: ag.ID, Title: ag.Title, OrgIDs: ag.PartyIDs(), Cadence: jf.Cadence, Minutes: jf.Minutes}
	if in.Cadence == "" {
		in.Cadence = "none"
	}
	if jf.First != nil {
		in.Start = jf.First.UTC()
	}
	return in
}

// DemoOptions are the options that seed demo data into every feature of
// the app: count organisations from seed, the history ending at now (zero:
// today).
func (a *App) DemoOptions(count int, seed int64, now time.Time) demo.Options {
	return demo.Options{DB: a.DB, Auth: a.Auth, Partners: a.Partners, Portfolio: a.Portfolio, BusinessCases: a.cases, Enablement: a.Enablement, Steering: a.Steering,
		JourFixe: a.JourFixe, Exchange: a.Exchange, Agreements: a.Agreements, Concierge: a.Concierge, Incentives: a.Incentives, Fees: a.Fees, Deals: a.Deals, Funds: a.Funds, Leads: a.Leads, Targets: a.Targets,
		Survey: a.Survey, Community: a.Community, Admission: a.Admission, Dues: a.Dues, PainPoints: a.PainPoints, Events: a.Events, Groups: a.Groups,
		Count: count, Seed: seed, Now: now}
}
