package web_test

import (
	"testing"

	"pakt/internal/web"
)

func TestSafeRedirect(t *testing.T) {
	for _, tc := range []struct {
		target, want string
	}{
		// Paths on this site survive as they are.
		{"/", "/"},
		{"/partners", "/partners"},
		{"/partners?q=mueller+it&country=DE", "/partners?q=mueller+it&country=DE"},
		{"/login?next=%2Fpartners", "/login?next=%2Fpartners"},
		{"/partners/x/edit#contacts", "/partners/x/edit#contacts"},
		{"/partners/M%C3%BCller", "/partners/M%C3%BCller"},
		// Browsers drop tabs and line breaks, so these become //evil.
		{"/\t/evil.example", "/"},
		{"/\r\n/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"\t//evil.example", "/"},
		// Browsers read a backslash as a slash.
		{"/\\evil.example", "/"},
		{"\\/\\/evil.example", "/"},
		{"\\\\evil.example", "/"},
		// Another host, a scheme, or no leading slash.
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{" //evil.example", "/"},
		{"https://evil.example", "/"},
		{"http:/evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{"evil.example", "/"},
		{"", "/"},
		// Encoded controls, slashes and backslashes are refused too, in case
		// something decodes them on the way.
		{"/%09/evil.example", "/"},
		{"/%2F%2Fevil.example", "/"},
		{"/%5Cevil.example", "/"},
		{"/.//evil.example", "/"},
		{"/a//b", "/"},
		// Other controls, spaces and non-ASCII never come from a link pakt made.
		{"/\x00/evil.example", "/"},
		{"/\x7f", "/"},
		{"/a b", "/"},
		{"/\u00a0/evil.example", "/"},
		{"/\u3002evil.example", "/"},
		{"/%zz", "/"},
	} {
		if got := web.SafeRedirect(tc.target); got != tc.want {
			t.Errorf("SafeRedirect(%q) = %q, want %q", tc.target, got, tc.want)
		}
	}
}
