package auth_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
)

// Passwords of the hashes in decode_test.go.
const (
	secret1 = "s3cret-pass"
	secret2 = "other-pass"
	pinText = "2468"
)

// testUsers: alice is an engineer (includes operator, which includes
// viewer), bob an operator with a password and a PIN, vic a viewer with a
// PIN, carol is disabled.
const testUsers = `
users:
  alice: {full-name: Alice Martin, role: engineer, password: "` + pw1 + `"}
  bob:   {full-name: Bob Stone, role: operator, password: "` + pw2 + `", pin: "` + pin1 + `"}
  vic:   {roles: [viewer], pin: "` + pin1 + `"}
  carol: {role: engineer, password: "` + pw1 + `", disabled: true}
roles:
  viewer:
    navigate: [overview, "trend*"]
  operator:
    includes: [viewer]
    write: ["Pump?.Start", "Pump?.Stop", "Tank*.Setpoint"]
    navigate: all
    alarms: [ack, shelve]
    reauth: ["Tank*.Setpoint"]
  engineer:
    includes: [operator]
    write: all
    alarms: all
    web-control: true
    leave-kiosk: true
session:
  idle-logout: 10m
  lockout: {failures: 3, backoff: 30s, max-backoff: 4m}
`

var t0 = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

// ends collects the sessions an Authority ended.
type ends struct{ c chan auth.End }

func (e *ends) add(x auth.End) { e.c <- x }

// take returns the ends told so far.
func (e *ends) take() []auth.End {
	var out []auth.End
	for {
		select {
		case x := <-e.c:
			out = append(out, x)
		default:
			return out
		}
	}
}

// next waits for the next end, or limit.
func (e *ends) next(limit <-chan time.Time) (auth.End, bool) {
	select {
	case x := <-e.c:
		return x, true
	case <-limit:
		return auth.End{}, false
	}
}

func decodeCfg(t testing.TB, src string) *auth.Config {
	t.Helper()
	cfg, errs := auth.Decode("users.yaml", []byte(src))
	if len(errs) > 0 {
		t.Fatalf("decode: %v", errStrings(errs))
	}
	return cfg
}

func newAuthority(t testing.TB, src string) (*auth.Authority, *clocktest.Clock, *ends) {
	clk, e := clocktest.New(t0), &ends{c: make(chan auth.End, 100)}
	return auth.New(decodeCfg(t, src), auth.Options{Clock: clk, Ended: e.add}), clk, e
}

func login(t testing.TB, a *auth.Authority, name string, s auth.Secret) *auth.Session {
	t.Helper()
	sess, err := a.Login(name, s, "panel")
	if err != nil {
		t.Fatalf("login %s: %v", name, err)
	}
	return sess
}

// TestLogin: the right secret opens a session; every wrong login reads the
// same, whether the name is a user's or not.
func TestLogin(t *testing.T) {
	a, _, e := newAuthority(t, replaceOnce(testUsers, "failures: 3", "failures: 100"))
	s := login(t, a, " bob ", auth.Password(secret2))
	if s.User != "bob" || s.FullName != "Bob Stone" || s.Where != "panel" || !s.Start.Equal(t0) || len(s.ID) != 32 {
		t.Errorf("session %+v", s)
	}
	if p := login(t, a, "bob", auth.PINSecret(pinText)); p.ID == s.ID {
		t.Error("two sessions share an ID")
	}
	login(t, a, "vic", auth.PINSecret(pinText))
	for _, tt := range []struct {
		name   string
		secret auth.Secret
	}{
		{"bob", auth.Password(secret1)},                    // wrong password
		{"bob", auth.PINSecret("1357")},                    // wrong PIN
		{"bob", auth.Password(pinText)},                    // the PIN as a password
		{"alice", auth.PINSecret(pinText)},                 // a user without a PIN
		{"vic", auth.Password(pinText)},                    // a user without a password
		{"carol", auth.Password(secret1)},                  // disabled, right password
		{"mallory", auth.Password(secret1)},                // no such user
		{"Bob", auth.Password(secret2)},                    // names are exact
		{"bob", auth.PINSecret("24a8")},                    // not digits
		{"bob", auth.Password("")},                         // empty
		{"bob", auth.Password(string(make([]byte, 2000)))}, // too long
	} {
		if _, err := a.Login(tt.name, tt.secret, "web "+tt.name); err != auth.ErrLogin {
			t.Errorf("Login(%s, %+v) = %v, want ErrLogin", tt.name, tt.secret.PIN, err)
		}
	}
	if got := len(a.Sessions()); got != 3 {
		t.Errorf("%d sessions, want 3", got)
	}
	a.Logout(s)
	a.Logout(s) // twice: nothing more
	if got := e.take(); len(got) != 1 || got[0].Session != s || got[0].Reason != auth.LoggedOut || !got[0].At.Equal(t0) {
		t.Errorf("ended %+v", got)
	}
	if a.Session(s.ID) != nil || a.Touch(s) {
		t.Error("a logged out session is still live")
	}
	if d := a.Check(s, auth.Write, "Pump1.Start"); d.Allowed || d.Reason != "the session of bob has ended: log in again to write Pump1.Start" {
		t.Errorf("after logout: %+v", d)
	}
}

