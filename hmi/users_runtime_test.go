package hmi_test

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/tags/drivers"
)

const usersTestProject = `name: Users
start: main
connections:
  - { name: sim, type: sim }
tags:
  - { name: Pump.Run, type: bool, writable: true, signal: { kind: memory, initial: false } }
  - { name: Valve.Open, type: bool, writable: true, signal: { kind: memory, initial: false } }
  - { name: Tank.Setpoint, type: float, writable: true, signal: { kind: memory, initial: 50 } }
  - { name: Tank.Level, type: float, writable: true, signal: { kind: memory, initial: 50 } }
alarms:
  - tag: Tank.Level
    hi: { limit: 80, priority: high }
`

const usersTestMain = `screen: main
size: 800x480
root:
  type: column
  children:
    - { type: label, id: who, text: "user {User.Name} role {User.Role}" }
    - { type: button, id: start, text: Start, on_press: { write: { tag: Pump.Run, value: true } } }
    - { type: button, id: setpoint, text: Set, on_press: { write: { tag: Tank.Setpoint, value: 70 } } }
    - { type: button, id: go, text: Plant, on_press: { navigate: plant } }
    - { type: button, id: admin, text: Admin, on_press: { navigate: admin, role: engineer } }
    - { type: toggle, id: valve, tag: Valve.Open, text: Valve }
    - { type: button, id: login, text: Log in, on_press: { login: true } }
    - { type: button, id: logout, text: Log out, on_press: { logout: true } }
    - { type: navbar, id: nav }
`

const usersTestFile = `users:
  olga: { full-name: Olga Operator, role: operator, password: "HASH" }
  eve: { role: engineer, password: "HASH" }
  vic: { role: viewer, password: "HASH" }
roles:
  viewer: { navigate: [main, plant] }
  operator: { includes: [viewer], write: ["Pump.*", "Valve.*", "Tank.Setpoint"], alarms: [ack], reauth: [Tank.Setpoint] }
  engineer: { includes: [operator], navigate: all, write: all, alarms: all, web-control: true }
session:
  idle-logout: 10m
  lockout: { failures: 3, backoff: 30s, max-backoff: 15m }
`

// usersPassword is every test user's password; its hash is made once.
const usersPassword = "correct horse"

var usersHash = sync.OnceValue(func() string {
	h, err := auth.NewHash(usersPassword)
	if err != nil {
		panic(err)
	}
	return h
})

// writeUsersProject writes the users test project (with users.yaml
// unless noUsers) into a temporary directory.
func writeUsersProject(t *testing.T, noUsers bool) string {
	t.Helper()
	dir := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(dir, "screens"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "hmi.yaml"), []byte(usersTestProject), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "screens", "main.gopage"), []byte(usersTestMain), 0o644))
	for _, s := range []string{"plant", "admin"} {
		must(t, os.WriteFile(filepath.Join(dir, "screens", s+".gopage"),
			[]byte("screen: "+s+"\nroot: { type: label, id: title, text: "+s+" }\n"), 0o644))
	}
	if !noUsers {
		must(t, os.WriteFile(filepath.Join(dir, "users.yaml"), []byte(strings.ReplaceAll(usersTestFile, "HASH", usersHash())), 0o644))
	}
	return dir
}

// usersRig is a running users test project.
type usersRig struct {
	t    *testing.T
	rt   *hmi.Runtime
	clk  *clocktest.Clock
	src  *hmi.InputSource
	data string
	stop func()
	perm render.Permission // what the control tapped last was set to
}

func startUsers(t *testing.T, dir string) *usersRig {
	t.Helper()
	p, err := hmi.Load(dir, drivers.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	hmi.NewHeadlessApp()
	win := hmi.NewHeadlessWindow(fyne.NewSize(800, 480))
	g := &usersRig{t: t, clk: clocktest.New(time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)), src: &hmi.InputSource{}, data: t.TempDir()}
	g.rt, g.stop = runRuntime(t, p, win, hmi.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Watch: hmi.WatchOff,
		DataDir: g.data, Clock: g.clk, Input: g.src})
	eventually(t, "start screen shown", func() bool { return g.rt.Current() == "main" })
	return g
}

