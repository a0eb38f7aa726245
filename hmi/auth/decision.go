package auth

import (
	"fmt"
	"strings"
	"time"
)

// Perm is something a user may be allowed to do; most apply to a target.
type Perm int

// The permissions, and the target each takes.
const (
	Write        Perm = iota + 1 // a tag name: roles' write patterns
	Navigate                     // a screen name: roles' navigate patterns
	Ack                          // an alarm name (any): roles' alarms: ack
	Shelve                       // an alarm name (any): alarms: shelve
	OutOfService                 // an alarm name (any): alarms: out-of-service
	WebControl                   // none: control through the web view
	LeaveKiosk                   // none: confirm leaving kiosk mode
	HasRole                      // a role name: the user has it or a role that includes it (a screen's `role:`)
)

// String returns the permission as users.yaml names it ("write", "ack"…).
func (p Perm) String() string {
	switch p {
	case Write:
		return "write"
	case Navigate:
		return "navigate"
	case Ack:
		return "ack"
	case Shelve:
		return "shelve"
	case OutOfService:
		return "out-of-service"
	case WebControl:
		return "web-control"
	case LeaveKiosk:
		return "leave-kiosk"
	case HasRole:
		return "role"
	}
	return fmt.Sprintf("Perm(%d)", int(p))
}

// what is the action in a refusal: "may not <what>".
func (p Perm) what(target string) string {
	switch p {
	case Write:
		return "write " + target
	case Navigate:
		return "open screen " + target
	case Ack:
		return "acknowledge alarm " + target
	case Shelve:
		return "shelve alarm " + target
	case OutOfService:
		return "take alarm " + target + " out of service"
	case WebControl:
		return "control through the web view"
	case LeaveKiosk:
		return "leave kiosk mode"
	case HasRole:
		return "act as role " + target
	}
	return p.String() + " " + target
}

// Decision is the answer to [Authority.Check].
type Decision struct {
	// Allowed: the session's user may. For a write, Reauth may still ask
	// for the secret again first.
	Allowed bool
	// Reauth: a write the user may do only after [Authority.Reauthenticate]
	// with their secret and a reason (a role's reauth: pattern).
	Reauth bool
	// Reason says why not (empty when allowed), e.g. "user bob (role
	// operator) may not write Pump1.Speed"; with no users file, it says
	// that everything is allowed.
	Reason string
}

// Err returns the refusal as an error, or nil when allowed.
func (d Decision) Err() error {
	if d.Allowed {
		return nil
	}
	return &DeniedError{Reason: d.Reason}
}

// DeniedError is a refused action.
type DeniedError struct{ Reason string }

// Error returns the reason.
func (e *DeniedError) Error() string { return e.Reason }

// Can reports whether s may do p on target ([Authority.Check]'s Allowed):
// enough to enable or grey out a control. An action's enforcement must use
// Check, whose Reauth a write must honour.
func (a *Authority) Can(s *Session, p Perm, target string) bool {
	return a.Check(s, p, target).Allowed
}

// Check decides whether s (nil: nobody logged in) may do p on target,
// under the users file in force now (a reload changes the answer for live
// sessions). With no users file everything is allowed; with one, nobody
// logged in may do nothing.
func (a *Authority) Check(s *Session, p Perm, target string) Decision {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cfg == nil {
		return Decision{Allowed: true, Reason: "no users file: everyone may do everything"}
	}
	if s == nil {
		return Decision{Reason: "nobody is logged in: log in to " + p.what(target)}
	}
	if a.sessions[s.ID] == nil {
		return Decision{Reason: fmt.Sprintf("the session of %s has ended: log in again to %s", s.User, p.what(target))}
	}
	u := a.cfg.User(s.User)
	if u == nil || u.Disabled {
		return Decision{Reason: fmt.Sprintf("user %s may no longer log in", s.User)} // Update ends such sessions
	}
	roles := a.cfg.closure(u.Roles)
	for _, r := range roles {
		if r.permits(p, target) {
			return Decision{Allowed: true, Reauth: p == Write && reauth(roles, target)}
		}
	}
	if p == HasRole {
		return Decision{Reason: fmt.Sprintf("user %s (%s) does not have role %s", u.Name, roleList(u.Roles), target)}
	}
	return Decision{Reason: fmt.Sprintf("user %s (%s) may not %s", u.Name, roleList(u.Roles), p.what(target))}
}

// permits reports whether r itself grants p on target.
func (r *Role) permits(p Perm, target string) bool {
	switch p {
	case Write:
		return matchAny(r.Write, target)
	case Navigate:
		return matchAny(r.Navigate, target)
	case Ack:
		return r.Ack
	case Shelve:
		return r.Shelve
	case OutOfService:
		return r.OutOfService
	case WebControl:
		return r.WebControl
	case LeaveKiosk:
		return r.LeaveKiosk
	case HasRole:
		return r.Name == target
	}
	return false
}

func reauth(roles []*Role, tag string) bool {
	for _, r := range roles {
		if matchAny(r.Reauth, tag) {
			return true
		}
	}
	return false
}

func roleList(roles []string) string {
	if len(roles) == 1 {
		return "role " + roles[0]
	}
	return "roles " + strings.Join(roles, ", ")
}

// Confirmation is a successful [Authority.Reauthenticate]: who confirmed,
// why and when, for the audit trail's row of the write it allows.
type Confirmation struct {
	User   string
	Reason string
	At     time.Time
}

// Reauthenticate checks s's user's secret again, with the reason they
// give, before a write that Check answered with Reauth. A wrong secret is
// [ErrLogin] and counts towards the user's lockout (a [*LockedError] while
// locked); an empty reason is [ErrReason]; an ended session [ErrEnded].
// Success counts as activity.
func (a *Authority) Reauthenticate(s *Session, secret Secret, reason string) (Confirmation, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Confirmation{}, ErrReason
	}
	if len(reason) > maxReason {
		return Confirmation{}, fmt.Errorf("the reason is longer than %d bytes", maxReason)
	}
	if s == nil {
		return Confirmation{}, ErrEnded
	}
	a.mu.Lock()
	if a.cfg == nil {
		a.mu.Unlock()
		return Confirmation{}, ErrNoUsers
	}
	cfg := a.cfg
	if a.sessions[s.ID] == nil || cfg.User(s.User) == nil {
		a.mu.Unlock()
		return Confirmation{}, ErrEnded
	}
	u := cfg.User(s.User)
	now := a.clk.Now()
	if err := a.locked(a.users, u.Name, now, cfg.Session); err != nil {
		a.mu.Unlock()
		return Confirmation{}, err
	}
	f := a.charge(a.users, u.Name, now, cfg.Session)
	a.mu.Unlock()

	ok := a.verify(u, secret)

	a.mu.Lock()
	defer a.mu.Unlock()
	now = a.clk.Now()
	if !ok {
		return Confirmation{}, f.failed(now)
	}
	f.forgive(a.users, u.Name)
	l := a.sessions[s.ID]
	if l == nil {
		return Confirmation{}, ErrEnded // ended while verifying
	}
	l.last = now
	return Confirmation{User: u.Name, Reason: reason, At: now}, nil
}
