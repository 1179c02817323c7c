package upload

import (
	"embed"

	"pakt/internal/i18n"
)

// translations are the messages of refused files in German and English;
// they join the catalogue when the package loads.
//
//go:embed translations/*.json
var translations embed.FS

func init() { i18n.MustAdd(translations, "translations") }
