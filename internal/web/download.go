package web

import (
	"net/http"
	"strconv"
	"strings"

	"pakt/internal/i18n"
)

// Download reads the path value name of a page that is also a download
// ("2026-Q4" the page, "2026-Q4.pdf" its PDF): the value without the
// extension, the extension of exts it ends in ("" for the page), and the
// language to write the download in, the one ?lang= names when pakt
// speaks it, else the reader's.
func Download(r *http.Request, name string, exts ...string) (base, ext, lang string) {
	base = r.PathValue(name)
	for _, e := range exts {
		if b, ok := strings.CutSuffix(base, e); ok {
			base, ext = b, e
			break
		}
	}
	lang = Lang(r.Context())
	if l := r.URL.Query().Get("lang"); i18n.Supported(l) {
		lang = l
	}
	return base, ext, lang
}

// Attachment sends body as a file to save under filename, kept in no
// cache.
func Attachment(w http.ResponseWriter, contentType, filename string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(body)
}

// WholeList wraps a whole list as one page of the API, or passes err on.
func WholeList[T any](items []T, err error) (*List[T], error) {
	if err != nil {
		return nil, err
	}
	return Whole(items), nil
}
