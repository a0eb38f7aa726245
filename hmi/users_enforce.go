package hmi

import (
	"context"
	"fmt"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/tags"
)

// who is the person a write is done for, as it is audited: captured when
// the write is asked for, on the UI goroutine.
type who struct {
	user, role string
	where      audit.Where
	confirm    *auth.Confirmation // a reauthentication that allowed the write
}

// whoNow is who acts at the panel (or through the web view) now.
func (r *Runtime) whoNow() who {
	user, role := actor(r.acting())
	return who{user: user, role: role, where: r.where()}
}

// acting is the session the input being handled acts for: the web
// viewer's own login when the input came through the web view from a
// viewer who logged in to it (off loopback), else the panel's.
func (r *Runtime) acting() *auth.Session {
	if s := r.users.src.webSession(); s != nil {
		return s
	}
	return r.users.panel.Load()
}

// check decides whether the input being handled may do p on target: the
// acting session (see [Runtime.acting]), and for input through the web
// view also web-control.
func (r *Runtime) check(p auth.Perm, target string) auth.Decision {
	s := r.acting()
	a := r.users.auth
	if r.where() == audit.Web && !a.AllowsAll() {
		if d := a.Check(s, auth.WebControl, ""); !d.Allowed {
			return d
		}
	}
	return a.Check(s, p, target)
}

// refuseAction checks a button's (or navbar's) action before it runs: its
// minimum role, its navigation and its write; a refusal is shown and
// audited and the action does not run. Login and logout are always
// allowed. UI goroutine.
func (r *Runtime) refuseAction(a *gopage.Action) bool {
	r.Touch()
	if a.Role != "" {
		if d := r.check(auth.HasRole, a.Role); !d.Allowed {
			switch {
			case a.Write != nil:
				r.auditRefused(a.Write.Tag, nil, d.Reason)
			case a.Navigate != "":
				r.auditOther(a.Navigate, "navigate", d.Reason)
			}
			r.refused(d.Reason)
			return true
		}
	}
	if a.Navigate != "" {
		if d := r.check(auth.Navigate, a.Navigate); !d.Allowed {
			r.auditOther(a.Navigate, "navigate", d.Reason)
			r.refused(d.Reason)
			return true
		}
	}
	if a.Write != nil {
		if d := r.check(auth.Write, a.Write.Tag); !d.Allowed {
			r.auditRefused(a.Write.Tag, nil, d.Reason)
			r.refused(d.Reason)
			return true
		}
	}
	return false
}

// userAction runs an action's login or logout (after its write, before
// its navigation). UI goroutine.
func (r *Runtime) userAction(a *gopage.Action) {
	if a.Logout {
		r.Logout()
	}
	if a.Login != "" {
		r.ShowLogin(a.Login == "pin")
	}
}

// refused shows why something was refused, as a failed write is shown.
func (r *Runtime) refused(reason string) {
	r.log.Warn("refused", "why", reason)
	r.showError(&auth.DeniedError{Reason: reason})
}

// auditRefused records a write that was refused before it was queued.
func (r *Runtime) auditRefused(tag string, v any, why string) {
	w := r.whoNow()
	r.audit(audit.Record{Actor: w.user, Role: w.role, Where: w.where, Action: audit.WriteRefused, Target: tag,
		New: valueText(v), Detail: why})
}

// auditOther records a navigation or an alarm action that was refused.
func (r *Runtime) auditOther(target, what, why string) {
	w := r.whoNow()
	r.audit(audit.Record{Actor: w.user, Role: w.role, Where: w.where, Action: audit.Refused, Target: target,
		Detail: what + ": " + why})
}

// guardWrite checks a write the operator asked for (UI goroutine): refused
// (shown, audited, done(err)), asked to reauthenticate first (the dialog;
// the write is queued only once Reauthenticate succeeds), or queued.
func (r *Runtime) guardWrite(tag string, v any, done func(error), queue func(writeReq)) {
	r.Touch()
	d := r.check(auth.Write, tag)
	w := r.whoNow()
	if !d.Allowed {
		r.auditRefused(tag, v, d.Reason)
		r.refused(d.Reason)
		done(d.Err())
		return
	}
	if !d.Reauth {
		queue(writeReq{tag: tag, v: v, done: done, who: w})
		return
	}
	r.askReauth(tag, v, func(c auth.Confirmation, err error) {
		if err != nil {
			r.auditRefused(tag, v, "reauthentication: "+err.Error())
			done(err)
			return
		}
		w.confirm = &c
		queue(writeReq{tag: tag, v: v, done: done, who: w})
	})
}

