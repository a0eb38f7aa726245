package hmi

import (
	"testing"
	"time"
)

func TestBatcher(t *testing.T) {
	t0 := time.Unix(1000, 0)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	b := batcher{debounce: 10 * time.Millisecond, maxWait: 250 * time.Millisecond}
	if _, _, ok := b.due(t0, nil); ok {
		t.Fatal("an empty batcher is due")
	}
	b.add("screens/a.gopage", ms(0))
	b.add("screens/a.gopage", ms(4))
	if _, wait, ok := b.due(ms(5), nil); ok || wait != 9*time.Millisecond {
		t.Errorf("5 ms in: due %v, wait %v; want 9 ms more", ok, wait)
	}
	b.add("styles/s.css", ms(8))
	batch, _, ok := b.due(ms(18), nil)
	if !ok || len(batch.Files) != 2 || batch.First != ms(0) {
		t.Fatalf("batch %+v due %v", batch, ok)
	}

	// A file caught between truncate and write waits once, settleTime more.
	unsettled := func(map[string]bool) bool { return false }
	b.add("screens/a.gopage", ms(100))
	if _, wait, ok := b.due(ms(110), unsettled); ok || wait != settleTime {
		t.Errorf("unsettled: due %v wait %v, want a wait of %v", ok, wait, settleTime)
	}
	if _, _, ok := b.due(ms(149), unsettled); ok {
		t.Error("due before the settle time ran out")
	}
	if _, _, ok := b.due(ms(150), unsettled); !ok {
		t.Error("a file that stays missing is never reported")
	}

	// Busy files close a batch at maxWait however often they change.
	for i := 0; i < 300; i += 5 {
		b.add("screens/a.gopage", ms(1000+i))
		if _, _, ok := b.due(ms(1000+i), nil); ok {
			if i < 250 {
				t.Errorf("closed at %d ms, before maxWait", i)
			}
			return
		}
	}
	t.Error("a busy batch never closed")
}
