package app_test

import (
	"context"
	"database/sql"

	"pakt/internal/notify"
)

// Everyone signed in has an inbox; a notification exists only for the user
// it was written to.
func init() {
	featureCases = append(featureCases, func() []matrixCase {
		// mine writes a fresh notification to the partner admin of A.
		mine := func(f *fixture) string {
			ctx := context.Background()
			err := f.s.App.DB.Tx(ctx, func(tx *sql.Tx) error {
				return f.s.App.Notify.Notify(ctx, tx, notify.Notice{Kind: "notify.test", Args: []string{"x"}, Link: "/partners", Users: []string{f.users["padmin"].ID}})
			})
			if err != nil {
				f.t.Fatal(err)
			}
			items, err := f.s.App.Notify.Inbox(ctx, f.users["padmin"].Actor(), true, 1)
			if err != nil || len(items) == 0 {
				f.t.Fatalf("inbox: %v, %v", items, err)
			}
			return items[0].ID
		}
		return []matrixCase{
			{pattern: "GET /inbox", path: static("/inbox"), want: "anon:303 *:200"},
			{pattern: "GET /inbox", path: static("/inbox?unread=1"), want: "anon:303 *:200"},
			{pattern: "POST /inbox/read", path: static("/inbox/read"), want: "anon:401 *:303"},
			{pattern: "GET /inbox/{id}", path: func(f *fixture) string { return "/inbox/" + mine(f) }, want: "padmin:303 anon:303 *:404"},
			{pattern: "POST /inbox/{id}", path: func(f *fixture) string { return "/inbox/" + mine(f) }, want: "padmin:303 anon:401 *:404"},
			{pattern: "GET /api/v1/notifications", path: static("/api/v1/notifications"), want: "anon:401 *:200"},
			{pattern: "POST /api/v1/notifications/{id}/read", path: func(f *fixture) string { return "/api/v1/notifications/" + mine(f) + "/read" },
				want: "padmin:204 anon:401 *:404"},
			{pattern: "POST /api/v1/notifications/read", path: static("/api/v1/notifications/read"), want: "anon:401 *:204"},
		}
	})
}
