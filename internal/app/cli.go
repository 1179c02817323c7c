package app

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/alecthomas/kong"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/bench"
	"pakt/internal/csvio"
	"pakt/internal/db"
	"pakt/internal/demo"
	"pakt/internal/i18n"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// Globals are the options every command takes.
type Globals struct {
	Database string `help:"Database: a SQLite file path or a postgres:// URL (default: pakt.db in the data directory)." env:"PAKT_DATABASE" placeholder:"URL"`
	Data     string `help:"Data directory." env:"PAKT_DATA" default:"pakt-data" placeholder:"DIR"`
	LogLevel string `help:"Log level: debug, info, warn, error." env:"PAKT_LOG_LEVEL" default:"info" enum:"debug,info,warn,error"`
	TimeZone string `name:"timezone" help:"Programme time zone (IANA name): pages, notices and forms show and read local times in it, and jour fixe meetings keep their local time." env:"PAKT_TIMEZONE" default:"Europe/Berlin" placeholder:"ZONE"`
	// LogTo is where the log goes: the standard error Main was given.
	LogTo io.Writer `kong:"-"`
}

// Validate refuses an unknown time zone before any command runs.
func (g *Globals) Validate() error {
	_, err := LoadZone(g.TimeZone)
	return err
}

// CLI is pakt's command line.
type CLI struct {
	Globals

	Serve   ServeCmd   `cmd:"" help:"Run the web server."`
	Migrate MigrateCmd `cmd:"" help:"Apply pending database migrations."`
	Demo    DemoCmd    `cmd:"" help:"Fill an empty database with demo data, then run the web server."`
	User    UserCmd    `cmd:"" help:"Create users and reset passwords."`
	Import  ImportCmd  `cmd:"" help:"Import data from CSV (all-or-nothing unless --skip-invalid)."`
	Export  ExportCmd  `cmd:"" help:"Export data as CSV that import reads back."`
	Backup  BackupCmd  `cmd:"" help:"Write a consistent copy of the database."`
	Restore RestoreCmd `cmd:"" help:"Restore a backup into an empty database (a new SQLite file or an empty PostgreSQL database)."`
	Copy    CopyCmd    `cmd:"" help:"Copy every row of one database into another, empty one, on either engine: from SQLite to PostgreSQL, say."`
	Bench   BenchCmd   `cmd:"" help:"Measure directory searches and profile creates on a fresh database, through the HTTP server on 127.0.0.1."`
}

// ServerFlags are the options of the commands that serve HTTP.
type ServerFlags struct {
	Addr           string   `help:"Address to listen on." env:"PAKT_ADDR" default:"127.0.0.1:8080" placeholder:"HOST:PORT"`
	BaseURL        string   `help:"Public base URL, e.g. https://partners.example.com (sets Secure cookies when https)." env:"PAKT_BASE_URL" placeholder:"URL"`
	TrustedProxies []string `name:"trusted-proxies" help:"Reverse proxies (IP addresses or CIDR ranges, comma-separated) whose X-Forwarded-For and X-Forwarded-Proto are believed; default none." env:"PAKT_TRUSTED_PROXIES" sep:"," placeholder:"IP|CIDR"`
	PrivacyURL     string   `name:"privacy-url" help:"The programme's privacy policy (an http(s) address or a path such as /privacy), linked at the consent of the public self-assessment; default no link." env:"PAKT_PRIVACY_URL" placeholder:"URL"`

	SMTPHost     string `name:"smtp-host" help:"Mail server for notifications; without it, mail is written to the log." env:"PAKT_SMTP_HOST" group:"Mail" placeholder:"HOST"`
	SMTPPort     int    `name:"smtp-port" help:"Mail server port (default 587 for starttls, 465 for tls, 25 for none)." env:"PAKT_SMTP_PORT" group:"Mail"`
	SMTPUser     string `name:"smtp-user" help:"Mail server user name." env:"PAKT_SMTP_USER" group:"Mail"`
	SMTPPassword string `name:"smtp-password" help:"Mail server password." env:"PAKT_SMTP_PASSWORD" group:"Mail"`
	SMTPFrom     string `name:"smtp-from" help:"Sender address, e.g. 'Partnerprogramm <partners@example.com>'." env:"PAKT_SMTP_FROM" group:"Mail"`
	SMTPTLS      string `name:"smtp-tls" help:"starttls, tls or none." env:"PAKT_SMTP_TLS" default:"starttls" enum:"starttls,tls,none" group:"Mail"`

	MetricsAddr  string `name:"metrics-addr" help:"A listen address of its own for /metrics (Prometheus), without a token; keep it reachable by operations only." env:"PAKT_METRICS_ADDR" group:"Metrics" placeholder:"HOST:PORT"`
	MetricsToken string `name:"metrics-token" help:"Serve /metrics on the main address too, to callers that send this bearer token (at least 16 characters)." env:"PAKT_METRICS_TOKEN" group:"Metrics"`

	IndexSnapshot bool `name:"index-snapshot" help:"Keep a snapshot of the directory index in the data directory and start from it: at a million partners the index is ready in seconds instead of a minute. It is used only by the same pakt executable on the same database." env:"PAKT_INDEX_SNAPSHOT" default:"true" negatable:""`

	WebhookNetworks []string `name:"webhook-allow-networks" help:"Networks (CIDR ranges or addresses, comma-separated) that may receive webhooks although they are loopback or private, e.g. 10.20.0.0/16 for an internal CRM; default none." env:"PAKT_WEBHOOK_ALLOW_NETWORKS" sep:"," group:"Webhooks" placeholder:"CIDR"`

	SSOFlags
}

