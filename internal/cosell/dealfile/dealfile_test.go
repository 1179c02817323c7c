package dealfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"pakt/internal/apperr"
	"pakt/internal/csvio"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// readFile reads a file of testdata, which must be of format want.
func readFile(t *testing.T, name string, want Format) []Row {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	format, rows, err := Read(f)
	if err != nil {
		t.Fatalf("Read(%s): %v\n%v", name, err, Problems(err, "en"))
	}
	if format != want {
		t.Errorf("Read(%s): format %q, want %q", name, format, want)
	}
	return rows
}

func checkRows(t *testing.T, got, want []Row) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d rows, want %d:\n%+v", len(got), len(want), got)
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestReadSalesforce(t *testing.T) {
	rows := readFile(t, "salesforce.csv", Salesforce)
	checkRows(t, rows, []Row{
		{Line: 2, Partner: "Müller IT GmbH & Co. KG", Customer: "Bäckerei Größl GmbH", Domain: "baeckerei-groessl.de",
			Country: "DE", Postcode: "80331", City: "München", Industry: "retail", Size: "medium",
			Solution: "Größl - Kassensystem für 14 Filialen", Value: 4850000, Currency: "EUR", ExpectedClose: day(2026, 6, 30),
			Description: "Kassen und Warenwirtschaft für alle Filialen, Rollout vor dem Weihnachtsgeschäft.",
			State:       "registered", Stage: "qualify", ExternalID: "0065g00000Q8xKpAAJ"},
		{Line: 3, Partner: "nordlicht-software.de", Customer: "Müller Maschinenbau GmbH & Co. KG", Domain: "mueller-maschinenbau.de",
			Country: "DE", Postcode: "70173", City: "Stuttgart", Industry: "manufacturing", Size: "enterprise",
			Solution: "Müller Maschinenbau - Predictive Maintenance", Value: 12600000, Currency: "EUR", ExpectedClose: day(2026, 9, 15),
			Description: "Sensorik an 40 Fräsmaschinen, Auswertung in der Cloud.", State: "approved", Stage: "propose",
			ExternalID: "0065g00000Q8xKqAAJ"},
		{Line: 4, Partner: "Müller IT GmbH & Co. KG", Customer: "Stadtwerke Überlingen GmbH", Domain: "stadtwerke-ueberlingen.de",
			Country: "DE", Postcode: "88662", City: "Überlingen", Industry: "energy", Size: "large",
			Solution: "Stadtwerke Überlingen - Kundenportal", Value: 8625050, Currency: "EUR", ExpectedClose: day(2026, 3, 31),
			State: "won", ExternalID: "0065g00000Q8xKrAAJ"},
		{Line: 5, Partner: "Alpen Consulting AG", Customer: "Hofmann Logistik AG", Domain: "hofmann-logistik.ch",
			Country: "CH", Postcode: "8005", City: "Zürich", Industry: "logistics", Size: "medium",
			Solution: "Hofmann - Lagerverwaltung", Value: 5400000, Currency: "CHF", ExpectedClose: day(2026, 2, 27),
			State: "lost", Reason: "Kunde hat sich für Eigenentwicklung entschieden", ExternalID: "0065g00000Q8xKsAAJ"},
		{Line: 6, Partner: "Müller IT GmbH & Co. KG", Customer: "Weingut Schäfer", Domain: "weingut-schaefer.de",
			Country: "DE", Postcode: "67098", City: "Bad Dürkheim", Size: "small", Solution: "Schäfer - Onlineshop",
			ExpectedClose: day(2026, 11, 30), State: "approved", Stage: "develop", ExternalID: "0065g00000Q8xKtAAJ"},
	})
}

func TestReadSalesforceGerman(t *testing.T) {
	rows := readFile(t, "salesforce-de.csv", Salesforce)
	checkRows(t, rows, []Row{
		{Line: 2, Partner: "Müller IT GmbH & Co. KG", Customer: "Sanitär Wagner UG (haftungsbeschränkt)", Domain: "sanitaer-wagner.de",
			Country: "DE", City: "Leipzig", Size: "enterprise", Solution: "Wagner - Einsatzplanung", Value: 1890000, Currency: "EUR",
			ExpectedClose: day(2026, 7, 15), State: "approved", Stage: "negotiate", ExternalID: "0065g00000Q9aAbAAJ"},
		{Line: 3, Partner: "Müller IT GmbH & Co. KG", Customer: "Zahnarztpraxis Dr. Krüger", Country: "DE", City: "Köln", Size: "micro",
			Solution: "Krüger - Praxis-IT", Value: 745000, Currency: "EUR", ExpectedClose: day(2026, 2, 28), State: "won",
			ExternalID: "0065g00000Q9aAcAAJ"},
	})
}

