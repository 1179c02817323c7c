package lifecycle

import (
	"testing"
	"time"
)

func TestCanStartOffboarding(t *testing.T) {
	open := &Offboarding{}
	for _, c := range []struct {
		name, kind, status string
		open               *Offboarding
		want               string
	}{
		{"an active partner", "partner", "active", nil, ""},
		{"a paused partner", "partner", "paused", nil, ""},
		{"a partner in onboarding", "partner", "onboarding", nil, ""},
		{"a prospect", "prospect", "prospect", nil, "offboarding.not_partner"},
		{"the programme owner", "owner", "active", nil, "offboarding.not_partner"},
		{"already ended", "partner", "ended", nil, "offboarding.already_ended"},
		{"one under way", "partner", "active", open, "offboarding.under_way"},
	} {
		if got := CanStartOffboarding(c.kind, c.status, c.open); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestCanTakeStep(t *testing.T) {
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	fresh := &Offboarding{}
	unpublished := &Offboarding{UnpublishedAt: &at}
	handedOver := &Offboarding{HandedOverAt: &at}
	ready := &Offboarding{UnpublishedAt: &at, HandedOverAt: &at}
	ended := &Offboarding{UnpublishedAt: &at, HandedOverAt: &at, EndedAt: &at}
	for _, c := range []struct {
		name string
		o    *Offboarding
		step string
		want string
	}{
		{"unpublish first", fresh, StepUnpublish, ""},
		{"hand over first", fresh, StepHandover, ""},
		{"end with nothing done", fresh, StepEnd, "offboarding.checklist_open"},
		{"end before the handover", unpublished, StepEnd, "offboarding.checklist_open"},
		{"end while still listed", handedOver, StepEnd, "offboarding.checklist_open"},
		{"end when the checklist is done", ready, StepEnd, ""},
		{"unpublish twice", unpublished, StepUnpublish, "offboarding.step_done"},
		{"a step after the end", ended, StepHandover, "offboarding.none_open"},
		{"no offboarding", nil, StepUnpublish, "offboarding.none_open"},
		{"an unknown step", fresh, "dance", "validation.choice"},
	} {
		if got := CanTakeStep(c.o, c.step); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
