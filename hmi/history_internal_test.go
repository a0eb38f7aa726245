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
// tag's "waiting for initial data" value when it is made, and a driver's
// first value can come in the same millisecond. The historian keeps the
// first sample of a millisecond, so the recorder must not hand it the
// placeholder, or the first real value is lost until the tag next changes.
func TestRecorderSkipsTheStartPlaceholder(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	clk := clocktest.New(t0)
	h, err := trends.Open(t.TempDir(), trends.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	h.Configure(map[string]trends.Setting{"Tank.Level": {Tag: "Tank.Level"}})
	h.Record(dropPlaceholders([]tags.Update{{Name: "Tank.Level", Value: tags.Value{Quality: tags.Bad, Reason: tags.WaitingReason, Time: t0}}}))
	h.Record(dropPlaceholders([]tags.Update{{Name: "Tank.Level", Value: tags.Value{V: 10.0, Time: t0}}}))
	clk.Step(time.Second)
	ss, err := h.Query(context.Background(), trends.Query{Tags: []string{"Tank.Level"}, From: t0.Add(-time.Minute), To: clk.Now(), Width: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 1 || !ss[0].Last.Good || ss[0].Last.V != 10 {
		t.Fatalf("history after the placeholder and the first value in one millisecond: %d series, want 1, last 10", len(ss))
	}
	// A Bad value with a reason of its own is a gap, recorded as before.
	in := []tags.Update{{Name: "A", Value: tags.Value{Quality: tags.Bad, Reason: "timeout"}}, {Name: "B", Value: tags.Value{Quality: tags.Bad, Reason: tags.WaitingReason}}}
	if got := dropPlaceholders(in); len(got) != 1 || got[0].Name != "A" {
		t.Errorf("dropPlaceholders kept %+v, want only A", got)
	}
}