func TestReadPartnerCenter(t *testing.T) {
	rows := readFile(t, "partnercenter.csv", PartnerCenter)
	checkRows(t, rows, []Row{
		{Line: 2, Partner: "Müller IT GmbH & Co. KG", Customer: "Bäckerei Größl GmbH", Country: "DE", City: "München",
			Solution: "Größl Cloud-Kasse", Value: 4850000, Currency: "EUR", ExpectedClose: day(2026, 6, 30), State: "approved",
			Reason: "Engaged", ExternalID: "5f0c2b1e-8d4a-4a57-9a51-3c7f0e6b9d21"},
		{Line: 3, Partner: "Müller IT GmbH & Co. KG", Customer: "Alpenblick Hotel KG", Country: "AT", City: "Graz",
			Solution: "Hotel-Buchungsplattform", Value: 2399999, Currency: "EUR", ExpectedClose: day(2026, 4, 30), State: "won",
			Reason: "Won", ExternalID: "8e3d4c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b"},
		{Line: 4, Partner: "Müller IT GmbH & Co. KG", Customer: "Brauerei Rothaus AG", Country: "CH", City: "Basel",
			Solution: "Brauerei-ERP", Value: 3150000, Currency: "CHF", ExpectedClose: day(2026, 3, 31), State: "rejected",
			Reason: "Customer not eligible for co-sell", ExternalID: "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"},
	})
}

var paktRows = []Row{
	{Line: 2, Partner: "Müller IT GmbH & Co. KG", Customer: "Bäckerei Größl GmbH", Domain: "baeckerei-groessl.de", Country: "DE",
		Postcode: "80331", City: "München", Industry: "retail", Size: "medium", Solution: "Kassensystem für 14 Filialen",
		Competencies: []string{"Cloud-Migration", "Kassensysteme"}, Value: 4850000, Currency: "EUR", ExpectedClose: day(2026, 6, 30),
		Description: "Kassen und Warenwirtschaft für alle Filialen.\nRollout vor dem Weihnachtsgeschäft.", State: "approved",
		Stage: "develop", ExternalID: "0065g00000Q8xKpAAJ"},
	{Line: 3, Partner: "nordlicht-software.de", Customer: "Schneider Elektrotechnik e.K.", Domain: "schneider-elektro.de", Country: "DE",
		Postcode: "90402", City: "Nürnberg", Industry: "construction", Size: "small", Solution: "Wartungsportal", Value: 1200000,
		Currency: "EUR", ExpectedClose: day(2026, 9, 30), State: "registered"},
	{Line: 4, Partner: "Alpen Consulting AG", Customer: "Hofmann Logistik AG", Domain: "hofmann-logistik.ch", Country: "CH",
		Postcode: "8005", City: "Zürich", Industry: "logistics", Size: "large", Solution: "Lagerverwaltung", Value: 5400000,
		Currency: "CHF", ExpectedClose: day(2026, 2, 27), State: "lost", Reason: "Eigenentwicklung beim Kunden"},
	{Line: 5, Partner: "Müller IT GmbH & Co. KG", Customer: "Café Zoë", Country: "AT", Postcode: "1010", City: "Wien",
		Industry: "tourism", Size: "micro", Solution: "Kassensystem", Value: 390000, Currency: "EUR", ExpectedClose: day(2026, 5, 31),
		State: "registered", Stage: "qualify"},
}

func TestReadPakt(t *testing.T) {
	rows := readFile(t, "pakt.csv", Pakt)
	checkRows(t, rows, paktRows)
}

