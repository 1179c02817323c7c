package web

import (
	"compress/gzip"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// minCompressed is the smallest body worth compressing: below it, the
// gzip header and the CPU cost more than the bytes they save.
const minCompressed = 1024

// compressedTypes are the media types of text pakt sends (pages, JSON,
// styles, scripts, CSV, calendars, Markdown). Images other than SVG, PDFs
// and archives are compressed already.
var compressedTypes = map[string]bool{
	"text/html": true, "text/css": true, "text/javascript": true, "application/javascript": true,
	"application/json": true, "application/problem+json": true, "image/svg+xml": true,
	"text/plain": true, "text/csv": true, "text/calendar": true, "text/markdown": true,
}

var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	return w
}}

// compress sends text bodies of at least minCompressed bytes gzip-encoded
// to a client that accepts gzip. Every answer says Vary: Accept-Encoding,
// so that a cache keeps the two forms apart. A body that is encoded
// already, a partial or empty answer, and a HEAD request pass unchanged.
func (s *Server) compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if !acceptsGzip(r.Header.Get("Accept-Encoding")) || r.Method == http.MethodHead || r.Header.Get("Range") != "" {
			next.ServeHTTP(w, r)
			return
		}
		cw := &compressWriter{ResponseWriter: w}
		defer cw.finish()
		next.ServeHTTP(cw, r)
	})
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip (or
// any encoding) with a quality above zero.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "x-gzip" && coding != "*" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		return q > 0
	}
	return false
}

// compressWriter holds back the head of an answer until it knows whether
// to compress it: when the body reaches minCompressed bytes, when the
// handler flushes, or when it ends.
type compressWriter struct {
	http.ResponseWriter
	status  int
	head    []byte
	decided bool
	gz      *gzip.Writer
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
	if w.gz != nil {
		return w.gz.Write(b)
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
		h.Set("Content-Encoding", "gzip")
		if etag := h.Get("ETag"); etag != "" && !strings.HasPrefix(etag, "W/") {
			h.Set("ETag", "W/"+etag) // the same content, other bytes
		}
		w.gz = gzipWriters.Get().(*gzip.Writer)
		w.gz.Reset(w.ResponseWriter)
	}
	w.ResponseWriter.WriteHeader(w.status)
	head := w.head
	w.head = nil
	if len(head) == 0 {
		return nil
	}
	var err error
	if w.gz != nil {
		_, err = w.gz.Write(head)
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
	if w.gz != nil {
		w.gz.Flush()
	}
	http.NewResponseController(w.ResponseWriter).Flush()
}

// finish ends the answer: a body held back is sent, a gzip stream closed.
func (w *compressWriter) finish() {
	if !w.decided && w.status != 0 {
		w.decide()
	}
	if w.gz != nil {
		w.gz.Close()
		gzipWriters.Put(w.gz)
		w.gz = nil
	}
}

func (w *compressWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
