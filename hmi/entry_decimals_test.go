package hmi_test

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestEntryRefusesMoreDecimalsThanItShows: an entry with decimals: 0
// refuses "50,5" with the allowed format and writes nothing (it wrote 50.5
// before); a whole number, or a comma where the entry allows a decimal,
// goes through.
func TestEntryRefusesMoreDecimalsThanItShows(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "hmi.yaml", `
name: Entry
start: main
connections:
  - { name: sim, type: sim }
tags:
  - { name: Whole, connection: sim, writable: true, signal: { kind: memory, initial: 40 } }
  - { name: Tenths, connection: sim, writable: true, signal: { kind: memory, initial: 40 } }
`)
	write(t, dir, "screens/main.gopage", `screen: main
root:
  type: column
  children:
    - { type: entry, id: whole, tag: Whole, decimals: 0 }
    - { type: entry, id: tenths, tag: Tenths }
`)
	rt := started(t, dir, "main")
	entry := func(id string) *widget.Entry {
		var e *widget.Entry
		rt.UI(func() {
			for _, o := range test.LaidOutObjects(rt.Scene("main").Widget(id).Object) {
				if x, ok := o.(*widget.Entry); ok {
					e = x
				}
			}
		})
		return e
	}
	submit := func(e *widget.Entry, text string) {
		rt.UI(func() {
			e.SetText(text)
			e.OnSubmitted(e.Text)
		})
	}
	whole, tenths := entry("whole"), entry("tenths")
	eventually(t, "entries show their tags", func() bool {
		var a, b string
		rt.UI(func() { a, b = whole.Text, tenths.Text })
		return a == "40" && b == "40.0"
	})
	submit(whole, "50,5")
	if s := shown(rt, "main", "whole"); !strings.Contains(s, "50,5: this entry takes whole numbers, e.g. 50") {
		t.Errorf("after 50,5: %q", s)
	}
	if v, _ := rt.DB().Get("Whole"); v.V != 40.0 {
		t.Errorf("Whole = %v after a refused 50,5, want 40", v.V)
	}
	submit(whole, "51")
	submit(tenths, "50,5")
	eventually(t, "tags written", func() bool {
		a, _ := rt.DB().Get("Whole")
		b, _ := rt.DB().Get("Tenths")
		return a.V == 51.0 && b.V == 50.5
	})
}
