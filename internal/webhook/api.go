package webhook

import (
	"context"
	"net/http"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/web"
)

type idIn struct {
	ID string `path:"id"`
}

type deliveryIn struct {
	ID       string `path:"id"`
	Delivery string `path:"delivery"`
}

type endpointPost struct {
	Body EndpointInput `body:"json"`
}

type endpointPut struct {
	ID   string        `path:"id"`
	Body EndpointInput `body:"json"`
}

// SecretOut is an endpoint's signing secret.
type SecretOut struct {
	Secret string `json:"secret" doc:"whsec_ and the key in base64; verify webhook-signature with it"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	const tag = "webhooks"
	api.Tag(tag, "Signed webhooks (Standard Webhooks): the programme's admins and each partner organisation's admins subscribe URLs to events; "+
		"every delivery carries the object as the API shows it to the subscriber, is signed with the endpoint's secret and retried for a day")
	web.Enum(api, "delivery_status", Statuses)
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/webhooks/event-types", ID: "listWebhookEventTypes",
		Summary: "List event types", Description: "The event types the caller may subscribe to (admins and partner admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*web.List[EventType], error) {
			if !Manages(a) {
				return nil, apperr.ErrNotFound
			}
			return web.Whole(h.svc.Types(a)), nil
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/webhooks", ID: "listWebhooks",
		Summary: "List webhook endpoints", Description: "The programme's endpoints (admins) or the own organisation's (partner admins)", Tag: tag},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*web.List[*Endpoint], error) {
			eps, err := h.svc.Endpoints(ctx, a)
			if err != nil {
				return nil, err
			}
			return web.Whole(eps), nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/webhooks", ID: "createWebhook",
		Summary: "Subscribe an endpoint", Description: "Subscribe a URL to event types; its secret is read with GET …/secret. URLs on loopback or private networks are refused unless the operator allowed them", Tag: tag, Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *endpointPost) (*Endpoint, error) {
			return h.svc.Create(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/webhooks/{id}", ID: "getWebhook",
		Summary: "Get a webhook endpoint", Description: "One endpoint of the caller's programme or organisation", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*Endpoint, error) {
			return h.svc.Endpoint(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/webhooks/{id}", ID: "updateWebhook",
		Summary: "Change a webhook endpoint", Description: "Its URL, description, events, and whether it is on; switching it on resumes its waiting deliveries", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *endpointPut) (*Endpoint, error) {
			return h.svc.Update(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "DELETE", Path: "/api/v1/webhooks/{id}", ID: "deleteWebhook",
		Summary: "Delete a webhook endpoint", Description: "The endpoint and its delivery log", Tag: tag, Status: http.StatusNoContent},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*web.NoBody, error) {
			return nil, h.svc.Delete(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/webhooks/{id}/secret", ID: "getWebhookSecret",
		Summary: "Get an endpoint's secret", Description: "The secret that signs its deliveries", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*SecretOut, error) {
			sec, err := h.svc.Secret(ctx, a, in.ID)
			if err != nil {
				return nil, err
			}
			return &SecretOut{Secret: sec}, nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/webhooks/{id}/rotate", ID: "rotateWebhookSecret",
		Summary: "Rotate an endpoint's secret", Description: "A new secret; for 24 hours deliveries carry signatures with the new and the previous one", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*SecretOut, error) {
			e, err := h.svc.Rotate(ctx, a, in.ID)
			if err != nil {
				return nil, err
			}
			return &SecretOut{Secret: e.secret}, nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/webhooks/{id}/test", ID: "testWebhook",
		Summary: "Send a test event", Description: "Queue an event of type webhook.test whose data names the endpoint, delivered like any other", Tag: tag, Status: http.StatusAccepted},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*Delivery, error) {
			return h.svc.SendTest(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/webhooks/{id}/deliveries", ID: "listWebhookDeliveries",
		Summary: "List an endpoint's deliveries", Description: "The newest 50 deliveries with every attempt: status, duration, the receiver's answer", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*web.List[*Delivery], error) {
			ds, err := h.svc.Deliveries(ctx, a, in.ID, 50)
			if err != nil {
				return nil, err
			}
			return web.Whole(ds), nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver", ID: "redeliverWebhook",
		Summary: "Send a delivery again", Description: "Queue a delivery again, whatever became of it, with a new day of retries", Tag: tag},
		func(ctx context.Context, a *auth.Actor, in *deliveryIn) (*Delivery, error) {
			return h.svc.Redeliver(ctx, a, in.ID, in.Delivery)
		})
}