// minMetricsToken is the shortest metrics token taken: the token is all
// that guards /metrics on the public address.
const minMetricsToken = 16

// Validate refuses a trusted proxy that is no address or range before the
// command runs.
func (f *ServerFlags) Validate() error {
	if _, err := parseProxies(f.TrustedProxies); err != nil {
		return err
	}
	if f.MetricsToken != "" && len(f.MetricsToken) < minMetricsToken {
		return fmt.Errorf("metrics token (--metrics-token, PAKT_METRICS_TOKEN): %d characters, at least %d wanted", len(f.MetricsToken), minMetricsToken)
	}
	if _, err := webhookNetworks(f.WebhookNetworks); err != nil {
		return err
	}
	if _, err := ParseSSORoles(f.Roles); err != nil {
		return err
	}
	var cfg Config
	f.applySSO(&cfg)
	cfg.BaseURL = f.BaseURL
	if err := CheckSSO(cfg); err != nil {
		return err
	}
	return CheckPrivacyURL(f.PrivacyURL)
}

func (f *ServerFlags) apply(cfg *Config) {
	cfg.Addr, cfg.BaseURL, cfg.TrustedProxies, cfg.PrivacyURL = f.Addr, f.BaseURL, f.TrustedProxies, f.PrivacyURL
	cfg.MetricsAddr, cfg.MetricsToken = f.MetricsAddr, f.MetricsToken
	cfg.WebhookNetworks = f.WebhookNetworks
	if f.IndexSnapshot {
		cfg.IndexSnapshot = IndexSnapshotPath(*cfg)
	}
	cfg.SMTP = notify.SMTPConfig{Host: f.SMTPHost, Port: f.SMTPPort, User: f.SMTPUser, Password: f.SMTPPassword, From: f.SMTPFrom, TLS: f.SMTPTLS}
	f.applySSO(cfg)
}

func (g *Globals) config() Config {
	var level slog.Level
	level.UnmarshalText([]byte(g.LogLevel))
	logTo := g.LogTo
	if logTo == nil {
		logTo = os.Stderr
	}
	log := slog.New(slog.NewTextHandler(logTo, &slog.HandlerOptions{Level: level}))
	return Config{Database: g.Database, Data: g.Data, Log: log, TimeZone: g.TimeZone}
}

// exitCode carries kong's exit request (after --help) out of Parse.
type exitCode int

