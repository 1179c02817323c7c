package match

import (
	"strings"
	"unicode"
)

// freeMail are providers of mailboxes for anyone: an address there says
// nothing about the company, and a domain match on it would join every
// customer who uses one.
var freeMail = map[string]bool{}

func init() {
	for d := range strings.FieldsSeq(`gmail.com googlemail.com gmx.de gmx.net gmx.at gmx.ch web.de t-online.de
		freenet.de arcor.de posteo.de mailbox.org mail.de online.de email.de outlook.com outlook.de hotmail.com
		hotmail.de live.com live.de msn.com yahoo.com yahoo.de ymail.com aol.com aol.de icloud.com me.com mac.com
		protonmail.com proton.me bluewin.ch`) {
		freeMail[d] = true
	}
}

// NormalizeDomain returns the host of a web address or e-mail address in
// lower case, without scheme, user, "www.", port, path, query, fragment and
// trailing dot: "https://www.Baeckerei-Groessl.de:443/kontakt?x=1" and
// "info@baeckerei-groessl.de" both give "baeckerei-groessl.de". It returns
// "" for anything that is no host name with a dot (a company name, "n/a")
// and for free mail providers such as gmail.com or web.de.
func NormalizeDomain(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	} else {
		s = strings.TrimPrefix(s, "mailto:")
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(s, ".")
	s = strings.TrimPrefix(s, "www.")
	if !isHost(s) || freeMail[s] {
		return ""
	}
	return s
}

// isHost reports whether s is a host name with at least two labels: each
// label letters, digits and inner hyphens, the last one no number.
func isHost(s string) bool {
	labels := strings.Split(s, ".")
	if len(labels) < 2 || len(s) > 253 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	return strings.IndexFunc(tld, unicode.IsLetter) >= 0
}
