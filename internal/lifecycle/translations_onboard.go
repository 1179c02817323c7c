package lifecycle

import (
	"embed"

	"pakt/internal/i18n"
)

// onboardTranslations are the texts of the manager assignment and of
// offboarding, in German and English.
//
//go:embed translations/onboard/*.json
var onboardTranslations embed.FS

func init() { i18n.MustAdd(onboardTranslations, "translations/onboard") }
