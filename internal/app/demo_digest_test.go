package app_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"pakt/internal/app"
	"pakt/internal/auth"
	"pakt/internal/demo"
)

// demoDigest is what TestDemoDigest expects the demo (40 partners, seed 1,
// history ending demoNow) to hold: every table's row count and a hash of
// its rows' deterministic columns.
const demoDigest = `
activities 80 44fc84ea9bb48674
activity_contacts 76 2c146c12a3649597
activity_quarters 49 51237fec28d7da1f
admission_settings 1 8eb74552bad805f9
agreement_acceptances 8 81fdfeefde6560ff
agreement_parties 11 203b4c6f4f16b98a
agreement_versions 7 94d8be8c9001f93a
agreements 5 ace094ecef886888
api_tokens 0 e3b0c44298fc1c14
application_competencies 12 4d25a0aef7547dba
application_references 15 19294414fb72837b
application_votes 8 5e3115b8fc5b9686
applications 6 a83e9bfd38c41176
assessment_scores 729 bb1d67ef0cb68c36
assessments 81 bde085524d566110
audit_log 1568 c96b21bc2f6b7233
business_cases 12 e42a72b095b46fb1
cadences 4 6a391d79c3fa63fc
calendar_feeds 0 e3b0c44298fc1c14
certification_proofs 6 c2627bc801149e8d
certifications 39 2f3c4e9af3eeeaa0
checklist_templates 13 ded0958f6768f1bc
community_event_registrations 31 4ef99e2507b34b64
community_events 5 4f36e396b89f78b8
community_settings 1 bacd305557efda52
competencies 31 e219a358f08ecb45
concierge_pins 3 dad5ef52588c6e31
concierge_settings 1 0a0f7b5691ff8dc6
contacts 84 6882e839d49bf15b
counters 7 22f9b8689ff3989d
criteria 9 a68be825a1cdead6
deal_blocks 356 92007e10250522e9
deal_competencies 8 678e2e7b665d6477
deal_conflicts 2 022e8118f862aacb
deal_parties 56 46cb5ce12e0d4d39
deal_settings 1 c41527288749f0e3
deal_split_changes 1 fd730d13fe55b8ee
deal_split_votes 0 e3b0c44298fc1c14
deals 50 3605aeaf17d4f93c
directory_snapshots 0 e3b0c44298fc1c14
dues_fees 16 72727df5106fe2cf
dues_resignations 1 e9419741e70af393
dues_settings 1 ef4e904cba75bdc7
event_outbox 568 fe4a4fd4104bbc29
exchange_answers 14 771d59199f511dca
exchange_listing_topics 26 5313e1fadb1bdd70
exchange_listings 13 b8f72a675d3910d7
exchange_subscriptions 0 e3b0c44298fc1c14
fund_activities 14 da99c306a9e048c1
fund_budgets 124 9c47a73e9296e4bf
fund_files 18 29c02b95345db5db
fund_links 5 5f9127889831f0bf
handovers 4 625707de50434f26
ideal_profile_weights 18 ff2ca28366fd0dab
ideal_profiles 3 ed2cd6281bc123cc
incentive_lines 16 c56048d04653f2f4
incentive_rule_versions 2 ebc9e719faeb0c7e
incentive_rules 1 2c4c919da71d0d9b
introductions 12 a37b029f2684205c
jourfixe_feeds 0 e3b0c44298fc1c14
jourfixe_meetings 83 59722d2b1ab30dd0
jourfixe_notes 3 57391a3c1b7ae32a
jourfixe_parties 4 e2360f67e72fe4b1
jourfixe_series 2 db46ce28927b4337
latest_profile_assessments 46 51deef5d1c8d3a22
lead_campaigns 3 a3c7ee919a38e1ea
lead_competencies 33 61102bb754fec16b
lead_offers 29 3d9d3171cde45fd6
lead_queue 40 31c0b13653bb5123
leads 25 03665ebac58878c9
login_failures 0 e3b0c44298fc1c14
manager_rotation 2 1b1ee0bbeae049a4
manager_rotation_turn 1 d09d2f8c654abbbf
manager_rules 2 cfc95b2bb4c5d72b
memberships 11 338359d761a53b62
notifications 174 213a85b4d2759f16
offboardings 1 e09fe53728bd531d
onboarding_tasks 18 2ce53728b03961cc
org_certification_proofs 6 1659196c4da36f91
org_domains 40 bc8625a31b9bd9e8
organisation_competencies 120 dda68429f1c67d72
organisation_deputies 3 b72b6fa633ca5533
organisations 70 a61dff1ed7168126
outbox 174 d1a361d33f8dcf10
ownership_settings 1 ed1801d38bebbebd
pain_point_votes 57 13244a3d6aaf3256
pain_points 10 8ee6472ed9ec0aac
password_resets 0 e3b0c44298fc1c14
person_certifications 31 6529cdc02fe2ff29
pipeline_settings 1 8aa2cae44005b0b2
plans 6 63d696a3e5e6c8a7
portfolio_settings 1 970ce4e012872fbd
project_references 73 42d02eefbe36a7c4
prospect_stage_changes 122 8853bedd87e07524
prospects 28 d469f964c2496b58
rate_limits 1 78099996c9d6e5a2
recruiter_fee_rules 2 43a0bf9f2d49e64d
resources 22 40dc31f649f3b8d4
self_assessment_counts 0 e3b0c44298fc1c14
self_assessments 0 e3b0c44298fc1c14
sessions 0 e3b0c44298fc1c14
shared_business_cases 3 0c57182cd0660760
sso_logins 0 e3b0c44298fc1c14
stage_gates 3 5713b4b310105ed6
survey_answer_values 52 fba4ece9b1694d98
survey_answers 20 51f42dfc92ab5341
survey_invitations 90 35d13e244f7347ce
survey_questions 3 0e4c5204efe28e8a
survey_round_questions 9 5dcdbca7fc68327b
survey_rounds 3 813c4533c800642c
survey_settings 1 2a384a74caec9fe4
targets 8 a9510953e3183f30
tier_requirements 6 1af37141b8c25f2f
trainings 3 6e89d707d2109502
users 52 d2c75d5bfc7f249d
webhook_attempts 0 e3b0c44298fc1c14
webhook_deliveries 0 e3b0c44298fc1c14
webhook_endpoints 0 e3b0c44298fc1c14
work_group_announcements 0 e3b0c44298fc1c14
work_group_attendances 132 ba01e7b5baa4dda7
work_group_files 3 d163f66e5a43a4c4
work_group_meetings 44 53339941b4390196
work_group_members 66 405de936fc0ca000
work_group_regions 5 c1105334231c494b
work_group_tallies 30 c349aeb644e3a4ab
work_groups 11 93d0ec7640a708de
`

