package dealfile

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"pakt/internal/apperr"
	"pakt/internal/csvio"
)

// FuzzRead: any file a partner manager uploads is read without a panic,
// all rows or none; every problem names a row a spreadsheet shows. The
// rows of a file that reads write out in pakt's format and read back the
// same (the export and import of deals keep what they hold).
func FuzzRead(f *testing.F) {
	samples, err := filepath.Glob("testdata/*.csv")
	if err != nil || len(samples) == 0 {
		f.Fatalf("no sample files: %v", err)
	}
	for _, name := range samples {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, rows, err := Read(bytes.NewReader(data))
		if err != nil {
			if rows != nil {
				t.Fatalf("rows beside an error: %v", err)
			}
			if be, ok := err.(*apperr.BatchError); ok {
				for _, item := range be.Items {
					if item.Index < 1 || item.Err == nil {
						t.Fatalf("problem %+v names no row", item)
					}
				}
			}
			return
		}
		for i := 1; i < len(rows); i++ {
			if rows[i].Line <= rows[i-1].Line || rows[0].Line < 2 {
				t.Fatalf("rows at lines %d and %d", rows[i-1].Line, rows[i].Line)
			}
		}
		for _, d := range []csvio.Dialect{csvio.Plain, csvio.Excel} {
			var b bytes.Buffer
			if err := Write(&b, d, rows); err != nil {
				t.Fatal(err)
			}
			format, again, err := Read(&b)
			if err != nil || format != Pakt {
				t.Fatalf("%+v: written rows read back as %q with %v %v\n%s", d, format, err, Problems(err, "en"), b.String())
			}
			for i := range again {
				again[i].Line = rows[i].Line // the line numbers are the new file's
			}
			if !reflect.DeepEqual(again, rows) {
				t.Fatalf("%+v: read back\n%+v\nwant\n%+v", d, again, rows)
			}
		}
	})
}
