package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/hmi"
)

// TestCheckTrustList: a file in an OPC UA connection's trust list
// (pki/trusted/) that is not a certificate fails hmi check with an error at
// its path, while loading the project for a run does not fail on it (the
// driver skips and logs such a file). Without it, the check passes.
func TestCheckTrustList(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"hmi.yaml": "start: main\nconnections:\n" +
			"  - { name: plc, type: opcua, opcua: { endpoint: \"opc.tcp://127.0.0.1:4840\", policy: Basic256Sha256, mode: Sign } }\n" +
			"tags:\n  - { name: Plc.Level, connection: plc, address: \"ns=1;s=Level\" }\n",
		"screens/main.gopage":  "root: { type: value, value: Plc.Level }\n",
		"pki/trusted/junk.der": "not a certificate",
	}
	for name, body := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"check", dir}, &out, &errb); code != 1 {
		t.Fatalf("exit %d, want 1: %s%s", code, out.String(), errb.String())
	}
	want := filepath.Join(dir, "pki/trusted/junk.der") + ": not a certificate (DER or PEM): x509: malformed certificate\n"
	if errb.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", errb.String(), want)
	}
	if _, err := hmi.Load(dir, kinds()); err != nil {
		t.Errorf("loading the project for a run fails on the trust list: %v", err)
	}

	if err := os.Remove(filepath.Join(dir, "pki/trusted/junk.der")); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"check", dir}, &out, &errb); code != 0 || !strings.Contains(out.String(), ": ok (") {
		t.Errorf("exit %d without the junk file: %s%s", code, out.String(), errb.String())
	}
}