// Main runs the command line and returns the process exit code.
func Main(args []string, stdout, stderr io.Writer) (code int) {
	var cli CLI
	parser, err := kong.New(&cli, kong.Name("pakt"),
		kong.Description("pakt: a self-hosted partner ecosystem platform. Every option can also be set by its PAKT_* variable."),
		kong.Writers(stdout, stderr), kong.Exit(func(c int) { panic(exitCode(c)) }))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	defer func() {
		if v := recover(); v != nil {
			c, ok := v.(exitCode)
			if !ok {
				panic(v)
			}
			code = int(c)
		}
	}()
	cli.LogTo = stderr
	kctx, err := parser.Parse(args)
	if err != nil {
		fmt.Fprintln(stderr, "pakt:", err)
		fmt.Fprintln(stderr, "Run `pakt --help` for the commands, `pakt COMMAND --help` for their options.")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	kctx.BindTo(ctx, (*context.Context)(nil))
	kctx.BindTo(stdout, (*io.Writer)(nil))
	if err := kctx.Run(&cli.Globals); err != nil {
		fmt.Fprintln(stderr, "pakt:", describe(err))
		return 1
	}
	return 0
}

// describe renders an error for the terminal in English.
func describe(err error) string {
	var be *apperr.BatchError
	if errors.As(err, &be) {
		return fmt.Sprintf("%d invalid rows", len(be.Items))
	}
	if e, ok := apperr.As(err); ok {
		s := i18n.T("en", e.Key, e.Args...)
		for _, f := range e.Fields {
			s += fmt.Sprintf("\n  %s: %s", f.Field, i18n.T("en", f.Key, f.Args...))
		}
		return s
	}
	return err.Error()
}

// ServeCmd runs the web server.
type ServeCmd struct {
	ServerFlags
	Migrate    bool   `help:"Apply pending migrations before serving instead of refusing to start." env:"PAKT_MIGRATE"`
	CPUProfile string `name:"cpu-profile" help:"Write a CPU profile to this file until the server stops (for finding what a slow server spends its time on)." env:"PAKT_CPU_PROFILE" type:"path"`
}

// Run serves until interrupted.
func (c *ServeCmd) Run(ctx context.Context, g *Globals, out io.Writer) (err error) {
	cfg := g.config()
	c.ServerFlags.apply(&cfg)
	cfg.Migrate = c.Migrate
	stop, err := cpuProfile(c.CPUProfile)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, stop()) }()
	return serve(ctx, cfg, out, nil)
}

func serve(ctx context.Context, cfg Config, out io.Writer, banner func(url string)) error {
	a, err := Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	url, err := a.Listen()
	if err != nil {
		return err
	}
	if cfg.BaseURL != "" {
		url = cfg.BaseURL
	}
	n, err := a.Auth.CountUsers(ctx)
	if err != nil {
		return err
	}
	// The address and the logins come last, after the start-up logging
	// (the mail of the first scheduled work), where a new user sees them.
	a.Config.Ready = func() {
		fmt.Fprintf(out, "pakt is running at %s (database: %s)\n", url, a.DB.URL)
		if banner != nil {
			banner(url)
		}
		if n == 0 {
			fmt.Fprintln(out, "No users yet: create the first admin with\n  pakt user create --admin --email you@example.com --name \"Your Name\"")
		}
		fmt.Fprintln(out, "Stop with Ctrl+C.")
	}
	return a.Run(ctx)
}

// MigrateCmd applies migrations.
type MigrateCmd struct{}

// Run migrates the database.
func (c *MigrateCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	d, err := db.Open(ctx, g.config().DatabaseURL())
	if err != nil {
		return err
	}
	defer d.Close()
	v, err := d.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "database %s is at schema version %d\n", d.URL, v)
	return nil
}

// DemoCmd seeds demo data and serves.
type DemoCmd struct {
	ServerFlags
	Partners   int    `help:"Number of partner organisations to generate." default:"200"`
	Seed       int64  `help:"Random seed; the same seed gives the same data." default:"1"`
	NoServe    bool   `help:"Only fill the database, do not start the server."`
	CPUProfile string `name:"cpu-profile" help:"Write a CPU profile of the seeding (and the server, unless --no-serve) to this file." env:"PAKT_CPU_PROFILE" type:"path"`
}

// Run fills an empty database with demo data and serves it.
func (c *DemoCmd) Run(ctx context.Context, g *Globals, out io.Writer) (err error) {
	stop, err := cpuProfile(c.CPUProfile)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, stop()) }()
	cfg := g.config()
	c.ServerFlags.apply(&cfg)
	cfg.Migrate = true
	a, err := Open(ctx, cfg)
	if err != nil {
		return err
	}
	n, err := a.Auth.CountUsers(ctx)
	if err != nil {
		a.Close()
		return err
	}
	if n == 0 {
		fmt.Fprintf(out, "Generating demo data (%d partners) in %s …\n", c.Partners, a.DB.URL)
		o := a.DemoOptions(c.Partners, c.Seed, time.Time{})
		start, step := time.Now(), max(c.Partners/10, demo.BulkPart)
		next := step
		o.Progress = func(done int) {
			if done >= next || done == c.Partners {
				fmt.Fprintf(out, "  %d of %d partners (%.0f s)\n", done, c.Partners, time.Since(start).Seconds())
				next = done + step
			}
		}
		if _, err := demo.Seed(ctx, o); err != nil {
			a.Close()
			return err
		}
	} else {
		fmt.Fprintf(out, "The database %s has users already: demo data is not generated again.\n", a.DB.URL)
	}
	a.Close()
	if c.NoServe {
		fmt.Fprint(out, demo.LoginHelp)
		return nil
	}
	return serve(ctx, cfg, out, func(string) { fmt.Fprint(out, demo.LoginHelp) })
}

