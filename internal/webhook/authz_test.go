package webhook_test

import (
	"context"
	"net/url"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/webhook"
)

// target is a public address that receives nothing in the tests: the
// matrix's endpoints are switched off, and no one wins a deal.
const target = "https://8.8.8.8/pakt-hooks"

// Admins manage the programme's endpoints, partner admins their own
// organisation's; everyone else, the other partner's admin included, finds
// neither, and no one but the owner sees an endpoint's secret.
func TestAuthorisationMatrix(t *testing.T) {
	apptest.Matrix(t, "webhook", func() []apptest.Case {
		// endpoint makes a switched-off endpoint of the actor's owner with
		// a delivery in its log; its secret is a marker for all but owner.
		endpoint := func(f *apptest.Fixture, a *auth.Actor, owner string) (id, delivery string) {
			ctx := context.Background()
			svc := f.S.App.Webhooks
			e, err := svc.Create(ctx, a, webhook.EndpointInput{URL: target, Description: "Vertraulicher Hook", Events: []string{"deal.win"}})
			if err != nil {
				f.T.Fatal(err)
			}
			if _, err := svc.SetEnabled(ctx, a, e.ID, false); err != nil {
				f.T.Fatal(err)
			}
			sec, err := svc.Secret(ctx, a, e.ID)
			if err != nil {
				f.T.Fatal(err)
			}
			for _, r := range apptest.Roles {
				if r != owner {
					f.Forbid(sec, r)
				}
			}
			d, err := webhook.AddDelivery(ctx, svc, e.ID, `{"type":"deal.win"}`)
			if err != nil {
				f.T.Fatal(err)
			}
			return e.ID, d
		}
		type shared struct{ programme, programmeDelivery, own, ownDelivery string }
		world := func(f *apptest.Fixture) shared {
			return apptest.Once(f, "webhook", func() shared {
				var w shared
				w.programme, w.programmeDelivery = endpoint(f, f.AdminActor, "admin")
				w.own, w.ownDelivery = endpoint(f, f.Users["padmin"].Actor(), "padmin")
				return w
			})
		}
		own := func(suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/webhooks/" + world(f).own + suffix }
		}
		programme := func(suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/webhooks/" + world(f).programme + suffix }
		}
		fresh := func(prefix, suffix string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string {
				id, _ := endpoint(f, f.Users["padmin"].Actor(), "padmin")
				return prefix + id + suffix
			}
		}
		api := func(p func(*apptest.Fixture) string) func(*apptest.Fixture) string {
			return func(f *apptest.Fixture) string { return "/api/v1" + p(f) }
		}
		form := func(*apptest.Fixture) url.Values {
			return url.Values{"url": {target}, "description": {"CRM"}, "events": {"deal.win"}}
		}
		body := func(*apptest.Fixture) any {
			return map[string]any{"url": target, "description": "CRM", "events": []string{"deal.win"}, "enabled": false}
		}
		const managers = "admin,padmin,other"
		return []apptest.Case{
			{Pattern: "GET /webhooks", Path: apptest.Static("/webhooks"), Want: managers + ":200 anon:303 *:404"},
			{Pattern: "GET /webhooks/new", Path: apptest.Static("/webhooks/new"), Want: managers + ":200 anon:303 *:404"},
			{Pattern: "POST /webhooks", Path: apptest.Static("/webhooks"), Form: form, Want: managers + ":303 anon:401 *:404"},
			{Pattern: "GET /webhooks/{id}", Path: own(""), Want: "padmin:200 anon:303 *:404"},
			{Pattern: "GET /webhooks/{id}", Path: programme(""), Want: "admin:200 anon:303 *:404"},
			{Pattern: "POST /webhooks/{id}", Path: own(""), Form: form, Want: "padmin:303 anon:401 *:404"},
			{Pattern: "POST /webhooks/{id}", Path: programme(""), Form: form, Want: "admin:303 anon:401 *:404"},
			{Pattern: "POST /webhooks/{id}/switch", Path: own("/switch"), Form: func(*apptest.Fixture) url.Values { return url.Values{"enabled": {"0"}} },
				Want: "padmin:303 anon:401 *:404"},
			{Pattern: "POST /webhooks/{id}/rotate", Path: own("/rotate"), Want: "padmin:303 anon:401 *:404"},
			{Pattern: "POST /webhooks/{id}/rotate", Path: programme("/rotate"), Want: "admin:303 anon:401 *:404"},
			{Pattern: "POST /webhooks/{id}/test", Path: own("/test"), Want: "padmin:303 anon:401 *:404"},
			{Pattern: "POST /webhooks/{id}/delete", Path: fresh("/webhooks/", "/delete"), Want: "padmin:303 anon:401 *:404"},
			{Pattern: "POST /webhooks/{id}/deliveries/{delivery}/redeliver",
				Path: func(f *apptest.Fixture) string {
					return "/webhooks/" + world(f).own + "/deliveries/" + world(f).ownDelivery + "/redeliver"
				},
				Want: "padmin:303 anon:401 *:404"},
			{Pattern: "POST /webhooks/{id}/deliveries/{delivery}/redeliver",
				Path: func(f *apptest.Fixture) string {
					return "/webhooks/" + world(f).own + "/deliveries/" + world(f).programmeDelivery + "/redeliver"
				},
				Want: "anon:401 *:404"},

			{Pattern: "GET /api/v1/webhooks/event-types", Path: apptest.Static("/api/v1/webhooks/event-types"), Want: managers + ":200 anon:401 *:404"},
			{Pattern: "GET /api/v1/webhooks", Path: apptest.Static("/api/v1/webhooks"), Want: managers + ":200 anon:401 *:404"},
			{Pattern: "POST /api/v1/webhooks", Path: apptest.Static("/api/v1/webhooks"), JSON: body, Want: managers + ":201 anon:401 *:404"},
			{Pattern: "GET /api/v1/webhooks/{id}", Path: api(own("")), Want: "padmin:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/webhooks/{id}", Path: api(programme("")), Want: "admin:200 anon:401 *:404"},
			{Pattern: "PUT /api/v1/webhooks/{id}", Path: api(own("")), JSON: body, Want: "padmin:200 anon:401 *:404"},
			{Pattern: "DELETE /api/v1/webhooks/{id}", Path: fresh("/api/v1/webhooks/", ""), Want: "padmin:204 anon:401 *:404"},
			{Pattern: "GET /api/v1/webhooks/{id}/secret", Path: api(own("/secret")), Want: "padmin:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/webhooks/{id}/secret", Path: api(programme("/secret")), Want: "admin:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/webhooks/{id}/rotate", Path: api(own("/rotate")), Want: "padmin:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/webhooks/{id}/test", Path: api(own("/test")), Want: "padmin:202 anon:401 *:404"},
			{Pattern: "POST /api/v1/webhooks/{id}/test", Path: api(programme("/test")), Want: "admin:202 anon:401 *:404"},
			{Pattern: "GET /api/v1/webhooks/{id}/deliveries", Path: api(own("/deliveries")), Want: "padmin:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/webhooks/{id}/deliveries", Path: api(programme("/deliveries")), Want: "admin:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/webhooks/{id}/deliveries/{delivery}/redeliver",
				Path: func(f *apptest.Fixture) string {
					return "/api/v1/webhooks/" + world(f).own + "/deliveries/" + world(f).ownDelivery + "/redeliver"
				}, Want: "padmin:200 anon:401 *:404"},
		}
	})
}
