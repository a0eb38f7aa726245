package hmi_test

import (
	"slices"
	"testing"

	"github.com/gohmi/gohmi/hmi"
)

// TestReloadUsers: users.yaml reloads like hmi.yaml: an added file is a
// change the reload takes (Project.Users), a bad one is refused with its
// position and the last good users stay, a save without changes does
// nothing.
func TestReloadUsers(t *testing.T) {
	dir := copyDemo(t)
	rt := startedWith(t, dir, "overview", hmi.Options{Watch: hmi.WatchOff})
	if rt.Project().Users() != nil {
		t.Fatal("the demo has users")
	}
	writeFile(t, dir, "users.yaml", "users:\n  bob: {role: operator, pin: '"+usersPIN+"'}\nroles:\n  operator: {write: all}\n")
	ev := rt.Reload(hmi.Batch{Files: []string{"users.yaml"}})
	if !slices.Equal(ev.Files, []string{"users.yaml"}) || !ev.Applied || rt.Project().Users() == nil {
		t.Fatalf("add: %+v, users %v", ev, rt.Project().Users())
	}
	if ev := rt.Reload(hmi.Batch{Files: []string{"users.yaml"}}); len(ev.Files) != 0 {
		t.Errorf("a file saved unchanged reloaded: %+v", ev)
	}
	editFile(t, dir, "users.yaml", "role: operator", "role: operatr")
	ev = rt.Reload(hmi.Batch{Files: []string{"users.yaml"}})
	want := dir + `/users.yaml:2:15: unknown role "operatr", did you mean "operator"?`
	if ev.Applied || len(ev.Errors) != 1 || ev.Errors[0] != want {
		t.Fatalf("bad file: applied %v, errors %q, want %q", ev.Applied, ev.Errors, want)
	}
	if u := rt.Project().Users(); u == nil || u.User("bob") == nil {
		t.Errorf("a refused reload dropped the users: %v", u)
	}
}