// TestPermissions is the table of users × permissions × targets.
func TestPermissions(t *testing.T) {
	a, _, _ := newAuthority(t, testUsers)
	sess := map[string]*auth.Session{
		"alice": login(t, a, "alice", auth.Password(secret1)),
		"bob":   login(t, a, "bob", auth.Password(secret2)),
		"vic":   login(t, a, "vic", auth.PINSecret(pinText)),
		"":      nil,
	}
	tests := []struct {
		user   string
		perm   auth.Perm
		target string
		ok     bool
		reauth bool
		reason string
	}{
		{"bob", auth.Write, "Pump1.Start", true, false, ""},
		{"bob", auth.Write, "Pump1.Stop", true, false, ""},
		{"bob", auth.Write, "Pump12.Start", false, false, "user bob (role operator) may not write Pump12.Start"},
		{"bob", auth.Write, "Pump1.Speed", false, false, "user bob (role operator) may not write Pump1.Speed"},
		{"bob", auth.Write, "Tank2.Setpoint", true, true, ""},
		{"alice", auth.Write, "Pump1.Speed", true, false, ""},
		{"alice", auth.Write, "Tank2.Setpoint", true, true, ""}, // reauth inherited from operator
		{"vic", auth.Write, "Pump1.Start", false, false, "user vic (role viewer) may not write Pump1.Start"},
		{"vic", auth.Navigate, "overview", true, false, ""},
		{"vic", auth.Navigate, "trend_tanks", true, false, ""},
		{"vic", auth.Navigate, "settings", false, false, "user vic (role viewer) may not open screen settings"},
		{"bob", auth.Navigate, "settings", true, false, ""},
		{"bob", auth.Ack, "Tank1.Level.Hi", true, false, ""},
		{"bob", auth.Shelve, "Tank1.Level.Hi", true, false, ""},
		{"bob", auth.OutOfService, "Tank1.Level.Hi", false, false, "user bob (role operator) may not take alarm Tank1.Level.Hi out of service"},
		{"vic", auth.Ack, "Tank1.Level.Hi", false, false, "user vic (role viewer) may not acknowledge alarm Tank1.Level.Hi"},
		{"alice", auth.OutOfService, "Tank1.Level.Hi", true, false, ""},
		{"bob", auth.WebControl, "", false, false, "user bob (role operator) may not control through the web view"},
		{"alice", auth.WebControl, "", true, false, ""},
		{"bob", auth.LeaveKiosk, "", false, false, "user bob (role operator) may not leave kiosk mode"},
		{"alice", auth.LeaveKiosk, "", true, false, ""},
		{"alice", auth.HasRole, "operator", true, false, ""},
		{"alice", auth.HasRole, "viewer", true, false, ""},
		{"bob", auth.HasRole, "operator", true, false, ""},
		{"bob", auth.HasRole, "engineer", false, false, "user bob (role operator) does not have role engineer"},
		{"vic", auth.HasRole, "admin", false, false, "user vic (role viewer) does not have role admin"},
		{"", auth.Write, "Pump1.Start", false, false, "nobody is logged in: log in to write Pump1.Start"},
		{"", auth.Navigate, "overview", false, false, "nobody is logged in: log in to open screen overview"},
		{"", auth.LeaveKiosk, "", false, false, "nobody is logged in: log in to leave kiosk mode"},
	}
	for _, tt := range tests {
		t.Run(tt.user+"/"+tt.perm.String()+"/"+tt.target, func(t *testing.T) {
			d := a.Check(sess[tt.user], tt.perm, tt.target)
			if d.Allowed != tt.ok || d.Reauth != tt.reauth || d.Reason != tt.reason {
				t.Errorf("Check = %+v, want {%v %v %q}", d, tt.ok, tt.reauth, tt.reason)
			}
			if a.Can(sess[tt.user], tt.perm, tt.target) != tt.ok {
				t.Error("Can disagrees with Check")
			}
			if err := d.Err(); (err == nil) != tt.ok || err != nil && err.Error() != tt.reason {
				t.Errorf("Err() = %v", err)
			}
		})
	}
}

