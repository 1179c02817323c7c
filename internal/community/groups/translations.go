package groups

import (
	"embed"

	"pakt/internal/i18n"
)

// translations are the feature's texts in German and English; they join the
// catalogue when the package loads, so that its own tests find them too.
//
//go:embed translations/*.json
var translations embed.FS

func init() { i18n.MustAdd(translations, "translations") }
