// Command pakt runs the pakt partner ecosystem platform.
package main

import (
	"os"

	"pakt/internal/app"
)

func main() {
	os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr))
}
