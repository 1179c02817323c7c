package web

import (
	"compress/gzip"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// minCompressed is the smallest body worth compressing: below it, the
// encoding's framing and the CPU cost more than the bytes they save.
const minCompressed = 1024

// compressedTypes are the media types of text pakt sends (pages, JSON,
// styles, scripts, CSV, calendars, Markdown). Images other than SVG, PDFs
// and archives are compressed already.
var compressedTypes = map[string]bool{
	"text/html": true, "text/css": true, "text/javascript": true, "application/javascript": true,
	"application/json": true, "application/problem+json": true, "image/svg+xml": true,
	"text/plain": true, "text/csv": true, "text/calendar": true, "text/markdown": true,
}

// encoder is a compressing writer that can be reused: gzip's or brotli's.
type encoder interface {
	io.WriteCloser
	Flush() error
	Reset(w io.Writer)
}

// encoders hold the writers of each encoding for reuse. Brotli runs at
// quality 4, one of its fast settings: the higher ones cost too much time
// for an answer made on each request. Gzip runs at level 3 for the same
// reason: on a directory page of 24 KB it took a half to a quarter of the
// time of the default level 6 for a result 5 % larger.
var encoders = map[string]*sync.Pool{
	"br": {New: func() any { return brotli.NewWriterLevel(io.Discard, 4) }},
	"gzip": {New: func() any {
		w, _ := gzip.NewWriterLevel(io.Discard, 3)
		return w
	}},
}

// compress sends text bodies of at least minCompressed bytes compressed to
// a client that accepts it: brotli where the client prefers it or is
// indifferent (browsers offer it over HTTPS), else gzip. Every answer says
// Vary: Accept-Encoding, so that a cache keeps the forms apart. A body that
// is encoded already, a partial or empty answer, and a HEAD request pass
// unchanged.
func (s *Server) compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		coding := negotiate(r.Header.Get("Accept-Encoding"))
		if coding == "" || r.Method == http.MethodHead || r.Header.Get("Range") != "" {
			next.ServeHTTP(w, r)
			return
		}
		cw := &compressWriter{ResponseWriter: w, coding: coding}
		defer cw.finish()
		next.ServeHTTP(cw, r)
	})
}

// negotiate returns the encoding an Accept-Encoding header allows, "br" or
// "gzip", or "" for none: the one of higher quality, brotli when equal.
func negotiate(header string) string {
	q := map[string]float64{}
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding == "x-gzip" {
			coding = "gzip"
		}
		quality := 1.0
		if v, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				quality = f
			}
		}
		q[coding] = quality
	}
	for _, c := range []string{"br", "gzip"} {
		if _, named := q[c]; !named {
			if any, ok := q["*"]; ok {
				q[c] = any
			}
		}
	}
	switch {
	case q["br"] > 0 && q["br"] >= q["gzip"]:
		return "br"
	case q["gzip"] > 0:
		return "gzip"
	}
	return ""
}

// compressWriter holds back the head of an answer until it knows whether
// to compress it: when the body reaches minCompressed bytes, when the
// handler flushes, or when it ends.
type compressWriter struct {
	http.ResponseWriter
	coding  string
	status  int
	head    []byte
	decided bool
	enc     encoder
}

func (w *compressWriter) WriteHeader(code int) {
	if code < 200 { // informational answers go out as they come
		w.ResponseWriter.WriteHeader(code)
		return
	}
	if w.status == 0 {
		w.status = code
	}
}

func (w *compressWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if !w.decided {
		w.head = append(w.head, b...)
		if len(w.head) < minCompressed {
			return len(b), nil
		}
		if err := w.decide(); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	if w.enc != nil {
		return w.enc.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// decide sends the head of the answer, compressed if it is worth it.
func (w *compressWriter) decide() error {
	w.decided = true
	h := w.Header()
	if w.status == 0 {
		w.status = http.StatusOK
	}
	media, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	if len(w.head) >= minCompressed && compressedTypes[media] && h.Get("Content-Encoding") == "" &&
		w.status != http.StatusNoContent && w.status != http.StatusNotModified && w.status != http.StatusPartialContent {
		h.Del("Content-Length")
		h.Set("Content-Encoding", w.coding)
		if etag := h.Get("ETag"); etag != "" && !strings.HasPrefix(etag, "W/") {
			h.Set("ETag", "W/"+etag) // the same content, other bytes
		}
		w.enc = encoders[w.coding].Get().(encoder)
		w.enc.Reset(w.ResponseWriter)
	}
	w.ResponseWriter.WriteHeader(w.status)
	head := w.head
	w.head = nil
	if len(head) == 0 {
		return nil
	}
	var err error
	if w.enc != nil {
		_, err = w.enc.Write(head)
	} else {
		_, err = w.ResponseWriter.Write(head)
	}
	return err
}

// Flush sends what is written so far, so that a streamed answer streams.
func (w *compressWriter) Flush() {
	if !w.decided {
		w.decide()
	}
	if w.enc != nil {
		w.enc.Flush()
	}
	http.NewResponseController(w.ResponseWriter).Flush()
}

// finish ends the answer: a body held back is sent, a gzip stream closed.
func (w *compressWriter) finish() {
	if !w.decided && w.status != 0 {
		w.decide()
	}
	if w.enc != nil {
		w.enc.Close()
		encoders[w.coding].Put(w.enc)
		w.enc = nil
	}
}

func (w *compressWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