// UserCmd groups user commands.
type UserCmd struct {
	Create        UserCreateCmd `cmd:"" help:"Create a user."`
	ResetPassword UserResetCmd  `cmd:"" name:"reset-password" help:"Set a new password for a user; ends their sessions and revokes their API tokens."`
}

// UserCreateCmd creates a user.
type UserCreateCmd struct {
	Email    string `help:"E-mail address (the login)." required:""`
	Name     string `help:"Full name." required:""`
	Admin    bool   `help:"Make the user a programme admin (same as --role admin)."`
	Role     string `help:"Role: admin, manager, recruiter, partner_admin, partner_member." default:"admin" enum:"admin,manager,recruiter,partner_admin,partner_member"`
	Org      string `help:"Organisation id, for partner roles."`
	Password string `help:"Password; read from the terminal (or standard input) when not given." env:"PAKT_PASSWORD"`
}

// Run creates the user.
func (c *UserCreateCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	a, err := Open(ctx, g.config())
	if err != nil {
		return err
	}
	defer a.Close()
	role := auth.Role(c.Role)
	if c.Admin {
		role = auth.RoleAdmin
	}
	pw := c.Password
	if pw == "" {
		if pw, err = readPassword(out); err != nil {
			return err
		}
	}
	u, err := a.Auth.CreateUser(ctx, auth.System, auth.UserInput{Email: &c.Email, Name: &c.Name, Role: &role, OrgID: &c.Org, Password: &pw})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "created %s (%s, %s)\n", u.Email, u.Role, u.ID)
	return nil
}

// UserResetCmd resets a password.
type UserResetCmd struct {
	Email    string `help:"E-mail address of the user." required:""`
	Password string `help:"New password; read from the terminal (or standard input) when not given." env:"PAKT_PASSWORD"`
}

// Run resets the password, ends the user's sessions and revokes their API
// tokens.
func (c *UserResetCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	a, err := Open(ctx, g.config())
	if err != nil {
		return err
	}
	defer a.Close()
	pw := c.Password
	if pw == "" {
		if pw, err = readPassword(out); err != nil {
			return err
		}
	}
	if err := a.Auth.ResetPassword(ctx, c.Email, pw); err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			return fmt.Errorf("no user with e-mail %s", c.Email)
		}
		return err
	}
	fmt.Fprintf(out, "password of %s reset; their sessions were ended and their API tokens revoked\n", auth.NormaliseEmail(c.Email))
	return nil
}

