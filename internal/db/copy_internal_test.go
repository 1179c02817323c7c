package db

import (
	"reflect"
	"testing"
	"time"
)

// convert turns what one engine's driver reads into what the other's
// column takes, and names a value that fits nowhere.
func TestConvertBetweenEngines(t *testing.T) {
	at := time.Date(2027, 3, 1, 9, 30, 0, 123456000, time.UTC)
	for _, c := range []struct {
		in   any
		kind string
		want any
	}{
		{int64(1), "bool", true}, {int64(0), "bool", false}, {true, "bool", true}, {"true", "bool", true},
		{int64(42), "int", int64(42)}, {int32(7), "int", int64(7)}, {"12", "int", int64(12)},
		{at, "time", at}, {"2027-03-01 09:30:00.123456+00:00", "time", at}, {"2027-03-01", "time", time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)},
		{1.5, "float", 1.5}, {int64(2), "float", 2.0},
		{[]byte("ä"), "text", "ä"}, {"x", "text", "x"}, {"y", "bytes", []byte("y")},
		{nil, "bool", nil},
	} {
		got, err := convert(c.in, c.kind)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("convert(%#v, %s) = %#v, %v; want %#v", c.in, c.kind, got, err, c.want)
		}
	}
	for _, c := range []struct {
		in   any
		kind string
	}{{"yes please", "bool"}, {"2027-13-45", "time"}, {true, "int"}, {at, "text"}} {
		if got, err := convert(c.in, c.kind); err == nil {
			t.Errorf("convert(%#v, %s) = %#v, want an error", c.in, c.kind, got)
		}
	}
}
