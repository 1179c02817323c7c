package app_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/notify/notifytest"
	"pakt/internal/portfolio"
	"pakt/internal/web"
)

const (
	msgControl = "Must not contain control characters or line breaks."
	msgBidi    = "Must not contain characters that override the writing direction."
	// paragraph is free text with a Windows line break and a NUL; it is
	// stored as stored.
	paragraph       = "a\r\nb\x00c"
	paragraphStored = `"a\nbc"`
)

// refused checks that an answer refuses the request and names field with
// the message msg.
func refused(t *testing.T, what string, res *apptest.Response, field, msg string) {
	t.Helper()
	var p web.Problem
	if res.Status != 422 {
		t.Errorf("%s: status %d, want 422: %.300s", what, res.Status, res.Body)
		return
	}
	res.JSON(t, &p)
	for _, f := range p.Errors {
		if f.Field == field && f.Message == msg {
			return
		}
	}
	t.Errorf("%s: errors %+v, want %s named with %q", what, p.Errors, field, msg)
}

// saved checks that an answer is a success holding want (a JSON fragment).
func saved(t *testing.T, what string, res *apptest.Response, want string) {
	t.Helper()
	if res.Status >= 300 || !strings.Contains(res.Body, want) {
		t.Errorf("%s: status %d, want a success with %s: %.500s", what, res.Status, want, res.Body)
	}
}