func readPassword(out io.Writer) (string, error) {
	fd := int(os.Stdin.Fd())
	if term.IsTerminal(fd) {
		fmt.Fprint(out, "Password: ")
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(out)
		return string(b), err
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password given: use --password, PAKT_PASSWORD or standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// ImportCmd imports CSV files.
type ImportCmd struct {
	Partners    ImportPartnersCmd    `cmd:"" help:"Import partner organisations from CSV (UTF-8, or Excel's semicolon-separated Windows-1252)."`
	Assessments ImportAssessmentsCmd `cmd:"" help:"Import CAN × WILL assessments from CSV (as export writes them), all or nothing."`
	Prospects   ImportProspectsCmd   `cmd:"" help:"Import prospects into the recruitment pipeline from CSV, all or nothing."`
	Deals       ImportDealsCmd       `cmd:"" help:"Import deals from pakt's format, a Salesforce opportunity report or a Partner Center referrals export, all or nothing (docs/deal-import.md)."`
}

// ImportProspectsCmd imports prospects.
type ImportProspectsCmd struct {
	File string `arg:"" help:"CSV file to import." type:"existingfile"`
}

// Run checks every row and cell, then creates all prospects or none.
func (c *ImportProspectsCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	return importFile(ctx, g, out, c.File, "prospects", func(a *App, f io.Reader) ([]csvio.Error, int, error) {
		rep, err := a.Pipeline.ImportCSV(ctx, auth.System, f)
		if rep == nil {
			return nil, 0, err
		}
		return rep.Errors, rep.Imported, err
	})
}

// importFile opens the app and the file, runs an all-or-nothing import,
// and prints every error with its row and column, then the count.
func importFile(ctx context.Context, g *Globals, out io.Writer, name, noun string, run func(a *App, f io.Reader) ([]csvio.Error, int, error)) error {
	a, err := Open(ctx, g.config())
	if err != nil {
		return err
	}
	defer a.Close()
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	errs, imported, err := run(a, f)
	for _, e := range errs {
		fmt.Fprintf(out, "row %d, column %s: %s\n", e.Row, e.Column, e.Message)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "imported %d %s\n", imported, noun)
	return nil
}

// ImportDealsCmd imports deals.
type ImportDealsCmd struct {
	File string `arg:"" help:"CSV file to import." type:"existingfile"`
}

// Run imports the file's deals, all or none, each checked for conflicts.
func (c *ImportDealsCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	return importFile(ctx, g, out, c.File, "deals", func(a *App, f io.Reader) ([]csvio.Error, int, error) {
		rep, err := a.Deals.Import(ctx, auth.System, f)
		if rep == nil {
			return nil, 0, err
		}
		if err == nil {
			fmt.Fprintf(out, "read as %s; %d of the deals conflict with open registrations (see /deal-conflicts)\n", rep.Format, rep.Conflicts)
		}
		return rep.Errors, rep.Imported, err
	})
}

// ImportAssessmentsCmd imports assessments.
type ImportAssessmentsCmd struct {
	File string `arg:"" help:"CSV file to import." type:"existingfile"`
}

// Run checks every row and cell, then records all assessments or none.
func (c *ImportAssessmentsCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	return importFile(ctx, g, out, c.File, "assessments", func(a *App, f io.Reader) ([]csvio.Error, int, error) {
		rep, err := a.Portfolio.ImportCSV(ctx, auth.System, f)
		if rep == nil {
			return nil, 0, err
		}
		return rep.Errors, rep.Imported, err
	})
}

// ImportPartnersCmd imports partners.
type ImportPartnersCmd struct {
	File        string `arg:"" help:"CSV file to import." type:"existingfile"`
	SkipInvalid bool   `help:"Import the valid rows and write the rejected ones to --rejects."`
	Rejects     string `help:"Where --skip-invalid writes rejected rows (default: FILE.rejected.csv)."`
}

// Run checks every row, then imports all (or, with --skip-invalid, the valid ones).
func (c *ImportPartnersCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	a, err := Open(ctx, g.config())
	if err != nil {
		return err
	}
	defer a.Close()
	f, err := os.Open(c.File)
	if err != nil {
		return err
	}
	defer f.Close()
	opt := partner.ImportOptions{SkipInvalid: c.SkipInvalid}
	var rejects *os.File
	if c.SkipInvalid {
		name := c.Rejects
		if name == "" {
			name = strings.TrimSuffix(c.File, ".csv") + ".rejected.csv"
		}
		if rejects, err = os.Create(name); err != nil {
			return err
		}
		defer rejects.Close()
		opt.Rejects = rejects
	}
	var bar *progressbar.ProgressBar
	if f, ok := out.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		opt.Progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(out), progressbar.OptionSetDescription("importing"),
					progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
			}
			bar.Set(done)
		}
	}
	rep, err := partner.ImportCSV(ctx, a.Partners, auth.System, f, opt)
	if bar != nil {
		bar.Finish()
	}
	if rep != nil {
		for _, e := range rep.Errors {
			fmt.Fprintf(out, "row %d, column %s: %s\n", e.Row, e.Column, e.Message)
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "imported %d organisations", rep.Imported)
	if rep.Rejected > 0 {
		fmt.Fprintf(out, ", rejected %d (written to %s)", rep.Rejected, rejects.Name())
	}
	fmt.Fprintln(out)
	return nil
}

// ExportCmd exports CSV.
type ExportCmd struct {
	Partners    ExportPartnersCmd    `cmd:"" help:"Export partner organisations as CSV (UTF-8)."`
	Assessments ExportAssessmentsCmd `cmd:"" help:"Export every CAN × WILL assessment as CSV (UTF-8), one column per criterion."`
	Prospects   ExportProspectsCmd   `cmd:"" help:"Export the prospects of the recruitment pipeline as CSV (UTF-8)."`
	Deals       ExportDealsCmd       `cmd:"" help:"Export every registered deal as CSV in pakt's format, which import deals reads back."`
}

