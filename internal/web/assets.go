package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"pakt/internal/apperr"
)

// Assets are the static files under names that hold a hash of their
// content (app.css as app.3f2a9c1b.css), so that a browser may keep each
// for a year: a changed file gets a new name. The plain names are served
// too, with a short cache, for bookmarks and links from outside.
type Assets struct {
	fsys   fs.FS
	hashed map[string]string // plain name → hashed name
	plain  map[string]string // hashed name → plain name
	etag   map[string]string // plain name → its entity tag
}

// HashAssets names every file of fsys by its content.
func HashAssets(fsys fs.FS) (*Assets, error) {
	a := &Assets{fsys: fsys, hashed: map[string]string{}, plain: map[string]string{}, etag: map[string]string{}}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		hash := hex.EncodeToString(sum[:4])
		h := strings.TrimSuffix(name, ext) + "." + hash + ext
		a.hashed[name], a.plain[h], a.etag[name] = h, name, `"`+hash+`"`
		return nil
	})
	return a, err
}

// URL returns the address of a static file under its hashed name, for
// templates (the function "asset"); an unknown name is an error, so that a
// template that names a missing file fails its test.
func (a *Assets) URL(name string) (string, error) {
	h, ok := a.hashed[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return "/static/" + h, nil
}

// The caches of static files: a year for a hashed name, whose content never
// changes; five minutes for a plain name.
const (
	immutableCache = "public, max-age=31536000, immutable"
	plainCache     = "public, max-age=300"
)

// serve answers GET /static/<name>: a file by its hashed or plain name;
// anything else (a directory, an unknown name) is not found.
func (a *Assets) serve(s *Server) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		file, cache := a.plain[name], immutableCache
		if file == "" {
			if _, ok := a.hashed[name]; ok {
				file, cache = name, plainCache
			}
		}
		if file == "" {
			s.Error(w, r, apperr.ErrNotFound)
			return
		}
		w.Header().Set("Cache-Control", cache)
		w.Header().Set("ETag", a.etag[file])
		http.ServeFileFS(w, r, a.fsys, file)
	})
}
