// Command pakt runs the pakt partner ecosystem platform.
package main

import (
	"os"
	// The time zones travel in the binary, so that the programme's zone
	// loads on a host or in an image without /usr/share/zoneinfo.
	_ "time/tzdata"

	"pakt/internal/app"
)

func main() {
	os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr))
}
