package notify_test

import (
	"context"
	"database/sql"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/notify"
)

// Everyone signed in has an inbox; a notification exists only for the user
// it was written to.
func TestAuthorisationMatrix(t *testing.T) {
	apptest.Matrix(t, "notify", func() []apptest.Case {
		// mine writes a fresh notification to the partner admin of A.
		mine := func(f *apptest.Fixture) string {
			ctx := context.Background()
			err := f.S.App.DB.Tx(ctx, func(tx *sql.Tx) error {
				return f.S.App.Notify.Notify(ctx, tx, notify.Notice{Kind: "notify.test", Args: []string{"x"}, Link: "/partners", Users: []string{f.Users["padmin"].ID}})
			})
			if err != nil {
				f.T.Fatal(err)
			}
			items, err := f.S.App.Notify.Inbox(ctx, f.Users["padmin"].Actor(), "", true, 1)
			if err != nil || len(items) == 0 {
				f.T.Fatalf("inbox: %v, %v", items, err)
			}
			return items[0].ID
		}
		return []apptest.Case{
			{Pattern: "GET /inbox", Path: apptest.Static("/inbox"), Want: "anon:303 *:200"},
			{Pattern: "GET /inbox", Path: apptest.Static("/inbox?unread=1"), Want: "anon:303 *:200"},
			{Pattern: "POST /inbox/read", Path: apptest.Static("/inbox/read"), Want: "anon:401 *:303"},
			{Pattern: "GET /inbox/{id}", Path: func(f *apptest.Fixture) string { return "/inbox/" + mine(f) }, Want: "padmin:303 anon:303 *:404"},
			{Pattern: "POST /inbox/{id}", Path: func(f *apptest.Fixture) string { return "/inbox/" + mine(f) }, Want: "padmin:303 anon:401 *:404"},
			{Pattern: "GET /api/v1/notifications", Path: apptest.Static("/api/v1/notifications"), Want: "anon:401 *:200"},
			{Pattern: "POST /api/v1/notifications/{id}/read", Path: func(f *apptest.Fixture) string { return "/api/v1/notifications/" + mine(f) + "/read" },
				Want: "padmin:204 anon:401 *:404"},
			{Pattern: "POST /api/v1/notifications/read", Path: apptest.Static("/api/v1/notifications/read"), Want: "anon:401 *:204"},
		}
	})
}
