package hmi_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/render"
)

// TestLoginSwitch: one login button serves users of either secret: the
// screens/users example has one (login: true), whose dialog opens for a
// password and switches to the PIN on the numeric keypad; the one opened
// for a PIN (login: pin, no such button in the example: ShowLogin(true))
// switches to the password. Each logs in with the secret its field shows.
func TestLoginSwitch(t *testing.T) {
	g := startUsers(t, "../screens/users")
	rt := g.rt
	rt.UI(func() {
		if rt.Scene("main").Widget("login-pin") != nil {
			t.Error("screens/users still has a second login button, for the PIN")
		}
	})
	for _, tt := range []struct {
		pin          bool // the dialog opens for a PIN
		user, secret string
		switched     bool
	}{
		{false, "pat", "2468", true},
		{false, "olga", "olga-example", false},
		{true, "olga", "olga-example", true},
		{true, "pat", "2468", false},
	} {
		rt.UI(rt.Logout)
		g.waitUser("")
		if tt.pin {
			rt.UI(func() { rt.ShowLogin(true) })
		} else {
			g.tap("login", false)
		}
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

// TestReauthSwitch: the reauthentication dialog offers the same switch
// as the login dialog to a user who has both a password and a PIN, and
// confirms with the secret its field shows; a user with only a PIN gets
// the PIN, without a switch.
func TestReauthSwitch(t *testing.T) {
	dir := writeUsersProject(t, false)
	users := strings.ReplaceAll(usersTestFile, "HASH", usersHash())
	users = strings.Replace(users, `password: "`+usersHash()+`" }`, `password: "`+usersHash()+`", pin: "`+usersPIN+`" }`, 1) // olga: both
	users = strings.Replace(users, "roles:\n", "  pat: { role: operator, pin: \""+usersPIN+"\" }\nroles:\n", 1)
	must(t, os.WriteFile(filepath.Join(dir, "users.yaml"), []byte(users), 0o644))
	g := startUsers(t, dir)
	rt := g.rt
	for _, tt := range []struct {
		user, secret string
		switched     bool // the secret is the other kind than the field opens as
	}{
		{"olga", "2468", true},
		{"olga", usersPassword, false},
		{"pat", "2468", false},
	} {
		rt.UI(rt.Logout)
		g.waitUser("")
		if _, err := rt.Login(tt.user, map[bool]auth.Secret{true: auth.PINSecret("2468"), false: auth.Password(usersPassword)}[tt.user == "pat"]); err != nil {
			t.Fatalf("login %s: %v", tt.user, err)
		}
		g.waitUser(tt.user)
		must(t, rt.DB().Write(context.Background(), "Tank.Setpoint", 50.0))
		g.tap("setpoint", false)
		rt.UI(func() {
			d := rt.LoginDialog()
			if d == nil || !d.Visible() {
				t.Errorf("%s: no reauthentication dialog", tt.user)
				return
			}
			if tt.switched {
				d.Switch(0)
				if !d.Switched(0) {
					t.Errorf("%s has a password and a PIN: no switch in the reauthentication dialog", tt.user)
				}
			}
			typeText(d, tt.secret)
			d.Press(render.KeyEnter)
			typeText(d, "batch "+tt.user)
			d.Submit()
		})
		eventually(t, tt.user+" confirmed the write", func() bool {
			var r audit.Record
			rows := g.lastRows(1)
			if len(rows) > 0 {
				r = rows[0]
			}
			return r.Action == audit.Write && r.Detail == "reauthenticated by "+tt.user+": batch "+tt.user
		})
	}
}
