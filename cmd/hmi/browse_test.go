package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	opcuapeer "github.com/gohmi/gohmi/testpeers/opcua"
)

// TestBrowse lists the node-opcua peer's Objects folder and its Plant
// object.
//
//	go test -tags migrated_fynedo ./cmd/hmi/ -run Browse
func TestBrowse(t *testing.T) {
	p := opcuapeer.Start(t, opcuapeer.Options{PKI: "cmd"})
	var out, errb bytes.Buffer
	if code := run([]string{"browse", p.Endpoint}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !regexp.MustCompile(`(?m)^ns=1;s=Plant +1:Plant +Object +- +- +\+$`).MatchString(out.String()) {
		t.Errorf("Objects folder without the Plant object:\n%s", out.String())
	}
	if !strings.HasPrefix(out.String(), "NODE ID") {
		t.Errorf("no header:\n%s", out.String())
	}

	out.Reset()
	if code := run([]string{"browse", p.Endpoint, "--node", "ns=1;s=Plant"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{
		`ns=1;s=Double +1:Double +Variable +Double +rw *$`,
		`ns=1;s=Int16 +1:Int16 +Variable +Int16 +rw *$`,
		`ns=1;s=UInt16 +1:UInt16 +Variable +UInt16 +rw *$`,
		`ns=1;s=Boolean +1:Boolean +Variable +Boolean +rw *$`,
		`ns=1;s=ReadOnly +1:ReadOnly +Variable +Double +r *$`,
		`ns=1;s=Level +1:Level +Variable +Double +rw +\+$`, // an AnalogItem: EURange, EngineeringUnits
	} {
		if !regexp.MustCompile(`(?m)^` + want).MatchString(out.String()) {
			t.Errorf("no line matching %q in:\n%s", want, out.String())
		}
	}

	// Signed and encrypted: refused while the server's certificate is not
	// in --pki's trust list (saved into its rejected/), browsed once it is.
	out.Reset()
	errb.Reset()
	pki := t.TempDir()
	args := []string{"browse", p.Endpoint, "--node", "ns=1;s=Plant", "--policy", "Basic256Sha256", "--mode", "SignAndEncrypt", "--pki", pki}
	if code := run(args, &out, &errb); code != 1 || !strings.Contains(errb.String(), "BadCertificateUntrusted: ") {
		t.Fatalf("secure browse of an untrusted server: exit %d: %s\n%s", code, errb.String(), out.String())
	}
	rejected, _ := filepath.Glob(filepath.Join(pki, "rejected", "*.der"))
	if len(rejected) != 1 || !strings.Contains(errb.String(), "saved to "+rejected[0]) {
		t.Fatalf("rejected/ holds %v; the error does not name it: %s", rejected, errb.String())
	}
	if err := os.MkdirAll(filepath.Join(pki, "trusted"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(rejected[0], filepath.Join(pki, "trusted", filepath.Base(rejected[0]))); err != nil {
		t.Fatal(err)
	}
	errb.Reset()
	if code := run(args, &out, &errb); code != 0 || !strings.Contains(out.String(), "ns=1;s=Double") {
		t.Errorf("secure browse: exit %d: %s\n%s", code, errb.String(), out.String())
	}
}

func TestBrowseErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"browse"}, 2, "usage: hmi browse ENDPOINT"},
		{[]string{"browse", "http://x"}, 1, `endpoint "http://x": want opc.tcp://host:port`},
		{[]string{"browse", "opc.tcp://127.0.0.1:1", "--node", "ns=x"}, 1, `invalid node id "ns=x"`},
		{[]string{"browse", "opc.tcp://127.0.0.1:1", "--timeout", "1s"}, 1, "connection refused"},
		{[]string{"browse", "opc.tcp://127.0.0.1:1", "--mode", "Sign"}, 1, "security mode Sign needs a security policy other than None"},
	} {
		var out, errb bytes.Buffer
		code := run(tc.args, &out, &errb)
		if code != tc.code || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%v: exit %d, %q; want %d, %q", tc.args, code, errb.String(), tc.code, tc.want)
		}
	}
}
