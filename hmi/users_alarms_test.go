package hmi_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/render"
)

const usersAlarmsMain = `screen: main
size: 800x480
root:
  type: column
  children:
    - { type: label, id: who, text: "user {User.Name}" }
    - { type: alarm-banner, id: banner, screen: admin }
    - { type: alarm-summary, id: summary, service: true, h: 300 }
`

// TestAlarmButtonsFollowTheUser: the alarm summary's buttons are enabled
// for the actions the panel's user may take and disabled (the summary
// :disabled, and :locked with nobody logged in, when none is allowed)
// for the others, after each login, logout and reload of users.yaml;
// the banner, which goes to a screen only engineers see, is disabled for
// the others.
func TestAlarmButtonsFollowTheUser(t *testing.T) {
	dir := writeUsersProject(t, false)
	must(t, os.WriteFile(filepath.Join(dir, "screens", "main.gopage"), []byte(usersAlarmsMain), 0o644))
	g := startUsers(t, dir)
	type state struct {
		ack, shelve, oos bool // the buttons enabled
		disabled, locked bool // the summary's pseudo-classes
		banner           bool // the banner permitted
	}
	read := func() (st state) {
		g.rt.UI(func() {
			sc := g.rt.Scene("main")
			sum, banner := sc.Widget("summary"), sc.Widget("banner")
			for _, o := range test.LaidOutObjects(g.rt.Window().Content()) {
				b, ok := o.(*widget.Button)
				if !ok {
					continue
				}
				switch b.Text {
				case "Ack page":
					st.ack = !b.Disabled()
				case "Shelve":
					st.shelve = !b.Disabled()
				case "Out of service":
					st.oos = !b.Disabled()
				}
			}
			st.disabled, st.locked = sum.State("disabled"), sum.State("locked")
			st.banner = banner.Permission() == render.Permitted
		})
		return st
	}
	check := func(who string, want state) {
		t.Helper()
		if got := read(); got != want {
			t.Errorf("%s: %+v, want %+v", who, got, want)
		}
	}
	check("nobody", state{disabled: true, locked: true})
	g.login("olga")
	check("olga (operator: ack)", state{ack: true})
	g.login("vic")
	check("vic (viewer)", state{disabled: true})
	g.login("eve")
	check("eve (engineer: all)", state{ack: true, shelve: true, oos: true, banner: true})
	g.login("olga")
	users := filepath.Join(dir, "users.yaml")
	src, err := os.ReadFile(users)
	must(t, err)
	must(t, os.WriteFile(users, []byte(strings.Replace(string(src), "alarms: [ack]", "alarms: [ack, shelve]", 1)), 0o644))
	if ev := g.rt.Reload(hmi.Batch{Files: []string{"users.yaml"}}); !ev.Applied {
		t.Fatalf("reload: %v", ev.Errors)
	}
	eventually(t, "olga may shelve", func() bool { return read().shelve })
	check("olga after the reload (ack, shelve)", state{ack: true, shelve: true})
	g.rt.Logout()
	g.waitUser("")
	check("logged out", state{disabled: true, locked: true})
}
