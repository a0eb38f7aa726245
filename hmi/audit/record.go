package audit

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Record is one entry of the audit trail: who (Actor, Role) did what
// (Action) to what (Target), from where (Where, Host), the value before
// and after (Old, New, as text) and why (Detail). Append sets Seq and, when
// it is zero, Time; a read record also carries its chain Hash.
type Record struct {
	Seq    uint64    // position in the trail: 1, 2, 3… never reused; set by Append
	Time   time.Time // when it happened; Append sets the trail's clock's now when zero
	Actor  string    // the user's name; "" for anonymous or the system itself
	Role   string    // the actor's role at the time, "" when none
	Where  Where     // the kind of place it came from: panel, web, cli, system
	Host   string    // which one: the panel's host name, the web client's address
	Action Action    // what happened
	Target string    // what it happened to: a tag, an alarm, a file
	Old    string    // the value before, as text ("" when none)
	New    string    // the value after, as text ("" when none)
	Detail string    // the reason the user gave, why it was refused, content hashes; never a password
	Hash   string    // hex SHA-256 chain hash: set on records read back, ignored by Append
}

// Where is the kind of place a record came from; [Record.Host] says which.
type Where string

// The places a record comes from.
const (
	Panel  Where = "panel"  // the operator panel (the GL or raster window)
	Web    Where = "web"    // the browser view; Host is the client's address
	CLI    Where = "cli"    // a command line tool
	System Where = "system" // the runtime itself (reloads, start, stop)
)

// String returns w as stored.
func (w Where) String() string { return string(w) }

// Action is what a record says happened.
type Action string

// The actions the runtime records. The trail stores any non-empty action
// text; these are the ones gohmi writes.
const (
	Login        Action = "login"
	Logout       Action = "logout"        // Detail: "idle" for an auto-logout
	LoginFailed  Action = "login-failed"  // Actor: the name that was tried
	Lockout      Action = "lockout"       // Detail: for how long
	Write        Action = "write"         // Target: the tag; Old → New
	WriteRefused Action = "write-refused" // Detail: why (no permission, bad value, device error)
	Refused      Action = "refused"       // a navigation or alarm action refused; Target: the screen or alarm; Detail: what and why
	Ack          Action = "ack"           // Target: the alarm
	Shelve       Action = "shelve"        // Target: the alarm; Detail: until when, reason
	Unshelve     Action = "unshelve"
	OutOfService Action = "out-of-service"
	InService    Action = "in-service"
	Reload       Action = "reload" // Target: the file; Old → New: its content hashes
	Start        Action = "start"  // the runtime started (Detail: version, project)
	Stop         Action = "stop"   // the runtime stopped (Detail: why)
)

// String returns a as stored.
func (a Action) String() string { return string(a) }

// Actions returns the actions gohmi records, in the order above (`hmi
// audit --action` accepts these).
func Actions() []Action {
	return []Action{Login, Logout, LoginFailed, Lockout, Write, WriteRefused, Refused, Ack, Shelve, Unshelve,
		OutOfService, InService, Reload, Start, Stop}
}

// MaxField is the most bytes a text field of a Record keeps: Append cuts
// a longer one (at a UTF-8 boundary, ending it with "…"), so that what an
// operator or a network peer types cannot grow the trail without bound.
const MaxField = 4096

// clean makes r's text storable: valid UTF-8, no field over MaxField.
// The chain hashes what is stored, so this runs before hashing.
func (r *Record) clean() {
	for _, p := range []*string{&r.Actor, &r.Role, (*string)(&r.Where), &r.Host, (*string)(&r.Action),
		&r.Target, &r.Old, &r.New, &r.Detail} {
		*p = cut(strings.ToValidUTF8(*p, "\uFFFD"))
	}
	r.Hash = ""
}

func cut(s string) string {
	if len(s) <= MaxField {
		return s
	}
	const ellipsis = "…"
	n := MaxField - len(ellipsis)
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + ellipsis
}