// TestAllowAll: without a users file everything is allowed, and says so;
// nobody logs in.
func TestAllowAll(t *testing.T) {
	a, err := auth.Open("testdata/no-such-users.yaml", auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.AllowsAll() || a.Config() != nil {
		t.Fatal("a missing file does not allow all")
	}
	for _, p := range []auth.Perm{auth.Write, auth.Navigate, auth.Ack, auth.Shelve, auth.OutOfService, auth.WebControl, auth.LeaveKiosk, auth.HasRole} {
		d := a.Check(nil, p, "X")
		if !d.Allowed || d.Reauth || d.Reason != "no users file: everyone may do everything" {
			t.Errorf("%v: %+v", p, d)
		}
	}
	if _, err := a.Login("bob", auth.Password("x"), "panel"); err != auth.ErrNoUsers {
		t.Errorf("login: %v", err)
	}
	if _, err := a.Reauthenticate(nil, auth.Password("x"), "why"); err != auth.ErrEnded {
		t.Errorf("reauth: %v", err)
	}
}

// TestOpen: a good file, and a bad one whose errors are positioned.
func TestOpen(t *testing.T) {
	a, err := auth.Open("testdata/plant.good.yaml", auth.Options{})
	if err != nil || a.AllowsAll() || len(a.Config().Users) != 3 {
		t.Fatalf("open: %v", err)
	}
	dir := t.TempDir()
	bad := dir + "/users.yaml"
	if err := writeFile(bad, "users:\n  bob: {role: nobody, pin: '"+pin1+"'}\n"); err != nil {
		t.Fatal(err)
	}
	_, err = auth.Open(bad, auth.Options{})
	if err == nil || err.Error() != bad+`:2:15: unknown role "nobody"` {
		t.Errorf("bad file: %v", err)
	}
	if _, err := auth.Open(dir, auth.Options{}); err == nil {
		t.Error("a directory opened as a users file")
	}
}

// TestLockout steps the clock through failures: locked after 3 (30s), the
// time doubling with each failure after (up to 4m), the right secret
// refused while locked, and forgiven by a success.
func TestLockout(t *testing.T) {
	a, clk, _ := newAuthority(t, testUsers)
	wrong := func(want time.Duration) {
		t.Helper()
		_, err := a.Login("bob", auth.Password("nope"), "panel")
		var le *auth.LockedError
		switch {
		case want == 0 && err != auth.ErrLogin:
			t.Fatalf("got %v, want ErrLogin", err)
		case want > 0 && (!errors.As(err, &le) || le.Wait != want || !le.Until.Equal(clk.Now().Add(want))):
			t.Fatalf("got %v, want locked for %s", err, want)
		}
	}
	wrong(0)
	wrong(0)
	wrong(30 * time.Second)
	clk.Step(10 * time.Second)
	_, err := a.Login("bob", auth.Password(secret2), "panel")
	var le *auth.LockedError
	if !errors.As(err, &le) || le.Wait != 20*time.Second || err.Error() != "too many failed logins: try again in 20s" {
		t.Fatalf("right secret while locked: %v", err)
	}
	if _, err := a.Login("bob", auth.PINSecret(pinText), "web 10.0.0.7"); !errors.As(err, &le) {
		t.Fatalf("the lock is the user's, not the place's: %v", err)
	}
	clk.Step(20 * time.Second)
	wrong(time.Minute)
	clk.Step(time.Minute)
	wrong(2 * time.Minute)
	clk.Step(2 * time.Minute)
	wrong(4 * time.Minute)
	clk.Step(4 * time.Minute)
	wrong(4 * time.Minute) // the maximum
	clk.Step(4 * time.Minute)
	login(t, a, "bob", auth.Password(secret2))
	wrong(0) // a success forgives
	wrong(0)
	clk.Step(4 * time.Minute) // quiet for max-backoff: forgotten
	wrong(0)
	wrong(0)
	wrong(30 * time.Second)
	// Others are not locked with bob.
	login(t, a, "alice", auth.Password(secret1))
}

// TestLockoutUnknownNames: names that are no user's count per place, so
// guessing names locks the place out, not the users.
func TestLockoutUnknownNames(t *testing.T) {
	a, clk, _ := newAuthority(t, testUsers)
	for i, name := range []string{"mallory", "eve", "trudy"} {
		_, err := a.Login(name, auth.Password("x"), "web 10.0.0.9")
		if i < 2 && err != auth.ErrLogin {
			t.Fatalf("%s: %v", name, err)
		}
		if i == 2 {
			var le *auth.LockedError
			if !errors.As(err, &le) || le.Wait != 30*time.Second {
				t.Fatalf("third unknown name: %v", err)
			}
		}
	}
	var le *auth.LockedError
	if _, err := a.Login("oscar", auth.Password("x"), "web 10.0.0.9"); !errors.As(err, &le) {
		t.Errorf("the place is not locked: %v", err)
	}
	if _, err := a.Login("oscar", auth.Password("x"), "panel"); err != auth.ErrLogin {
		t.Errorf("another place is locked: %v", err)
	}
	login(t, a, "bob", auth.Password(secret2)) // a user from the locked place: counted by name
	clk.Step(30 * time.Second)
	if _, err := a.Login("oscar", auth.Password("x"), "web 10.0.0.9"); !errors.As(err, &le) || le.Wait != time.Minute {
		t.Errorf("after the lockout: %v, want locked for 1m", err)
	}
}

// TestIdleLogout steps the clock: a session untouched for idle-logout ends
// (Ended hears IdleTimeout), a touch postpones it.
func TestIdleLogout(t *testing.T) {
	a, clk, e := newAuthority(t, testUsers)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- a.Run(ctx) }()
	defer func() { cancel(); <-done }()
	limit := time.After(10 * time.Second)

	bob := login(t, a, "bob", auth.Password(secret2))
	if !clk.WaitArmed(t0.Add(10*time.Minute), limit) {
		t.Fatal("no idle timer at login + 10m")
	}
	clk.Step(5 * time.Minute)
	vic := login(t, a, "vic", auth.PINSecret(pinText)) // idle at +15m
	if !a.Touch(bob) {                                 // idle at +15m too
		t.Fatal("touch of a live session")
	}
	clk.Step(5 * time.Minute) // +10m: the timer fires, finds nothing due
	if !clk.WaitArmed(t0.Add(15*time.Minute), limit) {
		t.Fatal("no timer re-armed at +15m")
	}
	if got := e.take(); len(got) != 0 {
		t.Fatalf("ended early: %+v", got)
	}
	clk.Step(time.Minute)
	a.Touch(vic) // vic stays till +21m
	clk.Step(4 * time.Minute)
	if !clk.WaitArmed(t0.Add(21*time.Minute), limit) {
		t.Fatal("no timer at +21m")
	}
	got := e.take()
	if len(got) != 1 || got[0].Session != bob || got[0].Reason != auth.IdleTimeout || !got[0].At.Equal(t0.Add(15*time.Minute)) {
		t.Fatalf("ended %+v, want bob idle at +15m", got)
	}
	if a.Touch(bob) || a.Can(bob, auth.Navigate, "overview") || !a.Can(vic, auth.Navigate, "overview") {
		t.Error("bob's session lives on, or vic's ended")
	}
	clk.Step(6 * time.Minute)
	end, ok := e.next(limit)
	if !ok || end.Session != vic || end.Reason != auth.IdleTimeout || !end.At.Equal(t0.Add(21*time.Minute)) || a.Session(vic.ID) != nil {
		t.Errorf("ended %+v, want vic idle at +21m", end)
	}
}