// tap taps the control of the widget id on the screen on show, as input
// from the panel (web false) or through the web view. A control the user
// may not use is disabled (g.perm says how); tap enables it first, as a
// stale screen might have left it, so that the runtime's own refusal is
// what is tested.
func (g *usersRig) tap(id string, web bool) {
	g.t.Helper()
	g.src.Wrap(nopInput{}, web).Pointer(raster.PointerEvent{Kind: raster.PointerDown})
	g.rt.UI(func() {
		w := g.rt.Scene(g.rt.Current()).Widget(id)
		if w == nil {
			g.t.Errorf("no widget %q on %s", id, g.rt.Current())
			return
		}
		g.perm = w.Permission()
		w.SetPermission(render.Permitted)
		test.Tap(w.Control().(fyne.Tappable))
	})
}

type nopInput struct{}

func (nopInput) Pointer(raster.PointerEvent) {}
func (nopInput) Key(raster.KeyEvent)         {}

func (g *usersRig) login(name string) {
	g.t.Helper()
	if _, err := g.rt.Login(name, auth.Password(usersPassword)); err != nil {
		g.t.Fatalf("login %s: %v", name, err)
	}
	g.waitUser(name)
}

// waitUser waits until the User.Name pseudo tag says the panel's user is
// name ("" nobody); the permissions are set on the same pass.
func (g *usersRig) waitUser(name string) {
	g.t.Helper()
	eventually(g.t, "User.Name "+name, func() bool {
		want := name
		s := g.rt.PanelSession()
		if (s == nil) != (name == "") || s != nil && s.User != name && s.FullName != name {
			return false // (a login still in flight leaves the last user's session)
		}
		if s != nil && s.FullName != "" {
			want = s.FullName
		}
		v, _ := g.rt.DB().Get(hmi.UserNameTag)
		if v.V != want {
			return false
		}
		// the permissions are set on the UI after the pseudo tags
		done := false
		g.rt.UI(func() { done = true })
		return done
	})
}

// records returns every audit record so far, durable.
func (g *usersRig) records() []audit.Record {
	g.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	must(g.t, g.rt.AuditFlush(ctx))
	recs, err := g.rt.Audit().Query(ctx, audit.Filter{})
	must(g.t, err)
	slices.Reverse(recs) // oldest first
	return recs
}

// since returns the records after the first n.
func (g *usersRig) since(n int) []audit.Record { return g.records()[n:] }

func (g *usersRig) value(tag string) any {
	v, _ := g.rt.DB().Get(tag)
	return v.V
}

// closeDialogs hides the error dialogs refusals opened.
func (g *usersRig) closeDialogs() {
	g.rt.UI(func() {
		for _, o := range g.rt.Window().Canvas().Overlays().List() {
			o.Hide()
			g.rt.Window().Canvas().Overlays().Remove(o)
		}
	})
}

