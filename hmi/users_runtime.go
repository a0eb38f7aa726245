package hmi

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"

	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/render"
)

// usersRoom is the runtime's users and audit trail: the Authority over the
// project's users file, the panel's session, and the audit trail in the
// data directory (see hmi/auth/doc.go for how the runtime calls them).
type usersRoom struct {
	auth  *auth.Authority
	trail *audit.Trail // nil: Options.NoData, or it could not be opened (logged)
	host  string       // the panel's host name: Record.Host of panel records

	panel atomic.Pointer[auth.Session] // who is logged in at the panel; nil: nobody
	src   *InputSource                 // where the raster backend's input comes from; nil: the panel

	activity ActivitySource // the window system's idle time; nil: none (users_activity.go)

	changedCh chan struct{}       // capacity 1: a login, logout or reload changed who may do what
	dlg       *render.LoginDialog // the dialog opened last; UI goroutine only
}

// Authority returns the runtime's Authority: who is logged in and what
// each session may do. Built from no users file it allows everything
// ([auth.Authority.AllowsAll]). The status server and the web view check
// passwords with its Login and look sessions up with its Session.
func (r *Runtime) Authority() *auth.Authority { return r.users.auth }

// Audit returns the runtime's audit trail, or nil when it runs without
// one (Options.NoData, or the trail could not be opened: logged).
func (r *Runtime) Audit() *audit.Trail { return r.users.trail }

// PanelSession returns the session logged in at the panel, or nil.
func (r *Runtime) PanelSession() *auth.Session { return r.users.panel.Load() }

// openUsers makes the Authority over the project's users (already decoded
// by the load) and opens the audit trail in the data directory.
func (r *Runtime) openUsers(p *Project, noData bool, src *InputSource) error {
	u := &r.users
	r.useInput(src)
	if p.UsersPath() != "" && p.Users() == nil && !noData {
		// A users file with errors must not open every door: the project's
		// errors say where.
		return fmt.Errorf("users file %s has errors: not running without its users and roles", p.UsersPath())
	}
	u.host, _ = os.Hostname()
	u.changedCh = make(chan struct{}, 1)
	u.auth = auth.New(p.Users(), auth.Options{Clock: r.clk, Ended: r.sessionEnded})
	r.showUser()
	if noData {
		return nil
	}
	t, err := audit.Open(r.alarm.dataDir, audit.Options{Clock: r.clk, Logger: r.log})
	if err != nil {
		r.log.Error("audit trail: the runtime runs without one", "err", err)
		return nil
	}
	u.trail = t
	return nil
}

// auditStart records the start, first in the trail: Run calls it before
// its goroutines, so that no login or write can come before it.
func (r *Runtime) auditStart() {
	p := r.project()
	r.audit(audit.Record{Where: audit.System, Action: audit.Start, Target: p.Dir, Detail: "users file: " + orNone(p.UsersPath())})
}

// runUsers runs the Authority's idle logouts until ctx is done and
// records the stop. It runs in the run group.
func (r *Runtime) runUsers(ctx context.Context) error {
	p := r.project()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.usersViewLoop(ctx)
	}()
	wg.Go(func() { r.activityLoop(ctx) }) // users_activity.go
	err := r.users.auth.Run(ctx)
	wg.Wait()
	r.audit(audit.Record{Where: audit.System, Action: audit.Stop, Target: p.Dir, Detail: "stopped"})
	return err
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// closeAudit flushes and closes the audit trail after everything stopped.
func (r *Runtime) closeAudit() {
	t := r.users.trail
	if t == nil {
		return
	}
	if err := t.Close(); err != nil {
		r.log.Error("audit trail: closing", "err", err)
	}
}

// audit appends rec to the trail (when there is one). The panel's records
// carry the host name.
func (r *Runtime) audit(rec audit.Record) {
	if rec.Where == audit.Panel && rec.Host == "" {
		rec.Host = r.users.host
	}
	if t := r.users.trail; t != nil {
		t.Append(rec)
	}
}

// actor is who acts at the panel now: the session's user and first role.
func actor(s *auth.Session) (user, role string) {
	if s == nil {
		return "", ""
	}
	if len(s.Roles) > 0 {
		role = s.Roles[0]
	}
	return s.User, role
}