// TestIdleOff: idle-logout: off arms no timer.
func TestIdleOff(t *testing.T) {
	a, clk, _ := newAuthority(t, testUsers+"\n") // replaced below
	cfg := decodeCfg(t, replaceOnce(testUsers, "idle-logout: 10m", "idle-logout: off"))
	if err := a.Update(cfg); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- a.Run(ctx) }()
	s := login(t, a, "bob", auth.Password(secret2))
	clk.Step(48 * time.Hour)
	if clk.Timers() != 0 || a.Session(s.ID) == nil {
		t.Error("a session timed out with idle-logout: off")
	}
	cancel()
	<-done
}

// TestUpdate: a reload ends the sessions of removed and disabled users,
// keeps the others under their new roles, and refuses to drop the file.
func TestUpdate(t *testing.T) {
	a, _, e := newAuthority(t, testUsers)
	alice := login(t, a, "alice", auth.Password(secret1))
	bob := login(t, a, "bob", auth.Password(secret2))
	vic := login(t, a, "vic", auth.PINSecret(pinText))
	next := replaceOnce(testUsers, `  alice: {full-name: Alice Martin, role: engineer, password: "`+pw1+`"}`, `  alice: {role: engineer, password: "`+pw1+`", disabled: true}`)
	next = replaceOnce(next, `  bob:   {full-name: Bob Stone, role: operator, password: "`+pw2+`", pin: "`+pin1+`"}`, "")
	next = replaceOnce(next, `    navigate: [overview, "trend*"]`, `    navigate: [overview, "trend*", settings]`)
	if err := a.Update(decodeCfg(t, next)); err != nil {
		t.Fatal(err)
	}
	why := map[*auth.Session]auth.EndReason{}
	for _, x := range e.take() {
		why[x.Session] = x.Reason
	}
	if len(why) != 2 || why[alice] != auth.UserDisabled || why[bob] != auth.UserRemoved {
		t.Errorf("ended %v", why)
	}
	if !a.Can(vic, auth.Navigate, "settings") {
		t.Error("vic's session does not take the new role")
	}
	if d := a.Check(alice, auth.Write, "X"); d.Allowed {
		t.Error("a disabled user's session still writes")
	}
	if err := a.Update(nil); err != auth.ErrUsersRemoved || a.AllowsAll() {
		t.Errorf("Update(nil) = %v, allows all %v", err, a.AllowsAll())
	}
	if _, err := a.Login("bob", auth.Password(secret2), "panel"); err != auth.ErrLogin {
		t.Errorf("a removed user logs in: %v", err)
	}
}

