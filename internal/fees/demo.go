package fees

import (
	"context"
	"time"

	"pakt/internal/auth"
	"pakt/internal/i18n"
)

// SeedDemo gives each of the demo's recruiters its fee terms: from the
// start of the pipeline's history (end, the demo's now, less 210 days)
// 250 EUR per prospect first reaching "qualified" and 1 500 EUR per won
// partner, taken back without a first deal within one month; since 60
// days 300 EUR per qualified prospect. The statements come from the
// recruiters' prospects in the pipeline, which the pipeline's demo walks.
func SeedDemo(ctx context.Context, s *Service, admin *auth.Actor, recruiters []*auth.Actor, end time.Time) error {
	for _, r := range recruiters {
		in := RuleInput{Currency: "EUR", Stage: "qualified", StageFeeMinor: 25_000, WonFeeMinor: 150_000, ClawbackMonths: 1}
		for _, step := range []struct {
			daysAgo  int
			stageFee int64
		}{{210, 25_000}, {60, 30_000}} {
			at := end.AddDate(0, 0, -step.daysAgo)
			h := *s
			h.Now = func() time.Time { return at }
			in.StageFeeMinor = step.stageFee
			in.ValidFrom = i18n.Day(at, s.Zone).Format(time.DateOnly)
			if _, err := h.SaveRule(ctx, admin, r.UserID, in); err != nil {
				return err
			}
		}
	}
	return nil
}