// Every feature refuses a line break, a NUL or a direction override in its
// single-line fields, naming the field, and keeps what was saved before;
// free text keeps its line breaks as LF and loses other control
// characters.
func TestTextRulesInEveryFeature(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		f := apptest.NewFixture(t, s)
		pa, admin, manager := f.Clients["padmin"], f.Clients["admin"], f.Clients["manager"]
		orgA := "/api/v1/partners/" + f.A

		// Partner profiles: the legal name is a name, the description free
		// text; a refused change changes nothing.
		saved(t, "profile with a region", pa.JSON("PATCH", orgA, map[string]string{"region": "Bayern"}), `"region":"Bayern"`)
		refused(t, "legal name with a line break", pa.JSON("PATCH", orgA, map[string]string{"legal_name": "Alpha Partner GmbH\nBcc: victim@evil.example", "city": "Köln"}),
			"legal_name", msgControl)
		refused(t, "legal name with a direction override", pa.JSON("PATCH", orgA, map[string]string{"legal_name": "Alpha \u202eHbmG"}), "legal_name", msgBidi)
		refused(t, "region with a NUL", pa.JSON("PATCH", orgA, map[string]string{"region": "Bay\x00ern"}), "region", msgControl)
		de := s.Login(f.Users["padmin"].Email)
		de.Lang = "de"
		refused(t, "legal name with a line break, in German", de.JSON("PATCH", orgA, map[string]string{"legal_name": "A\r\nB"}),
			"legal_name", "Darf keine Steuerzeichen oder Zeilenumbrüche enthalten.")
		o, err := s.App.Partners.Get(ctx, auth.System, f.A)
		if err != nil {
			t.Fatal(err)
		}
		if o.LegalName != "Alpha Partner GmbH" || o.City != "" || o.Region != "Bayern" {
			t.Errorf("after refused changes the profile is %q in %q, %q; want it as saved before", o.LegalName, o.City, o.Region)
		}
		saved(t, "description with CRLF and a NUL", pa.JSON("PATCH", orgA, map[string]string{"description": paragraph}), `"description":`+paragraphStored)
		saved(t, "names in Arabic, Hebrew and with an emoji", pa.JSON("PATCH", orgA, map[string]string{"city": "القدس", "region": "ירושלים 🌍"}), `"city":"القدس"`)
		refused(t, "contact name with a line separator", pa.JSON("POST", orgA+"/contacts", map[string]string{"name": "Anna\u2028Schmidt"}), "name", msgControl)
		refused(t, "reference title with a tab", pa.JSON("POST", orgA+"/references", map[string]string{"title": "Projekt\tX"}), "title", msgControl)
		saved(t, "reference description", pa.JSON("POST", orgA+"/references", map[string]string{"title": "Projekt", "description": paragraph}), `"description":`+paragraphStored)
		res := pa.Form("POST", "/partners/"+f.A, url.Values{"legal_name": {"Alpha\nBcc: x"}, "city": {"Köln"}})
		if res.Status != 422 || !strings.Contains(res.Body, msgControl) || !strings.Contains(res.Body, `value="Köln"`) {
			t.Errorf("profile form with a line break in the name: %d, want the message and the values kept", res.Status)
		}

		// Users and tokens.
		refused(t, "user name with a line break", admin.JSON("POST", "/api/v1/users", map[string]string{"email": "neu@x.example", "name": "Neu\nEr",
			"role": "partner_member", "org_id": f.A, "password": "long-enough-1"}), "name", msgControl)
		refused(t, "user name with an isolate", admin.JSON("PATCH", "/api/v1/users/"+f.UserB.ID, map[string]string{"name": "\u2067Evil\u2069"}), "name", msgBidi)
		refused(t, "token name with a NUL", pa.JSON("POST", "/api/v1/me/tokens", map[string]any{"name": "CI\x00", "expires_in_days": 7}), "name", msgControl)

		// Project exchange: the title is a name, the description free text.
		listing := func(title, description string) map[string]any {
			return map[string]any{"kind": "seeking", "title": title, "description": description, "topics": []string{f.Competency}, "country": "DE",
				"from": "2027-01-04", "to": "2027-02-26", "effort_tenths": 100}
		}
		refused(t, "listing title with a line break", pa.JSON("POST", "/api/v1/exchange/listings", listing("VR\nBcc: x", "Text")), "title", msgControl)
		saved(t, "listing description", pa.JSON("POST", "/api/v1/exchange/listings", listing("VR-Schulung", paragraph)), `"description":`+paragraphStored)

		// Concierge: the topic is one line, the message free text.
		intro := func(topic, message string) map[string]string {
			return map[string]string{"target_org_id": f.NewOrg(true), "topic": topic, "message": message}
		}
		refused(t, "introduction topic with a line break", pa.JSON("POST", "/api/v1/introductions", intro("VR\r\nBcc: x", "Hallo")), "topic", msgControl)
		saved(t, "introduction message", pa.JSON("POST", "/api/v1/introductions", intro("VR", paragraph)), `"message":`+paragraphStored)

		// Steering, pipeline, portfolio, enablement.
		refused(t, "activity participants with a line break", manager.JSON("POST", orgA+"/activities", map[string]string{"kind": "qbr", "on": "2026-01-05",
			"participants": "Anna\nBernd"}), "participants", msgControl)
		saved(t, "activity notes", manager.JSON("POST", orgA+"/activities", map[string]string{"kind": "qbr", "on": "2026-01-05", "notes": paragraph}),
			`"notes":`+paragraphStored)
		refused(t, "prospect name with a line break", manager.JSON("POST", "/api/v1/prospects", map[string]string{"legal_name": "Neu\nGmbH"}), "legal_name", msgControl)
		refused(t, "prospect next step with a NUL", manager.JSON("POST", "/api/v1/prospects", map[string]string{"legal_name": "Neu GmbH", "next_step": "An\x00rufen"}),
			"next_step", msgControl)
		criteria, err := s.App.Portfolio.Criteria(ctx, f.AdminActor)
		if err != nil {
			t.Fatal(err)
		}
		ratings := map[string]portfolio.RatingInput{}
		for _, c := range criteria {
			if c.Active {
				ratings[c.ID] = portfolio.RatingInput{Score: new(3)}
			}
		}
		saved(t, "assessment note", manager.JSON("POST", orgA+"/assessments", map[string]any{"ratings": ratings, "note": paragraph}), `"note":`+paragraphStored)
		refused(t, "criterion name with a line break", admin.JSON("POST", "/api/v1/criteria", map[string]any{"axis": "can", "name_de": "Kriterium\nX",
			"name_en": "Criterion", "weight": 5}), "name_de", msgControl)
		refused(t, "training name with a line break", admin.JSON("POST", "/api/v1/enablement/trainings", map[string]any{"name_de": "Kurs\nX",
			"name_en": "Course", "validity_months": 12}), "name_de", msgControl)

		// Agreements: the title is a name, the clauses free text.
		refused(t, "agreement title with a line break", pa.JSON("POST", "/api/v1/agreements", map[string]any{"title": "Projekt\nBcc: x", "customer": "Kunde",
			"parties": []string{f.A, f.C}}), "title", msgControl)
		saved(t, "agreement clause", pa.JSON("POST", "/api/v1/agreements", map[string]any{"title": "Projekt", "customer": "Kunde", "parties": []string{f.A, f.C},
			"content": map[string]any{"understanding": map[string]string{"goals": paragraph}}}), `"goals":`+paragraphStored)

		// The public self-assessment's contact details.
		_, err = s.App.Portfolio.SelfAssess(ctx, s.App.Partners, "en", "192.0.2.1", portfolio.SelfInput{Answers: f.SelfAnswers(),
			Contact: &portfolio.SelfContact{Company: "Evil\nGmbH", Name: "Eva", Email: "eva@evil.example", Phone: "+49\x0030", Consent: true}}, nil)
		if got := fieldsOf(err); got != "contact.company validation.control_chars; contact.phone validation.control_chars" {
			t.Errorf("self-assessment with a line break and a NUL: %v, want contact.company and contact.phone named", got)
		}
	})
}

// fieldsOf lists the fields and keys of a validation error.
func fieldsOf(err error) string {
	var out []string
	if e, ok := apperr.As(err); ok {
		for _, f := range e.Fields {
			out = append(out, f.Field+" "+f.Key)
		}
	}
	return strings.Join(out, "; ")
}

