package partner_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// TestCertificationStateOnPages: the partner sees in German and English
// whether each of its certifications is verified, uploads its
// certificate, and learns that a change takes the verification back;
// staff verify after a confirmation that names the proof; another partner
// sees the mark on verified certifications only, never the number.
func TestCertificationStateOnPages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	own, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new("Müller IT GmbH"), Country: new("DE"), Published: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	rival, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new("Rivalen AG"), Country: new("DE"), Published: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	pa := s.Login(s.CreateUser(auth.RolePartnerAdmin, own.ID).Email)
	staff := s.Login(s.CreateUser(auth.RoleManager, "").Email)
	other := s.Login(s.CreateUser(auth.RolePartnerAdmin, rival.ID).Email)
	page := func(c *apptest.Client, lang, path string, want, not []string) {
		t.Helper()
		c.Lang = lang
		res := c.Get(path)
		if res.Status != 200 {
			t.Fatalf("%s (%s): status %d", path, lang, res.Status)
		}
		for _, w := range want {
			if !strings.Contains(res.Body, w) {
				t.Errorf("%s (%s) lacks %q", path, lang, w)
			}
		}
		for _, n := range not {
			if strings.Contains(res.Body, n) {
				t.Errorf("%s (%s) shows %q", path, lang, n)
			}
		}
	}

	if res := pa.Form("POST", "/partners/"+own.ID+"/certifications", url.Values{"name": {"Lumen Cloud Partner"}, "issuer": {"Lumen"}, "number": {"LC-2026-4711"}}); res.Status != 303 {
		t.Fatalf("add a certification: %d\n%.500s", res.Status, res.Body)
	}
	o, err := s.App.Partners.Get(ctx, auth.System, own.ID)
	if err != nil || len(o.Certifications) != 1 {
		t.Fatalf("the certification: %+v, %v", o, err)
	}
	cert := o.Certifications[0]
	edit, profile := "/partners/"+own.ID+"/edit", "/partners/"+own.ID
	page(pa, "de", edit, []string{"noch nicht geprüft", "LC-2026-4711", "Zertifikat als Datei"}, nil)
	page(pa, "en", edit, []string{"not verified yet", "Certificate as a file"}, nil)
	page(pa, "de", profile, []string{"Lumen Cloud Partner", "noch nicht geprüft"}, nil)
	page(other, "en", profile, []string{"Lumen Cloud Partner"}, []string{"not verified yet", "verified", "LC-2026-4711"})

	// A file that is no certificate is refused with the form reopened; a
	// PDF is kept.
	proof := "/partners/" + own.ID + "/certifications/" + cert.ID + "/proof"
	pa.Lang = "de"
	if res := pa.Multipart("POST", proof, nil, "proof_file", map[string][]byte{"notiz.txt": []byte("kein Zertifikat")}); res.Status != 422 ||
		!strings.Contains(res.Body, "keine PDF-, PNG- oder JPEG-Datei") {
		t.Errorf("a text file: %d\n%.2000s", res.Status, res.Body)
	}
	if res := pa.Multipart("POST", proof, nil, "proof_file", map[string][]byte{"Lumen Zertifikat.pdf": certificatePDF}); res.Status != 303 {
		t.Fatalf("upload the certificate: %d\n%.500s", res.Status, res.Body)
	}
	if res := pa.Get(proof); res.Status != 200 || res.Body != string(certificatePDF) {
		t.Errorf("download the certificate: %d", res.Status)
	}
	if res := other.Get(proof); res.Status != 404 {
		t.Errorf("another partner downloads the certificate: %d, want 404", res.Status)
	}

	// Staff are asked first, with the proof named, then verify.
	verify := "/partners/" + own.ID + "/certifications/" + cert.ID + "/verify"
	staff.Lang = "de"
	res := staff.Form("POST", verify, nil)
	if res.Status != 200 || !strings.Contains(res.Body, "Zertifizierung als geprüft markieren?") || !strings.Contains(res.Body, "LC-2026-4711") ||
		!strings.Contains(res.Body, "Lumen Zertifikat.pdf") || !strings.Contains(res.Body, `name="confirmed" value="1"`) {
		t.Fatalf("unconfirmed verification: %d\n%.3000s", res.Status, res.Body)
	}
	if o, _ := s.App.Partners.Get(ctx, auth.System, own.ID); o.Certifications[0].Verified {
		t.Fatal("the question verified the certification")
	}
	if res := staff.Form("POST", verify, url.Values{"confirmed": {"1"}}); res.Status != 303 {
		t.Fatalf("confirmed verification: %d", res.Status)
	}
	page(pa, "de", edit, []string{"geprüft", "Geprüft am", "hebt die Prüfung auf"}, []string{"noch nicht geprüft"})
	page(pa, "en", edit, []string{"Verified on", "takes the verification back"}, []string{"not verified yet"})
	page(other, "en", profile, []string{"Lumen Cloud Partner", "verified"}, []string{"LC-2026-4711", "Lumen Zertifikat.pdf"})
	page(staff, "en", edit, []string{"Take the verification back"}, nil)

	// Through the API: the partner's certification carries its number and
	// state, another partner's view the state only; staff take the
	// verification back and give it again; the partner uploads a new
	// certificate, which takes it back once more.
	api := "/api/v1/partners/" + own.ID
	if res := pa.JSON("GET", api, nil); res.Status != 200 || !strings.Contains(res.Body, `"number":"LC-2026-4711"`) || !strings.Contains(res.Body, `"verified":true`) ||
		!strings.Contains(res.Body, `"proof_file":{"name":"Lumen Zertifikat.pdf"`) {
		t.Errorf("the partner reads its certification: %d\n%.1500s", res.Status, res.Body)
	}
	if res := other.JSON("GET", api, nil); res.Status != 200 || strings.Contains(res.Body, "LC-2026-4711") || strings.Contains(res.Body, "Lumen Zertifikat.pdf") ||
		!strings.Contains(res.Body, `"verified":true`) {
		t.Errorf("another partner reads the certification: %d\n%.1500s", res.Status, res.Body)
	}
	verification := api + "/certifications/" + cert.ID + "/verification"
	if res := staff.JSON("PUT", verification, map[string]bool{"verified": false}); res.Status != 200 || !strings.Contains(res.Body, `"verified":false`) {
		t.Errorf("take the verification back: %d %s", res.Status, res.Body)
	}
	if res := pa.JSON("PUT", verification, map[string]bool{"verified": true}); res.Status != 403 {
		t.Errorf("the partner verifies its own certification: %d, want 403", res.Status)
	}
	if res := staff.JSON("PUT", verification, map[string]bool{"verified": true}); res.Status != 200 || !strings.Contains(res.Body, `"verified":true`) {
		t.Errorf("verify again: %d %s", res.Status, res.Body)
	}
	if res := pa.Multipart("POST", api+"/certifications/"+cert.ID+"/proof", nil, "proof_file", map[string][]byte{"Neu.pdf": certificatePDF}); res.Status != 200 ||
		!strings.Contains(res.Body, `"name":"Neu.pdf"`) || !strings.Contains(res.Body, `"verified":false`) {
		t.Errorf("upload through the API: %d %s", res.Status, res.Body)
	}
	if res := staff.JSON("PUT", verification, map[string]bool{"verified": true}); res.Status != 200 {
		t.Errorf("verify the new certificate: %d %s", res.Status, res.Body)
	}

	// The partner renews it: the verification is gone.
	if res := pa.Form("POST", "/partners/"+own.ID+"/certifications/"+cert.ID, url.Values{"name": {"Lumen Cloud Partner"}, "issuer": {"Lumen"},
		"number": {"LC-2027-0001"}, "valid_until": {"2028-12-31"}}); res.Status != 303 {
		t.Fatalf("renew: %d", res.Status)
	}
	page(pa, "en", edit, []string{"not verified yet", "LC-2027-0001"}, nil)
	page(other, "de", profile, []string{"Lumen Cloud Partner"}, []string{"geprüft"})
}