// where is where the input being handled comes from: the panel, or the
// web view when it arrived through it.
func (r *Runtime) where() audit.Where {
	if r.users.src.Web() {
		return audit.Web
	}
	return audit.Panel
}

// Login logs name in at the panel with secret. It verifies an Argon2id
// hash (tens of ms): call it off the UI goroutine. A session already
// logged in at the panel is logged out first. Success, failures and
// lockouts are audited.
func (r *Runtime) Login(name string, secret auth.Secret) (*auth.Session, error) {
	s, err := r.users.auth.Login(name, secret, "panel")
	var locked *auth.LockedError
	switch {
	case errors.As(err, &locked):
		r.audit(audit.Record{Actor: name, Where: audit.Panel, Action: audit.Lockout, Detail: err.Error()})
		return nil, err
	case err != nil:
		r.audit(audit.Record{Actor: name, Where: audit.Panel, Action: audit.LoginFailed, Detail: err.Error()})
		return nil, err
	}
	if old := r.users.panel.Swap(s); old != nil {
		r.users.auth.Logout(old) // audited by sessionEnded
	}
	user, role := actor(s)
	r.audit(audit.Record{Actor: user, Role: role, Where: audit.Panel, Action: audit.Login})
	r.log.Info("login", "user", user, "role", role)
	r.usersChanged()
	return s, nil
}

// Logout logs out whoever is logged in at the panel.
func (r *Runtime) Logout() {
	if s := r.users.panel.Load(); s != nil {
		r.users.auth.Logout(s) // sessionEnded audits it and clears the panel
	}
}

// sessionEnded is the Authority's Ended: it audits the end and, for the
// panel's session, forgets it and tells the screen. It must not block.
func (r *Runtime) sessionEnded(e auth.End) {
	user, role := actor(e.Session)
	detail := e.Reason.String()
	if e.Reason == auth.IdleTimeout {
		detail = "idle"
	}
	where := audit.Panel
	host := ""
	if e.Session.Where != "panel" {
		where, host = audit.Web, e.Session.Where
	}
	r.audit(audit.Record{Time: e.At, Actor: user, Role: role, Where: where, Host: host, Action: audit.Logout, Detail: detail})
	if r.users.panel.CompareAndSwap(e.Session, nil) {
		r.log.Info("logout", "user", user, "why", detail)
		r.usersChanged()
	}
}

// Touch tells the Authority the panel's user is active (a press, a key, a
// scroll): the idle logout starts again.
func (r *Runtime) Touch() {
	if s := r.users.panel.Load(); s != nil {
		r.users.auth.Touch(s)
	}
}

// usersChanged tells the screen (usersViewLoop) that who is logged in,
// or what they may do, changed. It never blocks.
func (r *Runtime) usersChanged() {
	select {
	case r.users.changedCh <- struct{}{}:
	default:
	}
}

// reloadUsers follows a reload: a clean project's users go to the
// Authority (a removed users file keeps the last users, and says so in
// the banner); every changed file is audited with its content hashes.
func (r *Runtime) reloadUsers(old, p *Project, ev *ReloadEvent) {
	oldSums, newSums := old.fileSums(), p.fileSums()
	detail := "applied"
	if !ev.Applied {
		detail = fmt.Sprintf("refused: %d errors", len(ev.Errors))
	}
	for _, f := range ev.Files {
		r.audit(audit.Record{Time: ev.At, Where: audit.System, Action: audit.Reload, Target: f,
			Old: sumText(oldSums[f]), New: sumText(newSums[f]), Detail: detail})
	}
	if !ev.Applied || p == nil {
		return
	}
	if err := r.users.auth.Update(p.Users()); err != nil {
		ev.Errors = append(ev.Errors, fmt.Sprintf("%s: %v", orNone(old.UsersPath()), err))
	}
	r.usersChanged()
}

func sumText(s [32]byte) string {
	if s == ([32]byte{}) {
		return ""
	}
	return fmt.Sprintf("sha256:%x", s)
}

// auditWait waits until every record appended so far is durable (tests,
// and a clean stop).
func (r *Runtime) auditWait(ctx context.Context) error {
	if t := r.users.trail; t != nil {
		return t.Flush(ctx)
	}
	return nil
}

// AuditFlush waits until every audit record appended so far is durable,
// or ctx is done.
func (r *Runtime) AuditFlush(ctx context.Context) error { return r.auditWait(ctx) }