// TestRoleEnforcement is the table of actions × roles: each action by
// nobody, a viewer, an operator and an engineer, from the panel and
// (writes) through the web view; each is done or refused at the runtime,
// and each leaves its audit row with the user, the role and the place.
func TestRoleEnforcement(t *testing.T) {
	const alarm = "Tank.Level.Hi"
	type action struct {
		name   string
		do     func(g *usersRig) error
		done   func(g *usersRig) bool // the action's effect is there
		undo   func(g *usersRig)      // put things back for the next row
		action audit.Action           // the audit row when allowed
		target string
		where  audit.Where
	}
	boardDo := func(f func(b alarms.Board) error) func(g *usersRig) error {
		return func(g *usersRig) (err error) {
			g.src.Wrap(nopInput{}, false).Pointer(raster.PointerEvent{Kind: raster.PointerDown})
			g.rt.UI(func() { err = f(g.rt.AlarmBoard()) })
			return err
		}
	}
	status := func(g *usersRig) alarms.Status { s, _ := g.rt.Alarms().Status(alarm); return s }
	reset := func(tag string, v any) func(g *usersRig) {
		return func(g *usersRig) { must(g.t, g.rt.DB().Write(context.Background(), tag, v)) }
	}
	actions := []action{
		{name: "write", do: func(g *usersRig) error { g.tap("start", false); return nil },
			done: func(g *usersRig) bool { return g.value("Pump.Run") == true }, undo: reset("Pump.Run", false),
			action: audit.Write, target: "Pump.Run", where: audit.Panel},
		{name: "toggle", do: func(g *usersRig) error { g.tap("valve", false); return nil },
			done: func(g *usersRig) bool { return g.value("Valve.Open") == true }, undo: reset("Valve.Open", false),
			action: audit.Write, target: "Valve.Open", where: audit.Panel},
		{name: "web write", do: func(g *usersRig) error { g.tap("start", true); return nil },
			done: func(g *usersRig) bool { return g.value("Pump.Run") == true }, undo: reset("Pump.Run", false),
			action: audit.Write, target: "Pump.Run", where: audit.Web},
		{name: "navigate", do: func(g *usersRig) error { g.tap("go", false); return nil },
			done: func(g *usersRig) bool { return g.rt.Current() == "plant" },
			undo: func(g *usersRig) { g.rt.UI(func() { must(g.t, g.rt.Navigate("main")) }) }},
		{name: "navigate with role", do: func(g *usersRig) error { g.tap("admin", false); return nil },
			done: func(g *usersRig) bool { return g.rt.Current() == "admin" },
			undo: func(g *usersRig) { g.rt.UI(func() { must(g.t, g.rt.Navigate("main")) }) }},
		{name: "ack", do: boardDo(func(b alarms.Board) error { return b.Ack([]string{alarm}, alarms.Op{}) }),
			done:   func(g *usersRig) bool { return !status(g).State.Unacked() },
			action: audit.Ack, target: alarm, where: audit.Panel},
		{name: "shelve", do: boardDo(func(b alarms.Board) error { return b.Shelve(alarm, time.Hour, alarms.Op{Comment: "noisy"}) }),
			done:   func(g *usersRig) bool { return status(g).Shelved },
			undo:   func(g *usersRig) { must(g.t, g.rt.Alarms().Unshelve(alarm, alarms.Op{User: "test"})) },
			action: audit.Shelve, target: alarm, where: audit.Panel},
		{name: "out of service", do: boardDo(func(b alarms.Board) error { return b.SetOutOfService(alarm, true, alarms.Op{}) }),
			done:   func(g *usersRig) bool { return status(g).OutOfService },
			undo:   func(g *usersRig) { must(g.t, g.rt.Alarms().SetOutOfService(alarm, false, alarms.Op{User: "test"})) },
			action: audit.OutOfService, target: alarm, where: audit.Panel},
	}
	// who → the actions allowed
	users := []struct{ user, role, allowed string }{
		{"", "", ""},
		{"vic", "viewer", "navigate"},
		{"olga", "operator", "write toggle navigate ack"},
		{"eve", "engineer", "write toggle web write navigate navigate with role ack shelve out of service"},
	}
	allowedBy := func(list, name string) bool {
		for _, a := range []string{"write", "toggle", "web write", "navigate with role", "navigate", "ack", "shelve", "out of service"} {
			if strings.HasPrefix(list, a) || strings.Contains(list, " "+a) {
				if a == name {
					return true
				}
			}
		}
		return false
	}
	g := startUsers(t, writeUsersProject(t, false))
	for _, u := range users {
		for _, a := range actions {
			t.Run(fmt.Sprintf("%s/%s", orNobody(u.user), a.name), func(t *testing.T) {
				g.t = t
				if u.user != "" && (g.rt.PanelSession() == nil || g.rt.PanelSession().User != u.user) {
					g.login(u.user)
				}
				if a.name == "ack" || a.name == "shelve" || a.name == "out of service" {
					// an alarm that is active and unacknowledged
					must(t, g.rt.DB().Write(context.Background(), "Tank.Level", 90.0))
					eventually(t, "alarm active", func() bool { g.clk.Step(time.Second); return status(g).State == alarms.ActiveUnack })
				}
				n := len(g.records())
				want := allowedBy(u.allowed, a.name)
				g.perm = -1
				err := a.do(g)
				if g.perm != -1 && a.name != "web write" {
					// the greying out agrees with the runtime
					wantPerm := render.Permitted
					switch {
					case !want && u.user == "":
						wantPerm = render.Locked
					case !want:
						wantPerm = render.Denied
					}
					if g.perm != wantPerm {
						t.Errorf("the control's permission was %d, want %d", g.perm, wantPerm)
					}
				}
				if want {
					eventually(t, a.name+" done", func() bool { return a.done(g) })
				} else {
					if a.action == audit.Ack || a.action == audit.Shelve || a.action == audit.OutOfService {
						var denied *auth.DeniedError
						if !errors.As(err, &denied) {
							t.Errorf("refused %s: error %v, want a *auth.DeniedError", a.name, err)
						}
					}
					// a refusal is synchronous: nothing was queued
					if a.done(g) {
						t.Fatalf("%s by %s happened; want refused", a.name, orNobody(u.user))
					}
				}
				if want && a.action == "" {
					if rows := g.since(n); len(rows) != 0 {
						t.Errorf("allowed %s left audit rows %+v", a.name, rows)
					}
					if a.undo != nil {
						a.undo(g)
					}
					return
				}
				var rows []audit.Record
				eventually(t, "audit row", func() bool { rows = g.since(n); return len(rows) > 0 })
				row := rows[len(rows)-1]
				if row.Actor != u.user || row.Role != u.role {
					t.Errorf("audit row actor %q role %q, want %q %q: %+v", row.Actor, row.Role, u.user, u.role, row)
				}
				switch {
				case !want && (a.action == audit.Write):
					if row.Action != audit.WriteRefused || row.Target != a.target || row.Where != a.where || row.Detail == "" {
						t.Errorf("refused write: audit row %+v", row)
					}
				case !want:
					if row.Action != audit.Refused || row.Detail == "" {
						t.Errorf("refused %s: audit row %+v", a.name, row)
					}
				default:
					if row.Action != a.action || row.Target != a.target || row.Where != a.where {
						t.Errorf("%s: audit row %+v, want %s %s from %s", a.name, row, a.action, a.target, a.where)
					}
					if a.action == audit.Write && (row.Old != "false" || row.New != "true") {
						t.Errorf("write: old → new %q → %q, want false → true", row.Old, row.New)
					}
				}
				g.closeDialogs()
				if want && a.undo != nil {
					a.undo(g)
				}
				if a.action == audit.Ack || a.action == audit.Shelve || a.action == audit.OutOfService {
					must(t, g.rt.DB().Write(context.Background(), "Tank.Level", 50.0))
					must(t, g.rt.Alarms().Ack([]string{alarm}, alarms.Op{User: "test"}))
					eventually(t, "alarm normal", func() bool { g.clk.Step(time.Second); return status(g).State == alarms.Normal })
				}
			})
		}
	}
}

