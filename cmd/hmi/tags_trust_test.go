package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	opcuapeer "github.com/gohmi/gohmi/testpeers/opcua"
)

// TestTagsUntrustedServer: `hmi tags` against an OPC UA server whose
// certificate the project's pki/trusted/ does not hold shows the tag Bad
// with the reason, saves the certificate into pki/rejected/ and logs the
// mv that trusts it; after that mv the same command reads the value.
func TestTagsUntrustedServer(t *testing.T) {
	ua := opcuapeer.Start(t, opcuapeer.Options{PKI: "cmd"})
	dir := t.TempDir()
	files := map[string]string{
		"hmi.yaml": "start: main\nconnections:\n" +
			"  - { name: ua, type: opcua, opcua: { endpoint: \"" + ua.Endpoint + "\", policy: Basic256Sha256, mode: Sign } }\n" +
			"tags:\n  - { name: Ua.Double, connection: ua, type: float, address: \"ns=1;s=Double\" }\n",
		"screens/main.gopage": "root: { type: value, value: Ua.Double }\n",
	}
	for name, body := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	type reading struct{ Name, Quality, Reason string }
	read := func() (reading, string) {
		t.Helper()
		out, errs, code := runTags(t, "tags", dir, "--once", "--json", "--wait", "10s")
		var rs []reading
		if err := json.Unmarshal([]byte(out), &rs); err != nil || len(rs) != 1 {
			t.Fatalf("exit %d, not one reading (%v):\n%s\n%s", code, err, out, errs)
		}
		return rs[0], errs
	}

	r, logs := read()
	if r.Quality != "bad" || !strings.HasPrefix(r.Reason, "BadCertificateUntrusted: ") {
		t.Errorf("untrusted server: %+v, want bad: BadCertificateUntrusted", r)
	}
	rejected, _ := filepath.Glob(filepath.Join(dir, "pki", "rejected", "*.der"))
	if len(rejected) != 1 {
		t.Fatalf("pki/rejected holds %v, want the server's certificate", rejected)
	}
	trusted := filepath.Join(dir, "pki", "trusted") + "/"
	if mv := "to trust it: mv '" + rejected[0] + "' '" + trusted + "'"; !strings.Contains(logs, mv) {
		t.Errorf("the log does not say %q:\n%s", mv, logs)
	}
	if err := os.MkdirAll(trusted, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(rejected[0], filepath.Join(trusted, filepath.Base(rejected[0]))); err != nil {
		t.Fatal(err)
	}
	if r, logs = read(); r.Quality != "good" {
		t.Errorf("trusted server: %+v, want good\n%s", r, logs)
	}
}
