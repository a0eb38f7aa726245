package auth

import (
	"path"
	"slices"
	"time"

	"github.com/gohmi/gohmi/pos"
)

// Defaults of the session settings, taken when users.yaml's `session:`
// leaves them out.
const (
	DefaultIdleLogout  = 15 * time.Minute
	DefaultFailures    = 5
	DefaultBackoff     = 30 * time.Second
	DefaultMaxBackoff  = 15 * time.Minute
	MaxIdleLogout      = 24 * time.Hour
	MaxBackoffLimit    = 24 * time.Hour
	maxFailuresSetting = 100
)

// Config is a decoded users file: who may log in and what each role may do.
// It is read-only once decoded; an [Authority] holds one and swaps it
// whole on a reload ([Authority.Update]).
type Config struct {
	File    string
	Users   []User // in file order
	Roles   []Role // in file order
	Session SessionSettings
}

// User is one person who may log in.
type User struct {
	Name     string
	FullName string
	Roles    []string // at least one, each defined in the file
	Password *Hash    // nil: no password
	PIN      *Hash    // nil: no PIN
	Disabled bool     // may not log in; a session of theirs ends at the reload
	Pos      pos.Pos
}

// Role is a named set of permissions. Includes makes a role inherit the
// permissions of others: an engineer includes operator, so a screen's
// `role: operator` (a minimum role) admits engineers too.
type Role struct {
	Name     string
	Includes []string
	// Write, Navigate and Reauth are name patterns: '*' matches any run of
	// characters and '?' one (path.Match); "all" in the file is "*".
	Write    []string
	Navigate []string
	Reauth   []string // writes to these tags ask for the secret again and a reason
	// Ack, Shelve, OutOfService: the alarm permissions.
	Ack, Shelve, OutOfService bool
	WebControl                bool // use the web view's controls (writes, acks)
	LeaveKiosk                bool // confirm leaving kiosk mode
	Pos                       pos.Pos
}

// SessionSettings are users.yaml's `session:`: auto-logout and lockout.
type SessionSettings struct {
	// IdleLogout ends a session after this long without [Authority.Touch];
	// 0 never ("idle-logout: off").
	IdleLogout time.Duration
	// Failures is how many failed logins in a row lock a user (or, for
	// names that are not users, the place they were typed at) out.
	Failures int
	// Backoff is the first lockout; each further failure while locked or
	// after a lockout doubles it, up to MaxBackoff.
	Backoff, MaxBackoff time.Duration
}

// DefaultSession returns the settings a users file without `session:` gets.
func DefaultSession() SessionSettings {
	return SessionSettings{IdleLogout: DefaultIdleLogout, Failures: DefaultFailures, Backoff: DefaultBackoff, MaxBackoff: DefaultMaxBackoff}
}

// User returns the user named name, or nil.
func (c *Config) User(name string) *User {
	for i := range c.Users {
		if c.Users[i].Name == name {
			return &c.Users[i]
		}
	}
	return nil
}

// Role returns the role named name, or nil.
func (c *Config) Role(name string) *Role {
	for i := range c.Roles {
		if c.Roles[i].Name == name {
			return &c.Roles[i]
		}
	}
	return nil
}

// RoleNames returns the names of the roles in file order.
func (c *Config) RoleNames() []string {
	names := make([]string, len(c.Roles))
	for i, r := range c.Roles {
		names[i] = r.Name
	}
	return names
}

// HasRole reports whether the file defines a role named name.
func (c *Config) HasRole(name string) bool { return c.Role(name) != nil }

// closure returns the roles of u and every role they include, each once,
// in a stable order (depth first from the user's roles).
func (c *Config) closure(roles []string) []*Role {
	var out []*Role
	var visit func(name string)
	visit = func(name string) {
		r := c.Role(name)
		if r == nil || slices.Contains(out, r) {
			return // Decode refuses unknown roles and cycles; this is defence
		}
		out = append(out, r)
		for _, inc := range r.Includes {
			visit(inc)
		}
	}
	for _, name := range roles {
		visit(name)
	}
	return out
}

// matchAny reports whether name matches one of the patterns.
func matchAny(patterns []string, name string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(p, name); ok {
			return true
		}
	}
	return false
}
