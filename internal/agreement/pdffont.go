package agreement

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// pdfFonts are the fonts of the PDF export, regular and bold.
var pdfFonts = [][]byte{goregular.TTF, gobold.TTF}

// glyphs returns the set of characters both PDF fonts can print, found on
// the first export.
var glyphs = sync.OnceValue(func() map[rune]bool {
	var fonts []*sfnt.Font
	for _, ttf := range pdfFonts {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			panic("agreement: the PDF font: " + err.Error())
		}
		fonts = append(fonts, f)
	}
	var buf sfnt.Buffer
	out := map[rune]bool{}
	for r := rune(' '); r <= 0xFFFF; r++ {
		all := true
		for _, f := range fonts {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				all = false
				break
			}
		}
		if all {
			out[r] = true
		}
	}
	return out
})

// printable returns s as the PDF fonts can print it. Typographic quotes,
// dashes, the ellipsis and the euro sign stay as they are; characters the
// fonts lack become their nearest printable form, so that no reader sees
// an empty box: the non-breaking and other hyphens a hyphen-minus, thin
// and other spaces a space (a no-break space where they do not break),
// and anything else its compatibility form or a question mark. A soft
// hyphen and zero-width characters are left out: the PDF does not
// hyphenate, and they would print visibly.
func printable(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < ' ' || r == '\u00AD' || r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\u2060' || r == '\uFEFF':
			if r < ' ' {
				b.WriteRune(r) // line breaks and tabs, which the layout reads
			}
		case glyphs()[r]:
			b.WriteRune(r)
		case r >= '\u2010' && r <= '\u2012':
			b.WriteByte('-')
		case r == '\u202F' || r == '\u2007':
			b.WriteRune('\u00A0')
		case unicode.Is(unicode.Zs, r):
			b.WriteByte(' ')
		default:
			b.WriteString(compatible(r))
		}
	}
	return b.String()
}

// compatible returns the compatibility form of r (NFKC) when the fonts can
// print all of it, else a question mark.
func compatible(r rune) string {
	k := norm.NFKC.String(string(r))
	for _, c := range k {
		if !glyphs()[c] {
			return "?"
		}
	}
	return k
}
