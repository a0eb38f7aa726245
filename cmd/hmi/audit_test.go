package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/internal/store"
)

// auditProject is a project directory whose data directory (dataDir, or
// PROJECT/data when "") holds an audit trail a runtime keeps open while
// the commands read it: alice logged in 2 h ago and wrote Pump1.Speed 1 h
// ago, bob's login failed 30 h ago, a reload 10 minutes ago.
func auditProject(t *testing.T, dataDir string) (project string, now time.Time) {
	t.Helper()
	project = t.TempDir()
	if dataDir == "" {
		dataDir = filepath.Join(project, "data")
	}
	tr, err := audit.Open(dataDir, audit.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tr.Close() })
	now = time.Now()
	for _, r := range []audit.Record{
		{Time: now.Add(-30 * time.Hour), Actor: "bob", Where: audit.Web, Host: "10.0.0.9:4410", Action: audit.LoginFailed, Detail: "bad password"},
		{Time: now.Add(-2 * time.Hour), Actor: "alice", Role: "operator", Where: audit.Panel, Host: "panel-1", Action: audit.Login},
		{Time: now.Add(-time.Hour), Actor: "alice", Role: "operator", Where: audit.Panel, Host: "panel-1", Action: audit.Write,
			Target: "Pump1.Speed", Old: "1450", New: "1500", Detail: "batch\n\x1b[31mred"},
		{Time: now.Add(-10 * time.Minute), Where: audit.System, Host: "panel-1", Action: audit.Reload,
			Target: "screens/main.gopage", Old: "sha256:aa", New: "sha256:bb"},
	} {
		tr.Append(r)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := tr.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	return project, now
}