func TestRoundTrip(t *testing.T) {
	for _, d := range []csvio.Dialect{csvio.Plain, csvio.Excel} {
		var b bytes.Buffer
		if err := Write(&b, d, paktRows); err != nil {
			t.Fatal(err)
		}
		format, rows, err := Read(&b)
		if err != nil {
			t.Fatalf("dialect %+v: %v\n%v", d, err, Problems(err, "en"))
		}
		if format != Pakt {
			t.Errorf("format = %q", format)
		}
		checkRows(t, rows, paktRows)
	}
	// A text that looks like a formula is written harmless and read back
	// as it was.
	formula := []Row{{Line: 2, Partner: "=HYPERLINK(\"x\")", Customer: "+49 Bäckerei", ExpectedClose: day(2026, 1, 2), State: "registered",
		Value: 5, Currency: "JPY"}}
	var b bytes.Buffer
	if err := Write(&b, csvio.Plain, formula); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), ",=HYPERLINK") || strings.HasPrefix(strings.Split(b.String(), "\n")[1], "=") {
		t.Errorf("a formula was written as it is:\n%s", b.String())
	}
	_, rows, err := Read(&b)
	if err != nil {
		t.Fatal(err, Problems(err, "en"))
	}
	checkRows(t, rows, formula)
}

// problems reads a file and returns its problems as "row/column: message".
func problems(t *testing.T, file string) []string {
	t.Helper()
	_, rows, err := Read(strings.NewReader(file))
	if err == nil {
		t.Fatalf("no error; rows %+v", rows)
	}
	var be *apperr.BatchError
	if !errors.As(err, &be) {
		t.Fatalf("error %v is no BatchError", err)
	}
	if rows != nil {
		t.Errorf("rows returned with an error: %+v", rows)
	}
	var out []string
	for _, p := range Problems(err, "en") {
		out = append(out, fmt.Sprintf("%d/%s: %s", p.Row, p.Column, p.Message))
	}
	return out
}