// A partner cannot make pakt's mail to another partner carry lines of its
// own: a line break in its name or the topic is refused, and a name stored
// before the rules shows on one line.
func TestMailsCarryNoInjectedLines(t *testing.T) {
	t.Parallel()
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			smtp := notifytest.Start(t)
			var s *apptest.Server
			if engine == "sqlite" {
				s = apptest.Start(t, apptest.WithSMTP(smtp.Config()))
			} else if s = apptest.StartPostgres(t, apptest.WithSMTP(smtp.Config())); s == nil {
				t.Skip("PAKT_TEST_POSTGRES not set")
			}
			ctx := context.Background()
			asker, target := s.Org("Alpha Partner GmbH"), s.Org("Ziel Systeme AG")
			pa := s.Login(s.CreateUser(auth.RolePartnerAdmin, asker).Email)
			recipient := s.CreateUser(auth.RolePartnerAdmin, target).Email

			refused(t, "legal name with a line break", pa.JSON("PATCH", "/api/v1/partners/"+asker,
				map[string]string{"legal_name": "Alpha Partner GmbH\r\nBcc: victim@evil.example"}), "legal_name", msgControl)
			refused(t, "topic with a line break", pa.JSON("POST", "/api/v1/introductions",
				map[string]string{"target_org_id": target, "topic": "VR\nBcc: victim@evil.example", "message": "Hallo"}), "topic", msgControl)
			saved(t, "introduction", pa.JSON("POST", "/api/v1/introductions",
				map[string]string{"target_org_id": target, "topic": "VR", "message": "Hallo\r\nBcc: victim@evil.example\x00"}), `"topic":"VR"`)

			// A name from before the rules, with a line break in it.
			if _, err := s.App.DB.ExecContext(ctx, `UPDATE organisations SET legal_name = $1 WHERE id = $2`, "Alt GmbH\r\nBcc: victim@evil.example", asker); err != nil {
				t.Fatal(err)
			}
			other := s.Org("Zweites Ziel AG")
			otherRecipient := s.CreateUser(auth.RolePartnerAdmin, other).Email
			saved(t, "introduction from the old name", pa.JSON("POST", "/api/v1/introductions",
				map[string]string{"target_org_id": other, "topic": "KI", "message": "Hallo"}), `"topic":"KI"`)

			msgs := smtp.Wait(t, 2, 20*time.Second)
			for _, m := range msgs {
				for _, to := range m.To {
					if strings.Contains(to, "evil.example") {
						t.Errorf("a mail went to %s", to)
					}
				}
				if strings.ContainsAny(m.Subject, "\r\n") {
					t.Errorf("subject %q has a line break", m.Subject)
				}
				for _, line := range strings.Split(m.Body, "\n") {
					if strings.HasPrefix(strings.TrimSpace(line), "Bcc:") {
						t.Errorf("mail %q has the line %q:\n%s", m.Subject, line, m.Body)
					}
				}
			}
			if got := smtp.To(recipient); len(got) != 1 || !strings.Contains(got[0].Subject, "Alpha Partner GmbH") {
				t.Errorf("mails to the target: %+v", got)
			}
			if got := smtp.To(otherRecipient); len(got) != 1 || !strings.Contains(got[0].Subject, "Alt GmbH  Bcc: victim@evil.example") {
				t.Errorf("mails to the second target, from the old name: %+v", got)
			}
		})
	}
}

// An id or search with a NUL or invalid UTF-8 in the address is not found
// or refused, never a server error (PostgreSQL cannot compare such text).
func TestURLsWithControlCharacters(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		c := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
		for _, p := range []string{"/partners/%00", "/api/v1/partners/%00", "/api/v1/users/x%00y", "/pipeline/%FF", "/agreements/%00", "/introductions/%00"} {
			if r := c.Get(p); r.Status != 404 {
				t.Errorf("GET %s: status %d, want 404", p, r.Status)
			}
		}
		for p, field := range map[string]string{"/exchange?q=%00": "q", "/api/v1/partners?q=a%00b": "q", "/api/v1/partners?region=%FF": "region", "/partners?%00=x": "\x00"} {
			r := c.Get(p)
			if r.Status != 422 {
				t.Errorf("GET %s: status %d, want 422", p, r.Status)
			}
			if strings.HasPrefix(p, "/api/") {
				var prob web.Problem
				r.JSON(t, &prob)
				if len(prob.Errors) != 1 || prob.Errors[0].Field != field {
					t.Errorf("GET %s: errors %+v, want %q named", p, prob.Errors, field)
				}
			}
		}
		if r := c.Get("/api/v1/partners?q=M%C3%BCller"); r.Status != 200 {
			t.Errorf("a search for Müller: status %d", r.Status)
		}
	})
}
