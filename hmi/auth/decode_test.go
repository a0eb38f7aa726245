package auth_test

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/pos"
)

// Hash lines of test secrets (hmi passwd's output): pw1 is "s3cret-pass",
// pw2 "other-pass", pin "2468". They are parsed, never guessed.
const (
	pw1  = "$argon2id$v=19$m=19456,t=2,p=1$SQoVLcqeqMqRPVwQliL/Rg$5E5/vQlWR6LbQT2L8JtftMzcNGrjwc5T+ieXV92aFC0"
	pw2  = "$argon2id$v=19$m=19456,t=2,p=1$a05U/jFoNx29g60DPBphXQ$74jL34lFnG51oGlDTHOC1fozFoZQ43p1K9uk9Uer1cc"
	pin1 = "$argon2id$v=19$m=19456,t=2,p=1$Y0sgL/Z92ThDImf3tIhnmg$//Y+yKuEMahkpST4bKVorYJLa4WM4n6LixbeVMqMd/U"
	// weak: m=4096,t=1 (same salt and key lengths)
	weak = "$argon2id$v=19$m=4096,t=1,p=1$SQoVLcqeqMqRPVwQliL/Rg$5E5/vQlWR6LbQT2L8JtftMzcNGrjwc5T+ieXV92aFC0"
)

func errStrings(errs pos.ErrorList) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Error()
	}
	return out
}

func TestDecodeGood(t *testing.T) {
	src, err := os.ReadFile("testdata/plant.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, errs := auth.Decode("users.yaml", src)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errStrings(errs))
	}
	if got := cfg.RoleNames(); !reflect.DeepEqual(got, []string{"viewer", "operator", "engineer"}) {
		t.Errorf("roles %v", got)
	}
	alice, bob, carol := cfg.User("alice"), cfg.User("bob"), cfg.User("carol")
	if alice == nil || bob == nil || carol == nil || len(cfg.Users) != 3 {
		t.Fatalf("users %+v", cfg.Users)
	}
	if alice.FullName != "Alice Martin" || !reflect.DeepEqual(alice.Roles, []string{"engineer"}) || alice.Password == nil || alice.PIN != nil {
		t.Errorf("alice %+v", alice)
	}
	if alice.Pos.String() != "users.yaml:4:3" {
		t.Errorf("alice at %v", alice.Pos)
	}
	if bob.Password.String() != pw2 || bob.PIN.String() != pin1 || bob.Disabled {
		t.Errorf("bob %+v", bob)
	}
	if !carol.Disabled || carol.Password != nil {
		t.Errorf("carol %+v", carol)
	}
	op := cfg.Role("operator")
	want := auth.Role{Name: "operator", Includes: []string{"viewer"}, Write: []string{"Pump?.Start", "Pump?.Stop", "Tank*.Setpoint"},
		Navigate: []string{"*"}, Reauth: []string{"Tank*.Setpoint"}, Ack: true, Shelve: true, Pos: op.Pos}
	if !reflect.DeepEqual(*op, want) {
		t.Errorf("operator\n got %+v\nwant %+v", *op, want)
	}
	eng := cfg.Role("engineer")
	if !eng.Ack || !eng.Shelve || !eng.OutOfService || !eng.WebControl || !eng.LeaveKiosk || !reflect.DeepEqual(eng.Write, []string{"*"}) {
		t.Errorf("engineer %+v", eng)
	}
	wantS := auth.SessionSettings{IdleLogout: 10 * time.Minute, Failures: 3, Backoff: 30 * time.Second, MaxBackoff: 4 * time.Minute}
	if cfg.Session != wantS {
		t.Errorf("session %+v, want %+v", cfg.Session, wantS)
	}
}

// TestDecodeDefaults: a file with users and roles only takes the default
// session settings; idle-logout: off is 0.
func TestDecodeDefaults(t *testing.T) {
	cfg, errs := auth.Decode("u.yaml", []byte("users: {a: {role: r, pin: '"+pin1+"'}}\nroles: {r: }\n"))
	if len(errs) > 0 {
		t.Fatal(errStrings(errs))
	}
	if cfg.Session != auth.DefaultSession() {
		t.Errorf("session %+v", cfg.Session)
	}
	cfg, errs = auth.Decode("u.yaml", []byte("users: {a: {role: r, pin: '"+pin1+"'}}\nroles: {r: }\nsession: {idle-logout: off}\n"))
	if len(errs) > 0 || cfg.Session.IdleLogout != 0 {
		t.Errorf("idle-logout off: %v %v", cfg.Session.IdleLogout, errStrings(errs))
	}
}

