package auth

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gohmi/gohmi/internal/clock"
)

// Errors of [Authority.Login] and [Authority.Reauthenticate]. ErrLogin
// never says whether the name is a user's: a name that is no user's, a
// disabled user, a wrong secret and a PIN given to a user without one all
// read the same, and take as long (a name that is no user's is verified
// against a hash of its own).
var (
	ErrLogin   = errors.New("wrong user name or secret")
	ErrNoUsers = errors.New("the project has no users file: nobody logs in and everyone may do everything")
	ErrEnded   = errors.New("the session has ended")
	ErrReason  = errors.New("a reason is required")
)

// LockedError is the answer to a login while its user (or, for a name that
// is no user's, the place it is typed at) is locked out.
type LockedError struct {
	Until time.Time
	Wait  time.Duration // from the attempt to Until
}

// Error says how long to wait.
func (e *LockedError) Error() string {
	return fmt.Sprintf("too many failed logins: try again in %s", e.Wait.Round(time.Second))
}

// Bounds on what a caller hands in.
const (
	maxSecret = 1024 // bytes of a password or PIN
	maxReason = 500  // bytes of a reauthentication's reason
	maxPlaces = 1024 // places whose failures with unknown names are counted
)

// Options configure an [Authority].
type Options struct {
	// Clock times idle logouts and lockouts (default the wall clock).
	Clock clock.Clock
	// Ended, when set, is told of every session that ends: a logout, an
	// idle logout, a user removed or disabled by [Authority.Update]. It is
	// called on the goroutine that ended the session (Logout's or Update's
	// caller, or [Authority.Run] for idle logouts), with no lock held, and
	// must not block: the runtime posts it to the UI and the audit trail.
	Ended func(End)
}

// Secret is what a person types to log in: a password, or a PIN on the
// numeric keypad.
type Secret struct {
	Text string
	PIN  bool
}

// Password returns a password [Secret].
func Password(s string) Secret { return Secret{Text: s} }

// PINSecret returns a PIN [Secret].
func PINSecret(s string) Secret { return Secret{Text: s, PIN: true} }

// Session is one person logged in at one place. Its fields do not change;
// the [Authority] knows whether it is still live.
type Session struct {
	ID       string // random, 128 bits in hex: usable as a web view's cookie
	User     string
	FullName string
	Roles    []string // as the user had at login (a reload may change them: Check reads the current file)
	Where    string   // where the login came from: "panel", "web 10.0.0.7"…
	Start    time.Time
}

// End says that a session ended and why.
type End struct {
	Session *Session
	Reason  EndReason
	At      time.Time
}

// EndReason is why a session ended.
type EndReason int

// The reasons a session ends.
const (
	LoggedOut    EndReason = iota + 1 // Logout
	IdleTimeout                       // no activity for the session's idle-logout
	UserRemoved                       // a reload of the users file dropped the user
	UserDisabled                      // a reload disabled the user
)

// String returns "logged out", "idle logout"…
func (r EndReason) String() string {
	switch r {
	case LoggedOut:
		return "logged out"
	case IdleTimeout:
		return "idle logout"
	case UserRemoved:
		return "user removed"
	case UserDisabled:
		return "user disabled"
	}
	return fmt.Sprintf("EndReason(%d)", int(r))
}

// Authority decides who is logged in and what they may do. It is safe for
// concurrent use. Built from no users file ([Open] of a missing file,
// [New] of nil) it allows everything and says so ([Authority.AllowsAll]):
// a project without users runs as it always did.
type Authority struct {
	clk   clock.Clock
	ended func(End)
	wake  chan struct{} // capacity 1: Run re-reads the deadlines

	dummy *Hash // verified for names that are no user's

	mu       sync.Mutex          // guards the fields below
	cfg      *Config             // nil: no users file
	sessions map[string]*live    // by Session.ID
	users    map[string]*failure // failed logins by user name
	places   map[string]*failure // failed logins with names that are no user's, by place; at most maxPlaces
}

type live struct {
	s    *Session
	last time.Time // last activity
}

// Open reads the users file at file and returns its Authority. A missing
// file (or file == "") is no error: the Authority allows everything. A
// file with problems returns a pos.ErrorList of all of them and a nil
// Authority.
func Open(file string, o Options) (*Authority, error) {
	cfg, err := Load(file)
	if err != nil {
		return nil, err
	}
	return New(cfg, o), nil
}

// Load reads and decodes the users file at file; it returns nil and no
// error when file is "" or does not exist.
func Load(file string) (*Config, error) {
	if file == "" {
		return nil, nil
	}
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("users file: %w", err)
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxFile+1))
	if err != nil {
		return nil, fmt.Errorf("users file: %w", err)
	}
	cfg, errs := Decode(file, src)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// New returns an Authority over cfg; nil allows everything.
func New(cfg *Config, o Options) *Authority {
	dummy, err := ParseHash(dummyLine)
	if err != nil {
		panic("auth: the dummy hash does not parse: " + err.Error()) // a constant: caught by every test
	}
	return &Authority{
		clk: clock.Or(o.Clock), ended: o.Ended, wake: make(chan struct{}, 1), cfg: cfg, dummy: dummy,
		sessions: map[string]*live{}, users: map[string]*failure{}, places: map[string]*failure{},
	}
}

// dummyLine is what a login with a name that is no user's (or a disabled
// user's, or a secret of a kind the user has none of) is verified against,
// so that it takes as long as a wrong password: a hash with NewHash's
// parameters of 32 random bytes nobody kept. Its answer is never used.
const dummyLine = "$argon2id$v=19$m=19456,t=2,p=1$h5bq1Y4o4XL0lqz7hK0h7w$wXGZ9f2m1vI6mQ2y0y1m6Xl3vS7b8sB8o5ZbYk0T9aE"

