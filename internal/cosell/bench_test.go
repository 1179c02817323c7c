package cosell

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/match"
	"pakt/internal/partner"
)

// The words the benchmark's customers are made of: trades, family names,
// places and legal forms, as German small and medium companies are called.
var (
	benchTrades = []string{"Bäckerei", "Metzgerei", "Schreinerei", "Autohaus", "Elektro", "Sanitär", "Dachdeckerei", "Malerbetrieb", "Zahnarztpraxis",
		"Steuerkanzlei", "Hotel", "Gasthof", "Druckerei", "Maschinenbau", "Logistik", "Spedition", "Brauerei", "Apotheke", "Optik", "Bauunternehmen",
		"Gärtnerei", "Reisebüro", "Fahrschule", "Immobilien", "Versicherungsbüro", "Ingenieurbüro", "Architekturbüro", "Kfz-Werkstatt", "Modehaus", "Möbelhaus"}
	benchNames = []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch",
		"Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange",
		"Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer",
		"Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Vogel", "Friedrich", "Keller",
		"Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm",
		"Winter", "Kraus", "Martin", "Schumacher", "Krämer", "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt",
		"Haas", "Schreiber", "Graf", "Schulte", "Dietrich", "Ziegler", "Kuhn", "Kühn", "Pohl", "Engel", "Horn", "Busch", "Bergmann", "Thomas",
		"Voigt", "Sauer", "Arnold", "Wolff", "Pfeiffer", "Größl", "Lindner", "Kern", "Wimmer", "Brunner", "Gruber", "Hofer", "Eder", "Pichler"}
	benchPlaces = []string{"München", "Nürnberg", "Augsburg", "Regensburg", "Würzburg", "Ingolstadt", "Fürth", "Erlangen", "Bamberg", "Bayreuth",
		"Landshut", "Passau", "Rosenheim", "Kempten", "Leipzig", "Dresden", "Köln", "Bonn", "Stuttgart", "Ulm", "Freiburg", "Mainz", "Kassel",
		"Hannover", "Bremen", "Kiel", "Rostock", "Erfurt", "Jena", "Trier"}
	benchForms = []string{"GmbH", "GmbH & Co. KG", "KG", "e.K.", "AG", "OHG", "UG (haftungsbeschränkt)", "", ""}
)

// benchSyllables make the family names beyond the common ones: Germany has
// hundreds of thousands of them, and a million customers are mostly
// different companies.
var benchSyllables = []string{"Ah", "Bar", "Ber", "Bran", "Dor", "Eck", "Fal", "Gei", "Hal", "Hen", "Kas", "Kel", "Lie", "Mar", "Nie", "Ort",
	"Pes", "Rei", "Ros", "Sal", "Sen", "Tan", "Ul", "Vol", "Wal", "Wen", "Zel", "Hu", "Lo", "Stau"}
var benchEndings = []string{"bach", "berger", "dorf", "ecker", "feld", "hammer", "hofer", "kamp", "lein", "mann", "meier", "ner", "rich",
	"ritz", "schmid", "stein", "ter", "wald", "wig", "zer"}

// benchCustomer is a customer of the benchmark: trade, one or two family
// names (common ones, or made of syllables), sometimes a place, a legal
// form.
func benchCustomer(r *rand.Rand) (name, domain string) {
	family := func() string {
		if r.IntN(4) == 0 {
			return benchNames[r.IntN(len(benchNames))]
		}
		return benchSyllables[r.IntN(len(benchSyllables))] + benchEndings[r.IntN(len(benchEndings))]
	}
	trade, fam := benchTrades[r.IntN(len(benchTrades))], family()
	name = trade + " " + fam
	if r.IntN(3) == 0 {
		name += " & " + family()
	}
	if r.IntN(2) == 0 {
		name += " " + benchPlaces[r.IntN(len(benchPlaces))]
	}
	if f := benchForms[r.IntN(len(benchForms))]; f != "" {
		name += " " + f
	}
	if r.IntN(2) == 0 {
		domain = fmt.Sprintf("kunde-%d.example", r.Uint32())
	}
	return name, domain
}

// typo changes one letter of s, as a hasty partner types it.
func typo(r *rand.Rand, s string) string {
	rs := []rune(s)
	i := r.IntN(len(rs))
	rs[i] = rune('a' + r.IntN(26))
	return string(rs)
}

// BenchmarkConflictCheck1M is the conflict check of a registration
// against 1 000 000 registered deals (all open, 1 000 partners) on SQLite:
// the candidate queries by domain, canonical name and blocks, and the
// matcher's comparison of each candidate. Each operation checks one
// customer: a third are registered ones with a typo, a third the same ones
// in another order, a third new. It reports the p50 and p99 latency; the
// target is p99 ≤ 20 ms. Building the database takes a minute or two. Run:
//
//	go test -run '^$' -bench ConflictCheck1M -benchtime 2000x ./internal/cosell/
func BenchmarkConflictCheck1M(b *testing.B) {
	const deals, orgs = 1_000_000, 1_000
	ctx := context.Background()
	d := dbtest.SQLite(b)
	r := rand.New(rand.NewPCG(11, 1))
	partners := partner.NewService(d, time.Now)
	drafts := make([]partner.Draft, orgs)
	for i := range drafts {
		name := fmt.Sprintf("Benchmark-Partner %04d GmbH", i)
		drafts[i].Input = partner.Input{LegalName: &name}
	}
	ids, err := partners.CreateAll(ctx, auth.System, drafts, nil)
	if err != nil {
		b.Fatal(err)
	}
	type known struct{ name, domain string }
	var sample []known
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO deals (id, org_id, customer_name, customer_domain, customer_country, name_key,
			solution, value_minor, currency, expected_close, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, 'DE', $5, 'Lösung', 1000000, 'EUR', $6, $7, $8, $8)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		blocks, err := tx.PrepareContext(ctx, `INSERT INTO deal_blocks (block, name_key, deal_id) VALUES ($1, $2, $3)`)
		if err != nil {
			return err
		}
		defer blocks.Close()
		for i := range deals {
			name, domain := benchCustomer(r)
			k := match.Normalize(match.Customer{Name: name, Domain: domain, Country: "DE"})
			status := StatusRegistered
			if i%2 == 0 {
				status = StatusApproved
			}
			id := db.NewID()
			if _, err := stmt.ExecContext(ctx, id, ids[i%orgs], name, k.Domain, k.Name, at.AddDate(0, 3, 0), status, at); err != nil {
				return err
			}
			for _, bk := range k.Blocks {
				if _, err := blocks.ExecContext(ctx, bk, k.Name, id); err != nil {
					return err
				}
			}
			if i%1000 == 0 {
				sample = append(sample, known{name, domain})
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := d.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	s := &Service{DB: d}
	queries := make([]Customer, 0, 3000)
	for i := range 3000 {
		k := sample[i%len(sample)]
		switch i % 3 {
		case 0:
			queries = append(queries, Customer{Name: typo(r, k.name), Country: "DE"})
		case 1:
			queries = append(queries, Customer{Name: k.name, Domain: k.domain, Country: "DE"})
		default:
			name, domain := benchCustomer(r)
			queries = append(queries, Customer{Name: name, Domain: domain, Country: "DE"})
		}
	}
	times := make([]time.Duration, 0, b.N)
	found := 0
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		ev, err := s.Check(ctx, queries[i%len(queries)], "no-such-org")
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
		found += len(ev)
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(found)/float64(b.N), "matches/op")
}
