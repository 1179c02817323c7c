package web

import (
	"net/url"
	"strings"
)

// LocalPath reports whether target is a path on this site that a browser
// also reads as one. Browsers drop tabs and line breaks from a URL, treat a
// backslash as a slash and take "//host" as another site; so only printable
// ASCII without backslashes is accepted, it must start with exactly one
// slash, and neither the path nor its decoded form may contain "//", control
// characters or backslashes.
func LocalPath(target string) bool {
	if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") {
		return false
	}
	for i := 0; i < len(target); i++ {
		if c := target[i]; c <= ' ' || c >= 0x7f || c == '\\' {
			return false
		}
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return false
	}
	for _, p := range []string{u.EscapedPath(), u.Path} {
		if !strings.HasPrefix(p, "/") || strings.Contains(p, "//") || strings.ContainsFunc(p, func(r rune) bool { return r < ' ' || r == 0x7f || r == '\\' }) {
			return false
		}
	}
	return true
}

// SafeRedirect returns target when it is a path on this site (LocalPath),
// else "/": for redirects to an address the request names, such as the page
// to return to after the login.
func SafeRedirect(target string) string {
	if LocalPath(target) {
		return target
	}
	return "/"
}
