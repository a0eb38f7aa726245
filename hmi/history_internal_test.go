package hmi

import (
	"context"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/trends"
)

// TestRecorderSkipsTheStartPlaceholder: the tag database stamps every
// tag's tags.WaitingReason value when it is made, before a driver's
// first value (or in its millisecond). Recorded, the placeholder would be
// a gap marker of its own at the start of the history (in the first
// value's millisecond the historian, which keeps the last sample of a
// millisecond, replaces it); the recorder does not hand it over.
func TestRecorderSkipsTheStartPlaceholder(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	for _, after := range []time.Duration{0, 5 * time.Millisecond} {
		clk := clocktest.New(t0)
		h, err := trends.Open(t.TempDir(), trends.Options{Clock: clk})
		if err != nil {
			t.Fatal(err)
		}
		h.Configure(map[string]trends.Setting{"Tank.Level": {Tag: "Tank.Level"}})
		h.Record(dropPlaceholders([]tags.Update{{Name: "Tank.Level", Value: tags.Value{Quality: tags.Bad, Reason: tags.WaitingReason, Time: t0}}}))
		h.Record(dropPlaceholders([]tags.Update{{Name: "Tank.Level", Value: tags.Value{V: 10.0, Time: t0.Add(after)}}}))
		clk.Step(time.Second)
		ss, err := h.Query(context.Background(), trends.Query{Tags: []string{"Tank.Level"}, From: t0.Add(-time.Minute), To: clk.Now(), Width: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(ss) != 1 || !ss[0].Last.Good || ss[0].Last.V != 10 {
			t.Fatalf("history after the placeholder and the first value %s later: %d series, want 1, last 10", after, len(ss))
		}
		stored, err := h.Samples(context.Background(), "Tank.Level", t0.Add(-time.Minute), clk.Now(), 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(stored) != 1 || !stored[0].Good || !stored[0].T.Equal(t0.Add(after)) {
			t.Errorf("the first value %s after the placeholder: stored %v, want only the value", after, stored)
		}
		if err := h.Close(); err != nil {
			t.Fatal(err)
		}
	}
	// A Bad value with a reason of its own is a gap, recorded as before.
	in := []tags.Update{{Name: "A", Value: tags.Value{Quality: tags.Bad, Reason: "timeout"}}, {Name: "B", Value: tags.Value{Quality: tags.Bad, Reason: tags.WaitingReason}}}
	if got := dropPlaceholders(in); len(got) != 1 || got[0].Name != "A" {
		t.Errorf("dropPlaceholders kept %+v, want only A", got)
	}
}
