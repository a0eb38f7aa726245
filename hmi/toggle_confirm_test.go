package hmi_test

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestToggleConfirmShowsOldStateUntilYes: a toggle that asks "are you
// sure?" keeps showing the tag's state while the question is open; No
// leaves it (and the tag) alone, Yes writes and then shows the new state.
func TestToggleConfirmShowsOldStateUntilYes(t *testing.T) {
	rt := started(t, demo, "overview")
	rt.UI(func() { _ = rt.Navigate("settings") })
	var chk *widget.Check
	rt.UI(func() { chk = rt.Scene("settings").Widget("maintenance").Control().(*widget.Check) })
	checked := func() (on bool) {
		rt.UI(func() { on = chk.Checked })
		return on
	}
	answer := func(text string) {
		t.Helper()
		var b *widget.Button
		rt.UI(func() {
			for _, o := range overlayObjects(rt) {
				if x, ok := o.(*widget.Button); ok && x.Text == text && x.Visible() {
					b = x
				}
			}
		})
		if b == nil {
			t.Fatalf("no %q in a confirm dialog", text)
		}
		rt.UI(func() { test.Tap(b) })
	}
	maintenance := func() any { v, _ := rt.DB().Get("Settings.Maintenance"); return v.V }

	rt.UI(func() { test.Tap(chk) })
	if checked() {
		t.Fatal("the toggle shows the new state while the confirm dialog is open")
	}
	answer("No")
	if checked() || maintenance() != false {
		t.Fatalf("after No: toggle %v, tag %v; want both off", checked(), maintenance())
	}

	rt.UI(func() { test.Tap(chk) })
	if checked() {
		t.Fatal("the toggle shows the new state while the confirm dialog is open (second time)")
	}
	answer("Yes")
	eventually(t, "maintenance written and shown", func() bool { return maintenance() == true && checked() })
}