func TestReadErrors(t *testing.T) {
	const paktHeader = "partner,customer,country,value,currency,expected_close,state,stage,industry,size,domain,external_id\n"
	const sfHeader = "Opportunity Name,Account Name,Stage,Amount,Close Date,Partner Account,Billing Country\n"
	for _, c := range []struct {
		why, file string
		want      []string
	}{
		{"unknown format", "Name,Kunde\nA,B\n", []string{"1/: Unknown file format: the first row names neither the columns of pakt's deal file (partner, customer, expected_close …) nor those of a Salesforce opportunity report (Opportunity Name, Account Name, Stage …) nor those of a Partner Center co-sell download (Referral ID, Customer Name, Deal Type …)."}},
		{"empty file", "", []string{"1/: The file is not valid CSV here: The file is empty: the first row must name the columns."}},
		{"broken quote", paktHeader + "\"A,B\n", []string{"2/partner: The file is not valid CSV here: A quoted cell is not closed, or its closing quote is not followed by a separator. (line 2 of the file)"}},
		{"unknown and doubled columns in pakt's format", "partner,customer,expected_close,Kundennummer,customer\n", []string{
			"1/customer: This column appears twice.", "1/Kundennummer: Unknown column."}},
		{"missing column", "Opportunity Name,Account Name,Stage,Amount\n", []string{
			"1/Partner Account: Required column missing.", "1/Close Date: Required column missing."}},
		{"too few cells", paktHeader + "A,B,DE\n", []string{"2/value: The row has 3 cells, the header 12: a cell or separator is missing, or a value holds a separator and should be in quotes."}},
		{"required values", paktHeader + ",  ,DE,,,,,,,,,\n", []string{
			"2/partner: Required: please fill in.", "2/customer: Required: please fill in.", "2/expected_close: Required: please fill in."}},
		{"bad cells, in the order of the columns", paktHeader + "A,B,Atlantis,\"12,5,0\",EUR,31.02.2026,verkauft,soon,Bergbau,huge,not a domain,\n", []string{
			"2/country: Unknown country: write its code (DE) or its name in German or English.",
			"2/value: Not an amount: write it as 12,500.00, 12.500,00 or EUR 12,500.00.",
			"2/expected_close: Not a date: write it as 2026-12-31, 31.12.2026 or 12/31/2026.",
			"2/state: Unknown value “verkauft”. Allowed: registered, approved, rejected, won, lost, expired.",
			"2/industry: Unknown industry. Allowed: automotive, construction, education, energy, finance, healthcare, insurance, it, logistics, manufacturing, media, professional_services, public, retail, telecom, tourism.",
			"2/size: Not a size: write the number of employees or one of micro, small, medium, large, enterprise.",
			"2/domain: Not a valid domain (e.g. example.com)."}},
		{"unknown stage", paktHeader + "A,B,DE,,,2026-01-01,approved,soon,,,,\n", []string{
			"2/stage: Unknown value “soon”. Allowed: qualify, develop, propose, negotiate, commit."}},
		{"money", paktHeader +
			"A,B,DE,1000,,2026-01-01,,,,,,\n" +
			"A,B,DE,USD 1000,EUR,2026-01-01,,,,,,\n" +
			"A,B,DE,-5,EUR,2026-01-01,,,,,,\n" +
			"A,B,DE,\"1.5,123\",EUR,2026-01-01,,,,,,\n" +
			"A,B,DE,100.5,JPY,2026-01-01,,,,,,\n" +
			"A,B,DE,100,XYZ,2026-01-01,,,,,,\n", []string{
			"2/value: No currency: fill in the column currency or write the currency with the amount (EUR 12,500.00).",
			"3/value: The amount is in USD, but the currency column says EUR.",
			"4/value: The amount cannot be negative.",
			"5/value: Not an amount: write it as 12,500.00, 12.500,00 or EUR 12,500.00.",
			"6/value: JPY has at most 0 decimal places.",
			"7/currency: Not a valid currency code (ISO 4217, e.g. EUR)."}},
		{"duplicate ids", paktHeader + "A,B,DE,,,2026-01-01,,,,,,X1\nA,C,DE,,,2026-01-01,,,,,,X1\n", []string{"3/external_id: Row 2 has the same id."}},
		{"control characters", paktHeader + "A\x07,B,DE,,,2026-01-01,,,,,,\n", []string{"2/partner: " + mustT("validation.control_chars")}},
		{"Salesforce: unknown stage, columns as written", sfHeader + "Deal,Größl,Closing,\"EUR 1,00\",6/31/2026,Müller IT,Germany\n", []string{
			"2/Stage: Unknown value “Closing”. Allowed: Prospecting, Qualification, Needs Analysis, Value Proposition, Id. Decision Makers, Perception Analysis, Proposal/Price Quote, Negotiation/Review, Closed Won, Closed Lost.",
			"2/Close Date: Not a date: write it as 2026-12-31, 31.12.2026 or 12/31/2026."}},
		{"Salesforce: a stage is required", sfHeader + "Deal,Größl,,,6/30/2026,Müller IT,Germany\n", []string{"2/Stage: Required: please fill in."}},
	} {
		got := problems(t, c.file)
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", c.why, got, c.want)
		}
	}
}

func mustT(key string) string {
	p := Problems(&apperr.BatchError{Items: []apperr.ItemError{{Index: 1, Err: &apperr.Error{Fields: []apperr.FieldError{{Key: key}}}}}}, "en")
	return p[0].Message
}

func TestProblemsInGerman(t *testing.T) {
	_, _, err := Read(strings.NewReader("partner,customer,expected_close\nA,B,morgen\n"))
	p := Problems(err, "de")
	if len(p) != 1 || p[0].Row != 2 || p[0].Column != "expected_close" || p[0].Message != "Kein Datum: Schreiben Sie es als 31.12.2026, 2026-12-31 oder 12/31/2026." {
		t.Errorf("Problems = %+v", p)
	}
	if Problems(errors.New("x"), "de") != nil {
		t.Error("Problems of another error is not nil")
	}
}

func TestParseDecimal(t *testing.T) {
	for _, c := range []struct {
		in           string
		decimalComma bool
		whole        int64
		frac         string
		ok           bool
	}{
		{"1.234,56", false, 1234, "56", true},
		{"1,234.56", true, 1234, "56", true},
		{"1234", false, 1234, "", true},
		{"12.500", true, 12500, "", true},
		{"12.500", false, 12, "500", true},
		{"12,500", false, 12500, "", true},
		{"12,500", true, 12, "500", true},
		{"12,5", false, 12, "5", true},
		{"1.234.567", false, 1234567, "", true},
		{"1 234 567,89", true, 1234567, "89", true},
		{"1'234.50", false, 1234, "50", true},
		{"1.23.456", false, 0, "", false},
		{"1234.567,00", true, 0, "", false},
		{"12,", false, 0, "", false},
		{",5", false, 0, "", false},
		{"1e5", false, 0, "", false},
		{"", false, 0, "", false},
	} {
		whole, frac, ok := parseDecimal(c.in, c.decimalComma)
		if whole != c.whole || frac != c.frac || ok != c.ok {
			t.Errorf("parseDecimal(%q, %v) = %d, %q, %v; want %d, %q, %v", c.in, c.decimalComma, whole, frac, ok, c.whole, c.frac, c.ok)
		}
	}
}

