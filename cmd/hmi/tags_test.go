package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gohmi/gohmi/hmi"
	modbuspeer "github.com/gohmi/gohmi/testpeers/modbus"
	opcuapeer "github.com/gohmi/gohmi/testpeers/opcua"
)

// TestTagsJSON reads screens/plant from the libmodbus device and the
// node-opcua server with `hmi tags --once --json`.
//
//	LANG=en_US.UTF-8 go test -tags migrated_fynedo ./cmd/hmi/ -run Tags
func TestTagsJSON(t *testing.T) {
	dir := plantCopy(t)
	out, errs, code := runTags(t, "tags", dir, "--once", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rs []struct {
		Name, Connection, Quality, Reason string
		Value                             any
		Time                              time.Time
	}
	if err := json.Unmarshal([]byte(out), &rs); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	want := map[string]any{ // JSON numbers are float64
		"TK201.Level": 3.25, "TK202.Level": 3.25, "FT201.Flow": 10.0, "P201.Run": true, "P201.Fault": false,
		"P201.Auto": true, "P201.SpeedSP": 50.0, "P201.Hours": 54321.0,
		"TK101.Level": 50.0, "XV101.Open": true, "Batch.Name": "hello",
	}
	onUA := map[string]bool{"TK101.Level": true, "FQ101.Total": true, "XV101.Open": true, "Batch.Name": true}
	seen := map[string]bool{}
	for _, r := range rs {
		seen[r.Name] = true
		if r.Quality != "good" || r.Reason != "" || r.Time.IsZero() {
			t.Errorf("%s: quality %q (%q) at %v, want good", r.Name, r.Quality, r.Reason, r.Time)
		}
		if w, ok := want[r.Name]; ok && r.Value != w {
			t.Errorf("%s = %v (%T), want %v", r.Name, r.Value, r.Value, w)
		}
		conn := "plc"
		if onUA[r.Name] {
			conn = "ua"
		}
		if r.Connection != conn {
			t.Errorf("%s: connection %q, want %q", r.Name, r.Connection, conn)
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("%s missing from the output", name)
		}
	}
	if !seen["FQ101.Total"] || len(rs) != len(want)+1 {
		t.Errorf("%d tags, want %d:\n%s", len(rs), len(want)+1, out)
	}
}

// TestTagsDemo prints the demo's simulated tags as a table.
func TestTagsDemo(t *testing.T) {
	out, errs, code := runTags(t, "tags", "../../screens/demo", "--once")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !regexp.MustCompile(`^NAME +VALUE +QUALITY +TIME$`).MatchString(lines[0]) {
		t.Errorf("header %q", lines[0])
	}
	p, err := hmi.Load("../../screens/demo", kinds())
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != len(p.Tags)+1 {
		t.Errorf("%d rows for %d tags:\n%s", len(lines)-1, len(p.Tags), out)
	}
	for _, tg := range p.Tags {
		row := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(tg.Def.Name) + ` {2,}\S.* {2,}good {2,}\d\d:\d\d:\d\d\.\d{3}$`)
		if !row.MatchString(out) {
			t.Errorf("no good row for %s in:\n%s", tg.Def.Name, out)
		}
	}
	if !strings.Contains(out, "North Pump Station") {
		t.Errorf("Station.Name's value missing:\n%s", out)
	}
}

// TestCheckPlant checks the example project on real connections; it
// needs no devices.
func TestCheckPlant(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"check", "../../screens/plant"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "ok (2 screens, 12 tags") {
		t.Errorf("output %q", out.String())
	}
}

// runTags runs the CLI and returns its output and exit status. `--once`
// must end by itself; when it has not after 20s the test fails and
// interrupts it as Ctrl-C would (tagsCmd's signal context catches it), so
// that the output can still be checked and nothing is left running.
func runTags(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(args, &out, &errb) }()
	select {
	case code = <-done:
	case <-time.After(20 * time.Second):
		t.Errorf("hmi %s: still running 20s after it started; interrupting it", strings.Join(args, " "))
		if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		select {
		case code = <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("and it did not stop on SIGINT either")
		}
	}
	return out.String(), errb.String(), code
}

// plantCopy starts both test devices on free ports and returns a copy of
// screens/plant that points at them.
func plantCopy(t *testing.T) string {
	t.Helper()
	plc := modbuspeer.Start(t)
	ua := opcuapeer.Start(t, opcuapeer.Options{PKI: "cmd"})
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../screens/plant")); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, hmi.ProjectFile)
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	yaml := string(src)
	for from, to := range map[string]string{`"127.0.0.1:15020"`: `"` + plc.Addr + `"`, `"opc.tcp://127.0.0.1:14840"`: `"` + ua.Endpoint + `"`} {
		if strings.Count(yaml, from) != 1 {
			t.Fatalf("screens/plant/hmi.yaml: want %s once", from)
		}
		yaml = strings.Replace(yaml, from, to, 1)
	}
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}
