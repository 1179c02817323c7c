// Package demo generates pakt's demo data deterministically.
package demo

import (
	"context"
	"errors"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/partner"
)

// Options say where and how much demo data to generate.
type Options struct {
	DB       *db.DB
	Auth     *auth.Service
	Partners *partner.Service
	Count    int
	Seed     int64
}

// Result summarises what Seed created.
type Result struct {
	Organisations int
	Users         int
}

// LoginHelp lists the demo logins for the terminal.
const LoginHelp = "demo logins: not yet generated\n"

// Seed fills an empty database with demo data.
func Seed(ctx context.Context, o Options) (*Result, error) {
	return nil, errors.New("demo data: not implemented yet")
}
