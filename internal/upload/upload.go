// Package upload holds the rules of files that users upload as proof (a
// fund claim's receipts, a person's certificate): the kinds accepted,
// judged by their content (PDF, PNG, JPEG), the checks of a file with
// their messages, reading them from a multipart form within a size limit,
// and serving a stored file back as a download.
package upload

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"pakt/internal/apperr"
)

// MaxName is the longest file name kept, in characters.
const MaxName = 200

// File is an uploaded file as received.
type File struct {
	Name    string
	Content []byte
}

// ProofType returns the media type of a proof file judged by its content
// (its name is not trusted): PDF, PNG or JPEG; "" for anything else.
func ProofType(b []byte) string {
	sniffed := http.DetectContentType(b)
	switch {
	case sniffed == "application/pdf" && bytes.HasPrefix(b, []byte("%PDF-")):
		return "application/pdf"
	case sniffed == "image/png" && bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case sniffed == "image/jpeg" && bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	}
	return ""
}

// Check checks one proof file of at most maxSize bytes and returns the name
// to keep (cleaned and shortened to MaxName characters) and its media type;
// ok is false when it is refused, with the reason, naming the file, added to
// v under field.
func Check(f File, maxSize int, field string, v *apperr.Validation) (name, contentType string, ok bool) {
	name, bad := apperr.CleanText(apperr.Name, f.Name)
	if bad != "" || name == "" {
		name = "?"
	}
	if utf8.RuneCountInString(name) > MaxName {
		name = string([]rune(name)[:MaxName])
	}
	switch {
	case len(f.Content) == 0:
		v.Add(field, "upload.file_empty", name)
	case len(f.Content) > maxSize:
		v.Add(field, "upload.file_too_large", name, maxSize>>20)
	default:
		if t := ProofType(f.Content); t != "" {
			return name, t, true
		}
		v.Add(field, "upload.file_type", name)
	}
	return name, "", false
}

// MaxProofSize is the largest certificate file taken, in bytes: a
// person's certificate (enablement) and an organisation's (partner).
const MaxProofSize = 5 << 20

// Stored is a proof file as kept beside what it proves, without its
// content.
type Stored struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// Accept checks f, the one proof file a form or call must bring under
// field, and returns what is kept of it; a missing or refused file is a
// validation error naming field.
func Accept(f File, maxSize int, field string) (*Stored, error) {
	var v apperr.Validation
	if len(f.Content) == 0 && f.Name == "" {
		v.Add(field, "validation.required")
		return nil, v.Err()
	}
	name, typ, ok := Check(f, maxSize, field, &v)
	if !ok {
		return nil, v.Err()
	}
	return &Stored{Name: name, ContentType: typ, Size: int64(len(f.Content))}, nil
}

// ReadOne reads the first file of field from a multipart form post of one
// proof file of at most maxSize bytes (the body may be 1 MB more, for the
// form's other fields): the zero File when the post brings none or is no
// multipart form (then r.PostForm is not parsed yet). A body beyond the
// limit is a validation error naming field.
func ReadOne(w http.ResponseWriter, r *http.Request, field string, maxSize int64) (File, error) {
	files, err := Read(w, r, field, maxSize+1<<20, maxSize)
	if errors.Is(err, ErrTooLarge) {
		var v apperr.Validation
		v.Add(field, "upload.body_too_large", maxSize>>20)
		return File{}, v.Err()
	}
	if err != nil || len(files) == 0 {
		return File{}, err
	}
	return files[0], nil
}

// ErrTooLarge is Read's error for a request body beyond its limit.
var ErrTooLarge = errors.New("upload: request body too large")

// Read parses a multipart form post of at most maxBody bytes into r.PostForm
// and returns the files of field, each read up to maxSize+1 bytes (a file
// larger than maxSize comes back maxSize+1 bytes long, unread, for Check to
// refuse). A body beyond maxBody is ErrTooLarge; a post that is no
// multipart form has no files.
func Read(w http.ResponseWriter, r *http.Request, field string, maxBody, maxSize int64) ([]File, error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return nil, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, ErrTooLarge
		}
		return nil, apperr.New(apperr.Invalid, "error.invalid")
	}
	defer r.MultipartForm.RemoveAll()
	var files []File
	for _, fh := range r.MultipartForm.File[field] {
		if fh.Filename == "" && fh.Size == 0 {
			continue // the file input left empty
		}
		f := File{Name: fh.Filename}
		if fh.Size <= maxSize {
			file, err := fh.Open()
			if err != nil {
				return nil, err
			}
			f.Content, err = io.ReadAll(io.LimitReader(file, maxSize+1))
			file.Close()
			if err != nil {
				return nil, err
			}
		} else {
			f.Content = make([]byte, maxSize+1) // refused by size, never read
		}
		files = append(files, f)
	}
	return files, nil
}

// Serve sends a stored file as a download that the browser neither sniffs
// nor caches.
func Serve(w http.ResponseWriter, name, contentType string, content []byte) {
	hd := w.Header()
	hd.Set("Content-Type", contentType)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Disposition", `attachment; filename="`+ASCIIName(name)+`"; filename*=UTF-8''`+url.PathEscape(name))
	hd.Set("Content-Length", strconv.Itoa(len(content)))
	hd.Set("Cache-Control", "private, no-store")
	_, _ = w.Write(content)
}

// ASCIIName is a file name for the plain filename parameter: printable
// ASCII without quotes and backslashes.
func ASCIIName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, s)
}