var demoNow = time.Date(2026, time.March, 12, 10, 30, 0, 0, time.UTC)

// demoVolatile are the columns that differ between two seeds of the same
// demo beyond the generated ids: salted password hashes, the time of the
// migrations, the change numbers, whose shards are picked at random, and
// the hashes of public applicants' random private links.
// They are left out of the digest.
var demoVolatile = map[string]bool{"users.password_hash": true, "goose_db_version.tstamp": true,
	"organisations.seq": true, "prospect_stage_changes.seq": true, "applications.status_token": true}

// demoTables read a table otherwise than whole: a counter's shards (picked
// at random) as the sum of their values, the number of its moves.
var demoTables = map[string]string{"counters": `SELECT name, sum(value) AS value FROM counters GROUP BY name`}

// uuid matches the generated ids (UUIDv7), which differ between seeds.
var uuid = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// TestDemoDigest seeds the demo into a fresh SQLite database with a fixed
// clock and seed and compares what it holds with demoDigest, so that moving
// the demo's code does not change its data by accident.
func TestDemoDigest(t *testing.T) {
	got := seedDemoDigest(t)
	if got != demoDigest {
		t.Errorf("the demo data changed (got the first digest, want the second); if the change is intended, "+
			"copy the first into demoDigest in internal/app/demo_digest_test.go.\ngot:%s\nwant:%s", got, demoDigest)
	}
}

func seedDemoDigest(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	params := auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	a, err := app.Open(ctx, app.Config{Database: filepath.Join(t.TempDir(), "demo.db"), Migrate: true,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), PasswordParams: &params, TimeZone: "Europe/Berlin",
		Now: func() time.Time { return demoNow }})
	if err != nil {
		t.Fatalf("open app: %v", err)
	}
	defer a.Close()
	if _, err := demo.Seed(ctx, a.DemoOptions(40, 1, demoNow)); err != nil {
		t.Fatalf("seed: %v", err)
	}
	digest, err := tableDigest(ctx, a.DB.DB)
	if err != nil {
		t.Fatal(err)
	}
	return digest
}

// tableDigest lists every table with its row count and a hash of its rows'
// deterministic columns, the rows in sorted order. An id of an
// organisation, user or competency reads as its name, e-mail or slug, so
// that who is linked to whom counts; any other id reads as "#".
func tableDigest(ctx context.Context, d *sql.DB) (string, error) {
	names := map[string]string{}
	for _, q := range []string{`SELECT id, legal_name FROM organisations`, `SELECT id, email FROM users`, `SELECT id, slug FROM competencies`} {
		if err := namesOf(ctx, d, q, names); err != nil {
			return "", err
		}
	}
	rows, err := d.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'goose_%' ORDER BY name`)
	if err != nil {
		return "", err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return "", err
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	var b strings.Builder
	for _, table := range tables {
		lines, err := tableRows(ctx, d, table, names)
		if err != nil {
			return "", fmt.Errorf("%s: %w", table, err)
		}
		slices.Sort(lines)
		h := sha256.Sum256([]byte(strings.Join(lines, "\n")))
		fmt.Fprintf(&b, "\n%s %d %x", table, len(lines), h[:8])
	}
	return b.String() + "\n", nil
}

func namesOf(ctx context.Context, d *sql.DB, query string, names map[string]string) error {
	rows, err := d.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		names[id] = name
	}
	return rows.Err()
}

func tableRows(ctx context.Context, d *sql.DB, table string, names map[string]string) ([]string, error) {
	query, ok := demoTables[table]
	if !ok {
		query = `SELECT * FROM "` + table + `"`
	}
	rows, err := d.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		var fields []string
		for i, c := range cols {
			if demoVolatile[table+"."+c] {
				continue
			}
			v := vals[i]
			if bs, ok := v.([]byte); ok {
				v = string(bs)
			}
			text := uuid.ReplaceAllStringFunc(fmt.Sprint(v), func(id string) string {
				if name, ok := names[id]; ok {
					return name
				}
				return "#"
			})
			fields = append(fields, c+"="+text)
		}
		lines = append(lines, strings.Join(fields, "\t"))
	}
	return lines, rows.Err()
}