func orNobody(s string) string {
	if s == "" {
		return "nobody"
	}
	return s
}

// typeText types s on the dialog's on-screen keyboard, key by key.
func typeText(d *render.LoginDialog, s string) {
	for _, r := range s {
		switch {
		case r == ' ':
			d.Keyboard().Press(render.KeySpace)
		case r >= 'A' && r <= 'Z':
			d.Keyboard().Press(render.KeyShift)
			d.Keyboard().Press(strings.ToLower(string(r)))
		default:
			d.Keyboard().Press(string(r))
		}
	}
}

// dialogMessage waits for the dialog's message to contain want.
func (g *usersRig) dialogMessage(want string) {
	g.t.Helper()
	var got string
	eventually(g.t, "dialog says "+want, func() bool {
		g.rt.UI(func() { got = g.rt.LoginDialog().Message() })
		return strings.Contains(got, want)
	})
}

// lastRows returns the last n audit records.
func (g *usersRig) lastRows(n int) []audit.Record {
	recs := g.records()
	return recs[max(0, len(recs)-n):]
}

// TestLoginDialog logs in with a finger: the login button opens the
// dialog, the name and the password are typed on the on-screen keyboard;
// User.Name and User.Role show in an expression; wrong passwords say so,
// the third locks the user out with the time to wait; the idle logout and
// the logout button end the session; every step is audited.
func TestLoginDialog(t *testing.T) {
	g := startUsers(t, writeUsersProject(t, false))
	rt := g.rt
	label := func() string {
		var s string
		eventually(t, "label", func() bool { s = shown(rt, "main", "who"); return s != "" })
		return strings.Join(strings.Fields(s), " ")
	}
	if s := label(); s != "user role" {
		t.Errorf("label before login %q", s)
	}
	g.tap("login", false)
	var d *render.LoginDialog
	rt.UI(func() { d = rt.LoginDialog() })
	if d == nil || !d.Visible() {
		t.Fatal("the login button opened no dialog")
	}
	try := func(name, pw string) {
		rt.UI(func() {
			d.SetText(0, "")
			d.Focus(0)
			typeText(d, name)
			d.Press(render.KeyEnter) // to the password
			if d.Active() != 1 {
				t.Errorf("Enter on the name moved to field %d, want 1", d.Active())
			}
			typeText(d, pw)
			d.Press(render.KeyEnter) // submits
		})
	}
	try("olga", "wrong")
	g.dialogMessage("wrong user name or secret")
	try("olga", "wrong again")
	g.dialogMessage("wrong user name or secret")
	try("olga", "still wrong")
	g.dialogMessage("too many failed logins: try again in 30s")
	try("olga", usersPassword) // locked: refused without checking
	g.dialogMessage("try again in")
	g.clk.Step(31 * time.Second)
	try("olga", usersPassword)
	g.waitUser("Olga Operator")
	rt.UI(func() {
		if d.Visible() {
			t.Error("the dialog stays open after a login")
		}
	})
	eventually(t, "label with the user", func() bool { return label() == "user Olga Operator role operator" })
	rows := g.lastRows(5)
	want := []audit.Action{audit.LoginFailed, audit.LoginFailed, audit.Lockout, audit.Lockout, audit.Login}
	for i, r := range rows {
		if r.Action != want[i] || r.Actor != "olga" || r.Where != audit.Panel {
			t.Errorf("audit row %d: %s by %q from %s, want %s by olga from the panel", i, r.Action, r.Actor, r.Where, want[i])
		}
	}
	if rows[4].Role != "operator" {
		t.Errorf("login row role %q", rows[4].Role)
	}

	// idle: nothing for 10 minutes
	g.clk.Step(10*time.Minute + time.Second)
	g.waitUser("")
	if r := g.lastRows(1)[0]; r.Action != audit.Logout || r.Actor != "olga" || r.Detail != "idle" {
		t.Errorf("idle logout row %+v", r)
	}
	eventually(t, "label without the user", func() bool { return label() == "user role" })

	// the logout button
	g.login("vic")
	g.tap("logout", false)
	g.waitUser("")
	if r := g.lastRows(1)[0]; r.Action != audit.Logout || r.Actor != "vic" || r.Detail != "logged out" {
		t.Errorf("logout row %+v", r)
	}
}

