package alarms

import (
	"container/heap"
	"time"
)

// alarmHeap orders the alarms that have a deadline by it, so that Run
// arms one timer, for the earliest.
type alarmHeap []*alarm

func (h alarmHeap) Len() int           { return len(h) }
func (h alarmHeap) Less(i, j int) bool { return h[i].due.Before(h[j].due) }
func (h alarmHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].hidx, h[j].hidx = i, j
}
func (h *alarmHeap) Push(x any) {
	a := x.(*alarm)
	a.hidx = len(*h)
	*h = append(*h, a)
}
func (h *alarmHeap) Pop() any {
	old := *h
	a := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	a.hidx = -1
	return a
}

// reschedule recomputes the alarm's earliest deadline and its place in the
// heap. The caller holds mu.
func (e *Engine) reschedule(a *alarm) {
	var due time.Time
	for _, t := range [...]time.Time{a.pendAt, a.staleAt, a.shelveEnd()} {
		if !t.IsZero() && (due.IsZero() || t.Before(due)) {
			due = t
		}
	}
	a.due = due
	switch {
	case due.IsZero() && a.hidx >= 0:
		heap.Remove(&e.heap, a.hidx)
	case due.IsZero():
	case a.hidx >= 0:
		heap.Fix(&e.heap, a.hidx)
	default:
		heap.Push(&e.heap, a)
	}
}

// unschedule takes a removed alarm out of the heap.
func (e *Engine) unschedule(a *alarm) {
	if a.hidx >= 0 {
		heap.Remove(&e.heap, a.hidx)
	}
}

// shelveEnd is the shelve's expiry, zero when not shelved.
func (a *alarm) shelveEnd() time.Time {
	if !a.st.Shelved {
		return time.Time{}
	}
	if a.st.ShelvedUntil.IsZero() {
		return time.Unix(0, 1) // a shelve without expiry ends at once
	}
	return a.st.ShelvedUntil
}

// nextDue is the earliest deadline; zero when none. The caller holds mu.
func (e *Engine) nextDue() time.Time {
	if len(e.heap) == 0 {
		return time.Time{}
	}
	return e.heap[0].due
}
