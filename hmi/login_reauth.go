package hmi

import (
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/render"
)

// reauthField is the secret field of the reauthentication dialog for the
// session's user, and whether it starts as the PIN: the password, or the
// PIN for a user who has only one; for a user who has both, the password
// with the PIN as its switch, as in the login dialog.
func (r *Runtime) reauthField(s *auth.Session) (render.LoginField, bool) {
	password := render.LoginField{Label: "Password", Masked: true}
	code := render.LoginField{Label: "PIN", Masked: true, Numeric: true}
	cfg := r.users.auth.Config()
	if cfg == nil || s == nil {
		return password, false
	}
	u := cfg.User(s.User)
	switch {
	case u == nil:
		return password, false
	case u.Password != nil && u.PIN != nil:
		password.Alt = &code
		return password, false
	case u.PIN != nil:
		return code, true
	}
	return password, false
}