// ExportProspectsCmd exports prospects.
type ExportProspectsCmd struct {
	File string `arg:"" optional:"" help:"Output file; standard output when not given or -."`
	ExportFlags
}

// Run writes the CSV.
func (c *ExportProspectsCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	return exportFile(ctx, g, out, c.File, func(a *App, w io.Writer) error { return a.Pipeline.ExportCSV(ctx, auth.System, w, c.dialect()) })
}

// ExportDealsCmd exports deals.
type ExportDealsCmd struct {
	File string `arg:"" optional:"" help:"File to write (default: standard output)."`
	ExportFlags
}

// Run writes the deals.
func (c *ExportDealsCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	return exportFile(ctx, g, out, c.File, func(a *App, w io.Writer) error { return a.Deals.Export(ctx, auth.System, w, c.dialect()) })
}

// ExportAssessmentsCmd exports assessments.
type ExportAssessmentsCmd struct {
	File string `arg:"" optional:"" help:"Output file; standard output when not given or -."`
	ExportFlags
}

// Run writes the CSV.
func (c *ExportAssessmentsCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	return exportFile(ctx, g, out, c.File, func(a *App, w io.Writer) error { return a.Portfolio.ExportCSV(ctx, auth.System, w, c.dialect()) })
}

// ExportFlags are the options of every export.
type ExportFlags struct {
	Excel bool `help:"Write the file for German Excel: UTF-8 with byte order mark, separated by semicolons, Windows line ends (default: UTF-8 separated by commas). Import reads both."`
}

// dialect is the CSV dialect the flags ask for.
func (f ExportFlags) dialect() csvio.Dialect {
	if f.Excel {
		return csvio.Excel
	}
	return csvio.Plain
}

// exportFile opens the app and writes an export to the named file, or to
// out for "" and "-".
func exportFile(ctx context.Context, g *Globals, out io.Writer, name string, write func(a *App, w io.Writer) error) error {
	a, err := Open(ctx, g.config())
	if err != nil {
		return err
	}
	defer a.Close()
	w, closeFile, err := outputFile(name, out)
	if err != nil {
		return err
	}
	if err := write(a, w); err != nil {
		closeFile()
		return err
	}
	return closeFile()
}

