package lifecycle_test

import (
	"context"
	"net/url"

	"pakt/internal/app/apptest"
	"pakt/internal/lifecycle"
)

// ruleOf adds a manager rule to the assignment and returns its id.
func ruleOf(f *apptest.Fixture) string {
	f.T.Helper()
	ctx := context.Background()
	svc := f.S.App.Pipeline
	x, err := svc.Assignment(ctx, f.AdminActor)
	if err != nil {
		f.T.Fatal(err)
	}
	in := x.Input()
	in.Rules = append(in.Rules, lifecycle.RuleInput{Kind: lifecycle.RuleRegion, Country: "AT", ManagerID: f.Users["manager"].ID})
	if x, err = svc.SaveAssignment(ctx, f.AdminActor, in); err != nil {
		f.T.Fatal(err)
	}
	return x.Rules[len(x.Rules)-1].ID
}

// offboarding makes a partner whose offboarding is under way, its
// checklist taken up to before step, and returns its id.
func offboarding(f *apptest.Fixture, step string) string {
	f.T.Helper()
	ctx := context.Background()
	org := f.NewOrg(true)
	svc := f.S.App.Pipeline
	if _, err := svc.StartOffboarding(ctx, f.AdminActor, org, lifecycle.OffboardingInput{Reason: "inactive"}); err != nil {
		f.T.Fatal(err)
	}
	for _, s := range lifecycle.OffboardingSteps {
		if s == step {
			break
		}
		if _, err := svc.OffboardingStep(ctx, f.AdminActor, org, s, ""); err != nil {
			f.T.Fatal(err)
		}
	}
	return org
}

// onboardCases are the matrix's cases of the manager assignment and of
// offboarding.
func onboardCases() []apptest.Case {
	const (
		staff200 = "admin,manager:200 anon:303 *:404"
		admin303 = "admin:303 manager:403 anon:401 *:404"
		staff303 = "admin,manager:303 anon:401 *:404"
	)
	partnerPage := func(suffix string, step string) func(f *apptest.Fixture) string {
		return func(f *apptest.Fixture) string { return "/partners/" + offboarding(f, step) + suffix }
	}
	fresh := func(prefix string) func(f *apptest.Fixture) string {
		return func(f *apptest.Fixture) string { return prefix + f.NewOrg(true) + "/offboarding" }
	}
	rule := func(suffix string) func(f *apptest.Fixture) string {
		return func(f *apptest.Fixture) string { return "/pipeline/assignment/rules/" + ruleOf(f) + suffix }
	}
	return []apptest.Case{
		{Pattern: "GET /pipeline/assignment", Path: apptest.Static("/pipeline/assignment"), Want: staff200},
		{Pattern: "POST /pipeline/assignment/rules", Path: apptest.Static("/pipeline/assignment/rules"), Want: admin303,
			Form: func(f *apptest.Fixture) url.Values {
				return url.Values{"kind": {"region"}, "country": {"DE"}, "region": {"Bayern"}, "manager_id": {f.Users["manager"].ID}}
			}},
		{Pattern: "POST /pipeline/assignment/rules/{rule}/up", Path: rule("/up"), Want: admin303},
		{Pattern: "POST /pipeline/assignment/rules/{rule}/delete", Path: rule("/delete"), Want: admin303},
		{Pattern: "POST /pipeline/assignment/rotation", Path: apptest.Static("/pipeline/assignment/rotation"), Want: admin303,
			Form: func(f *apptest.Fixture) url.Values { return url.Values{"manager_id": {f.Users["manager"].ID}} }},
		{Pattern: "GET /api/v1/pipeline/assignment", Path: apptest.Static("/api/v1/pipeline/assignment"), Want: "admin,manager:200 anon:401 *:404"},
		{Pattern: "PUT /api/v1/pipeline/assignment", Path: apptest.Static("/api/v1/pipeline/assignment"), Want: "admin:200 manager:403 anon:401 *:404",
			JSON: func(f *apptest.Fixture) any {
				return map[string]any{"rules": []any{map[string]string{"kind": "region", "country": "CH", "manager_id": f.Users["admin"].ID}}, "rotation": []string{f.Users["manager"].ID}}
			}},

		{Pattern: "GET /partners/{id}/offboarding", Path: fresh("/partners/"), Want: staff200},
		{Pattern: "GET /partners/{id}/offboarding", Path: partnerPage("/offboarding", lifecycle.StepHandover), Want: staff200},
		{Pattern: "POST /partners/{id}/offboarding", Path: fresh("/partners/"), Want: staff303,
			Form: func(*apptest.Fixture) url.Values {
				return url.Values{"reason": {"strategy"}, "note": {"Neue Ausrichtung"}}
			}},
		{Pattern: "POST /partners/{id}/offboarding/{step}", Path: partnerPage("/offboarding/unpublish", lifecycle.StepUnpublish), Want: staff303},
		{Pattern: "POST /partners/{id}/offboarding/{step}", Path: partnerPage("/offboarding/handover", lifecycle.StepHandover), Want: staff303,
			Form: func(*apptest.Fixture) url.Values { return url.Values{"note": {"Deals an Gamma übergeben"}} }},
		{Pattern: "POST /partners/{id}/offboarding/{step}", Path: partnerPage("/offboarding/end", lifecycle.StepEnd), Want: staff303},
		{Pattern: "GET /api/v1/partners/{id}/offboarding", Path: fresh("/api/v1/partners/"), Want: "admin,manager:200 anon:401 *:404"},
		{Pattern: "POST /api/v1/partners/{id}/offboarding", Path: fresh("/api/v1/partners/"), Want: "admin,manager:201 anon:401 *:404",
			JSON: func(*apptest.Fixture) any { return map[string]string{"reason": "no_business"} }},
		{Pattern: "POST /api/v1/partners/{id}/offboarding/{step}", Path: func(f *apptest.Fixture) string {
			return "/api/v1/partners/" + offboarding(f, lifecycle.StepUnpublish) + "/offboarding/unpublish"
		}, Want: "admin,manager:200 anon:401 *:404", JSON: func(*apptest.Fixture) any { return map[string]string{"note": ""} }},
	}
}