// TestDecodeErrors: each mistake is reported at its exact file:line:col,
// in plain, quoted and flow style alike.
func TestDecodeErrors(t *testing.T) {
	const roles = "roles:\n  operator: {write: all}\n  engineer: {includes: [operator]}\n"
	user := func(body string) string { return roles + "users:\n  bob:\n" + body }
	tests := []struct {
		name, src string
		want      []string
	}{
		{"unknown top key", "rolls: {}\n", []string{
			`u.yaml:1:1: unknown key "rolls" in users file, did you mean "roles"?`}},
		{"empty file", "# nothing\n", []string{
			`u.yaml:1:1: users file defines no users (delete the file to let everyone do everything)`}},
		{"no users", roles, []string{
			`u.yaml:1:1: users file defines no users (delete the file to let everyone do everything)`}},
		{"empty users", roles + "users: {}\n", []string{
			`u.yaml:4:1: users file defines no users (delete the file to let everyone do everything)`}},
		{"unknown permission", "roles:\n  operator:\n    wirte: all\n", []string{
			`u.yaml:1:1: users file defines no users (delete the file to let everyone do everything)`,
			`u.yaml:3:5: unknown key "wirte" in role "operator", did you mean "write"?`}},
		{"unknown alarm permission, flow", "roles: {op: {alarms: [ack, shelv]}}\n", []string{
			`u.yaml:1:1: users file defines no users (delete the file to let everyone do everything)`,
			`u.yaml:1:28: alarms: unknown permission "shelv" (ack, shelve, out-of-service or all), did you mean "shelve"?`}},
		{"unknown role, plain", user("    role: operater\n    password: " + pw1 + "\n"), []string{
			`u.yaml:6:11: unknown role "operater", did you mean "operator"?`}},
		{"unknown role, double quoted", user("    role: \"enginer\"\n    password: " + pw1 + "\n"), []string{
			`u.yaml:6:11: unknown role "enginer", did you mean "engineer"?`}},
		{"unknown role, single quoted in a flow list", user("    roles: [operator, 'admin']\n    password: " + pw1 + "\n"), []string{
			`u.yaml:6:23: unknown role "admin"`}},
		{"role given twice", user("    roles: [operator, operator]\n    password: " + pw1 + "\n"), []string{
			`u.yaml:6:23: user "bob": role "operator" given twice`}},
		{"role and roles", user("    role: operator\n    roles: [engineer]\n    password: " + pw1 + "\n"), []string{
			`u.yaml:7:5: user "bob": give role or roles, not both`}},
		{"no role", user("    password: " + pw1 + "\n"), []string{
			`u.yaml:5:3: user "bob" has no role (role: NAME)`}},
		{"no secret", user("    role: operator\n"), []string{
			`u.yaml:5:3: user "bob" has no password and no pin (make one with hmi passwd)`}},
		{"not a hash", user("    role: operator\n    password: hunter2\n"), []string{
			`u.yaml:7:15: password: not an Argon2id hash (expected "$argon2id$v=19$m=…,t=…,p=…$salt$key"; make one with hmi passwd)`}},
		{"weak hash", user("    role: operator\n    pin: '" + weak + "'\n"), []string{
			`u.yaml:7:10: pin: Argon2id parameters m=4096,t=1 are weaker than OWASP's minimum (m=19456 KiB with t=2, or an equivalent); hash the secret again with hmi passwd`}},
		{"malformed hash", user("    role: operator\n    password: \"$argon2id$v=19$m=x$a$b\"\n"), []string{
			`u.yaml:7:15: password: malformed Argon2id hash (make one with hmi passwd): expected integer`}},
		{"bcrypt hash", user("    role: operator\n    password: \"$2a$10$abcdefghijklmnopqrstuv\"\n"), []string{
			`u.yaml:7:15: password: not an Argon2id hash (expected "$argon2id$v=19$m=…,t=…,p=…$salt$key"; make one with hmi passwd)`}},
		{"disabled not bool", user("    role: operator\n    pin: '" + pin1 + "'\n    disabled: maybe\n"), []string{
			`u.yaml:8:15: disabled: expected true or false, got "maybe"`}},
		{"user twice", roles + "users:\n  bob: {role: operator, pin: '" + pin1 + "'}\n  bob: {role: operator, pin: '" + pin1 + "'}\n", []string{
			`u.yaml:6:3: user "bob" given twice`}},
		{"bad user name", roles + "users:\n  \"bob smith\": {role: operator, pin: '" + pin1 + "'}\n", []string{
			`u.yaml:5:3: user name "bob smith": ' ' is not allowed in a name`}},
		{"empty user name", roles + "users:\n  \"\": {role: operator, pin: '" + pin1 + "'}\n", []string{
			`u.yaml:5:3: user name: empty`}},
		{"write: true", "roles:\n  a: {write: true}\nusers: {u: {role: a, pin: '" + pin1 + "'}}\n", []string{
			`u.yaml:2:14: write: expected all, a pattern or a list of patterns, got true`}},
		{"users a list", roles + "users:\n  - bob\n", []string{
			`u.yaml:5:3: users: expected a mapping of names to users, got a list`}},
		{"unknown include", "roles:\n  a: {includes: b}\nusers: {u: {role: a, pin: '" + pin1 + "'}}\n", []string{
			`u.yaml:2:17: unknown role "b", did you mean "a"?`}},
		{"include loop", "roles:\n  a: {includes: [b]}\n  b: {includes: [c]}\n  c: {includes: [a]}\nusers: {u: {role: a, pin: '" + pin1 + "'}}\n", []string{
			`u.yaml:4:18: roles include each other in a loop: a → b → c → a`}},
		{"includes itself", "roles:\n  a: {includes: [a]}\nusers: {u: {role: a, pin: '" + pin1 + "'}}\n", []string{
			`u.yaml:2:18: role "a" includes itself`}},
		{"bad pattern", "roles:\n  a: {write: \"Pump[\"}\nusers: {u: {role: a, pin: '" + pin1 + "'}}\n", []string{
			`u.yaml:2:14: write: bad pattern "Pump[" (use * and ? as in Tank*.Level, or all)`}},
		{"web-control not bool", "roles:\n  a: {web-control: maybe}\nusers: {u: {role: a, pin: '" + pin1 + "'}}\n", []string{
			`u.yaml:2:20: web-control: expected true or false, got "maybe"`}},
		{"session keys", roles + "users: {u: {role: operator, pin: '" + pin1 + "'}}\nsession:\n  idle-logut: 5m\n  lockout: {failures: 2.5, backoff: 1m, max-backoff: 30s, max: 1}\n", []string{
			`u.yaml:6:3: unknown key "idle-logut" in session, did you mean "idle-logout"?`,
			`u.yaml:7:23: failures: expected a whole number from 1 to 100, got "2.5"`,
			`u.yaml:7:54: lockout: max-backoff 30s is shorter than backoff 1m0s`,
			`u.yaml:7:59: unknown key "max" in lockout`}},
		{"idle too long", roles + "users: {u: {role: operator, pin: '" + pin1 + "'}}\nsession: {idle-logout: 48h}\n", []string{
			`u.yaml:5:24: idle-logout: 48h0m0s is longer than a day (use off for never)`}},
		{"idle not a duration", roles + "users: {u: {role: operator, pin: '" + pin1 + "'}}\nsession: {idle-logout: soon}\n", []string{
			`u.yaml:5:24: idle-logout: expected a positive duration like 500ms or 2s, got "soon"`}},
		{"syntax error", "users:\n  bob: [\n", []string{
			`u.yaml:2:8: unclosed [: no matching ] before the end of the file`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := auth.Decode("u.yaml", []byte(tt.src))
			got := errStrings(errs)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("source:\n%s\n got %q\nwant %q", tt.src, got, tt.want)
			}
		})
	}
}

// TestDecodeJSON: a users file may be JSON, with the same positions.
func TestDecodeJSON(t *testing.T) {
	src := `{"roles": {"op": {"write": "all"}}, "users": {"bob": {"role": "opp", "pin": "` + pin1 + `"}}}`
	_, errs := auth.Decode("u.json", []byte(src))
	if got := strings.Join(errStrings(errs), "\n"); got != `u.json:1:63: unknown role "opp", did you mean "op"?` {
		t.Errorf("got %q", got)
	}
}

// TestDecodeTooLarge: a file past MaxFile is refused before decoding.
func TestDecodeTooLarge(t *testing.T) {
	_, errs := auth.Decode("u.yaml", make([]byte, auth.MaxFile+1))
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "users file too large") {
		t.Errorf("got %v", errStrings(errs))
	}
}
