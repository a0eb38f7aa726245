package render_test

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render"
)

// TestAlarmPermission is the table of the alarm actions a user may take
// × the alarm summary's controls: each action's buttons are disabled
// (and do nothing when tapped) unless allowed; the summary is :disabled,
// and :locked with nobody logged in, when none is allowed, and styled
// so; viewing and paging stay. The banner's tap goes nowhere while it is
// not permitted.
func TestAlarmPermission(t *testing.T) {
	const css = `alarm-summary { color: #000000; } alarm-summary:disabled { color: #777777; } alarm-summary:locked { color: #ff0000; }
alarm-banner:disabled { color: #777777; }`
	b := plant()
	src := strings.Replace(alarmScreen, "id: summary,", "id: summary, service: true,", 1)
	opts := alarmOpts(t, "day", b, nil)
	opts.Sheets = append(opts.Sheets, sheet(t, css)...)
	var navigated []string
	opts.OnAction = func(_ *gopage.Node, a *gopage.Action) { navigated = append(navigated, a.Navigate) }
	scene, w := buildAlarms(t, src, opts)
	sum, banner := scene.Widget("summary"), scene.Widget("banner")
	root := w.Content()
	controls := map[string]fyne.Disableable{
		"Ack selected": button(t, root, "Ack selected"), "Ack page": button(t, root, "Ack page"),
		"Shelve": button(t, root, "Shelve"), "Unshelve": button(t, root, "Unshelve"),
		"Out of service": button(t, root, "Out of service"), "shelve time": selectWith(t, root, "1 hour"),
	}
	sortSel := selectWith(t, root, "Time")
	if got := sum.AlarmPermission(); got != (render.AlarmActions{Ack: true, Shelve: true, OutOfService: true}) {
		t.Errorf("before any SetAlarmPermission: %+v, want every action", got)
	}
	for _, tt := range []struct {
		name    string
		may     render.AlarmActions
		perm    render.Permission
		enabled []string
		color   string
	}{
		{"nobody", render.AlarmActions{}, render.Locked, nil, "#ff0000"},
		{"viewer", render.AlarmActions{}, render.Denied, nil, "#777777"},
		{"ack", render.AlarmActions{Ack: true}, render.Permitted, []string{"Ack selected", "Ack page"}, "#000000"},
		{"shelve", render.AlarmActions{Shelve: true}, render.Permitted, []string{"Shelve", "Unshelve", "shelve time"}, "#000000"},
		{"out of service", render.AlarmActions{OutOfService: true}, render.Permitted, []string{"Out of service"}, "#000000"},
		{"all", render.AlarmActions{Ack: true, Shelve: true, OutOfService: true}, render.Permitted,
			[]string{"Ack selected", "Ack page", "Shelve", "Unshelve", "Out of service", "shelve time"}, "#000000"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sum.SetAlarmPermission(tt.may)
			sum.SetPermission(tt.perm)
			for name, c := range controls {
				want := slices.Contains(tt.enabled, name)
				if c.Disabled() == want {
					t.Errorf("%s: disabled %v, want %v", name, c.Disabled(), !want)
				}
			}
			if sortSel.Disabled() {
				t.Error("the sort drop-down is disabled: viewing is for everyone")
			}
			if sum.State("disabled") != (tt.perm != render.Permitted) || sum.State("locked") != (tt.perm == render.Locked) ||
				sum.Computed().Get("color") != tt.color {
				t.Errorf(":disabled %v :locked %v color %s; want %v %v %s", sum.State("disabled"), sum.State("locked"),
					sum.Computed().Get("color"), tt.perm != render.Permitted, tt.perm == render.Locked, tt.color)
			}
			// a tap on a disabled action reaches no board
			before := len(b.took())
			taps, _ := render.AlarmRows(sum)
			test.Tap(taps[0])
			test.Tap(button(t, root, "Shelve"))
			test.Tap(taps[0])
			if got := b.took(); !tt.may.Shelve && len(got) != before {
				t.Errorf("a shelve without the permission called the board: %q", got[before:])
			}
		})
	}
	banner.SetPermission(render.Denied)
	taps, _ := render.AlarmRows(banner)
	test.Tap(taps[0])
	if len(navigated) != 0 || !banner.State("disabled") || banner.Computed().Get("color") != "#777777" {
		t.Errorf("a banner the user may not follow: navigated %q, :disabled %v, color %s", navigated, banner.State("disabled"), banner.Computed().Get("color"))
	}
	banner.SetPermission(render.Permitted)
	test.Tap(taps[0])
	if len(navigated) != 1 || navigated[0] != "overview" || banner.State("disabled") {
		t.Errorf("a banner the user may follow: navigated %q, :disabled %v", navigated, banner.State("disabled"))
	}
}
