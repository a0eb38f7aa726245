package main

import (
	"context"
	"errors"
	"github.com/gohmi/gohmi/hmi/audit"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gohmi/gohmi/hmi/auth"
)

// interceptWindow is a test window that keeps the close intercept, so the
// test can be the window manager asking to close.
type interceptWindow struct {
	fyne.Window
	intercept func()
}

func (w *interceptWindow) SetCloseIntercept(f func()) { w.intercept = f }

// fakeGate records the questions and lets the test answer them.
type fakeGate struct {
	asked  int
	answer func(ok bool, who string)
}

func (g *fakeGate) AskLeave(_ fyne.Window, answer func(ok bool, who string)) {
	g.asked++
	g.answer = answer
}

// TestKioskCloseRequest: a close request asks the gate and closes nothing;
// requests while the question is on show are ignored; "no" keeps the
// panel, "yes" leaves once.
func TestKioskCloseRequest(t *testing.T) {
	test.NewTempApp(t)
	win := &interceptWindow{Window: test.NewTempWindow(t, nil)}
	gate := &fakeGate{}
	left := 0
	k := &kiosk{gate: gate, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	k.guard(win, func() { left++ })

	steps := []struct {
		name      string
		do        func()
		wantAsked int
		wantLeft  int
	}{
		{"Alt+F4", win.intercept, 1, 0},
		{"Alt+F4 again while asking", win.intercept, 1, 0},
		{"stay", func() { gate.answer(false, "") }, 1, 0},
		{"Alt+F4 after staying", win.intercept, 2, 0},
		{"leave", func() { gate.answer(true, "alice") }, 2, 1},
	}
	for _, s := range steps {
		s.do()
		if gate.asked != s.wantAsked || left != s.wantLeft {
			t.Fatalf("%s: asked %d, left %d; want %d, %d", s.name, gate.asked, left, s.wantAsked, s.wantLeft)
		}
	}
}

// TestAuthGateAllowed: who may leave kiosk mode, with hmi/auth's test
// plant (alice: engineer with leave-kiosk; bob: operator; carol disabled).
func TestAuthGateAllowed(t *testing.T) {
	cfg, err := auth.Load(filepath.Join("..", "..", "hmi", "auth", "testdata", "plant.good.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	trail, err := audit.Open(t.TempDir(), audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer trail.Close()
	g := &authGate{a: auth.New(cfg, auth.Options{}), trail: trail}
	for _, tc := range []struct {
		user   string
		secret auth.Secret
		want   string // "" allowed, else part of the error
	}{
		{"alice", auth.Password("s3cret-pass"), ""},
		{"bob", auth.Password("other-pass"), "may not leave kiosk mode"},
		{"bob", auth.PINSecret("2468"), "may not leave kiosk mode"},
		{"alice", auth.Password("wrong"), auth.ErrLogin.Error()},
		{"alice", auth.PINSecret("2468"), auth.ErrLogin.Error()}, // alice has no PIN
		{"carol", auth.PINSecret("2468"), auth.ErrLogin.Error()},
		{"nobody", auth.Password("x"), auth.ErrLogin.Error()},
	} {
		t.Run(tc.user+"/"+tc.secret.Text, func(t *testing.T) {
			who, err := g.allowed(tc.user, tc.secret)
			switch {
			case tc.want == "" && (err != nil || who.user != tc.user || who.role != "engineer"):
				t.Errorf("refused: %v (%+v)", err, who)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
	if n := len(g.a.Sessions()); n != 0 {
		t.Errorf("%d sessions left open by the checks", n)
	}
	// Each check's login and each refusal is in the runtime's audit trail
	// (login, refused, failed); the leaving itself when the panel leaves
	// (left).
	g.left(leaver{"alice", "engineer"})
	if err := trail.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	recs, err := trail.Query(context.Background(), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(recs) - 1; i >= 0; i-- { // oldest first
		got = append(got, recs[i].Actor+" "+string(recs[i].Action))
	}
	want := []string{"alice login", "bob login", "bob refused", "bob login", "bob refused", "alice login-failed",
		"alice login-failed", "carol login-failed", "nobody login-failed", "alice stop"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("audit rows %q, want %q", got, want)
	}
	// Without users nobody logs in: AskLeave asks for a confirmation only.
	if _, err := (&authGate{a: auth.New(nil, auth.Options{})}).allowed("alice", auth.Password("x")); !errors.Is(err, auth.ErrNoUsers) {
		t.Errorf("without users: %v, want ErrNoUsers", err)
	}
}

// TestKioskWarnings: what `hmi run --kiosk` warns about at start.
func TestKioskWarnings(t *testing.T) {
	with := &auth.Config{File: "users.yaml", Roles: []auth.Role{{Name: "operator"}, {Name: "engineer", LeaveKiosk: true}}}
	without := &auth.Config{File: "users.yaml", Roles: []auth.Role{{Name: "operator"}}}
	for _, tc := range []struct {
		name string
		cfg  *auth.Config
		want string
	}{
		{"no users file", nil, "cannot be locked"},
		{"a role may leave", with, ""},
		{"no role may leave", without, "users.yaml: no role has `leave-kiosk: true`"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(kioskWarnings(tc.cfg), "\n")
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("warnings %q, want %q", got, tc.want)
			}
		})
	}
}
