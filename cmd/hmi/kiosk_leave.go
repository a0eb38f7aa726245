package main

import (
	"strings"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/render/symbol"
)

// leaveTitle is the leave dialog's title: what the login is for.
const leaveTitle = "Leave kiosk mode"

// leaveFields are the leave dialog's fields: the user name on the
// on-screen keyboard, the password, or (its switch) the PIN on the numeric
// keypad.
func leaveFields() []render.LoginField {
	return []render.LoginField{{Label: "User"}, {Label: "Password", Masked: true,
		Alt: &render.LoginField{Label: "PIN", Masked: true, Numeric: true}}}
}

// showLeave opens the leave dialog on win: the panel's login dialog
// (render.ShowLogin: usable with a finger, and with a keyboard where
// there is one) titled for leaving kiosk mode. A refusal (a wrong secret,
// a lockout, a user without leave-kiosk) shows in the dialog, which stays
// open for the next try; Cancel answers no, a login allowed to leave
// answers yes. UI goroutine.
func (g *authGate) showLeave(win fyne.Window, answer func(ok bool, who string)) {
	var d *render.LoginDialog
	busy, cancelled := false, false
	d = render.ShowLogin(win.Canvas(), symbol.DefaultPalette(), render.LoginOptions{
		Title:  leaveTitle,
		Fields: leaveFields(),
		Submit: func(texts []string) {
			if busy {
				return
			}
			busy = true
			name, secret := texts[0], auth.Password(texts[1])
			if d.Switched(1) {
				secret = auth.PINSecret(texts[1])
			}
			d.SetMessage("Checking…")
			g.check(name, secret, func(who leaver, err error) {
				busy = false
				switch {
				case cancelled:
					return // answered no already
				case err != nil:
					g.log.Warn("kiosk: leaving refused", "user", name, "reason", err.Error())
					d.SetMessage(err.Error())
					d.SetText(1, "")
					d.Focus(1)
					return
				}
				d.Hide()
				g.left(who)
				answer(true, who.user)
			})
		},
		Cancel: func() {
			cancelled = true
			answer(false, "")
		},
	})
	g.dlg = d
}

// leaver is who may leave kiosk mode: a user and their roles.
type leaver struct{ user, role string }

// check runs allowed off the UI goroutine and gives its answer to then on
// the UI goroutine.
func (g *authGate) check(name string, secret auth.Secret, then func(leaver, error)) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		who, err := g.allowed(name, secret)
		g.ui(func() { then(who, err) })
	}()
}

// allowed logs name in at the panel, checks auth.LeaveKiosk and logs the
// session out again: who it is when the user may leave. It uses the
// runtime's Authority (its lockout, its users as last reloaded) and writes
// the login, a failed login or a refusal into the runtime's audit trail
// (the Authority's logout is written by the runtime); the leaving itself
// is written by left, when the panel leaves.
func (g *authGate) allowed(name string, secret auth.Secret) (leaver, error) {
	s, err := g.a.Login(name, secret, "panel")
	if err != nil {
		g.audit(audit.Record{Actor: strings.TrimSpace(name), Action: audit.LoginFailed, Target: "kiosk", Detail: err.Error()})
		return leaver{}, err
	}
	defer g.a.Logout(s) // audited by the runtime's Authority (its Ended)
	who := leaver{user: s.User, role: strings.Join(s.Roles, ",")}
	// The check's own session, audited from its start as a panel login is.
	g.audit(audit.Record{Actor: who.user, Role: who.role, Action: audit.Login, Target: "kiosk", Detail: "to leave kiosk mode"})
	if err := g.a.Check(s, auth.LeaveKiosk, "").Err(); err != nil {
		g.audit(audit.Record{Actor: who.user, Role: who.role, Action: audit.Refused, Target: "kiosk", Detail: "leave kiosk mode: " + err.Error()})
		return leaver{}, err
	}
	return who, nil
}

// left writes who left kiosk mode into the audit trail.
func (g *authGate) left(who leaver) {
	g.audit(audit.Record{Actor: who.user, Role: who.role, Action: audit.Stop, Target: "kiosk", Detail: "left kiosk mode"})
}
