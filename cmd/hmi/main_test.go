package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckDemo(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"check", "../../screens/demo"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "ok (5 screens") {
		t.Errorf("output %q", out.String())
	}
}

func TestCheckBadProject(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"check", "../../hmi/testdata/bad"}, &out, &errb); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
	if len(lines) < 10 {
		t.Fatalf("want every error, got:\n%s", errb.String())
	}
	for _, l := range lines {
		// path:line:col: message
		if parts := strings.SplitN(l, ":", 4); len(parts) < 4 || !strings.HasSuffix(parts[0], ".yaml") && !strings.HasSuffix(parts[0], ".gopage") {
			t.Errorf("not path:line:col: %q", l)
		}
	}
}

func TestSchemaIsJSON(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"schema"}, &out, &out); code != 0 {
		t.Fatal(code)
	}
	var v map[string]any
	if err := json.Unmarshal(out.Bytes(), &v); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	if _, ok := v["$schema"]; !ok {
		t.Error("no $schema")
	}
}

func TestSnapshot(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pump.png")
	var errb bytes.Buffer
	code := run([]string{"snapshot", "../../screens/demo", "--screen", "pump", "--out", out, "--size", "800x500", "--fixture", "default"}, &errb, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 800 || b.Dy() != 500 {
		t.Errorf("size %v, want 800x500", b)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"check"},
		{"snapshot", "../../screens/demo"},
		{"snapshot", "../../screens/demo", "--out", "x.png", "--size", "big"},
	} {
		var b bytes.Buffer
		if code := run(args, &b, &b); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, b.String())
		}
	}
	var b bytes.Buffer
	if code := run([]string{"snapshot", "../../screens/demo", "--screen", "nope", "--out", filepath.Join(t.TempDir(), "x.png")}, &b, &b); code != 1 || !strings.Contains(b.String(), `no screen "nope"`) {
		t.Errorf("unknown screen: exit %d: %s", code, b.String())
	}
}
