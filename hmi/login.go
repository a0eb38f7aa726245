package hmi

import (
	"context"
	"errors"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/render/symbol"
)

// errCancelled is a reauthentication the person cancelled.
var errCancelled = errors.New("cancelled")

// ShowLogin opens the panel's login dialog: the user name on the
// on-screen keyboard, then the password, or with pin the PIN on the
// numeric keypad; a switch beside the secret turns it into the other kind,
// so that one dialog (one login button) serves users of either. The hash
// is verified on the worker goroutine; a failure (and a lockout, with its
// wait) shows in the dialog. Without a users file it says that nobody
// logs in. UI goroutine.
func (r *Runtime) ShowLogin(pin bool) {
	var d *render.LoginDialog
	busy := false
	d = render.ShowLogin(r.win.Canvas(), symbol.DefaultPalette(), render.LoginOptions{
		Title:  "Log in",
		Fields: loginFields(pin),
		Submit: func(texts []string) {
			if busy {
				return
			}
			busy = true
			name, s := texts[0], auth.Password(texts[1])
			if pin != d.Switched(1) {
				s = auth.PINSecret(texts[1])
			}
			d.SetMessage("Checking…")
			r.async(func() func() {
				_, err := r.Login(name, s)
				return func() {
					busy = false
					if err != nil {
						d.SetMessage(err.Error())
						d.SetText(1, "")
						d.Focus(1)
						return
					}
					d.Hide()
				}
			})
		},
	})
	if r.users.auth.AllowsAll() {
		d.SetMessage(auth.ErrNoUsers.Error())
	}
	r.users.dlg = d
}

// loginFields are the login dialog's fields: the user name, and the
// password with the PIN as its switch, or with pin the other way round.
func loginFields(pin bool) []render.LoginField {
	password := render.LoginField{Label: "Password", Masked: true}
	code := render.LoginField{Label: "PIN", Masked: true, Numeric: true}
	if pin {
		code.Alt = &password
		return []render.LoginField{{Label: "User"}, code}
	}
	password.Alt = &code
	return []render.LoginField{{Label: "User"}, password}
}

// LoginDialog returns the login or reauthentication dialog opened last,
// or nil (UI goroutine): tests type into it.
func (r *Runtime) LoginDialog() *render.LoginDialog { return r.users.dlg }

// askReauth asks the panel's user for their secret again and a reason
// before writing v to tag; then gives the Confirmation, or the error that
// ended the question (cancelled, or the session ended). Wrong secrets
// stay in the dialog, and count towards the lockout. UI goroutine.
func (r *Runtime) askReauth(tag string, v any, then func(auth.Confirmation, error)) {
	s := r.users.panel.Load()
	secret, pin := r.reauthField(s)
	var d *render.LoginDialog
	busy := false
	d = render.ShowLogin(r.win.Canvas(), symbol.DefaultPalette(), render.LoginOptions{
		Title:  "Confirm: write " + valueText(v) + " to " + tag,
		Fields: []render.LoginField{secret, {Label: "Reason"}},
		Submit: func(texts []string) {
			if busy {
				return
			}
			busy = true
			sec := auth.Password(texts[0])
			if pin != d.Switched(0) {
				sec = auth.PINSecret(texts[0])
			}
			d.SetMessage("Checking…")
			r.async(func() func() {
				c, err := r.users.auth.Reauthenticate(s, sec, texts[1])
				if err != nil && !errors.Is(err, auth.ErrReason) {
					user, role := actor(s)
					r.audit(audit.Record{Actor: user, Role: role, Where: audit.Panel, Action: audit.LoginFailed, Target: tag,
						Detail: "reauthentication: " + err.Error()})
				}
				return func() {
					busy = false
					switch {
					case err == nil:
						d.Hide()
						then(c, nil)
					case errors.Is(err, auth.ErrEnded), errors.Is(err, auth.ErrNoUsers):
						d.Hide()
						then(c, err)
					default:
						d.SetMessage(err.Error())
						if !errors.Is(err, auth.ErrReason) {
							d.SetText(0, "")
							d.Focus(0)
						}
					}
				}
			})
		},
		Cancel: func() { then(auth.Confirmation{}, errCancelled) },
	})
	r.users.dlg = d
}

// usersViewLoop carries logins, logouts and reloads of the users to the
// screen: the User pseudo tags, the controls' permissions, and away from a
// screen the user may no longer see.
func (r *Runtime) usersViewLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.users.changedCh:
		}
		// One session for both, read once: a login that logs the last user
		// out first changes it twice. The permissions first, then the User
		// pseudo tags: whoever sees the new user's name (an expression, a
		// test) sees its controls enabled or disabled already.
		s := r.users.panel.Load()
		r.ui(func() {
			sc := r.Scene(r.Current())
			if sc == nil {
				return
			}
			if cur := r.Current(); cur != r.project().Start && !r.users.auth.Can(s, auth.Navigate, cur) {
				if err := r.Navigate(r.project().Start); err != nil {
					r.log.Error("start screen", "err", err)
				}
				return // Navigate set the permissions
			}
			r.setPermissionsFor(sc, s)
		})
		r.showUserAs(s)
	}
}

// setPermissions disables the controls of a scene that the panel's user
// may not use (:disabled), or that need somebody logged in (:locked).
// UI goroutine.
func (r *Runtime) setPermissions(sc *render.Scene) {
	r.setPermissionsFor(sc, r.users.panel.Load())
}

// setPermissionsFor is setPermissions for the session s. UI goroutine.
func (r *Runtime) setPermissionsFor(sc *render.Scene, s *auth.Session) {
	if sc == nil {
		return
	}
	a := r.users.auth
	allows := a.AllowsAll()
	for _, w := range sc.Widgets() {
		perm := render.Permitted
		if !allows && !r.mayUse(s, w.Node) {
			perm = render.Denied
			if s == nil {
				perm = render.Locked
			}
		}
		w.SetPermission(perm)
		switch w.Node.Type {
		case "navbar":
			w.SetNavPermission(func(screen string) bool { return allows || a.Can(s, auth.Navigate, screen) })
		case "alarm-summary":
			w.SetAlarmPermission(r.alarmActions(s)) // users_alarms.go
		}
	}
}

// mayUse reports whether session s may use the control n: a button's
// action (role, navigation, write), a toggle's or an entry's tag.
func (r *Runtime) mayUse(s *auth.Session, n *gopage.Node) bool {
	a := r.users.auth
	switch n.Type {
	case "button":
		p := n.Props["on_press"]
		if p == nil || p.Action == nil {
			return true
		}
		act := p.Action
		if act.Login != "" || act.Logout {
			return true
		}
		if act.Role != "" && !a.Can(s, auth.HasRole, act.Role) {
			return false
		}
		if act.Navigate != "" && !a.Can(s, auth.Navigate, act.Navigate) {
			return false
		}
		return act.Write == nil || a.Can(s, auth.Write, act.Write.Tag)
	case "toggle", "entry":
		if p := n.Props["tag"]; p != nil && p.Str != "" {
			return a.Can(s, auth.Write, p.Str)
		}
	case "alarm-summary", "alarm-banner":
		return r.mayUseAlarms(s, n) // users_alarms.go
	}
	return true
}