// TestReauthWrite: a write to a reauth tag asks for the password and a
// reason in a dialog; it happens only after both are right, and its audit
// row says who confirmed and why. Cancelling writes nothing.
func TestReauthWrite(t *testing.T) {
	g := startUsers(t, writeUsersProject(t, false))
	rt := g.rt
	g.login("olga")
	g.tap("setpoint", false)
	var d *render.LoginDialog
	rt.UI(func() { d = rt.LoginDialog() })
	if d == nil || !d.Visible() {
		t.Fatal("no reauthentication dialog")
	}
	answer := func(pw, reason string) {
		rt.UI(func() {
			d.SetText(0, "")
			d.SetText(1, "")
			d.Focus(0)
			typeText(d, pw)
			d.Press(render.KeyEnter)
			typeText(d, reason)
			d.Submit()
		})
	}
	answer(usersPassword, "")
	g.dialogMessage("a reason is required")
	answer("wrong", "batch 7")
	g.dialogMessage("wrong user name or secret")
	if v := g.value("Tank.Setpoint"); v != 50.0 {
		t.Fatalf("the setpoint was written before the reauthentication: %v", v)
	}
	answer(usersPassword, "Batch 7 needs 70")
	eventually(t, "setpoint written", func() bool { return g.value("Tank.Setpoint") == 70.0 })
	var r audit.Record
	eventually(t, "write row", func() bool { r = g.lastRows(1)[0]; return r.Action == audit.Write })
	if r.Target != "Tank.Setpoint" || r.Old != "50" || r.New != "70" || r.Actor != "olga" || r.Role != "operator" ||
		r.Detail != "reauthenticated by olga: Batch 7 needs 70" {
		t.Errorf("write row %+v", r)
	}

	// cancelled: nothing written, the refusal audited
	must(t, rt.DB().Write(context.Background(), "Tank.Setpoint", 50.0))
	g.tap("setpoint", false)
	cancelDialog(t, rt)
	eventually(t, "cancel row", func() bool { r = g.lastRows(1)[0]; return r.Action == audit.WriteRefused })
	if r.Target != "Tank.Setpoint" || !strings.Contains(r.Detail, "cancelled") || g.value("Tank.Setpoint") != 50.0 {
		t.Errorf("after cancel: row %+v, setpoint %v", r, g.value("Tank.Setpoint"))
	}
}

// cancelDialog taps the Cancel button of the dialog on top.
func cancelDialog(t *testing.T, rt *hmi.Runtime) {
	t.Helper()
	rt.UI(func() {
		for _, o := range test.LaidOutObjects(rt.Window().Canvas().Overlays().Top()) {
			if b, ok := o.(*widget.Button); ok && b.Text == "Cancel" {
				test.Tap(b)
				return
			}
		}
		t.Error("no Cancel button in the dialog")
	})
}

