package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/hmi/auth"
)

// TestPasswd: hmi passwd reads the secret twice (lines of stdin when it is
// not a terminal), refuses weak or differing entries, and prints a line
// that users.yaml takes and that verifies the secret.
func TestPasswd(t *testing.T) {
	tests := []struct {
		name, args, stdin string
		code              int
		key, err          string
	}{
		{"password", "", "correct horse\ncorrect horse\n", 0, "password", ""},
		{"password, CRLF, no final newline", "", "correct horse\r\ncorrect horse", 0, "password", ""},
		{"pin", "--pin", "2468\n2468\n", 0, "pin", ""},
		{"differ", "", "correct horse\ncorrect house\n", 1, "", "hmi passwd: the two entries differ"},
		{"short", "", "hunter2\nhunter2\n", 1, "", "hmi passwd: a password has at least 8 characters (this one has 7)"},
		{"pin letters", "--pin", "12a4\n12a4\n", 1, "", "hmi passwd: a PIN has digits only"},
		{"pin short", "--pin", "123\n123\n", 1, "", "hmi passwd: a PIN has at least 4 digits"},
		{"once only", "", "correct horse\n", 1, "", "hmi passwd: no secret on standard input"},
		{"nothing", "", "", 1, "", "hmi passwd: no secret on standard input"},
		{"argument", "extra", "", 2, "", "usage: hmi passwd [--pin]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := passwdCmd(strings.Fields(tt.args), strings.NewReader(tt.stdin), &out, &errb)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.code, errb.String())
			}
			if tt.code != 0 {
				if strings.TrimSpace(errb.String()) != tt.err || out.Len() != 0 {
					t.Errorf("stderr %q, stdout %q; want stderr %q", errb.String(), out.String(), tt.err)
				}
				return
			}
			var m map[string]string
			if err := yaml.Unmarshal(out.Bytes(), &m); err != nil || len(m) != 1 {
				t.Fatalf("output %q is not one YAML line: %v", out.String(), err)
			}
			h, err := auth.ParseHash(m[tt.key])
			if err != nil {
				t.Fatalf("output %q: %v", out.String(), err)
			}
			secret := strings.Fields(strings.ReplaceAll(tt.stdin, "\r", ""))[0]
			if tt.key == "password" {
				secret = "correct horse"
			}
			if !h.Verify(secret) || h.Verify(secret+"x") {
				t.Errorf("the hash does not verify %q", secret)
			}
		})
	}
}

// TestCheckUsers: hmi check --users FILE reads a users file outside the
// project; the demo's role operator must be one it defines.
func TestCheckUsers(t *testing.T) {
	dir := t.TempDir()
	pin := "$argon2id$v=19$m=19456,t=2,p=1$Y0sgL/Z92ThDImf3tIhnmg$//Y+yKuEMahkpST4bKVorYJLa4WM4n6LixbeVMqMd/U"
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	for file, src := range map[string]string{
		good: "users: {bob: {role: operator, pin: '" + pin + "'}}\nroles: {operator: {write: all}}\n",
		bad:  "users: {bob: {role: operatr, pin: '" + pin + "'}}\nroles: {operator: {write: all}}\n",
	} {
		if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"check", "../../screens/demo", "--users", good}, &out, &errb); code != 0 || errb.Len() != 0 {
		t.Fatalf("good users: exit %d: %s", code, errb.String())
	}
	out.Reset()
	errb.Reset()
	code := run([]string{"check", "../../screens/demo", "--users", bad}, &out, &errb)
	lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
	if code != 1 || !strings.Contains(errb.String(), bad+`:1:21: unknown role "operatr", did you mean "operator"?`) {
		t.Fatalf("bad users: exit %d:\n%s", code, errb.String())
	}
	if len(lines) != 1 {
		t.Errorf("want only the users file's error, got:\n%s", errb.String())
	}
}
