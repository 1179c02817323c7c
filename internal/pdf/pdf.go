// Package pdf holds what every PDF pakt writes shares: a Unicode font
// (Go's regular and bold faces, embedded) and the rule that turns any text
// into what that font can print, so that no reader sees an empty box.
package pdf

import (
	"strings"
	"sync"
	"unicode"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// Font is the family name New registers, with the styles "" and "B".
const Font = "go"

// fonts are the faces of the family, regular and bold.
var fonts = [][]byte{goregular.TTF, gobold.TTF}

// New returns an A4 portrait document in millimetres with the family Font
// (regular and bold) registered.
func New() *fpdf.Fpdf {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes(Font, "", fonts[0])
	p.AddUTF8FontFromBytes(Font, "B", fonts[1])
	return p
}

// glyphs returns the set of characters both faces can print, found on
// the first use.
var glyphs = sync.OnceValue(func() map[rune]bool {
	var faces []*sfnt.Font
	for _, ttf := range fonts {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			panic("pdf: the font: " + err.Error())
		}
		faces = append(faces, f)
	}
	var buf sfnt.Buffer
	out := map[rune]bool{}
	for r := rune(' '); r <= 0xFFFF; r++ {
		all := true
		for _, f := range faces {
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

// Printable returns s as the font can print it. Typographic quotes,
// dashes, the ellipsis and the euro sign stay as they are; characters the
// font lacks become their nearest printable form, so that no reader sees
// an empty box: the non-breaking and other hyphens a hyphen-minus, thin
// and other spaces a space (a no-break space where they do not break),
// and anything else its compatibility form or a question mark. A soft
// hyphen and zero-width characters are left out: the PDF does not
// hyphenate, and they would print visibly.
func Printable(s string) string {
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

// compatible returns the compatibility form of r (NFKC) when the font can
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