// TestNoUsersRunsAsToday: without a users file nobody logs in, every
// control is usable and every write is done, and still audited (no user).
func TestNoUsersRunsAsToday(t *testing.T) {
	g := startUsers(t, writeUsersProject(t, true))
	rt := g.rt
	if !rt.Authority().AllowsAll() {
		t.Fatal("a project without users does not allow all")
	}
	g.tap("start", false)
	if g.perm != render.Permitted {
		t.Errorf("a control without users has permission %d", g.perm)
	}
	eventually(t, "written", func() bool { return g.value("Pump.Run") == true })
	var r audit.Record
	eventually(t, "write row", func() bool { r = g.lastRows(1)[0]; return r.Action == audit.Write })
	if r.Actor != "" || r.Where != audit.Panel || r.Target != "Pump.Run" || r.Old != "false" || r.New != "true" {
		t.Errorf("write row %+v", r)
	}
	g.tap("admin", false) // role: engineer is not enforced without users
	eventually(t, "admin shown", func() bool { return rt.Current() == "admin" })
	rt.UI(func() { must(t, rt.Navigate("main")) })
	g.tap("login", false)
	g.dialogMessage("the project has no users file")
}

// TestUsersReloadAndStop: a removed users.yaml keeps the last users (a
// viewer still may not write) and says so in the banner; the reload is
// audited with the file's content hashes, and the runtime's start and stop
// are in the trail.
func TestUsersReloadAndStop(t *testing.T) {
	dir := writeUsersProject(t, false)
	g := startUsers(t, dir)
	rt := g.rt
	g.login("vic")
	must(t, os.Remove(filepath.Join(dir, "users.yaml")))
	ev := rt.Reload(hmi.Batch{Files: []string{"users.yaml"}})
	if len(ev.Errors) != 1 || !strings.Contains(ev.Errors[0], "users file removed") {
		t.Fatalf("reload errors %v", ev.Errors)
	}
	var banner []string
	rt.UI(func() { banner = rt.BannerErrors() })
	if len(banner) != 1 || !strings.Contains(banner[0], "users file removed") {
		t.Errorf("banner %v", banner)
	}
	if rt.Authority().AllowsAll() {
		t.Fatal("a removed users file allows all")
	}
	g.tap("start", false)
	if g.value("Pump.Run") != false {
		t.Error("a viewer wrote after the users file was removed")
	}
	recs := g.records()
	if recs[0].Action != audit.Start || recs[0].Where != audit.System {
		t.Errorf("first row %+v, want start", recs[0])
	}
	var reload *audit.Record
	for i := range recs {
		if recs[i].Action == audit.Reload {
			reload = &recs[i]
		}
	}
	if reload == nil || reload.Target != "users.yaml" || !strings.HasPrefix(reload.Old, "sha256:") || reload.New != "" {
		t.Errorf("reload row %+v", reload)
	}
	g.stop()
	r, err := audit.OpenReader(g.data)
	must(t, err)
	defer r.Close()
	last, err := r.Query(context.Background(), audit.Filter{Limit: 1})
	must(t, err)
	if len(last) != 1 || last[0].Action != audit.Stop {
		t.Errorf("last row after stop %+v", last)
	}
}

