package app_test

import (
	"context"
	"net/url"
	"strconv"
)

// selfAnswers answers every question of the public self-assessment.
func (f *fixture) selfAnswers() map[string]int {
	f.t.Helper()
	q, err := f.s.App.Portfolio.Questions(context.Background(), "en")
	if err != nil || len(q) == 0 {
		f.t.Fatalf("questions: %d, %v", len(q), err)
	}
	out := map[string]int{}
	for i, x := range q {
		out[x.CriterionID] = i % 6
	}
	return out
}

func init() {
	featureCases = append(featureCases, func() []matrixCase {
		return []matrixCase{
			{pattern: "GET /ideal-partner", path: static("/ideal-partner"), want: "*:200"},
			// The public form is rate limited per address, and all roles of
			// the matrix share one address.
			{pattern: "POST /ideal-partner", path: static("/ideal-partner"), form: func(f *fixture) url.Values {
				v := url.Values{}
				for id, score := range f.selfAnswers() {
					v.Set("answer_"+id, strconv.Itoa(score))
				}
				return v
			}, want: "*:200|429"},
			{pattern: "GET /api/v1/self-assessment/questions", path: static("/api/v1/self-assessment/questions"), want: "*:200"},
			{pattern: "POST /api/v1/self-assessment", path: static("/api/v1/self-assessment"), json: func(f *fixture) any {
				return map[string]any{"answers": f.selfAnswers()}
			}, want: "*:200|429"},
			{pattern: "GET /api/v1/partners/{id}/self-assessments", path: func(f *fixture) string { return "/api/v1/partners/" + f.A + "/self-assessments" },
				want: "admin,manager:200 anon:401 *:404"},
			{pattern: "GET /api/v1/self-assessment/stats", path: static("/api/v1/self-assessment/stats"), want: "admin,manager:200 anon:401 *:404"},
		}
	})
}