func TestAuditJSON(t *testing.T) {
	project, now := auditProject(t, "")
	for _, tc := range []struct {
		name string
		args []string
		want []string // "user/action", newest first
	}{
		{"default 24h", nil, []string{"/reload", "alice/write", "alice/login"}},
		{"since 2 days", []string{"--since", "2d"}, []string{"/reload", "alice/write", "alice/login", "bob/login-failed"}},
		{"user", []string{"--since", "48h", "--user", "bob"}, []string{"bob/login-failed"}},
		{"action", []string{"--action", "write"}, []string{"alice/write"}},
		{"range", []string{"--since", now.Add(-150 * time.Minute).Format(time.RFC3339Nano),
			"--until", now.Add(-90 * time.Minute).Format(time.RFC3339Nano)}, []string{"alice/login"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := runCLI(append([]string{"audit", project, "--json"}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var got []string
			for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
				if line == "" {
					continue
				}
				var m map[string]any
				if err := json.Unmarshal([]byte(line), &m); err != nil {
					t.Fatalf("not a JSON object per line: %q: %v", line, err)
				}
				for _, k := range []string{"seq", "time", "user", "role", "where", "host", "action", "target", "old", "new", "detail", "hash"} {
					if _, ok := m[k]; !ok {
						t.Errorf("no %q in %s", k, line)
					}
				}
				got = append(got, fmt.Sprintf("%s/%s", m["user"], m["action"]))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("records %v, want %v", got, tc.want)
			}
		})
	}
	out, _, _ := runCLI("audit", project, "--json", "--action", "write")
	var r jsonRecord
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Seq != 3 || r.User != "alice" || r.Role != "operator" || r.Where != "panel" || r.Host != "panel-1" ||
		r.Target != "Pump1.Speed" || r.Old != "1450" || r.New != "1500" || r.Detail != "batch\n\x1b[31mred" ||
		len(r.Hash) != 64 || !r.Time.Equal(now.Add(-time.Hour)) {
		t.Errorf("record %+v", r)
	}
}

func TestAuditTable(t *testing.T) {
	data := filepath.Join(t.TempDir(), "elsewhere")
	project, _ := auditProject(t, data)
	out, errs, code := runCLI("audit", project, "--data", data)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	t.Log("\n" + out)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "TIME") {
		t.Fatalf("want a header and 3 rows:\n%s", out)
	}
	for i, want := range [][]string{
		{"4", "—", "system panel-1", "reload", "screens/main.gopage", "sha256:aa → sha256:bb"},
		{"3", "alice", "operator", "panel panel-1", "write", "Pump1.Speed", "1450 → 1500", "batch \uFFFD[31mred"},
		{"2", "alice", "login"},
	} {
		for _, w := range want {
			if !strings.Contains(lines[i+1], w) {
				t.Errorf("row %d lacks %q: %q", i+1, w, lines[i+1])
			}
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Error("an escape sequence from a record reached the terminal")
	}
}

func TestAuditVerify(t *testing.T) {
	project, _ := auditProject(t, "")
	out, errs, code := runCLI("audit", project, "--verify")
	if code != 0 || !strings.HasPrefix(out, "ok: 4 rows (Seq 1 to 4), head Seq 4 ") {
		t.Fatalf("exit %d, %q %s", code, out, errs)
	}
	out, _, code = runCLI("audit", project, "--verify", "--json")
	var v jsonVerify
	if err := json.Unmarshal([]byte(out), &v); err != nil || code != 0 || !v.OK || v.Rows != 4 || len(v.HeadHash) != 64 {
		t.Fatalf("exit %d, %+v, %v", code, v, err)
	}
	// The runtime is still running; someone edits a value in the file.
	db, err := store.Open(filepath.Join(project, "data"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE audit SET new = '3000' WHERE seq = 3`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, errs, code = runCLI("audit", project, "--verify")
	if code != 1 || !strings.Contains(out, "FAILED: Seq 3 altered: its fields do not match its hash") ||
		!strings.Contains(out, "2 rows intact before it (Seq 1 to 2)") {
		t.Errorf("after an edit: exit %d, %q %s", code, out, errs)
	}
	out, _, code = runCLI("audit", project, "--verify", "--json")
	if err := json.Unmarshal([]byte(out), &v); err != nil || code != 1 || v.OK || v.BadSeq != 3 || v.Problem != "altered" {
		t.Errorf("after an edit, JSON: exit %d, %+v, %v", code, v, err)
	}
}

func TestAuditErrors(t *testing.T) {
	project, _ := auditProject(t, "")
	empty := t.TempDir()
	for _, tc := range []struct {
		args    []string
		code    int
		wantErr string
	}{
		{[]string{"audit"}, 2, "usage: hmi audit PROJECT"},
		{[]string{"audit", empty}, 1, "no audit trail in " + filepath.Join(empty, "data")},
		{[]string{"audit", empty, "--verify"}, 1, "no audit trail in"},
		{[]string{"audit", filepath.Join(empty, "nope")}, 1, "not a project directory"},
		{[]string{"audit", project, "--since", "yesterday"}, 2, `--since: time "yesterday": want a duration`},
		{[]string{"audit", project, "--until", "25h"}, 2, "is not before --until"},
		{[]string{"audit", project, "--action", "delete"}, 2, `--action "delete": want one of login, logout,`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, errs, code := runCLI(tc.args...)
			if code != tc.code || !strings.Contains(errs, tc.wantErr) {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, errs, tc.code, tc.wantErr)
			}
		})
	}
}

func TestAuditVerifyKey(t *testing.T) {
	project := t.TempDir()
	data := filepath.Join(project, "data")
	keyFile := filepath.Join(t.TempDir(), "audit.key")
	key := []byte(strings.Repeat("0123456789abcdef", 2))
	if err := os.WriteFile(keyFile, key, 0o600); err != nil {
		t.Fatal(err)
	}
	tr, err := audit.Open(data, audit.Options{Key: key, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	tr.Append(audit.Record{Actor: "alice", Where: audit.Panel, Action: audit.Login})
	tr.Append(audit.Record{Actor: "alice", Where: audit.Panel, Action: audit.Logout})
	if err := tr.Close(); err != nil {
		t.Fatal(err)
	}
	id := audit.KeyID(key)
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"--verify"}, 0, "MACs not checked: the trail is keyed (key id " + id + "), pass --key FILE"},
		{[]string{"--verify", "--key", keyFile}, 0, "ok: 2 rows (Seq 1 to 2), head Seq 2 "},
		{[]string{"--verify", "--key", keyFile}, 0, "; MACs checked with key id " + id + " (keyed from Seq 1)"},
		{[]string{"--verify", "--key", keyFile, "--json"}, 0, `"key_id":"` + id + `","macs_checked":true`},
	} {
		out, errs, code := runCLI(append([]string{"audit", project}, tc.args...)...)
		if code != tc.code || !strings.Contains(out, tc.out) {
			t.Errorf("%v: exit %d, %q %s; want %d, %q", tc.args, code, out, errs, tc.code, tc.out)
		}
	}
	// A row's MAC removed: only the key shows it.
	db, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE audit SET mac = NULL WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, _, code := runCLI("audit", project, "--verify"); code != 0 {
		t.Errorf("without the key: exit %d, want 0", code)
	}
	out, _, code := runCLI("audit", project, "--verify", "--key", keyFile)
	if code != 1 || !strings.Contains(out, "FAILED: Seq 2 altered: its MAC does not match") {
		t.Errorf("with the key: exit %d, %q", code, out)
	}
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"--key", keyFile}, 2, "--key goes with --verify"},
		{[]string{"--verify", "--key", filepath.Join(project, "none.key")}, 1, "none.key: no such file"},
	} {
		_, errs, code := runCLI(append([]string{"audit", project}, tc.args...)...)
		if code != tc.code || !strings.Contains(errs, tc.err) {
			t.Errorf("%v: exit %d, %q; want %d, %q", tc.args, code, errs, tc.code, tc.err)
		}
	}
}