// TestUsersExample runs screens/users: it checks clean, nobody logged in
// finds the controls locked, and the example users log in with the
// secrets its README gives (password, and PIN on the keypad).
func TestUsersExample(t *testing.T) {
	const dir = "../screens/users"
	p, err := hmi.Load(dir, drivers.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	if p.Users() == nil || len(p.Warnings) != 0 {
		t.Fatalf("users %v, warnings %v", p.Users(), p.Warnings)
	}
	g := startUsers(t, dir)
	rt := g.rt
	perm := func(id string) (p render.Permission) {
		rt.UI(func() { p = rt.Scene(rt.Current()).Widget(id).Permission() })
		return p
	}
	if perm("start") != render.Locked || perm("login") != render.Permitted {
		t.Errorf("nobody logged in: start %d, login %d", perm("start"), perm("login"))
	}
	if _, err := rt.Login("olga", auth.Password("olga-example")); err != nil {
		t.Fatal(err)
	}
	g.waitUser("olga")
	if perm("start") != render.Permitted || perm("maintenance") != render.Denied {
		t.Errorf("olga: start %d, maintenance %d", perm("start"), perm("maintenance"))
	}
	g.tap("login", false)
	var d *render.LoginDialog
	rt.UI(func() {
		d = rt.LoginDialog()
		typeText(d, "pat")
		d.Press(render.KeyEnter)
		d.Switch(1) // the PIN
		for _, k := range "2468" {
			d.Press(string(k))
		}
		d.Press(render.KeyEnter)
	})
	g.waitUser("pat")
	if _, err := rt.Login("eve", auth.Password("eve-example")); err != nil {
		t.Fatal(err)
	}
	g.waitUser("eve")
	if perm("maintenance") != render.Permitted {
		t.Errorf("eve: maintenance %d", perm("maintenance"))
	}
}

// TestLoginDialogGolden: the login dialog over screens/users on a small
// 800x480 touch panel, the name typed and the password masked: it fits,
// its keys are finger-sized, and it looks as the golden picture does (the
// dialog only: the screen behind it shows live values).
func TestLoginDialogGolden(t *testing.T) {
	g := startUsers(t, "../screens/users")
	rt := g.rt
	g.tap("login", false)
	var img image.Image
	rt.UI(func() {
		d := rt.LoginDialog()
		typeText(d, "olga")
		d.Press(render.KeyEnter)
		typeText(d, "secret")
		d.SetMessage("too many failed logins: try again in 30s")
		img = rt.Window().Canvas().Capture()
		// only the dialog: the screen behind it shows live values
		c := rt.Window().Canvas().Overlays().Top().(*widget.PopUp).Content
		p, sz, scale := c.Position(), c.Size(), rt.Window().Canvas().Scale()
		r := image.Rect(int(p.X*scale), int(p.Y*scale), int((p.X+sz.Width)*scale), int((p.Y+sz.Height)*scale))
		if full := img.Bounds(); !r.In(full) {
			t.Errorf("the dialog %v does not fit the panel %v", r, full)
		}
		dialog := image.NewNRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
		draw.Draw(dialog, dialog.Rect, img, r.Min, draw.Src)
		img = dialog
	})
	assertGolden(t, "login-dialog-800x480", img)
}

// TestWebInputHold: a press through the web view makes the writes that
// follow the web view's for a moment only; after it, or after a press on
// the panel, they are the panel's.
func TestWebInputHold(t *testing.T) {
	g := startUsers(t, writeUsersProject(t, true))
	web := g.src.Wrap(nopInput{}, true)
	seen := len(g.records())
	row := func() audit.Record {
		var recs []audit.Record
		eventually(t, "write row", func() bool { recs = g.records(); return len(recs) > seen })
		seen = len(recs)
		must(t, g.rt.DB().Write(context.Background(), "Pump.Run", false))
		return recs[len(recs)-1]
	}
	tapUnmarked := func() {
		g.rt.UI(func() { test.Tap(g.rt.Scene("main").Widget("start").Control().(fyne.Tappable)) })
	}
	web.Pointer(raster.PointerEvent{Kind: raster.PointerDown})
	tapUnmarked()
	if r := row(); r.Where != audit.Web {
		t.Errorf("right after a web press: %s", r.Where)
	}
	web.Pointer(raster.PointerEvent{Kind: raster.PointerDown})
	g.clk.Step(3 * time.Second)
	tapUnmarked()
	if r := row(); r.Where != audit.Panel {
		t.Errorf("3 s after a web press: %s", r.Where)
	}
	web.Pointer(raster.PointerEvent{Kind: raster.PointerDown})
	g.src.Wrap(nopInput{}, false).Key(raster.KeyEvent{Name: fyne.KeyA})
	tapUnmarked()
	if r := row(); r.Where != audit.Panel {
		t.Errorf("after a panel key: %s", r.Where)
	}
}

// TestWebViewerActsForItsLogin: a write through the web view from a
// viewer who logged in to it (off loopback, hmi/netsec) is that user's —
// allowed by their role (web-control included) and audited as theirs —
// whoever is, or is not, logged in at the panel; a panel tap after it is
// the panel's again.
func TestWebViewerActsForItsLogin(t *testing.T) {
	g := startUsers(t, writeUsersProject(t, false))
	seen := len(g.records())
	last := func(action audit.Action) audit.Record {
		t.Helper()
		var recs []audit.Record
		eventually(t, "an audit row", func() bool { recs = g.since(seen); return len(recs) > 0 })
		seen += len(recs)
		for i := len(recs) - 1; i >= 0; i-- {
			if recs[i].Action == action {
				return recs[i]
			}
		}
		t.Fatalf("no %s row in %+v", action, recs)
		return audit.Record{}
	}
	tapStart := func(web bool) {
		g.src.Wrap(nopInput{}, web).Pointer(raster.PointerEvent{Kind: raster.PointerDown})
		g.rt.UI(func() {
			c := g.rt.Scene("main").Widget("start").Control()
			if d, ok := c.(fyne.Disableable); ok {
				d.Enable() // the panel's nobody disabled it; the runtime decides
			}
			test.Tap(c.(fyne.Tappable))
		})
	}
	eve, err := g.rt.Authority().Login("eve", auth.Password(usersPassword), "web 192.0.2.7")
	must(t, err)
	seen = len(g.records())
	g.src.SetWebSession(eve) // nobody at the panel
	tapStart(true)
	if r := last(audit.Write); r.Actor != "eve" || r.Role != "engineer" || r.Where != audit.Web {
		t.Errorf("web write by eve: %+v", r)
	}
	vic, err := g.rt.Authority().Login("vic", auth.Password(usersPassword), "web 192.0.2.8")
	must(t, err)
	seen = len(g.records())
	g.src.SetWebSession(vic) // a viewer may not write
	tapStart(true)
	if r := last(audit.WriteRefused); r.Actor != "vic" || r.Where != audit.Web {
		t.Errorf("web write by vic: %+v", r)
	}
	seen = len(g.records())
	tapStart(false) // the panel: nobody logged in
	if r := last(audit.WriteRefused); r.Actor != "" || r.Where != audit.Panel {
		t.Errorf("panel write with nobody logged in: %+v", r)
	}
}

// TestNavbarGreysScreensNotAllowed: a navbar's buttons to screens the
// panel's user may not see are disabled (the runtime refuses the
// navigation anyway): all of them with nobody logged in, admin for a
// viewer, none for an engineer.
func TestNavbarGreysScreensNotAllowed(t *testing.T) {
	g := startUsers(t, writeUsersProject(t, false))
	enabled := func() string {
		var on []string
		g.rt.UI(func() {
			nav := g.rt.Scene("main").Widget("nav").Control()
			var walk func(o fyne.CanvasObject)
			walk = func(o fyne.CanvasObject) {
				switch o := o.(type) {
				case *widget.Button:
					if !o.Disabled() {
						on = append(on, o.Text)
					}
				case *fyne.Container:
					for _, c := range o.Objects {
						walk(c)
					}
				case fyne.Widget:
					for _, c := range test.WidgetRenderer(o).Objects() {
						walk(c)
					}
				}
			}
			walk(nav)
		})
		return strings.Join(on, " ")
	}
	if got := enabled(); got != "" {
		t.Errorf("nobody logged in: enabled %q, want none", got)
	}
	g.login("vic")
	if got := enabled(); got != "main plant" {
		t.Errorf("vic (viewer): enabled %q, want %q", got, "main plant")
	}
	g.login("eve")
	if got := enabled(); got != "admin main plant" {
		t.Errorf("eve (engineer): enabled %q, want %q", got, "admin main plant")
	}
}

// TestReloadSetsPermissions: a reload that adds a control, or points one
// at a tag the panel's user may not write, disables it at once, as a
// login or a screen change would.
func TestReloadSetsPermissions(t *testing.T) {
	dir := writeUsersProject(t, false)
	g := startUsers(t, dir)
	rt := g.rt
	g.login("olga") // an operator: Pump.*, Valve.*, Tank.Setpoint
	perm := func(id string) (p render.Permission) {
		rt.UI(func() {
			if w := rt.Scene(rt.Current()).Widget(id); w != nil {
				p = w.Permission()
			} else {
				p = -1
			}
		})
		return p
	}
	if perm("start") != render.Permitted {
		t.Fatalf("olga: start %d, want permitted", perm("start"))
	}
	editFile(t, dir, "screens/main.gopage", "{ tag: Pump.Run, value: true }", "{ tag: Tank.Level, value: 10 }")
	editFile(t, dir, "screens/main.gopage", "    - { type: navbar, id: nav }",
		"    - { type: button, id: level, text: Level, on_press: { write: { tag: Tank.Level, value: 90 } } }\n"+
			"    - { type: button, id: pump, text: Pump, on_press: { write: { tag: Pump.Run, value: false } } }\n"+
			"    - { type: navbar, id: nav }")
	if ev := rt.Reload(hmi.Batch{Files: []string{"screens/main.gopage"}}); !ev.Applied {
		t.Fatalf("reload: %+v", ev)
	}
	for id, want := range map[string]render.Permission{"start": render.Denied, "level": render.Denied, "pump": render.Permitted, "setpoint": render.Permitted} {
		if got := perm(id); got != want {
			t.Errorf("after the reload %s: %d, want %d", id, got, want)
		}
	}
}
