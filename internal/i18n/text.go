package i18n

import "unicode/utf8"

// Truncate shortens s to at most n characters, the last of them "…" when
// it cuts. It counts and cuts characters, never bytes, so a multi-byte
// character (ä, an emoji) is never split into invalid UTF-8.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