// AllowsAll reports whether the Authority has no users file, so that
// everyone may do everything and nobody logs in.
func (a *Authority) AllowsAll() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.cfg == nil
}

// Config returns the users file in force (nil: none).
func (a *Authority) Config() *Config {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.cfg
}

// Login checks name and secret and opens a session at where ("panel",
// "web 10.0.0.7"). A wrong name or secret is [ErrLogin]; after the
// session settings' failures in a row the user (for a name that is no
// user's: the place) is locked out and every attempt is a [*LockedError]
// until the backoff passed, without checking the secret.
func (a *Authority) Login(name string, secret Secret, where string) (*Session, error) {
	name = strings.TrimSpace(name)
	a.mu.Lock()
	if a.cfg == nil {
		a.mu.Unlock()
		return nil, ErrNoUsers
	}
	now := a.clk.Now()
	cfg, u := a.cfg, a.cfg.User(name)
	key, counts := a.counter(u != nil, name, where)
	if err := a.locked(counts, key, now, cfg.Session); err != nil {
		a.mu.Unlock()
		return nil, err
	}
	f := a.charge(counts, key, now, cfg.Session)
	a.mu.Unlock()

	ok := a.verify(u, secret) // tens of ms: outside the lock

	a.mu.Lock()
	defer a.mu.Unlock()
	now = a.clk.Now()
	if !ok {
		return nil, f.failed(now)
	}
	f.forgive(counts, key)
	s := &Session{ID: newID(), User: u.Name, FullName: u.FullName, Roles: slices.Clone(u.Roles), Where: where, Start: now}
	a.sessions[s.ID] = &live{s: s, last: now}
	a.poke()
	return s, nil
}

// verify checks secret against u's hash; for no user (or a disabled one,
// or a secret of a kind the user has none of) it verifies against a dummy
// hash so that the answer takes as long.
func (a *Authority) verify(u *User, secret Secret) bool {
	if len(secret.Text) > maxSecret || secret.Text == "" {
		return false
	}
	var h *Hash
	if u != nil && !u.Disabled {
		h = u.Password
		if secret.PIN {
			h = u.PIN
		}
	}
	if secret.PIN && CheckPIN(secret.Text) != nil {
		h = nil
	}
	if h == nil {
		a.dummy.Verify(secret.Text) // as long as a wrong password; never true
		return false
	}
	return h.Verify(secret.Text)
}

// Logout ends s. Ending a session that has ended already does nothing.
func (a *Authority) Logout(s *Session) {
	if s == nil {
		return
	}
	a.mu.Lock()
	_, ok := a.sessions[s.ID]
	delete(a.sessions, s.ID)
	now := a.clk.Now()
	a.mu.Unlock()
	if ok {
		a.tell([]End{{Session: s, Reason: LoggedOut, At: now}})
	}
}

// Touch records activity in s (a press, a key): the idle logout counts
// from the last one. It reports whether s is still live.
func (a *Authority) Touch(s *Session) bool {
	if s == nil {
		return false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	l := a.sessions[s.ID]
	if l != nil {
		l.last = a.clk.Now()
	}
	return l != nil
}

// Session returns the live session with the ID id, or nil (a web view
// looks its cookie up so).
func (a *Authority) Session(id string) *Session {
	a.mu.Lock()
	defer a.mu.Unlock()
	if l := a.sessions[id]; l != nil {
		return l.s
	}
	return nil
}

// Sessions returns the live sessions, oldest first.
func (a *Authority) Sessions() []*Session {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]*Session, 0, len(a.sessions))
	for _, l := range a.sessions {
		out = append(out, l.s)
	}
	sortSessions(out)
	return out
}

// ErrUsersRemoved is Update's answer to a nil Config while users are in
// force: a users file that disappears must not open every door.
var ErrUsersRemoved = errors.New("users file removed: the last users and roles stay in force until gohmi restarts")

// Update puts cfg in force (a reload of the users file). Sessions of users
// that cfg removes or disables end (and [Options.Ended] hears of it); the
// others live on under their user's new roles. Update(nil) while a file
// is in force is refused with [ErrUsersRemoved] and changes nothing.
func (a *Authority) Update(cfg *Config) error {
	a.mu.Lock()
	if cfg == nil && a.cfg != nil {
		a.mu.Unlock()
		return ErrUsersRemoved
	}
	a.cfg = cfg
	now := a.clk.Now()
	var ends []End
	for id, l := range a.sessions {
		var u *User
		if cfg != nil {
			u = cfg.User(l.s.User)
		}
		switch {
		case u == nil:
			ends = append(ends, End{Session: l.s, Reason: UserRemoved, At: now})
		case u.Disabled:
			ends = append(ends, End{Session: l.s, Reason: UserDisabled, At: now})
		default:
			continue
		}
		delete(a.sessions, id)
	}
	for name := range a.users {
		if cfg == nil || cfg.User(name) == nil {
			delete(a.users, name)
		}
	}
	a.poke()
	a.mu.Unlock()
	sortEnds(ends)
	a.tell(ends)
	return nil
}

// tell hands ends to Options.Ended. Caller holds no lock.
func (a *Authority) tell(ends []End) {
	if a.ended == nil {
		return
	}
	for _, e := range ends {
		a.ended(e)
	}
}

// poke wakes Run to re-read the deadlines. Caller holds mu.
func (a *Authority) poke() {
	select {
	case a.wake <- struct{}{}:
	default:
	}
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported systems (Go 1.24+ crashes instead)
	return hex.EncodeToString(b[:])
}
