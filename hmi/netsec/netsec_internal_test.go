package netsec

import (
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"
	"time"
)

// TestCertWarnings: an existing certificate that expired, is not valid
// yet or does not name the bound host is used with a warning saying so.
func TestCertWarnings(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	certPEM, _, err := generate([]string{"panel.local", "192.0.2.7"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(certPEM)
	c, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		host string
		now  time.Time
		want string // "" none; else each ';'-separated part appears
	}{
		{"fresh, names the address", "192.0.2.7", t0, ""},
		{"fresh, names the host", "panel.local", t0, ""},
		{"wildcard bind", "0.0.0.0", t0, ""},
		{"every interface", "", t0, ""},
		{"another address", "192.0.2.8", t0, "does not name 192.0.2.8"},
		{"expired", "192.0.2.7", t0.Add(Validity + time.Hour), "expired on 2028-02-29"},
		{"not yet valid", "panel.local", t0.Add(-2 * time.Hour), "not valid before"},
		{"both", "other.local", t0.Add(3 * Validity), "expired;does not name other.local"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(certWarnings(c, tc.host, tc.now), ", ")
			if tc.want == "" {
				if got != "" {
					t.Errorf("warnings %q, want none", got)
				}
				return
			}
			for _, w := range strings.Split(tc.want, ";") {
				if !strings.Contains(got, w) {
					t.Errorf("warnings %q, want %q", got, w)
				}
			}
		})
	}
}

// FuzzNextOf: wherever a login was asked to return to, it returns to a
// plain path of this server: one slash first, never a scheme, another
// host ("//x", "/\x") or markup.
func FuzzNextOf(f *testing.F) {
	for _, s := range []string{"/status", "//evil.example", "https://x/", "/a?b=c", `/"><script>`, "", "/login", `/\evil`, "/%2f/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := nextOf(s)
		if got == "/" {
			return
		}
		if got != s || !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") ||
			strings.ContainsAny(got, "\\\"'<>?#:%@ \t\r\n") || len(got) > 201 {
			t.Fatalf("nextOf(%q) = %q", s, got)
		}
	})
}
