package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestRunRemoteNeedsUsers: `hmi run` refuses a non-loopback status or
// web address for a project without users, and --tls-cert without
// --tls-key, before serving anything.
func TestRunRemoteNeedsUsers(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"status", []string{"--headless", "--status-addr", "0.0.0.0:0"}, 1, "status server on 0.0.0.0:0: a non-loopback address needs a users file"},
		{"web", []string{"--backend", "raster", "--web", ":0"}, 1, "--web: web view on :0: a non-loopback address needs a users file"},
		{"cert without key", []string{"--headless", "--tls-cert", "site.crt"}, 2, "--tls-cert and --tls-key go together"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			args := append([]string{"run", "--watch", "off", "--data", t.TempDir()}, tc.args...)
			code := run(append(args, "../../screens/demo"), &out, &errb)
			if code != tc.code || !strings.Contains(errb.String(), tc.want) {
				t.Fatalf("exit %d, want %d with %q:\n%s", code, tc.code, tc.want, errb.String())
			}
		})
	}
}
