package hmi_test

import (
	"testing"

	"github.com/gohmi/gohmi/render"
)

// TestLoginSwitch: one login button serves users of either secret: the
// dialog opened for a password (login: true) switches to the PIN on the
// numeric keypad, and the one opened for a PIN (login: pin) to the
// password; each logs in with the secret its field shows.
func TestLoginSwitch(t *testing.T) {
	g := startUsers(t, "../screens/users")
	rt := g.rt
	for _, tt := range []struct {
		button, user, secret string
		switched             bool
	}{
		{"login", "pat", "2468", true},
		{"login", "olga", "olga-example", false},
		{"login-pin", "olga", "olga-example", true},
		{"login-pin", "pat", "2468", false},
	} {
		rt.UI(rt.Logout)
		g.waitUser("")
		g.tap(tt.button, false)
		rt.UI(func() {
			d := rt.LoginDialog()
			typeText(d, tt.user)
			d.Press(render.KeyEnter)
			if tt.switched {
				d.Switch(1)
			}
			for _, r := range tt.secret {
				d.Press(string(r))
			}
			d.Press(render.KeyEnter)
		})
		g.waitUser(tt.user)
	}
}