// auditedWrite writes w to the tag database and records it, with the
// value before, who, from where and, when one was needed, the
// reauthentication. Writer goroutine.
func (r *Runtime) auditedWrite(ctx context.Context, w writeReq) error {
	old, _ := r.db.Get(w.tag)
	err := r.db.Write(ctx, w.tag, w.v)
	rec := audit.Record{Actor: w.who.user, Role: w.who.role, Where: w.who.where, Action: audit.Write, Target: w.tag,
		Old: oldText(old), New: valueText(w.v)}
	if w.who.where == "" {
		rec.Where = audit.Panel
	}
	if c := w.who.confirm; c != nil {
		rec.Detail = fmt.Sprintf("reauthenticated by %s: %s", c.User, c.Reason)
	}
	if err != nil {
		rec.Action = audit.WriteRefused
		rec.Detail = joinDetail(rec.Detail, err.Error())
	}
	r.audit(rec)
	return err
}

// auditQueueFull records a write the queue had no room for.
func (r *Runtime) auditQueueFull(w writeReq, err error) {
	r.audit(audit.Record{Actor: w.who.user, Role: w.who.role, Where: w.who.where, Action: audit.WriteRefused,
		Target: w.tag, New: valueText(w.v), Detail: err.Error()})
}

func joinDetail(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func oldText(v tags.Value) string {
	if v.Quality != tags.Good {
		if v.V == nil {
			return "(" + v.Quality.String() + ")"
		}
		return fmt.Sprintf("%v (%s)", v.V, v.Quality)
	}
	return valueText(v.V)
}

func valueText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return fmt.Sprintf("%g", v)
	}
	return fmt.Sprint(v)
}

// guardedBoard is the alarm engine as the alarm widgets act on it: every
// acknowledgement, shelve and out-of-service is checked against the
// panel's session (refused with the reason, audited as refused) and
// audited with the user.
type guardedBoard struct {
	alarms.Board
	r *Runtime
}

// boardFor wraps the engine for the alarm widgets.
func (r *Runtime) boardFor(b alarms.Board) alarms.Board { return guardedBoard{Board: b, r: r} }

func (g guardedBoard) act(p auth.Perm, action audit.Action, names []string, detail string, op *alarms.Op, do func() error) error {
	r := g.r
	r.Touch()
	w := r.whoNow()
	if w.user != "" {
		op.User = w.user
	}
	for _, name := range names {
		if d := r.check(p, name); !d.Allowed {
			r.auditOther(name, string(action), d.Reason)
			return d.Err()
		}
	}
	err := do()
	for _, name := range names {
		rec := audit.Record{Actor: op.User, Role: w.role, Where: w.where, Action: action, Target: name, Detail: joinDetail(detail, op.Comment)}
		if err != nil {
			rec.Detail = joinDetail("failed: "+err.Error(), rec.Detail)
		}
		r.audit(rec)
	}
	return err
}

// Ack checks auth.Ack for every alarm, acknowledges and audits them.
func (g guardedBoard) Ack(names []string, op alarms.Op) error {
	return g.act(auth.Ack, audit.Ack, names, "", &op, func() error { return g.Board.Ack(names, op) })
}

// Shelve checks auth.Shelve, shelves and audits.
func (g guardedBoard) Shelve(name string, d time.Duration, op alarms.Op) error {
	return g.act(auth.Shelve, audit.Shelve, []string{name}, "for "+d.String(), &op, func() error { return g.Board.Shelve(name, d, op) })
}

// Unshelve checks auth.Shelve, unshelves and audits.
func (g guardedBoard) Unshelve(name string, op alarms.Op) error {
	return g.act(auth.Shelve, audit.Unshelve, []string{name}, "", &op, func() error { return g.Board.Unshelve(name, op) })
}

// SetOutOfService checks auth.OutOfService, changes and audits.
func (g guardedBoard) SetOutOfService(name string, out bool, op alarms.Op) error {
	action := audit.OutOfService
	if !out {
		action = audit.InService
	}
	return g.act(auth.OutOfService, action, []string{name}, "", &op, func() error { return g.Board.SetOutOfService(name, out, op) })
}

// AlarmBoard returns the alarm engine as the alarm widgets act on it:
// acknowledgements, shelving and out-of-service checked against the
// session of the input being handled, and audited. Call it on the UI goroutine.
func (r *Runtime) AlarmBoard() alarms.Board { return r.boardFor(r.alarm.eng) }

// panelUser is who the alarm widgets act as: "" lets them say "operator".
func (r *Runtime) panelUser() string {
	user, _ := actor(r.users.panel.Load())
	return user
}