// TestReauthenticate: a critical write asks for the secret again and a
// reason; wrong secrets count towards the lockout.
func TestReauthenticate(t *testing.T) {
	a, clk, _ := newAuthority(t, testUsers)
	bob := login(t, a, "bob", auth.Password(secret2))
	if d := a.Check(bob, auth.Write, "Tank1.Setpoint"); !d.Allowed || !d.Reauth {
		t.Fatalf("check %+v", d)
	}
	clk.Step(time.Minute)
	if _, err := a.Reauthenticate(bob, auth.Password(secret2), "  "); err != auth.ErrReason {
		t.Errorf("no reason: %v", err)
	}
	c, err := a.Reauthenticate(bob, auth.PINSecret(pinText), "raise for batch 42")
	if err != nil || c.User != "bob" || c.Reason != "raise for batch 42" || !c.At.Equal(t0.Add(time.Minute)) {
		t.Fatalf("reauth = %+v, %v", c, err)
	}
	if _, err := a.Reauthenticate(bob, auth.Password(secret1), "x"); err != auth.ErrLogin {
		t.Errorf("wrong secret: %v", err)
	}
	a.Reauthenticate(bob, auth.Password(secret1), "x")
	var le *auth.LockedError
	if _, err := a.Reauthenticate(bob, auth.Password(secret1), "x"); !errors.As(err, &le) {
		t.Errorf("third wrong secret: %v", err)
	}
	if _, err := a.Reauthenticate(bob, auth.Password(secret2), "x"); !errors.As(err, &le) {
		t.Errorf("right secret while locked: %v", err)
	}
	a.Logout(bob)
	if _, err := a.Reauthenticate(bob, auth.Password(secret2), "x"); err != auth.ErrEnded {
		t.Errorf("ended session: %v", err)
	}
}

// TestConcurrent runs logins, checks, touches and updates at once (with
// -race: the lock covers them).
func TestConcurrent(t *testing.T) {
	a, clk, _ := newAuthority(t, replaceOnce(testUsers, "failures: 3", "failures: 100"))
	cfg := a.Config()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- a.Run(ctx) }()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			s, err := a.Login("vic", auth.PINSecret(pinText), "panel")
			if err != nil {
				t.Error(err)
				return
			}
			for range 200 {
				a.Touch(s)
				a.Can(s, auth.Navigate, "overview")
				if i == 0 {
					clk.Step(time.Second)
					_ = a.Update(cfg)
				}
			}
			a.Logout(s)
		})
	}
	wg.Wait()
	cancel()
	<-done
}

// TestLockoutConcurrent: wrong secrets tried at once cannot slip under the
// limit while the others are being verified: of 10, exactly 3 are checked
// (the third locks), the 7 others are refused unchecked.
func TestLockoutConcurrent(t *testing.T) {
	a, _, _ := newAuthority(t, testUsers)
	var mu sync.Mutex
	var wrong, locked int
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			_, err := a.Login("bob", auth.Password("nope"), "web 10.0.0.9")
			var le *auth.LockedError
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == auth.ErrLogin:
				wrong++
			case errors.As(err, &le):
				locked++
			default:
				t.Errorf("login: %v", err)
			}
		})
	}
	wg.Wait()
	if wrong != 2 || locked != 8 {
		t.Errorf("%d wrong, %d locked; want 2 and 8", wrong, locked)
	}
}