func TestSplitCurrency(t *testing.T) {
	for _, c := range []struct{ in, number, cur string }{
		{"EUR 1,234.56", "1,234.56", "EUR"},
		{"1.234,56 €", "1.234,56", "€"},
		{"€1,234.56", "1,234.56", "€"},
		{"CHF 31'500.00", "31'500.00", "CHF"},
		{"Fr. 31'500.00", "31'500.00", "Fr."},
		{"1234", "1234", ""},
	} {
		if n, cur := splitCurrency(c.in); n != c.number || cur != c.cur {
			t.Errorf("splitCurrency(%q) = %q, %q; want %q, %q", c.in, n, cur, c.number, c.cur)
		}
	}
}

func TestParseDay(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Time
	}{
		{"2026-12-31", day(2026, 12, 31)},
		{"31.12.2026", day(2026, 12, 31)},
		{"1.2.2026", day(2026, 2, 1)},
		{"31.12.26", day(2026, 12, 31)},
		{"12/31/2026", day(2026, 12, 31)},
		{"2/1/2026", day(2026, 2, 1)},
		{"31/12/2026", day(2026, 12, 31)},
		{"2026-12-31T23:30:00Z", day(2026, 12, 31)},
		{"2026-12-31T08:00:00.000+01:00", day(2026, 12, 31)},
		{"2026-12-31 08:00:00", day(2026, 12, 31)},
		{"12/31/2026 9:14:55 AM", day(2026, 12, 31)},
		{"31.12.2026 09:14", day(2026, 12, 31)},
		{"2026-02-30", time.Time{}},
		{"13/13/2026", time.Time{}},
		{"31.12.", time.Time{}},
		{"morgen", time.Time{}},
		{"", time.Time{}},
	} {
		got, ok := parseDay(c.in)
		if !got.Equal(c.want) || ok != !c.want.IsZero() {
			t.Errorf("parseDay(%q) = %v, %v; want %v", c.in, got, ok, c.want)
		}
	}
}

func TestColumn(t *testing.T) {
	for _, c := range []struct {
		f           Format
		field, want string
	}{
		{Pakt, "ExpectedClose", "expected_close"}, {Salesforce, "Customer", "Account Name"},
		{Salesforce, "Value", "Amount"}, {PartnerCenter, "Partner", "Partner Name"}, {PartnerCenter, "Domain", ""},
	} {
		if got := c.f.Column(c.field); got != c.want {
			t.Errorf("%s.Column(%q) = %q, want %q", c.f, c.field, got, c.want)
		}
	}
}

// TestReadWindows1252 reads a Salesforce export that Excel saved again, in
// Windows-1252 with semicolons.
func TestReadWindows1252(t *testing.T) {
	text := "Opportunity Name;Account Name;Stage;Amount;Opportunity Currency;Close Date;Partner Account;Billing Country\r\n" +
		"Größl - Kasse;Bäckerei Größl GmbH;Closed Won;48.500,00;EUR;30.06.2026;Müller IT GmbH & Co. KG;Österreich\r\n"
	b, err := charmap.Windows1252.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	format, rows, err := Read(strings.NewReader(b))
	if err != nil {
		t.Fatal(err, Problems(err, "en"))
	}
	checkRows(t, rows, []Row{{Line: 2, Partner: "Müller IT GmbH & Co. KG", Customer: "Bäckerei Größl GmbH", Country: "AT",
		Solution: "Größl - Kasse", Value: 4850000, Currency: "EUR", ExpectedClose: day(2026, 6, 30), State: "won"}})
	if format != Salesforce {
		t.Errorf("format = %q", format)
	}
}
