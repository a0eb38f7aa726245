package auth_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gohmi/gohmi/hmi/auth"
)

// FuzzDecode feeds random users files to Decode: nothing panics, every
// error names the file and a line and column of it, and a file without
// errors has users whose roles all exist.
//
//	go test -tags migrated_fynedo,no_emoji -run '^$' -fuzz FuzzDecode -fuzztime 2m ./hmi/auth/
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, s := range []string{
		testUsers,
		"roles: {a: {includes: [b]}, b: {includes: [a]}}\nusers: {u: {role: a, pin: '" + pin1 + "'}}\n",
		"roles: &r {a: {write: all}}\nusers: {u: {roles: [a, a], password: &h '" + pw1 + "', pin: *h}}\nsession: *r\n",
		"{\"users\": {\"u\": {\"role\": \"x\"}}, \"roles\": {\"y\": null}}",
		"users: {u: {role: a, password: '$argon2id$v=19$m=99999999999,t=2,p=1$a$b'}}\nroles: {a: }\n",
		"session: {lockout: {failures: 1e9, backoff: -1s}, idle-logout: false}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 64<<10 {
			return
		}
		lines := countLines(src)
		cfg, errs := auth.Decode("u.yaml", src)
		for _, e := range errs {
			if e.Pos.Filename != "u.yaml" || e.Pos.Line < 1 || e.Pos.Line > lines || e.Pos.Col < 1 {
				t.Fatalf("bad position %v (source has %d lines): %s", e.Pos, lines, e.Msg)
			}
		}
		if len(errs) > 0 {
			return
		}
		if len(cfg.Users) == 0 {
			t.Fatal("a file without errors has no users")
		}
		for _, u := range cfg.Users {
			if len(u.Roles) == 0 || u.Password == nil && u.PIN == nil {
				t.Fatalf("user %+v", u)
			}
			for _, r := range u.Roles {
				if !cfg.HasRole(r) {
					t.Fatalf("user %s has unknown role %s", u.Name, r)
				}
			}
		}
	})
}

// countLines counts lines as yaml.v3 does: "\r\n", "\r", "\n", NEL, LS and
// PS end a line.
func countLines(src []byte) int {
	n := 1
	for i := 0; i < len(src); i++ {
		switch {
		case src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n':
			n++
			i++
		case src[i] == '\n' || src[i] == '\r':
			n++
		case src[i] == 0xC2 && i+1 < len(src) && src[i+1] == 0x85:
			n++
			i++
		case src[i] == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9):
			n++
			i += 2
		}
	}
	return n
}