// outputFile opens name for writing, or returns out for "" and "-".
func outputFile(name string, out io.Writer) (io.Writer, func() error, error) {
	if name == "" || name == "-" {
		return out, func() error { return nil }, nil
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}

// ExportPartnersCmd exports partners.
type ExportPartnersCmd struct {
	File string `arg:"" optional:"" help:"Output file; standard output when not given or -."`
	ExportFlags
}

// Run writes the CSV.
func (c *ExportPartnersCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	return exportFile(ctx, g, out, c.File, func(a *App, w io.Writer) error {
		return partner.ExportCSV(ctx, a.Partners, auth.System, w, c.dialect())
	})
}

// BackupCmd writes a backup.
type BackupCmd struct {
	File string `arg:"" help:"Backup file to write (must not exist)."`
}

// Run writes the backup.
func (c *BackupCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	d, err := db.Open(ctx, g.config().DatabaseURL())
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Backup(ctx, c.File); err != nil {
		return err
	}
	fmt.Fprintf(out, "backup of %s written to %s\n", d.URL, c.File)
	return nil
}

// RestoreCmd restores a backup.
type RestoreCmd struct {
	File string `arg:"" help:"Backup file, as pakt backup wrote it: a SQLite file, or pg_dump's custom format for PostgreSQL." type:"existingfile"`
}

// Run restores the backup and says whether its schema needs migrating.
func (c *RestoreCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	location := g.config().DatabaseURL()
	if err := db.Restore(ctx, location, c.File); err != nil {
		return err
	}
	d, err := db.Open(ctx, location)
	if err != nil {
		return err
	}
	defer d.Close()
	fmt.Fprintf(out, "%s restored into %s\n", c.File, d.URL)
	if err := d.CheckSchema(ctx); err != nil {
		fmt.Fprintf(out, "%v\n", err)
	}
	return nil
}

// CopyCmd copies a database into another.
type CopyCmd struct {
	From string `required:"" help:"The database to copy: a SQLite file path or a postgres:// URL; its schema must be this pakt's (pakt migrate)." placeholder:"URL"`
	To   string `required:"" help:"The empty database to copy into: a new SQLite file path or a postgres:// URL." placeholder:"URL"`
}

// Run copies and reports the tables and rows.
func (c *CopyCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	from, err := db.Open(ctx, c.From)
	if err != nil {
		return err
	}
	defer from.Close()
	to, err := db.Open(ctx, c.To)
	if err != nil {
		return err
	}
	defer to.Close()
	tables, rows := 0, 0
	err = db.Copy(ctx, from, to, func(table string, n int) {
		tables, rows = tables+1, rows+n
		if n > 0 {
			fmt.Fprintf(out, "  %s: %d rows\n", table, n)
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "copied %d rows of %d tables from %s to %s\n", rows, tables, from.URL, to.URL)
	return nil
}

// BenchCmd groups the load benchmarks. Each runs on a fresh database (a
// temporary SQLite file, or the empty database given with --database) and
// is bounded by its request count and --max-duration.
type BenchCmd struct {
	Directory BenchDirectoryCmd `cmd:"" help:"Seed demo partners, then measure directory searches through GET /api/v1/partners and in-process. Runs on a temporary SQLite file unless --database names an empty database."`
	Creates   BenchCreatesCmd   `cmd:"" help:"Measure profile creates through POST /api/v1/partners. Runs on a temporary SQLite file unless --database names an empty database."`
	Mixed     BenchMixedCmd     `cmd:"" help:"Seed demo partners, start pakt serve (one or more processes), and let many clients send a mixed workload: directory and profile pages, API lists, concierge questions, 10 % writes. Runs on a temporary SQLite file unless --database names an empty database."`
	Startup   BenchStartupCmd   `cmd:"" help:"Start pakt serve on a seeded database and measure the time to the first answered search, until /readyz says ready, and the resident memory. Uses --database (default: pakt.db in the data directory); signs in with a token of the admin bench-admin@pakt.example, created when missing."`
}

// BenchFlags are the options of every benchmark.
type BenchFlags struct {
	Concurrency int           `help:"Goroutines sending requests." default:"2"`
	MaxDuration time.Duration `help:"Stop the measured requests after this long even if not all were sent." default:"2m"`
	CPUProfile  string        `name:"cpu-profile" help:"Write a CPU profile of the whole run, seeding included (server and clients run in this process), to this file." type:"path"`
}

// cpuProfile writes a CPU profile to path (none when empty) until the
// returned function is called.
func cpuProfile(path string) (stop func() error, err error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	out, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(out); err != nil {
		return nil, errors.Join(err, out.Close())
	}
	return func() error {
		pprof.StopCPUProfile()
		return out.Close()
	}, nil
}

func (f BenchFlags) options(g *Globals, out io.Writer) bench.Options {
	// The global --database (or PAKT_DATABASE) names the database to run
	// on; without it a temporary SQLite file is used, never the data
	// directory's pakt.db.
	log := g.config().Log
	return bench.Options{Open: benchOpener(log), Database: g.Database, Concurrency: f.Concurrency, MaxDuration: f.MaxDuration, Progress: out}
}

// benchOpener opens the real pakt for a benchmark, on 127.0.0.1:0.
func benchOpener(log *slog.Logger) bench.Opener {
	return func(ctx context.Context, location string) (*bench.Target, error) {
		a, err := Open(ctx, Config{Database: location, Addr: "127.0.0.1:0", Migrate: true, Log: log})
		if err != nil {
			return nil, err
		}
		return &bench.Target{DB: a.DB, Auth: a.Auth, Partners: a.Partners, Listen: a.Listen, Run: a.Run, Close: a.Close}, nil
	}
}

// BenchDirectoryCmd benchmarks the partner directory.
type BenchDirectoryCmd struct {
	BenchFlags
	Partners int `help:"Number of demo partners to seed." default:"100000"`
	Queries  int `help:"Number of searches to send." default:"2000"`
}

// Run seeds, serves, measures and prints the report.
func (c *BenchDirectoryCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	stop, err := cpuProfile(c.CPUProfile)
	if err != nil {
		return err
	}
	rep, err := bench.Directory(ctx, bench.DirectoryOptions{Options: c.options(g, out), Partners: c.Partners, Queries: c.Queries})
	err = errors.Join(err, stop())
	if err != nil {
		return err
	}
	rep.Write(out)
	return nil
}

// BenchCreatesCmd benchmarks creating organisations through the API.
type BenchCreatesCmd struct {
	BenchFlags
	Count   int `help:"Number of organisations to create." default:"2000"`
	Readers int `help:"Clients that get partner profiles (GET /api/v1/partners/{id}) of 1000 organisations loaded before, while the creates run." default:"0"`
}

// Run serves, measures and prints the report.
func (c *BenchCreatesCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	stop, err := cpuProfile(c.CPUProfile)
	if err != nil {
		return err
	}
	rep, err := bench.Creates(ctx, bench.CreatesOptions{Options: c.options(g, out), Count: c.Count, Readers: c.Readers})
	err = errors.Join(err, stop())
	if err != nil {
		return err
	}
	rep.Write(out)
	return nil
}

// BenchMixedCmd benchmarks a mixed workload of many clients on `pakt
// serve` processes.
type BenchMixedCmd struct {
	Partners    int           `help:"Number of demo partners to seed." default:"100000"`
	Clients     int           `help:"Clients sending requests at the same time." default:"500"`
	Duration    time.Duration `help:"How long the clients send requests." default:"60s"`
	Requests    int           `help:"Stop after this many requests even before --duration." default:"1000000"`
	Think       time.Duration `help:"Mean pause of each client between its requests, as a person reads a page (exponential, at most 5 × this); 0 sends the next request at once." default:"0s"`
	Servers     int           `help:"pakt serve processes on the database, sharing the clients; with 2 or more, a probe also measures how soon a change through one shows in another." default:"1"`
	RestartDB   time.Duration `name:"restart-db" help:"Run on a PostgreSQL server of the benchmark's own (initdb in a temporary directory, a free port of 127.0.0.1; needs PostgreSQL's server programs) and stop it for this long a third into the run: reports the 503 answers, the recovery and any acknowledged create lost. 0: no restart." default:"0s"`
	StopMode    string        `name:"stop-mode" help:"How --restart-db stops the server, as pg_ctl stop -m: fast (sessions ended, a checkpoint) or immediate (no checkpoint: crash recovery at the start)." enum:"fast,immediate" default:"fast"`
	MaxDuration time.Duration `help:"Upper bound of --duration." default:"10m"`
}

// Run seeds, starts the servers, measures and prints the report.
func (c *BenchMixedCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	o, err := BenchFlags{Concurrency: c.Clients, MaxDuration: c.MaxDuration}.processOptions(g, out)
	if err != nil {
		return err
	}
	rep, err := bench.Mixed(ctx, bench.MixedOptions{Options: o, Partners: c.Partners, Duration: c.Duration, Requests: c.Requests, Servers: c.Servers, Think: c.Think,
		RestartDB: c.RestartDB, StopMode: c.StopMode})
	if err != nil {
		return err
	}
	rep.Write(out)
	if g := rep.Outage; g != nil && (g.Lost > 0 || g.Failed > 0) {
		return fmt.Errorf("bench: through the restart of the database %d acknowledged creates were lost and %d requests failed otherwise than with 503", g.Lost, g.Failed)
	}
	return nil
}

// BenchStartupCmd benchmarks the start of `pakt serve` on a seeded
// database.
type BenchStartupCmd struct {
	Searches    int           `help:"Directory searches to send once the server is ready." default:"50"`
	MaxDuration time.Duration `help:"Give up when the server has not answered after this long." default:"5m"`
	Snapshot    bool          `help:"Run the server on the data directory (--data), where it keeps the snapshot of its directory index as pakt serve does: the first run writes it, the next starts from it. Without it, the server gets an empty temporary data directory and loads the index from the database."`
}

// Run starts the server, measures and prints the report.
func (c *BenchStartupCmd) Run(ctx context.Context, g *Globals, out io.Writer) error {
	o, err := BenchFlags{Concurrency: 1, MaxDuration: c.MaxDuration}.processOptions(g, out)
	if err != nil {
		return err
	}
	o.Database = g.config().DatabaseURL()
	so := bench.StartupOptions{Options: o, Searches: c.Searches}
	if c.Snapshot {
		so.Data = cmp.Or(g.Data, "pakt-data")
	}
	rep, err := bench.Startup(ctx, so)
	if err != nil {
		return err
	}
	rep.Write(out)
	return nil
}

// processOptions are the options of a benchmark that starts this
// executable as `pakt serve`.
func (f BenchFlags) processOptions(g *Globals, out io.Writer) (bench.Options, error) {
	exe, err := os.Executable()
	if err != nil {
		return bench.Options{}, fmt.Errorf("bench: the pakt executable: %w", err)
	}
	o := f.options(g, out)
	o.Executable = exe
	return o, nil
}
