package webhook

import "context"

// AddDelivery writes a delivered delivery into an endpoint's log, for the
// tests that act on one.
func AddDelivery(ctx context.Context, s *Service, endpointID, payload string) (string, error) {
	now := s.now()
	d := newDelivery{id: "msg_test" + now.Format("150405.000000000"), endpointID: endpointID, eventID: now.Format("20060102150405.000000000"),
		eventType: "deal.win", payload: payload, at: now}
	if err := insertDelivery(ctx, s.db, d); err != nil {
		return "", err
	}
	return d.id, settle(ctx, s.db, d.id, Delivered, now, now)
}
